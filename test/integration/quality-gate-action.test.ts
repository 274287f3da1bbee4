/**
 * The bundled quality-gate action (dist/quality-gate/main.js) as the runner runs it, against the
 * fake GitHub API: annotations on the lines a pull request changed (from a real git checkout and
 * from the pull request files API), uncovered new lines grouped into ranges, the sticky comment
 * updated in place across re-runs, a matrix merged with a missing leg reported, the two-workflow
 * fork pattern, a failing gate exiting 1, a read-only token degrading with the verdict intact,
 * every output within GitHub's limits with 10,000 findings, and the number of API requests for
 * 1,000 findings. Every request is checked against GitHub's OpenAPI description.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAction, type ActionRun, type RunActionOptions } from '../support/action-harness.js';
import { FakeGitHub } from '../support/fake-github/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SCRIPT = join(ROOT, 'dist', 'quality-gate', 'main.js');
const CONFIG = readFileSync(join(ROOT, 'examples', '.github', 'elder.yml'), 'utf8');
const CHECK_NAME = 'elder / quality-gate (pre_deployment, production)';
const MARKER = '<!-- elder:quality-gate:production:pre_deployment -->';
const CLEAN_AUDIT = JSON.stringify({
  auditReportVersion: 2,
  vulnerabilities: {},
  metadata: {
    vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 },
    dependencies: { prod: 1, dev: 0, optional: 0, peer: 0, peerOptional: 0, total: 0 },
  },
});

const scratch = mkdtempSync(join(tmpdir(), 'elder-qg-action-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
function freshDir(name: string): string {
  counter += 1;
  const dir = join(scratch, `${counter}-${name}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function write(dir: string, path: string, content: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Elder Test',
  GIT_AUTHOR_EMAIL: 'elder@example.invalid',
  GIT_COMMITTER_NAME: 'Elder Test',
  GIT_COMMITTER_EMAIL: 'elder@example.invalid',
};
function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], {
    cwd: dir,
    env: GIT_ENV,
    encoding: 'utf8',
  }).trim();
}

function numbered(count: number, label: string, from = 1): string {
  return Array.from({ length: count }, (_, i) => `${label} ${from + i}\n`).join('');
}

/** src/calc.js has 10 lines on main; the pull request adds lines 11-30 and a test file's 6-12. */
const CHANGED_CALC = { file: 'src/calc.js', from: 11, to: 30 };

/** The pull request as the files API lists it (the same change the git branch makes). */
function pullRequestFiles() {
  return [
    {
      filename: 'src/calc.js',
      status: 'modified' as const,
      additions: 20,
      deletions: 0,
      patch: `@@ -10,0 +11,20 @@\n${numbered(20, '+calc', 11)}`,
    },
    {
      filename: 'src/calc.test.js',
      status: 'modified' as const,
      additions: 7,
      deletions: 0,
      patch: `@@ -5,0 +6,7 @@\n${numbered(7, '+test', 6)}`,
    },
  ];
}

/** A checkout with `main` and the pull request branch `feature` checked out. */
function gitCheckout(): { dir: string; head: string; base: string } {
  const dir = freshDir('checkout');
  git(dir, 'init', '-q', '-b', 'main');
  write(dir, 'src/calc.js', numbered(10, 'calc'));
  write(dir, 'src/calc.test.js', numbered(5, 'test'));
  write(dir, '.github/elder.yml', CONFIG);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const base = git(dir, 'rev-parse', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'feature');
  write(dir, 'src/calc.js', numbered(30, 'calc'));
  write(dir, 'src/calc.test.js', numbered(12, 'test'));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'change');
  return { dir, head: git(dir, 'rev-parse', 'HEAD'), base };
}

/** A folder without git (the API diff source), with the configuration. */
function plainCheckout(): string {
  const dir = freshDir('plain');
  write(dir, 'src/calc.js', numbered(30, 'calc'));
  write(dir, 'src/calc.test.js', numbered(12, 'test'));
  write(dir, '.github/elder.yml', CONFIG);
  return dir;
}

interface ReportOptions {
  /** New lines of src/calc.js (11-30) left uncovered; line 24 is not executable. */
  uncovered?: number[];
  failingTest?: boolean;
  /** Findings on changed lines of src/calc.js (plus one on unchanged line 3, pre-existing). */
  findings?: number;
  /** Absolute prefix the LCOV paths are written with (another runner's checkout). */
  prefix?: string;
  dir?: string;
}

