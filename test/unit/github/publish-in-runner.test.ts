/**
 * The GitHub layer inside the runner's process contract: a small entry (fixtures/
 * publish-entry.ts) run through the action harness against the fake GitHub. The verdict's exit
 * status, the job summary and the outputs must come out the same whether publishing works or
 * the token is read-only, and the process must exit on its own (no dangling timers).
 */
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAction } from '../../support/action-harness.js';
import { FakeGitHub } from '../../support/fake-github/index.js';

const ENTRY = fileURLToPath(new URL('./fixtures/publish-entry.ts', import.meta.url));
const HEAD_SHA = '9e9e9e9e9e9e9e9e9e9e9e9e9e9e9e9e9e9e9e9e';

describe('publishing from an action process', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await FakeGitHub.start();
  });
  afterEach(async () => {
    await fake.close();
  });

  const run = () =>
    runAction({
      script: ENTRY,
      nodeArgs: ['--import', 'tsx'],
      inputs: { 'github-token': 'ghs_runner_token' },
      event: { name: 'pull_request', number: 5, headSha: HEAD_SHA },
      apiUrl: fake.url,
      timeoutMs: 30_000,
    });

  it('publishes on the PR head commit and exits with the verdict', async () => {
    const result = await run();
    try {
      expect(result.timedOut).toBe(false);
      expect(result.exitCode).toBe(1);
      expect(result.warnings).toEqual([]);
      expect(fake.checkRuns).toHaveLength(1);
      expect(fake.checkRuns[0]).toMatchObject({
        headSha: HEAD_SHA,
        conclusion: 'failure',
        detailsUrl: 'https://github.com/octo-org/service/actions/runs/4242',
      });
      expect(fake.comments.map((c) => c.issueNumber)).toEqual([5]);
      expect(result.outputs).toEqual({
        'check-run-url': fake.checkRuns[0] && `https://github.com/octo-org/service/runs/${fake.checkRuns[0].id}`,
        degraded: 'false',
      });
      expect(result.summary).toContain('## Quality gate: failed');
      expect(result.stdout).not.toContain('ghs_runner_token');
      expect(fake.violations).toEqual([]);
    } finally {
      result.cleanup();
    }
  });

  it('keeps the verdict, summary and exit status with a read-only token, with one warning', async () => {
    fake.readOnly = true;
    const result = await run();
    try {
      expect(result.exitCode).toBe(1);
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]?.message).toMatch(
        /^Could not publish to GitHub \(token lacks checks: write; token lacks pull-requests: write/,
      );
      expect(result.warnings[0]?.message).toContain(`${result.runnerTemp}/elder/quality-gate-production.json`);
      expect(result.summary).toContain('## Quality gate: failed');
      expect(result.outputs).toEqual({ 'check-run-url': '', degraded: 'true' });
      expect(fake.checkRuns).toEqual([]);
      expect(fake.violations).toEqual([]);
    } finally {
      result.cleanup();
    }
  });
});
