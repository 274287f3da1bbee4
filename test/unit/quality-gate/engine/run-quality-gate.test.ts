// The engine end to end on small real-format reports, without GitHub: fail-closed rules, flaky
// tests across attempts, deltas and "new" against the base branch's result, the change read from
// a pull request's files through the port, and a deployment gate on measurements passed in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runQualityGate, type QualityGateOptions } from '../../../../actions/quality-gate/src/engine.js';
import { withinWorkspace } from '../../../../actions/quality-gate/src/engine/changes.js';
import { changeSet, knownChange } from '../../../../actions/quality-gate/src/diff/changed-lines.js';
import { LineRanges } from '../../../../actions/quality-gate/src/diff/line-ranges.js';
import { assertPhaseResult } from '../../../../shared/result/validate.js';
import { CLEAN_AUDIT, environment, junit, lcov, ports, sarif, Workspace } from './engine-fixtures.js';

const workspaces: Workspace[] = [];
afterEach(() => {
  for (const w of workspaces.splice(0)) w.remove();
});
function workspace(): Workspace {
  const w = new Workspace();
  workspaces.push(w);
  w.write('src/a.ts', 'x\n'.repeat(40));
  return w;
}

function options(w: Workspace, overrides: Partial<QualityGateOptions> = {}): QualityGateOptions {
  return {
    environment: environment(),
    gate: 'pre_deployment',
    workspace: w.dir,
    outputDir: join(w.dir, 'out'),
    mode: { kind: 'full' },
    reports: ['reports/*'],
    diff: { source: 'none', baseCandidates: [] },
    source: { repository: 'octo-org/service', commit: 'b'.repeat(40) },
    ...overrides,
  };
}

function allReports(w: Workspace, extra: { failing?: boolean; findings?: { rule: string; line: number }[] } = {}) {
  w.write('reports/lcov.info', lcov('src/a.ts', Object.fromEntries(Array.from({ length: 30 }, (_, i) => [i + 1, 1]))));
  w.write(
    'reports/junit.xml',
    junit([{ name: 'one' }, { name: 'two', failed: extra.failing, file: 'src/a.ts', line: 12 }]),
  );
  w.write('reports/lint.sarif', sarif((extra.findings ?? []).map((f) => ({ ...f, file: 'src/a.ts' }))));
  w.write('reports/audit.json', CLEAN_AUDIT);
}

