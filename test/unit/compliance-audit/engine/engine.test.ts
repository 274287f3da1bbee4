import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../shared/config/load-config.js';
import { readPhaseResult } from '../../../../shared/result/result-file.js';
import { runComplianceAudit, type ComplianceChecker } from '../../../../actions/compliance-audit/src/engine.js';
import { KNOWN_RULE_IDS } from '../../../../actions/compliance-audit/src/frameworks/known-rules.js';
import { verifyTrail } from '../../../../actions/compliance-audit/src/evidence/verify-trail.js';
import type { AuditFinding, RuleOutcome } from '../../../../actions/compliance-audit/src/model/audit-rule.js';
import type { CheckerReport } from '../../../../actions/compliance-audit/src/model/checker-report.js';

const WORKFLOW = [
  'on: push', //                                                         1
  'permissions: { contents: read }', //                                  2
  'jobs:', //                                                            3
  '  build:', //                                                         4
  '    runs-on: ubuntu-latest', //                                       5
  '    steps:', //                                                       6
  '      # elder-ignore[workflow/unpinned-action]: internal mirror, SEC-7', // 7
  '      - uses: acme/setup@v1', //                                      8
  '      - run: echo "${{ github.event.issue.title }}"', //              9
].join('\n');

const ATTESTATIONS = ['iso_27001:A.5.24', 'iso_27001:A.8.24', 'iso_27001:A.8.25']
  .map((key) => {
    const [framework, control] = key.split(':');
    return `  - { framework: ${framework}, control: ${control}, owner: sec, date: 2026-01-01, evidence: "https://wiki.example/${control}", expires: 2027-01-01 }`;
  })
  .join('\n');

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'elder-audit-'));
  await mkdir(join(root, '.github/workflows'), { recursive: true });
  await writeFile(join(root, '.github/workflows/ci.yml'), WORKFLOW);
  await writeFile(join(root, '.github/elder-attestations.yml'), `attestations:\n${ATTESTATIONS}\n`);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function environment(extra = ''): Promise<ReturnType<typeof parseConfig>['config']['environments'][string]> {
  const text = [
    'version: 1',
    'environments:',
    '  production:',
    '    tier: staging',
    '    compliance: [iso_27001, soc_2]',
    '    phases:',
    '      compliance_audit:',
    '        enabled: true',
    extra,
  ].join('\n');
  await writeFile(join(root, '.github/elder.yml'), text);
  const env = parseConfig(text, '.github/elder.yml').config.environments['production'];
  if (env === undefined) throw new Error('no environment');
  return env;
}

function finding(ruleId: string, severity: AuditFinding['severity'], line: number, message: string): AuditFinding {
  return { ruleId, severity, message, location: { file: '.github/workflows/ci.yml', line, column: 9 } };
}

function checker(
  source: 'workflow' | 'api' | 'repository',
  failing: Record<string, AuditFinding[]> = {},
  notAssessed: Record<string, string> = {},
): ComplianceChecker {
  const prefix = source === 'repository' ? 'repo/' : `${source}/`;
  return {
    name: `${source} checks`,
    source,
    async run(): Promise<CheckerReport> {
      const outcomes = KNOWN_RULE_IDS.filter((id) => id.startsWith(prefix)).map((ruleId): RuleOutcome => {
        if (failing[ruleId] !== undefined) return { ruleId, status: 'fail', findings: failing[ruleId] ?? [] };
        if (notAssessed[ruleId] !== undefined)
          return { ruleId, status: 'not_assessed', findings: [], reason: notAssessed[ruleId] };
        return { ruleId, status: 'pass', findings: [] };
      });
      const evidence =
        source === 'workflow'
          ? [{ name: 'workflow file', path: '.github/workflows/ci.yml', sha256: 'ignored', bytes: 0 }]
          : source === 'api'
            ? [
                {
                  name: 'branch protection (API response)',
                  path: 'api/branch-protection.json',
                  sha256: 'x',
                  bytes: 2,
                  content: '{}',
                },
              ]
            : [];
      return { outcomes, skipped: [], evidence };
    },
  };
}

const unpinned = {
  'workflow/unpinned-action': [
    finding('workflow/unpinned-action', 'medium', 8, 'acme/setup@v1 is not pinned to a commit SHA'),
  ],
};

