import { describe, expect, it } from 'vitest';
import { UserError } from '../../../../shared/runtime/errors.js';
import { applyWaivers } from '../../../../actions/compliance-audit/src/waivers/apply-waivers.js';
import { parseInlineSuppressions } from '../../../../actions/compliance-audit/src/waivers/inline-suppression.js';
import {
  isExpired,
  parseWaivers,
  type ConfiguredWaiver,
} from '../../../../actions/compliance-audit/src/waivers/waiver.js';
import type { AuditFinding, RuleOutcome } from '../../../../actions/compliance-audit/src/model/audit-rule.js';

const NOW = new Date('2026-06-15T12:00:00Z');

function finding(ruleId: string, file: string | undefined, line?: number): AuditFinding {
  const f: AuditFinding = { ruleId, severity: 'high', message: `${ruleId} at ${file ?? 'repo'}` };
  if (file !== undefined) f.location = line === undefined ? { file } : { file, line, column: 3 };
  return f;
}

function waiver(overrides: Partial<ConfiguredWaiver> = {}): ConfiguredWaiver {
  return {
    rule: 'workflow/unpinned-action',
    reason: 'vendor action, tag is protected',
    owner: 'alice',
    ticket: 'SEC-12',
    expires: '2026-12-31',
    ...overrides,
  };
}

const noFiles = async (): Promise<string | undefined> => undefined;

describe('parseWaivers', () => {
  it('accepts complete waivers and refuses one without a reason, naming where', () => {
    expect(parseWaivers([waiver()])).toEqual([waiver()]);
    const attempt = () =>
      parseWaivers([{ rule: 'repo/secret', owner: 'a', ticket: 'T', expires: '2027-01-01' }], 'elder.yml: waivers');
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow(/elder\.yml: waivers\[0\]: the waiver has no reason/);
  });

  it('reports every problem at once', () => {
    expect(() =>
      parseWaivers([{ rule: 'repo/secret', reason: ' ', owner: 'a', ticket: 'T', expires: 'soon' }, 'x']),
    ).toThrow(/3 problems/);
  });
});

describe('expiry', () => {
  it('a bare date is valid through the end of that day (UTC)', () => {
    expect(isExpired('2026-06-15', NOW)).toBe(false);
    expect(isExpired('2026-06-14', NOW)).toBe(true);
    expect(isExpired('2026-06-15', new Date('2026-06-16T00:00:00Z'))).toBe(true);
  });
});

describe('applyWaivers', () => {
  it('waives configured findings by rule and path glob; a fully waived fail becomes a pass', async () => {
    const outcomes: RuleOutcome[] = [
      {
        ruleId: 'workflow/unpinned-action',
        status: 'fail',
        findings: [finding('workflow/unpinned-action', '.github/workflows/ci.yml', 4)],
      },
      { ruleId: 'repo/secret', status: 'fail', findings: [finding('repo/secret', 'src/key.pem', 1)] },
    ];
    const applied = await applyWaivers({
      outcomes,
      waivers: [waiver({ path: '.github/workflows/*.yml' })],
      now: NOW,
      readText: noFiles,
    });
    expect(applied.outcomes[0]).toMatchObject({ status: 'pass', findings: [] });
    expect(applied.outcomes[1]?.status).toBe('fail');
    expect(applied.waived).toHaveLength(1);
    expect(applied.waived[0]).toMatchObject({
      by: 'config',
      owner: 'alice',
      ticket: 'SEC-12',
      reason: 'vendor action, tag is protected',
    });
    expect(applied.expiredFindings).toEqual([]);
  });

  it('a path-limited waiver does not waive elsewhere, nor API findings without a file', async () => {
    const outcomes: RuleOutcome[] = [
      {
        ruleId: 'workflow/unpinned-action',
        status: 'fail',
        findings: [
          finding('workflow/unpinned-action', 'other/x.yml', 2),
          finding('workflow/unpinned-action', undefined),
        ],
      },
    ];
    const applied = await applyWaivers({
      outcomes,
      waivers: [waiver({ path: '.github/workflows' })],
      now: NOW,
      readText: noFiles,
    });
    expect(applied.outcomes[0]?.findings).toHaveLength(2);
    const all = await applyWaivers({ outcomes, waivers: [waiver()], now: NOW, readText: noFiles });
    expect(all.outcomes[0]?.findings).toHaveLength(0);
  });

  it('an expired waiver waives nothing and is itself a high finding', async () => {
    const outcomes: RuleOutcome[] = [
      {
        ruleId: 'workflow/unpinned-action',
        status: 'fail',
        findings: [finding('workflow/unpinned-action', '.github/workflows/ci.yml', 4)],
      },
    ];
    const applied = await applyWaivers({
      outcomes,
      waivers: [waiver({ expires: '2026-06-01' })],
      now: NOW,
      readText: noFiles,
      configFile: '.github/elder.yml',
    });
    expect(applied.outcomes[0]?.findings).toHaveLength(1);
    expect(applied.waived).toEqual([]);
    expect(applied.expiredFindings).toHaveLength(1);
    expect(applied.expiredFindings[0]).toMatchObject({
      ruleId: 'waiver/expired',
      severity: 'high',
      location: { file: '.github/elder.yml' },
    });
    expect(applied.expiredFindings[0]?.message).toMatch(/expired on 2026-06-01; 1 finding\(s\) it covered now stand/);
    expect(applied.expiredWaivers[0]?.rule).toBe('workflow/unpinned-action');
  });

  it('honours inline comments on the line or the line above, with a reason only', async () => {
    const text = [
      'jobs:', //                                                     1
      '  build:', //                                                  2
      '    steps:', //                                                3
      '      # elder-ignore[workflow/unpinned-action]: mirrored internally', // 4
      '      - uses: some/action@v1', //                              5
      '      - uses: other/action@v2 # elder-ignore[workflow/unpinned-action, repo/secret]: audited fork', // 6
      '      # elder-ignore[workflow/unpinned-action]', //            7
      '      - uses: third/action@v3', //                             8
      '      - uses: fourth/action@v4', //                            9
    ].join('\n');
    const file = '.github/workflows/ci.yml';
    const outcomes: RuleOutcome[] = [
      {
        ruleId: 'workflow/unpinned-action',
        status: 'fail',
        findings: [5, 6, 8, 9].map((line) => finding('workflow/unpinned-action', file, line)),
      },
    ];
    const applied = await applyWaivers({
      outcomes,
      waivers: [],
      now: NOW,
      readText: async (p) => (p === file ? text : undefined),
    });
    expect(applied.outcomes[0]?.findings.map((f) => f.location?.line)).toEqual([8, 9]);
    expect(applied.waived.map((w) => [w.finding.location?.line, w.by, w.reason, w.at])).toEqual([
      [5, 'inline', 'mirrored internally', `${file}:4`],
      [6, 'inline', 'audited fork', `${file}:6`],
    ]);
    expect(applied.ignoredSuppressions).toEqual([
      { file, line: 7, problem: 'elder-ignore[workflow/unpinned-action] has no reason' },
    ]);
  });

  it('an inline comment for another rule does not waive', () => {
    const parsed = parseInlineSuppressions(
      'a.yml',
      'x: 1 # elder-ignore[repo/secret]: test key\n// elder-ignore[]: nothing',
    );
    expect(parsed.suppressions).toEqual([{ file: 'a.yml', line: 1, rules: ['repo/secret'], reason: 'test key' }]);
    expect(parsed.ignored).toEqual([{ file: 'a.yml', line: 2, problem: 'elder-ignore names no rule' }]);
  });
});
