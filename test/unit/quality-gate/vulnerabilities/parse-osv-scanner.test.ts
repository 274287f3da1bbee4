/**
 * OSV-Scanner is a Go binary that cannot be installed here (no network beyond the npm and
 * Debian registries), so its output is a hand-written fixture following the documented JSON
 * format and osv-scanner's models.VulnerabilityResults: test/fixtures/vulnerabilities/osv-scanner.json.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../../shared/runtime/errors.js';
import {
  parseOsvScanner,
  parseOsvScannerFile,
} from '../../../../actions/quality-gate/src/vulnerabilities/parse-osv-scanner.js';
import { detectReportFormat } from '../../../../actions/quality-gate/src/detect/detect-report-format.js';

const FIXTURE = join(fileURLToPath(new URL('../../../fixtures/vulnerabilities/', import.meta.url)), 'osv-scanner.json');
const FILE = 'osv.json';

describe('parseOsvScanner on the documented output format', () => {
  it('is detected by content', async () => {
    expect(await detectReportFormat(FIXTURE)).toMatchObject({ kind: 'vulnerabilities', format: 'osv-scanner' });
  });

  it('makes one record per group per package, with the expected severities', async () => {
    const { vulnerabilities, summary } = await parseOsvScannerFile(FIXTURE);
    const byId = Object.fromEntries(vulnerabilities.map((v) => [v.id, v]));
    expect(Object.keys(byId).sort()).toEqual([
      'GHSA-29mw-wpgm-hmr9',
      'GHSA-35jh-r3h4-6jhm',
      'GHSA-c3h9-896r-86jm',
      'GHSA-xvch-5gv4-984h',
      'PYSEC-2021-108',
      'PYSEC-2023-175',
      'RUSTSEC-2020-0071',
    ]);
    expect(summary).toMatchObject({ entries: 8, groups: 7, vulnerabilities: 7, affectedPackages: 6 });
    expect(summary.sources).toHaveLength(4);
    expect(summary.bySeverity).toEqual({ critical: 1, high: 5, medium: 1, low: 0, info: 0 });
    // database_specific.severity MODERATE -> medium.
    expect(byId['GHSA-29mw-wpgm-hmr9']?.severity).toBe('medium');
    // Only a CVSS v3 vector (AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H = 7.5) -> high.
    expect(byId['PYSEC-2021-108']?.severity).toBe('high');
    // Only a CVSS v4 vector: OSV-Scanner's group max_severity 8.7 -> high.
    expect(byId['PYSEC-2023-175']?.severity).toBe('high');
    // No rating and no vector: high (fail-safe), with a warning naming it.
    expect(byId['RUSTSEC-2020-0071']?.severity).toBe('high');
    expect(summary.warnings).toEqual([
      `${FIXTURE}: RUSTSEC-2020-0071 (time) has no severity rating or CVSS v3 vector; counted as high`,
    ]);
  });

  it('merges a group (GHSA + GO ids) into one record keyed by the GHSA id', async () => {
    const { vulnerabilities } = await parseOsvScannerFile(FIXTURE);
    const gogo = vulnerabilities.filter((v) => v.package === 'github.com/gogo/protobuf');
    expect(gogo).toEqual([
      {
        id: 'GHSA-c3h9-896r-86jm',
        aliases: ['CVE-2021-3121', 'GO-2021-0053'],
        package: 'github.com/gogo/protobuf',
        ecosystem: 'Go',
        installedVersion: '1.3.1',
        severity: 'high',
        title: 'Improper Input Validation in GoGo Protobuf',
        url: 'https://osv.dev/vulnerability/GHSA-c3h9-896r-86jm',
        fixAvailable: '1.3.2',
        manifest: '/home/runner/work/shop/shop/services/api/go.mod',
      },
    ]);
  });

  it('names several fixed versions as `true` and takes a title from details when there is no summary', async () => {
    const { vulnerabilities } = await parseOsvScannerFile(FIXTURE);
    expect(vulnerabilities.find((v) => v.package === 'minimist')?.fixAvailable).toBe(true);
    expect(vulnerabilities.find((v) => v.id === 'PYSEC-2021-108')?.title).toMatch(
      /^An issue was discovered in urllib3/,
    );
  });

  it('groups by shared aliases when OSV-Scanner wrote no groups (older releases)', () => {
    const { vulnerabilities } = parseOsvScanner(
      {
        results: [
          {
            packageSource: { path: 'go.mod', type: 'lockfile' },
            packages: [
              {
                package: { name: 'x', version: '1', ecosystem: 'Go' },
                vulnerabilities: [
                  { id: 'GO-1', aliases: ['CVE-1'], database_specific: { severity: 'LOW' } },
                  { id: 'GHSA-aaaa-bbbb-cccc', aliases: ['CVE-1'], database_specific: { severity: 'CRITICAL' } },
                  { id: 'GO-2', aliases: [] },
                ],
              },
            ],
          },
        ],
      },
      FILE,
    );
    expect(vulnerabilities.map((v) => [v.id, v.severity, v.aliases, v.manifest])).toEqual([
      ['GHSA-aaaa-bbbb-cccc', 'critical', ['CVE-1', 'GO-1'], 'go.mod'],
      ['GO-2', 'high', [], 'go.mod'],
    ]);
  });

  it('reads the empty outputs OSV-Scanner writes when nothing is found', () => {
    expect(parseOsvScanner({ results: [] }, FILE).vulnerabilities).toEqual([]);
    expect(parseOsvScanner({ results: null }, FILE).vulnerabilities).toEqual([]);
  });

  describe('hostile input', () => {
    it.each([
      ['not an object', 'x'],
      ['results missing', {}],
      ['results an object', { results: {} }],
      ['a result a number', { results: [1] }],
      ['packages a string', { results: [{ packages: 'x' }] }],
      ['package info missing', { results: [{ packages: [{ vulnerabilities: [] }] }] }],
      ['vulnerabilities an object', { results: [{ packages: [{ package: { name: 'a' }, vulnerabilities: {} }] }] }],
    ])('%s -> UserError naming the file', (_name, document) => {
      let error: unknown;
      try {
        parseOsvScanner(document, FILE);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).where).toBe(FILE);
    });

    it('entries and groups of the wrong type are skipped with warnings, never a crash', () => {
      const { vulnerabilities, summary } = parseOsvScanner(
        {
          results: [
            {
              source: { path: 7 },
              packages: [
                {
                  package: { name: 'a', version: 1, ecosystem: null },
                  vulnerabilities: [null, { id: 5 }, { id: 'OSV-1', aliases: 'x', severity: 'high', affected: {} }],
                  groups: [{ ids: 'OSV-1' }, null, { ids: [1, 'missing'] }],
                },
                { package: { name: '' }, vulnerabilities: [{ id: 'OSV-2' }] },
              ],
            },
          ],
        },
        FILE,
      );
      expect(vulnerabilities.map((v) => [v.id, v.severity])).toEqual([['OSV-1', 'high']]);
      expect(summary.warnings.length).toBeGreaterThanOrEqual(3);
    });
  });
});