describe('runQualityGate', () => {
  it('passes with every report clean, and writes a valid PhaseResult and SARIF', async () => {
    const w = workspace();
    allReports(w);
    const outcome = await runQualityGate(options(w), ports());
    expect(outcome.result.status).toBe('success');
    expect(outcome.result).toMatchObject({ phase: 'quality-gate', key: 'pre_deployment', environment: 'production' });
    const saved = JSON.parse(readFileSync(outcome.files.result as string, 'utf8')) as unknown;
    assertPhaseResult(saved, 'saved');
    expect(JSON.parse(readFileSync(outcome.files.sarif as string, 'utf8'))).toMatchObject({ version: '2.1.0' });
    expect(outcome.result.evidence.map((e) => e.path).sort()).toEqual([
      'reports/audit.json',
      'reports/junit.xml',
      'reports/lcov.info',
      'reports/lint.sarif',
    ]);
    expect(outcome.figures).toMatchObject({ lineCoverage: 100, failingTests: 0, vulnerabilitiesHigh: 0 });
  });

  it('fails closed on a missing required report, and on a file it cannot use, naming it', async () => {
    const w = workspace();
    w.write('reports/lcov.info', lcov('src/a.ts', { 1: 1 }));
    w.write('reports/junit.xml', junit([{ name: 'one' }]));
    w.write('reports/README.md', '# not a report\n');
    w.write('reports/broken.xml', '<testsuites><testsuite name="x"><testcase name="y">');
    const outcome = await runQualityGate(options(w), ports());
    expect(outcome.result.status).toBe('failure');
    expect(outcome.result.score).toBe(0);
    const reasons = outcome.details.failedClosedReasons.join('\n');
    expect(reasons).toContain('reports/README.md');
    expect(reasons).toContain('no findings report was found');
    expect(reasons).toContain('the tests report could not be read');
    expect(outcome.result.findings.map((f) => f.ruleId)).toEqual(
      expect.arrayContaining(['quality-gate/unusable-report', 'quality-gate/missing-report']),
    );
    expect(outcome.details.remediation.items[0]?.kind).toBe('missing_input');
  });

  it('reports a test that failed in an earlier attempt and passes now as flaky, not as a pass', async () => {
    const w = workspace();
    allReports(w, { failing: true });
    const first = await runQualityGate(options(w, { outputDir: join(w.dir, 'attempt-1'), attempt: 1 }), ports());
    expect(first.figures.failingTests).toBe(1);
    allReports(w);
    const second = await runQualityGate(
      options(w, { outputDir: join(w.dir, 'attempt-2'), attempt: 2, previousAttempts: ['attempt-*/*.json'] }),
      ports(),
    );
    expect(second.figures).toMatchObject({ failingTests: 0, flakyTests: 1 });
    // Production's pass rate of 100 % does not let a flaky test through.
    expect(second.result.status).toBe('failure');
    const flaky = second.result.findings.find((f) => f.ruleId === 'quality-gate/flaky-test');
    expect(flaky?.message).toContain('failed in attempt 1, passed in attempt 2');
    expect(flaky?.location).toEqual({ file: 'src/a.ts', line: 12 });
  });

  it('shows deltas against the base branch and counts only findings the base did not have', async () => {
    const w = workspace();
    allReports(w, { findings: [{ rule: 'old-rule', line: 3 }] });
    w.write('reports/lcov.info', lcov('src/a.ts', { 1: 1, 2: 0, 3: 0, 4: 0 }));
    const base = await runQualityGate(options(w, { outputDir: join(w.dir, 'base') }), ports());
    allReports(w, {
      findings: [
        { rule: 'old-rule', line: 5 },
        { rule: 'new-rule', line: 7 },
      ],
    });
    w.write('reports/lcov.info', lcov('src/a.ts', { 1: 1, 2: 1, 3: 0, 4: 0 }));
    const head = await runQualityGate(options(w, { baseline: base.files.result as string }), ports());
    const coverage = head.result.metrics.find((m) => m.name === 'line_coverage');
    expect(coverage).toMatchObject({ value: 50, delta: 25 });
    expect(head.figures.newFindings).toBe(1);
    expect(head.result.findings.filter((f) => !f.ruleId.startsWith('quality-gate/')).map((f) => f.ruleId)).toEqual([
      'new-rule',
    ]);
    expect(head.details.findings).toEqual({ read: 2, new: 1, preexisting: 1 });
    expect(head.details.baselineComparison.found).toBe(true);
  });

  it('reads the change through the pull request files port and annotates ranges of uncovered new lines', async () => {
    const w = workspace();
    allReports(w);
    const hits: Record<number, number> = {};
    for (let line = 1; line <= 30; line += 1) hits[line] = [21, 22, 24, 27].includes(line) ? 0 : 1;
    delete hits[23];
    w.write('reports/lcov.info', lcov('src/a.ts', hits));
    const patch = `@@ -19,0 +20,11 @@\n${Array.from({ length: 11 }, (_, i) => `+line ${20 + i}`).join('\n')}\n`;
    const calls: number[] = [];
    const outcome = await runQualityGate(options(w, { diff: { source: 'auto', baseCandidates: [], pullRequest: 9 } }), {
      ...ports(),
      pullRequestFiles: async (n) => {
        calls.push(n);
        return { files: [{ filename: 'src/a.ts', status: 'modified', additions: 11, deletions: 0, patch }] };
      },
    });
    expect(calls).toEqual([9]);
    expect(outcome.details.change.source).toBe('api');
    const ranges = outcome.result.findings
      .filter((f) => f.ruleId === 'quality-gate/uncovered-new-lines')
      .map((f) => [f.location?.line, f.location?.endLine ?? f.location?.line]);
    // 21, 22 uncovered, 23 not executable, 24 uncovered: one range; 25, 26 covered; 27 alone.
    expect(ranges).toEqual([
      [21, 24],
      [27, 27],
    ]);
    // 10 new executable lines (23 is not), 6 covered: 60 % < 80 %, but the change adds only 11
    // lines, under the 20 below which coverage conditions on new code are waived (and said so).
    expect(outcome.figures.newLineCoverage).toBe(60);
    expect(outcome.result.status).toBe('success');
    expect(outcome.details.waivers.join('\n')).toContain('only 11 new lines');
    expect(outcome.result.findings.find((f) => f.ruleId === 'quality-gate/uncovered-new-lines')?.severity).toBe('low');

    // With the waiver threshold lowered the same change fails, and the plan names the ranges.
    const strict = environment();
    strict.phases.qualityGate.newCodeMinLines = 5;
    const failed = await runQualityGate(
      options(w, { environment: strict, diff: { source: 'api', baseCandidates: [], pullRequest: 9 } }),
      {
        ...ports(),
        pullRequestFiles: async () => ({
          files: [{ filename: 'src/a.ts', status: 'modified', additions: 11, deletions: 0, patch }],
        }),
      },
    );
    expect(failed.result.status).toBe('failure');
    const plan = failed.details.remediation.items.find((i) => i.kind === 'uncovered_lines');
    expect(plan).toMatchObject({
      file: 'src/a.ts',
      onChangedLine: true,
      ranges: [
        [21, 22],
        [24, 24],
        [27, 27],
      ],
    });
  });

  it('judges a deployment gate on measurements passed in, failing closed without them', async () => {
    const w = workspace();
    const judged = await runQualityGate(
      options(w, {
        gate: 'deployment',
        reports: [],
        metrics: { error_rate: { value: 0.004 }, p95_latency_ms: { value: 87, unit: 'ms' } },
      }),
      ports(),
    );
    expect(judged.result.status).toBe('success');
    expect(judged.result.key).toBe('deployment');
    const missing = await runQualityGate(
      options(w, { gate: 'deployment', reports: [], metrics: { error_rate: { value: 0.004 } } }),
      ports(),
    );
    expect(missing.result.status).toBe('failure');
    expect(missing.result.summary).toContain('p95_latency_ms');
  });

  it('keeps hostile finding text within the PhaseResult schema', async () => {
    const w = workspace();
    allReports(w);
    w.write(
      'reports/lint.sarif',
      sarif([
        { rule: 'r'.repeat(500), file: 'src/a.ts', line: 1, message: `${'m'.repeat(50_000)} <script>@x</script>` },
      ]),
    );
    const outcome = await runQualityGate(options(w), ports());
    const finding = outcome.result.findings.find((f) => f.ruleId.startsWith('rrr'));
    expect(finding?.ruleId.length).toBeLessThanOrEqual(200);
    expect(finding?.message.length).toBeLessThanOrEqual(10_000);
    assertPhaseResult(JSON.parse(readFileSync(outcome.files.result as string, 'utf8')), 'saved');
  });
});

describe('withinWorkspace', () => {
  it('makes repository paths relative to a workspace folder and drops files outside it', () => {
    const files = new Map([
      ['svc/src/a.ts', knownChange('svc/src/a.ts', 'modified', LineRanges.fromLines([3]), LineRanges.EMPTY)],
      ['web/b.ts', knownChange('web/b.ts', 'added', LineRanges.fromLines([1]), LineRanges.EMPTY)],
    ]);
    const scoped = withinWorkspace(changeSet(files), 'svc/');
    expect([...scoped.files.keys()]).toEqual(['src/a.ts']);
    expect(scoped.files.get('src/a.ts')?.path).toBe('src/a.ts');
  });
});
