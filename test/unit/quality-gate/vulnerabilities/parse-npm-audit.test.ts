import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../../shared/runtime/errors.js';
import {
  parseNpmAudit,
  parseNpmAuditFile,
} from '../../../../actions/quality-gate/src/vulnerabilities/parse-npm-audit.js';

const FILE = 'reports/npm-audit.json';

function audit(vulnerabilities: unknown, metadata?: unknown): unknown {
  return { auditReportVersion: 2, vulnerabilities, ...(metadata === undefined ? {} : { metadata }) };
}

function totals(counts: Partial<Record<'info' | 'low' | 'moderate' | 'high' | 'critical', number>>): unknown {
  const full = { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts };
  return { vulnerabilities: { ...full, total: Object.values(full).reduce((a, b) => a + b, 0) } };
}

describe('parseNpmAudit', () => {
  it('maps an advisory to a record: GHSA id, moderate -> medium, fix as name@version', () => {
    const { vulnerabilities, summary } = parseNpmAudit(
      audit(
        {
          lodash: {
            name: 'lodash',
            severity: 'moderate',
            isDirect: true,
            via: [
              {
                source: 1096305,
                name: 'lodash',
                dependency: 'lodash',
                title: 'ReDoS in lodash',
                url: 'https://github.com/advisories/GHSA-29MW-wpgm-hmr9',
                severity: 'moderate',
                range: '<4.17.21',
              },
            ],
            effects: [],
            range: '<4.17.21',
            nodes: ['node_modules/lodash'],
            fixAvailable: { name: 'lodash', version: '4.17.21', isSemVerMajor: false },
          },
        },
        totals({ moderate: 1 }),
      ),
      FILE,
    );
    expect(vulnerabilities).toEqual([
      {
        id: 'GHSA-29mw-wpgm-hmr9',
        aliases: ['npm-advisory-1096305'],
        package: 'lodash',
        ecosystem: 'npm',
        severity: 'medium',
        title: 'ReDoS in lodash',
        url: 'https://github.com/advisories/GHSA-29MW-wpgm-hmr9',
        fixAvailable: 'lodash@4.17.21',
      },
    ]);
    expect(summary.warnings).toEqual([]);
  });

  it('counts an advisory once per package, even when npm lists it per version range', () => {
    const via = (source: number, range: string): unknown => ({
      source,
      url: 'https://github.com/advisories/GHSA-xvch-5gv4-984h',
      title: 'Prototype Pollution in minimist',
      severity: 'critical',
      range,
    });
    const { vulnerabilities, summary } = parseNpmAudit(
      audit(
        {
          minimist: { severity: 'critical', via: [via(1, '<0.2.4'), via(2, '>=1.0.0 <1.2.6')], fixAvailable: true },
          mkdirp: { severity: 'critical', via: ['minimist'], fixAvailable: false },
        },
        totals({ critical: 2 }),
      ),
      FILE,
    );
    expect(vulnerabilities).toHaveLength(1);
    expect(vulnerabilities[0]?.aliases).toEqual(['npm-advisory-1', 'npm-advisory-2']);
    expect(vulnerabilities[0]?.fixAvailable).toBe(true);
    expect(summary.transitiveOnly).toBe(1);
    expect(summary.packagesBySeverity.critical).toBe(2);
    expect(summary.producerTotals?.critical).toBe(2);
  });

  it('warns when npm totals disagree with the entries (an edited file)', () => {
    const { summary } = parseNpmAudit(
      audit({ a: { severity: 'high', via: [{ source: 1, title: 't', severity: 'high' }] } }, totals({ low: 1 })),
      FILE,
    );
    expect(summary.warnings.join('\n')).toMatch(/disagrees with the entries/);
    expect(summary.warnings[0]).toMatch(/^reports\/npm-audit\.json: /);
  });

  it('an empty audit (nothing vulnerable) is zero records, not an error', () => {
    const { vulnerabilities, summary } = parseNpmAudit(audit({}, totals({})), FILE);
    expect(vulnerabilities).toEqual([]);
    expect(summary.packagesBySeverity.total).toBe(0);
  });

  it('an advisory without severity takes its package severity; without both it is high (fail-safe)', () => {
    const { vulnerabilities, summary } = parseNpmAudit(
      audit({
        a: { severity: 'low', via: [{ source: 1, title: 'inherits' }] },
        b: { severity: 'catastrophic', via: [{ source: 2, title: 'unknown' }] },
      }),
      FILE,
    );
    expect(vulnerabilities.map((v) => v.severity)).toEqual(['low', 'high']);
    expect(summary.warnings.join('\n')).toMatch(/counted as high/);
    expect(summary.warnings.join('\n')).toMatch(/unknown severity/);
  });

  describe('hostile input: a clear UserError naming the file, never a crash', () => {
    it.each([
      ['not an object', []],
      ['npm 6 format', { advisories: {}, metadata: {} }],
      ['a string version', { auditReportVersion: '2', vulnerabilities: {} }],
      ['vulnerabilities is an array', { auditReportVersion: 2, vulnerabilities: [] }],
      ['entry is a number', { auditReportVersion: 2, vulnerabilities: { a: 1 } }],
      ['via is missing', { auditReportVersion: 2, vulnerabilities: { a: { severity: 'high' } } }],
      ['via is an object', { auditReportVersion: 2, vulnerabilities: { a: { severity: 'high', via: {} } } }],
    ])('%s', (_name, document) => {
      expect(() => parseNpmAudit(document, FILE)).toThrow(UserError);
      try {
        parseNpmAudit(document, FILE);
      } catch (err) {
        expect((err as UserError).where).toBe(FILE);
      }
    });

    it('wrong types inside an entry are warnings, and the package still counts', () => {
      const { vulnerabilities, summary } = parseNpmAudit(
        audit(
          {
            a: {
              severity: 'high',
              via: [42, null, { source: 1e308, url: 7, title: ['x'], severity: {} }],
              fixAvailable: 'yes',
            },
          },
          { vulnerabilities: { info: -1, low: 'x' } },
        ),
        FILE,
      );
      expect(vulnerabilities).toHaveLength(1);
      expect(vulnerabilities[0]?.severity).toBe('high');
      expect(summary.warnings.length).toBeGreaterThan(2);
    });

    it('truncated and empty files', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'elder-npm-hostile-'));
      await writeFile(join(dir, 'cut.json'), '{"auditReportVersion": 2, "vulnerabilities": {"a": {"sev');
      await writeFile(join(dir, 'empty.json'), '');
      await expect(parseNpmAuditFile(join(dir, 'cut.json'))).rejects.toThrow(/cut\.json: .*truncated/);
      await expect(parseNpmAuditFile(join(dir, 'empty.json'))).rejects.toThrow(/empty\.json: the file is empty/);
    });
  });
});
