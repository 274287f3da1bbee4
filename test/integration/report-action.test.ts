/**
 * The bundled report action (dist/report/main.js) as the runner runs it, against the fake GitHub
 * API: check run and sticky comment created, re-runs update both in place, transient faults are
 * retried, a read-only token degrades to the job summary with the verdict intact, and every
 * request we send is valid against GitHub's OpenAPI description.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAction, type RunActionOptions } from '../support/action-harness.js';
import { FakeGitHub } from '../support/fake-github/index.js';
import { makePhaseResult } from '../support/phase-result-factory.js';
import type { Phase } from '../../shared/result/phase-result.js';

const SCRIPT = resolve(import.meta.dirname, '../../dist/report/main.js');
const HEAD_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const PHASES: Phase[] = ['provision', 'integrate', 'deploy', 'quality-gate', 'compliance-audit', 'dr-drill'];

async function workspace(scores: Partial<Record<Phase, number>>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'elder-report-action-'));
  await mkdir(join(dir, 'elder-results', 'leg-1'), { recursive: true });
  for (const [phase, score] of Object.entries(scores)) {
    const result = makePhaseResult({
      phase: phase as Phase,
      score,
      status: score >= 0.9 ? 'success' : 'failure',
      summary: `${phase} finished | with <b>markup</b> @octocat`,
    });
    await writeFile(join(dir, 'elder-results', 'leg-1', `${phase}-production.json`), JSON.stringify(result));
  }
  return dir;
}

const allReady = Object.fromEntries(PHASES.map((p) => [p, 1])) as Record<Phase, number>;

describe('actions/report (bundled) against the fake GitHub API', () => {
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

  async function run(cwd: string, { inputs, ...extra }: Partial<RunActionOptions> = {}) {
    const result = await runAction({
      script: SCRIPT,
      cwd,
      inputs: { token: 'ghs_secret_token_value', environment: 'production', results: 'elder-results', ...inputs },
      event: { name: 'pull_request', number: 7, headSha: HEAD_SHA },
      apiUrl: fake.url,
      timeoutMs: 60_000,
      ...extra,
    });
    cleanups.push(result.cleanup);
    return result;
  }

  it('creates the readiness check run and one sticky comment, and sets outputs', async () => {
    const cwd = await workspace(allReady);
    const result = await run(cwd);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.warnings).toEqual([]);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]).toMatchObject({
      name: 'elder / readiness (production)',
      headSha: HEAD_SHA,
      conclusion: 'success',
    });
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]?.body.startsWith('<!-- elder:readiness:production -->')).toBe(true);
    // Untrusted summaries are escaped: no HTML, no mention.
    expect(fake.comments[0]?.body).not.toContain('<b>');
    expect(fake.comments[0]?.body).not.toMatch(/(^|[^\u200B])@octocat/);
    expect(result.outputs).toMatchObject({ score: '1.0000', status: 'success', passed: 'true', coverage: '1.0000' });
    expect(result.outputs['check-run-url']).toContain(`/runs/${fake.checkRuns[0]?.id}`);
    expect(existsSync(result.outputs['sarif-file'] ?? '')).toBe(true);
    expect(existsSync(result.outputs['junit-file'] ?? '')).toBe(true);
    expect(result.summary).toContain('Production readiness');
    expect(result.summary).toContain('```mermaid');
    // The token is registered as a secret (the runner then masks it) and printed nowhere else.
    const lines = result.stdout.split('\n');
    expect(lines).toContain('::add-mask::ghs_secret_token_value');
    expect(lines.filter((line) => line.includes('ghs_secret_token_value'))).toHaveLength(1);
  });

  it('updates the check run and the comment in place on re-runs, never duplicating them', async () => {
    const cwd = await workspace(allReady);
    await run(cwd);
    const second = await run(await workspace({ ...allReady, 'dr-drill': 0.5 }), { runAttempt: 2 });
    const third = await run(await workspace({ ...allReady, 'dr-drill': 0.4 }), { runAttempt: 3 });
    expect(second.exitCode).toBe(1);
    expect(third.exitCode).toBe(1);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]?.conclusion).toBe('failure');
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]?.body).toContain('failed');
    expect(fake.callsTo('POST', '/repos/{owner}/{repo}/check-runs').filter((c) => c.status === 201)).toHaveLength(1);
    expect(
      fake.callsTo('POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments').filter((c) => c.status === 201),
    ).toHaveLength(1);
  });

  it('retries a 502 and a secondary rate limit and still publishes', async () => {
    const cwd = await workspace(allReady);
    fake.inject({
      method: 'POST',
      path: '/repos/{owner}/{repo}/check-runs',
      fault: { kind: 'server-error', status: 502 },
    });
    fake.inject({
      method: 'POST',
      path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      fault: { kind: 'secondary-rate-limit', retryAfterSeconds: 1 },
    });
    const result = await run(cwd);
    expect(result.exitCode).toBe(0);
    expect(result.warnings).toEqual([]);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.comments).toHaveLength(1);
    const statuses = fake.calls.filter((c) => c.method === 'POST').map((c) => c.status);
    expect(statuses).toContain(502);
    expect(statuses).toContain(403);
  });

  it('degrades to the job summary with the verdict intact when the token is read-only', async () => {
    fake.readOnly = true;
    const failing = await run(await workspace({ deploy: 1, 'quality-gate': 0.4 }));
    expect(failing.exitCode).toBe(1);
    expect(failing.warnings).toHaveLength(1);
    expect(failing.warnings[0]?.message).toContain('Could not publish to GitHub');
    expect(failing.warnings[0]?.message).toContain('checks: write');
    expect(failing.summary).toContain('Production readiness');
    expect(failing.summary).toContain('failed');
    expect(failing.outputs['status']).toBe('failure');
    expect(failing.outputs['check-run-url']).toBe('');
    expect(failing.errors.map((e) => e.message).join('\n')).toContain('report failed');
    expect(fake.checkRuns).toHaveLength(0);

    const passing = await run(await workspace(allReady));
    expect(passing.exitCode).toBe(0);
    expect(passing.outputs['passed']).toBe('true');
    expect(passing.warnings).toHaveLength(1);
  });

  it('fails with the file named when a result is invalid, writing nothing', async () => {
    const cwd = await workspace(allReady);
    await writeFile(join(cwd, 'elder-results', 'bad.json'), '{"schemaVersion": 1, "phase": "deploy"');
    const out = join(cwd, 'out');
    const result = await run(cwd, { inputs: { 'output-dir': out } });
    expect(result.exitCode).toBe(1);
    expect(result.errors.map((e) => e.message).join('\n')).toMatch(/report failed: .*bad\.json: is not valid JSON/);
    expect(existsSync(out)).toBe(false);
    expect(fake.calls).toHaveLength(0);
  });

  it('names the input when an input is invalid', async () => {
    const result = await run(await workspace(allReady), { inputs: { 'fail-under': 'high' } });
    expect(result.exitCode).toBe(1);
    expect(result.errors.map((e) => e.message).join('\n')).toContain(
      "report failed: input 'fail-under': must be a number",
    );
  });

  it('reports phases that did not run as not assessed, on push events without a comment', async () => {
    const cwd = await workspace({ deploy: 1 });
    const result = await run(cwd, { event: { name: 'push' } });
    expect(result.exitCode).toBe(1);
    expect(fake.comments).toHaveLength(0);
    expect(fake.checkRuns[0]?.conclusion).toBe('failure');
    const saved = JSON.parse(readFileSync(result.outputs['result-file'] ?? '', 'utf8')) as {
      metrics: { name: string; verdict: string }[];
    };
    expect(saved.metrics.find((m) => m.name === 'dr-drill_score')?.verdict).toBe('not_assessed');
  });
});