describe('runComplianceAudit', () => {
  it('passes, waives inline, issues certificates and starts the trail', async () => {
    const env = await environment();
    const outDir = join(root, 'out');
    const outcome = await runComplianceAudit(
      {
        environment: env,
        root,
        outDir,
        now: new Date('2026-06-01T00:00:00Z'),
        source: {
          repository: 'acme/shop',
          commit: 'c'.repeat(40),
          runUrl: 'https://github.com/acme/shop/actions/runs/1',
        },
      },
      { checkers: [checker('workflow', unpinned), checker('api'), checker('repository')] },
    );
    expect(outcome.result.status).toBe('success');
    expect(outcome.waived.map((w) => [w.finding.ruleId, w.by, w.reason])).toEqual([
      ['workflow/unpinned-action', 'inline', 'internal mirror, SEC-7'],
    ]);
    const iso = outcome.frameworks.find((f) => f.framework === 'iso_27001');
    expect(iso).toMatchObject({ score: 1, coverage: 1, criticalFindings: 0, verdict: 'pass' });
    const soc = outcome.frameworks.find((f) => f.framework === 'soc_2');
    expect(soc?.verdict).toBe('pass');
    expect(soc?.coverage).toBeCloseTo(10 / 12, 12);
    expect(outcome.result.score).toBe(1);
    expect(outcome.result.metrics.map((m) => m.name)).toEqual(
      expect.arrayContaining([
        'iso_27001_score',
        'iso_27001_critical_findings',
        'iso_27001_coverage',
        'soc_2_coverage',
        'audit_trail_completeness',
      ]),
    );
    expect(outcome.certificates.issued.map((c) => c.framework)).toEqual(['iso_27001', 'soc_2']);
    expect(outcome.certificates.issued[0]?.evidenceBundle).toEqual({ sha256: outcome.bundle.hash, sequence: 1 });
    expect(outcome.markdown.frameworks).toMatch(
      /\| ISO\/IEC 27001 \| 1\.000 \| 0 \| 100\.0 % \(16\/16\) \| 0 \| pass \|/,
    );
    expect(outcome.markdown.notAssessed).toContain('CC6.2');
    expect(outcome.markdown.waived).toContain('internal mirror, SEC-7');
    // Everything written: the result (valid PhaseResult), SARIF, certificates, the bundle.
    const written = await readPhaseResult(outcome.files.result);
    expect(written.phase).toBe('compliance-audit');
    expect(JSON.parse(await readFile(outcome.files.sarif, 'utf8'))).toMatchObject({ version: '2.1.0' });
    expect(outcome.files.certificates).toHaveLength(4);
    expect(await readFile(outcome.files.certificates[1] ?? '', 'utf8')).toContain('not a certification');
    expect(outcome.bundle.dir).toBe(join(root, '.elder/audit-trail/bundle-000001'));
    expect(outcome.bundle.manifest.items.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yml',
        'api/branch-protection.json',
        '.github/elder.yml',
        '.github/elder-attestations.yml',
        'results/compliance-audit.sarif',
      ]),
    );
    expect(outcome.bundle.manifest.inputs).toMatchObject({
      commit: 'c'.repeat(40),
      repository: 'acme/shop',
      frameworks: ['iso_27001', 'soc_2'],
    });
    expect(outcome.bundle.manifest.inputs.configSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fails on a critical finding, issues no certificate, maps controls, and chains to the previous bundle', async () => {
    const env = await environment();
    const outDir = join(root, 'out');
    const first = await runComplianceAudit(
      { environment: env, root, outDir },
      { checkers: [checker('workflow', unpinned), checker('api'), checker('repository')] },
    );
    const injection = finding(
      'workflow/untrusted-input-in-run',
      'critical',
      9,
      'github.event.issue.title is expanded into run:',
    );
    const second = await runComplianceAudit(
      { environment: env, root, outDir },
      {
        checkers: [
          checker('workflow', { ...unpinned, 'workflow/untrusted-input-in-run': [injection] }),
          checker('api'),
          checker('repository'),
        ],
      },
    );
    expect(second.result.status).toBe('failure');
    expect(second.frameworks.map((f) => [f.framework, f.criticalFindings, f.verdict])).toEqual([
      ['iso_27001', 1, 'fail'],
      ['soc_2', 1, 'fail'],
    ]);
    expect(second.certificates.issued).toEqual([]);
    expect(second.certificates.refused[0]?.reasons.join(' ')).toMatch(/1 critical finding/);
    expect(second.markdown.certificates).toMatch(/no certificate, because/);
    const critical = second.result.findings.find((f) => f.ruleId === 'workflow/untrusted-input-in-run');
    expect(critical?.controls).toEqual(expect.arrayContaining(['iso_27001:A.8.28', 'soc_2:CC6.8']));
    expect(second.bundle).toMatchObject({ sequence: 2, previous: first.bundle.hash });
    expect(second.result.metrics.find((m) => m.name === 'audit_trail_completeness')).toMatchObject({
      value: 1,
      verdict: 'pass',
    });
    expect(await verifyTrail(join(root, '.elder/audit-trail'))).toMatchObject({
      intact: true,
      completeness: 1,
      expectedLinks: 1,
    });
    const sarif = second.sarif.runs[0];
    expect(sarif?.results.map((r) => r.ruleId)).toEqual(['workflow/untrusted-input-in-run']);
  });

  it('marks the rules of a checker that throws as not assessed and lists it as skipped', async () => {
    const env = await environment();
    const broken: ComplianceChecker = {
      name: 'repository files',
      source: 'repository',
      run: () => Promise.reject(new Error('disk on fire')),
    };
    const outcome = await runComplianceAudit(
      { environment: env, root, outDir: join(root, 'out') },
      {
        checkers: [
          checker('workflow'),
          checker('api', {}, { 'api/signed-commits': 'token lacks administration: read' }),
          broken,
        ],
      },
    );
    const iso = outcome.frameworks.find((f) => f.framework === 'iso_27001');
    const a84 = iso?.controls.find((c) => c.id === 'A.8.4');
    expect(a84?.status).toBe('not_assessed');
    expect(a84?.reason).toContain('the repository files checker failed: disk on fire');
    expect(iso?.controls.find((c) => c.id === 'A.8.32')?.reason).toContain('token lacks administration: read');
    expect(iso?.coverage).toBeLessThan(1);
    expect(outcome.result.details?.['skipped']).toEqual([
      { subject: 'repository files', reason: 'the repository files checker failed: disk on fire' },
    ]);
  });

  it('an expired waiver fails the audit and shows as a finding on the configuration', async () => {
    const env = await environment(
      [
        '        waivers:',
        '          - { rule: api/branch-protection, reason: migration, owner: bob, ticket: OPS-1, expires: "2026-01-31" }',
      ].join('\n'),
    );
    const outcome = await runComplianceAudit(
      { environment: env, root, outDir: join(root, 'out'), now: new Date('2026-06-01T00:00:00Z') },
      { checkers: [checker('workflow'), checker('api'), checker('repository')] },
    );
    expect(outcome.result.status).toBe('failure');
    const expired = outcome.result.findings.find((f) => f.ruleId === 'waiver/expired');
    expect(expired).toMatchObject({ severity: 'high', location: { file: '.github/elder.yml' } });
    expect(expired?.controls).toEqual(expect.arrayContaining(['iso_27001:A.8.32', 'soc_2:CC8.1']));
  });

  it('chains to a previous bundle given elsewhere (the last run artifact) and checks it', async () => {
    const env = await environment();
    const checkers = [checker('workflow'), checker('api'), checker('repository')];
    const first = await runComplianceAudit(
      { environment: env, root, outDir: join(root, 'out'), trailDir: join(root, 'run1') },
      { checkers },
    );
    const second = await runComplianceAudit(
      {
        environment: env,
        root,
        outDir: join(root, 'out'),
        trailDir: join(root, 'run2'),
        previousBundleDir: first.bundle.dir,
      },
      { checkers },
    );
    expect(second.bundle).toMatchObject({
      sequence: 2,
      previous: first.bundle.hash,
      dir: join(root, 'run2/bundle-000002'),
    });
    expect(second.result.metrics.find((m) => m.name === 'audit_trail_completeness')).toMatchObject({
      value: 1,
      verdict: 'pass',
    });
    // The artifact was tampered with before the third run: the trail rule fails and says where.
    const item = first.bundle.manifest.items.find((i) => i.file !== undefined);
    await writeFile(join(first.bundle.dir, item?.file ?? ''), 'tampered');
    const third = await runComplianceAudit(
      {
        environment: env,
        root,
        outDir: join(root, 'out'),
        trailDir: join(root, 'run3'),
        previousBundleDir: first.bundle.dir,
      },
      { checkers },
    );
    const trailFinding = third.result.findings.find((f) => f.ruleId === 'audit/trail-integrity');
    expect(trailFinding?.message).toContain(`item ${item?.path ?? '?'}`);
    expect(trailFinding?.controls).toEqual(expect.arrayContaining(['iso_27001:A.8.15', 'soc_2:CC7.2']));
    expect(third.result.metrics.find((m) => m.name === 'audit_trail_completeness')).toMatchObject({ verdict: 'fail' });
  });

  it('refuses bad attestations before writing anything', async () => {
    const env = await environment();
    await writeFile(
      join(root, '.github/elder-attestations.yml'),
      'attestations:\n  - { framework: iso_27001, control: A.5.24 }\n',
    );
    await expect(
      runComplianceAudit({ environment: env, root, outDir: join(root, 'out') }, { checkers: [] }),
    ).rejects.toThrow(/elder-attestations\.yml:2:5/);
    await expect(readFile(join(root, '.elder/audit-trail/bundle-000001/manifest.json'))).rejects.toThrow();
  });
});