/** Reports as real tools write them: LCOV, JUnit, SARIF (ESLint's shape) and npm audit. */
function writeReports(checkout: string, options: ReportOptions = {}): void {
  const reports = options.dir ?? 'reports';
  const uncovered = new Set(options.uncovered ?? []);
  const prefix = options.prefix ?? '';
  const da: string[] = [];
  for (let line = 1; line <= 30; line += 1) {
    if (line === 24) continue;
    da.push(`DA:${line},${uncovered.has(line) ? 0 : 3}`);
  }
  const hit = da.filter((entry) => !entry.endsWith(',0')).length;
  write(
    checkout,
    `${reports}/lcov.info`,
    `TN:\nSF:${prefix}src/calc.js\n${da.join('\n')}\nLF:${da.length}\nLH:${hit}\nend_of_record\n`,
  );
  const failure = options.failingTest
    ? '<failure message="expected 3 but got 4" type="AssertionError">AssertionError: expected 3 but got 4\n    at Object.&lt;anonymous&gt; (src/calc.test.js:8:5)</failure>'
    : '';
  write(
    checkout,
    `${reports}/junit.xml`,
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="3" failures="${options.failingTest ? 1 : 0}">\n` +
      `<testsuite name="calc" tests="3" failures="${options.failingTest ? 1 : 0}">\n` +
      `<testcase classname="calc" name="adds" file="src/calc.test.js" line="8" time="0.01">${failure}</testcase>\n` +
      '<testcase classname="calc" name="subtracts" file="src/calc.test.js" line="2" time="0.01"/>\n' +
      '<testcase classname="calc" name="multiplies" file="src/calc.test.js" line="3" time="0.01"/>\n' +
      '</testsuite>\n</testsuites>\n',
  );
  const results = [
    {
      ruleId: 'no-console',
      level: 'warning',
      message: { text: 'Unexpected console statement.' },
      locations: [
        { physicalLocation: { artifactLocation: { uri: 'src/calc.js' }, region: { startLine: 3, startColumn: 1 } } },
      ],
    },
  ];
  for (let i = 0; i < (options.findings ?? 0); i += 1) {
    const line = CHANGED_CALC.from + (i % 20);
    results.push({
      ruleId: i % 3 === 0 ? 'no-eval' : 'no-unused-vars',
      level: i % 3 === 0 ? 'error' : 'warning',
      message: { text: `Finding ${i}: '${i % 3 === 0 ? 'eval' : `x${i}`}' can be harmful | <b>@octocat</b>` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'src/calc.js' },
            region: { startLine: line, startColumn: 1 + Math.floor(i / 20) },
          },
        },
      ],
    });
  }
  write(
    checkout,
    `${reports}/eslint.sarif`,
    JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'ESLint', rules: [] } }, results }] }),
  );
  write(checkout, `${reports}/npm-audit.json`, CLEAN_AUDIT);
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

interface SavedResult {
  status: string;
  key: string;
  findings: { ruleId: string; onChangedLine?: boolean; location?: { file: string; line?: number; endLine?: number } }[];
  metrics: { name: string; value: number | null; verdict: string }[];
  details: { legs?: { leg: string; state: string }[]; change: { source: string } };
}

describe('actions/quality-gate (bundled) against the fake GitHub API', () => {
  let fake: FakeGitHub;
  const cleanups: (() => void)[] = [];
  beforeEach(async () => {
    fake = await FakeGitHub.start();
  });
  afterEach(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  async function run(cwd: string, { inputs, ...extra }: Partial<RunActionOptions> = {}): Promise<ActionRun> {
    const result = await runAction({
      script: SCRIPT,
      cwd,
      inputs: { token: 'ghs_quality_gate_token', environment: 'production', reports: 'reports/*', ...inputs },
      event: { name: 'pull_request', number: 7 },
      apiUrl: fake.url,
      timeoutMs: 120_000,
      ...extra,
    });
    cleanups.push(result.cleanup);
    return result;
  }

  it('annotates the changed lines from a git checkout, groups uncovered new lines, and fails the gate with exit 1', async () => {
    const repo = gitCheckout();
    writeReports(repo.dir, {
      uncovered: [14, 15, 16, 22, 23, 25, 28, 5],
      failingTest: true,
      findings: 2,
      prefix: '/home/runner/work/service/service/',
    });
    const result = await run(repo.dir, {
      inputs: { 'base-ref': 'main' },
      event: { name: 'pull_request', number: 7, headSha: repo.head },
      sha: repo.head,
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(1);
    expect(result.errors.map((e) => e.message).join('\n')).toMatch(/quality-gate failed: pre_deployment gate failed/);

    expect(fake.checkRuns).toHaveLength(1);
    const check = fake.checkRuns[0];
    expect(check).toMatchObject({ name: CHECK_NAME, headSha: repo.head, conclusion: 'failure' });
    const annotations = check?.annotations ?? [];
    // Changed lines first: the failing test, the uncovered new ranges and the new findings; the
    // pre-existing finding on unchanged line 3 is not listed, and neither is uncovered old line 5.
    const uncovered = annotations
      .filter((a) => a.message.includes('not covered'))
      .map((a) => [a.path, a.start_line, a.end_line]);
    expect(uncovered).toEqual(
      expect.arrayContaining([
        ['src/calc.js', 14, 16],
        ['src/calc.js', 22, 25],
        ['src/calc.js', 28, 28],
      ]),
    );
    expect(uncovered).toHaveLength(3);
    const failing = annotations.find((a) => a.path === 'src/calc.test.js');
    expect(failing).toMatchObject({ start_line: 8, annotation_level: 'failure' });
    expect(failing?.message).toContain('calc › adds failed');
    expect(annotations.filter((a) => a.title?.includes('no-eval') || a.title?.includes('no-unused-vars'))).toHaveLength(
      2,
    );
    expect(annotations.some((a) => a.start_line === 3)).toBe(false);
    expect(annotations[0]?.annotation_level).toBe('failure');

    expect(fake.comments).toHaveLength(1);
    const body = fake.comments[0]?.body ?? '';
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toContain('Remediation plan');
    expect(body).toContain('fix failing test calc › adds');
    expect(body).not.toContain('<b>');
    expect(result.outputs).toMatchObject({
      status: 'failure',
      passed: 'false',
      'failing-tests': '1',
      'new-findings': '2',
      'vulnerabilities-critical': '0',
      'vulnerabilities-high': '0',
    });
    // 19 new executable lines (24 is a blank), 7 of them uncovered: 12 of 19.
    expect(Number(result.outputs['new-line-coverage'])).toBeCloseTo(63.16, 1);
    const saved = readJson<SavedResult>(result.outputs['result-file'] ?? '');
    expect(saved.details.change.source).toBe('git');
    expect(saved.key).toBe('pre_deployment');
    expect(readJson<{ runs: unknown[] }>(result.outputs['sarif-file'] ?? '').runs).toHaveLength(1);
    expect(result.summary).toContain('Quality gate');
  });

  it('reads the changed lines from the pull request files API without a checkout', async () => {
    const dir = plainCheckout();
    writeReports(dir, { uncovered: [12, 13, 14, 29] });
    const head = 'c0ffee0000000000000000000000000000000001';
    fake.addPullRequest({ number: 7, headSha: head, files: pullRequestFiles() });
    const result = await run(dir, {
      inputs: { 'diff-source': 'api' },
      event: { name: 'pull_request', number: 7, headSha: head },
    });
    expect(result.exitCode).toBe(1); // new-line coverage 15 of 19 < 80 %
    expect(fake.callsTo('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/files')).toHaveLength(1);
    const ranges = (fake.checkRuns[0]?.annotations ?? [])
      .filter((a) => a.message.includes('not covered'))
      .map((a) => [a.start_line, a.end_line]);
    expect(ranges).toEqual([
      [12, 14],
      [29, 29],
    ]);
    const saved = readJson<SavedResult>(result.outputs['result-file'] ?? '');
    expect(saved.details.change.source).toBe('api');
    expect(saved.metrics[0]).toMatchObject({ name: 'new_line_coverage', verdict: 'fail' });
  });

  it('updates the sticky comment and the check run in place across re-runs', async () => {
    const dir = plainCheckout();
    const head = 'c0ffee0000000000000000000000000000000002';
    fake.addPullRequest({ number: 7, headSha: head, files: pullRequestFiles() });
    const options = {
      inputs: { 'diff-source': 'api' },
      event: { name: 'pull_request' as const, number: 7, headSha: head },
    };

    writeReports(dir, { failingTest: true });
    const first = await run(dir, options);
    expect(first.exitCode).toBe(1);
    const commentId = fake.comments[0]?.id;

    writeReports(dir, {});
    const second = await run(dir, { ...options, runAttempt: 2 });
    expect(second.exitCode).toBe(0);
    expect(second.outputs['passed']).toBe('true');

    writeReports(dir, { uncovered: [11] });
    const third = await run(dir, { ...options, runAttempt: 3 });
    expect(third.exitCode).toBe(0); // 18 of 19 new lines covered

    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]?.id).toBe(commentId);
    expect(fake.comments[0]?.body).toContain('passed');
    expect(fake.callsTo('PATCH', '/repos/{owner}/{repo}/issues/comments/{comment_id}').length).toBeGreaterThanOrEqual(
      1,
    );
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]?.conclusion).toBe('success');
    expect(fake.callsTo('POST', '/repos/{owner}/{repo}/check-runs').filter((c) => c.status === 201)).toHaveLength(1);
  });

  it('merges matrix legs into one check and one comment, and fails on a missing leg', async () => {
    const repo = gitCheckout();
    const legsDir = freshDir('legs');
    // Two legs, each with the other leg's gaps covered, written under different absolute prefixes.
    writeReports(repo.dir, { dir: 'leg-a', uncovered: [14, 15, 16, 22], prefix: '/home/runner/work/service/service/' });
    writeReports(repo.dir, { dir: 'leg-b', uncovered: [22, 25, 28], prefix: `${repo.dir}/` });
    for (const leg of ['a', 'b']) {
      const legRun = await run(repo.dir, {
        inputs: { reports: `leg-${leg}/*`, partial: 'true', leg, 'output-dir': legsDir, 'base-ref': 'main' },
        event: { name: 'pull_request', number: 7, headSha: repo.head },
        sha: repo.head,
      });
      expect(legRun.exitCode).toBe(0);
      expect(legRun.outputs['status']).toBe('partial');
      expect(legRun.outputs['partial-file']).toMatch(/quality-gate-production-pre_deployment-leg-[ab]\.jsonl$/);
    }
    expect(fake.calls).toHaveLength(0); // legs publish nothing

    const merged = await run(repo.dir, {
      inputs: { reports: '', merge: join(legsDir, '*.jsonl'), 'expected-legs': 'a, b', 'base-ref': 'main' },
      event: { name: 'pull_request', number: 7, headSha: repo.head },
      sha: repo.head,
    });
    expect(merged.exitCode).toBe(0);
    // Line 22 is uncovered in both legs; everything else is covered by one of them.
    const uncovered = (fake.checkRuns[0]?.annotations ?? []).filter((a) => a.message.includes('not covered'));
    expect(uncovered.map((a) => [a.start_line, a.end_line])).toEqual([[22, 22]]);
    expect(merged.outputs['new-line-coverage']).toBe('94.74');

    const missing = await run(repo.dir, {
      inputs: { reports: '', merge: join(legsDir, '*.jsonl'), 'expected-legs': 'a\nb\nc', 'base-ref': 'main' },
      event: { name: 'pull_request', number: 7, headSha: repo.head },
      sha: repo.head,
      runAttempt: 2,
    });
    expect(missing.exitCode).toBe(1);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.comments).toHaveLength(1);
    expect(fake.checkRuns[0]?.conclusion).toBe('failure');
    expect(fake.comments[0]?.body).toContain('Matrix legs');
    expect(fake.comments[0]?.body).toMatch(/`c` \| ❌ missing/);
    const saved = readJson<SavedResult>(missing.outputs['result-file'] ?? '');
    expect(saved.details.legs?.map((l) => [l.leg, l.state])).toEqual([
      ['a', 'merged'],
      ['b', 'merged'],
      ['c', 'missing'],
    ]);
    expect(saved.findings.map((f) => f.ruleId)).toContain('quality-gate/missing-leg');
    expect(saved.status).toBe('failure');
  });

  describe('the fork pattern (pull_request collects, workflow_run publishes)', () => {
    async function collect(): Promise<{ artifact: string; head: string }> {
      const repo = gitCheckout();
      writeReports(repo.dir, { uncovered: [14, 15], failingTest: true });
      const artifact = freshDir('artifact');
      // The pull_request run from a fork: read-only token, nothing can be published.
      fake.readOnly = true;
      const collected = await run(repo.dir, {
        inputs: { partial: 'true', leg: 'pr', 'output-dir': artifact, 'base-ref': 'main' },
        event: { name: 'pull_request', number: 7, headSha: repo.head, headRepository: 'forker/service' },
        sha: repo.head,
      });
      expect(collected.exitCode).toBe(0);
      expect(fake.calls).toHaveLength(0);
      fake.readOnly = false;
      writeFileSync(join(artifact, 'pr-number.txt'), '7\n');
      fake.addPullRequest({
        number: 7,
        headSha: repo.head,
        headRepository: 'forker/service',
        files: pullRequestFiles(),
      });
      return { artifact, head: repo.head };
    }

    /** The base repository's default branch: the configuration only, never the fork's code. */
    function defaultBranchCheckout(): string {
      const dir = freshDir('default-branch');
      write(dir, '.github/elder.yml', CONFIG);
      return dir;
    }

    function workflowRun(head: string) {
      return {
        name: 'workflow_run',
        payload: {
          action: 'completed',
          workflow_run: {
            id: 99,
            event: 'pull_request',
            conclusion: 'success',
            head_sha: head,
            head_branch: 'feature',
            head_repository: { full_name: 'forker/service' },
            // GitHub leaves this empty for runs from forks.
            pull_requests: [],
          },
        },
      };
    }

    it('posts the check on the pull request head and the comment on the pull request', async () => {
      const { artifact, head } = await collect();
      const published = await run(defaultBranchCheckout(), {
        inputs: {
          reports: '',
          merge: join(artifact, '*.jsonl'),
          'expected-legs': 'pr',
          'pull-request': readFileSync(join(artifact, 'pr-number.txt'), 'utf8').trim(),
          'head-sha': head,
        },
        event: workflowRun(head),
        sha: 'dddddddddddddddddddddddddddddddddddddddd', // the default branch's commit
      });
      expect(published.exitCode).toBe(1); // the PR's failing test fails the gate
      expect(fake.checkRuns).toHaveLength(1);
      expect(fake.checkRuns[0]).toMatchObject({ name: CHECK_NAME, headSha: head, conclusion: 'failure' });
      expect(fake.comments).toHaveLength(1);
      expect(fake.comments[0]).toMatchObject({ issueNumber: 7 });
      expect(fake.comments[0]?.body.startsWith(MARKER)).toBe(true);
      // The change came from the API (the default-branch checkout is not the PR's code).
      const saved = readJson<SavedResult>(published.outputs['result-file'] ?? '');
      expect(saved.details.change.source).toBe('api');
      const annotated = fake.checkRuns[0]?.annotations.filter((a) => a.message.includes('not covered')) ?? [];
      expect(annotated.map((a) => [a.start_line, a.end_line])).toEqual([[14, 15]]);
    });

    it('refuses to publish when the pull request head is not head-sha, and validates both inputs', async () => {
      const { artifact, head } = await collect();
      const forged = await run(defaultBranchCheckout(), {
        inputs: {
          reports: '',
          merge: join(artifact, '*.jsonl'),
          'expected-legs': 'pr',
          'pull-request': '7',
          'head-sha': 'e'.repeat(40),
        },
        event: workflowRun(head),
      });
      expect(forged.exitCode).toBe(1);
      expect(forged.errors.map((e) => e.message).join('\n')).toContain('refusing to publish on pull request #7');
      expect(fake.checkRuns).toHaveLength(0);
      expect(fake.comments).toHaveLength(0);
      expect(forged.summary).toContain('Quality gate'); // the verdict is still in the job summary

      for (const [inputs, message] of [
        [{ 'pull-request': '7; rm -rf /', 'head-sha': head }, "input 'pull-request': must be a pull request number"],
        [{ 'pull-request': '7', 'head-sha': 'main' }, "input 'head-sha': must be a full commit SHA"],
        [{ 'pull-request': '7' }, "input 'head-sha': is required when pull-request is given"],
      ] as const) {
        const bad = await run(defaultBranchCheckout(), {
          inputs: { reports: '', merge: join(artifact, '*.jsonl'), ...inputs },
          event: workflowRun(head),
        });
        expect(bad.exitCode).toBe(1);
        expect(bad.errors.map((e) => e.message).join('\n')).toContain(message);
      }
    });
  });

  it('degrades to the job summary with the verdict intact when the token is read-only', async () => {
    const dir = plainCheckout();
    fake.readOnly = true;
    writeReports(dir, {});
    const passing = await run(dir, { inputs: { 'diff-source': 'none' } });
    expect(passing.exitCode).toBe(0);
    expect(passing.outputs['passed']).toBe('true');
    expect(passing.warnings).toHaveLength(1);
    expect(passing.warnings[0]?.message).toContain('Could not publish to GitHub');
    expect(passing.summary).toContain('Quality gate');

    writeReports(dir, { failingTest: true });
    const failing = await run(dir, { inputs: { 'diff-source': 'none' } });
    expect(failing.exitCode).toBe(1);
    expect(failing.outputs['status']).toBe('failure');
    expect(failing.outputs['check-run-url']).toBe('');
    expect(failing.summary).toContain('failed');
    expect(fake.checkRuns).toHaveLength(0);
  });

  it('sends 1,000 annotations in 20 requests and counts the API calls', async () => {
    const dir = plainCheckout();
    const head = 'c0ffee0000000000000000000000000000000003';
    fake.addPullRequest({ number: 7, headSha: head, files: pullRequestFiles() });
    writeReports(dir, { findings: 1000 });
    const result = await run(dir, {
      inputs: { 'diff-source': 'api' },
      event: { name: 'pull_request', number: 7, headSha: head },
    });
    expect(result.exitCode).toBe(1);
    const annotations = fake.checkRuns[0]?.annotations ?? [];
    expect(annotations).toHaveLength(1000);
    const calls = fake.calls.length;
    const minimum = Math.ceil(1000 / 50);
    console.log(
      `quality gate, 1,000 findings on changed lines: ${calls} API requests (annotation batches: ${minimum})`,
    );
    for (const call of fake.calls) console.log(`  ${call.method} ${call.template} -> ${call.status}`);
    expect(calls).toBeLessThanOrEqual(Math.ceil(1000 / 50) + 5);
    expect(fake.callsTo('PATCH', '/repos/{owner}/{repo}/check-runs/{check_run_id}')).toHaveLength(minimum - 1);
  });

  it('keeps every output within GitHub limits with 10,000 findings', async () => {
    const dir = plainCheckout();
    const head = 'c0ffee0000000000000000000000000000000004';
    fake.addPullRequest({ number: 7, headSha: head, files: pullRequestFiles() });
    writeReports(dir, { findings: 10_000, failingTest: true, uncovered: [12, 13] });
    const result = await run(dir, {
      inputs: { 'diff-source': 'api' },
      event: { name: 'pull_request', number: 7, headSha: head },
    });
    expect(result.exitCode).toBe(1);
    const check = fake.checkRuns[0];
    const summary = check?.output.summary ?? '';
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(65_535);
    expect(Buffer.byteLength(check?.output.text ?? '')).toBeLessThanOrEqual(65_535);
    expect(check?.annotations).toHaveLength(1000);
    // 10,000 findings + the failing test + one uncovered range = 10,002; 1,000 annotated.
    expect(summary).toContain('… 9002 more, see the result file `');
    const body = fake.comments[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(/… \d+ more, see the result file `/);
    expect(Buffer.byteLength(result.summary)).toBeLessThanOrEqual(1_048_576);
    expect(result.summary).toMatch(/… \d+ more, see the result file `/);
    // The changed-line findings come first in every list.
    expect(check?.annotations[0]?.annotation_level).toBe('failure');
    const saved = readJson<SavedResult>(result.outputs['result-file'] ?? '');
    expect(saved.findings).toHaveLength(10_002);
    console.log(
      `10,000 findings: check summary ${Buffer.byteLength(summary)} B, text ${Buffer.byteLength(check?.output.text ?? '')} B, ` +
        `comment ${body.length} chars, job summary ${Buffer.byteLength(result.summary)} B, ${fake.calls.length} API requests`,
    );
  });

  it('names the input when an input is invalid, and fails closed on an unusable report file', async () => {
    const dir = plainCheckout();
    writeReports(dir, {});
    const badGate = await run(dir, { inputs: { gate: 'before_lunch' } });
    expect(badGate.exitCode).toBe(1);
    expect(badGate.errors.map((e) => e.message).join('\n')).toContain(
      "quality-gate failed: input 'gate': must be one of",
    );

    write(dir, 'reports/notes.txt', 'just some notes\n');
    const unusable = await run(dir, { inputs: { 'diff-source': 'none' } });
    expect(unusable.exitCode).toBe(1);
    const saved = readJson<SavedResult>(unusable.outputs['result-file'] ?? '');
    expect(saved.status).toBe('failure');
    expect(saved.findings.map((f) => f.ruleId)).toContain('quality-gate/unusable-report');
    expect(unusable.outputs['result-file']).toBeTruthy();
    expect(readdirSync(dirname(unusable.outputs['result-file'] ?? ''))).toContain(
      'quality-gate-production-pre_deployment.sarif',
    );
  });
});
