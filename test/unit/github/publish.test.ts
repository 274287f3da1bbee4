/**
 * publishPhase's degrade policy: whatever GitHub does — refuse the token, vanish, rate limit —
 * the call returns (never throws), logs exactly one warning that says how to fix it and where
 * the verdict is, and reports what it did publish.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishPhase, type PublishRequest } from '../../../shared/github/publish.js';
import { MemoryLogger } from '../../../shared/runtime/logger.js';
import { FakeGitHub } from '../../support/fake-github/index.js';
import { fakeClient } from '../../support/fake-github/test-client.js';

const SHA = 'feedfacefeedfacefeedfacefeedfacefeedface';

const context: PublishRequest['context'] = {
  owner: 'octo-org',
  repo: 'service',
  sha: SHA,
  prNumber: 12,
  isForkPullRequest: false,
  runUrl: 'https://github.com/octo-org/service/actions/runs/99',
};

function request(overrides: Partial<PublishRequest> = {}): PublishRequest {
  return {
    context,
    phase: 'quality-gate',
    environment: 'production',
    checkRun: {
      conclusion: 'failure',
      title: 'Coverage 71 % < 80 %',
      summary: '| metric | value |\n|---|---|\n| coverage | 71 % |',
    },
    comment: '### Quality gate: failed\nCoverage 71 % < 80 %',
    resultFile: '/tmp/runner/elder/quality-gate-production.json',
    ...overrides,
  };
}

const warnings = (logger: MemoryLogger) => logger.lines.filter((l) => l.startsWith('warning:'));

describe('publishPhase', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await FakeGitHub.start();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('publishes the check run and the sticky comment', async () => {
    const { octokit, logger } = fakeClient(fake);
    const outcome = await publishPhase({ octokit, logger }, request());
    expect(outcome).toMatchObject({ degraded: false, warnings: [], failures: [], skipped: [] });
    expect(outcome.checkRun?.url).toBe(`https://github.com/octo-org/service/runs/${outcome.checkRun?.id}`);
    expect(outcome.comment?.url).toMatch(/\/issues\/12#issuecomment-\d+$/);
    expect(fake.checkRuns[0]).toMatchObject({
      name: 'elder / quality-gate (production)',
      externalId: 'elder:quality-gate:production',
      headSha: SHA,
      conclusion: 'failure',
      detailsUrl: context.runUrl,
    });
    expect(fake.comments[0]?.body.startsWith('<!-- elder:quality-gate:production -->\n### Quality gate')).toBe(true);
    expect(warnings(logger)).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  it('is idempotent across re-runs of the job', async () => {
    const { octokit, logger } = fakeClient(fake);
    for (const attempt of [1, 2, 3]) {
      await publishPhase({ octokit, logger }, request({ comment: `attempt ${attempt}` }));
    }
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]?.body).toMatch(/attempt 3$/);
    expect(fake.violations).toEqual([]);
  });

  it('publishes no comment when the run has no pull request', async () => {
    const { octokit, logger } = fakeClient(fake);
    const outcome = await publishPhase({ octokit, logger }, request({ context: { ...context, prNumber: undefined } }));
    expect(outcome.comment).toBeUndefined();
    expect(outcome.degraded).toBe(false);
    expect(fake.comments).toEqual([]);
  });

  it('degrades with one warning when the token is read-only', async () => {
    fake.readOnly = true;
    const { octokit, logger } = fakeClient(fake);
    const outcome = await publishPhase({ octokit, logger }, request());
    expect(outcome.degraded).toBe(true);
    expect(outcome.checkRun).toBeUndefined();
    expect(outcome.comment).toBeUndefined();
    expect(outcome.failures.map((f) => [f.target, f.failure.kind])).toEqual([
      ['check run', 'forbidden'],
      ['comment', 'forbidden'],
    ]);
    expect(warnings(logger)).toEqual([`warning: ${outcome.warnings[0]}`]);
    expect(outcome.warnings).toEqual([
      'Could not publish to GitHub (token lacks checks: write; token lacks pull-requests: write — add `permissions: checks: write, pull-requests: write` to the job); the verdict is in the job summary and /tmp/runner/elder/quality-gate-production.json.',
    ]);
    expect(fake.violations).toEqual([]);
  });

  it('names only the missing permission when the other write works', async () => {
    fake.inject({ path: '/repos/{owner}/{repo}/check-runs', fault: { kind: 'forbidden' } });
    const { octokit, logger } = fakeClient(fake);
    const outcome = await publishPhase({ octokit, logger }, request());
    expect(outcome.degraded).toBe(true);
    expect(outcome.comment?.id).toBeGreaterThan(0);
    expect(outcome.warnings[0]).toMatch(
      /^Could not publish to GitHub \(token lacks checks: write — add `permissions: checks: write, pull-requests: write`/,
    );
    expect(warnings(logger)).toHaveLength(1);
  });

  it('explains the fork pull request case', async () => {
    fake.readOnly = true;
    const { octokit, logger } = fakeClient(fake);
    const outcome = await publishPhase(
      { octokit, logger },
      request({ context: { ...context, isForkPullRequest: true } }),
    );
    expect(outcome.warnings[0]).toMatch(
      /fork pull requests only get a read-only token, so publish from a separate `workflow_run` workflow/,
    );
  });

  it('degrades when the repository is not visible to the token (404)', async () => {
    fake.inject({ times: Infinity, fault: { kind: 'not-found' } });
    const { octokit, logger } = fakeClient(fake);
    const outcome = await publishPhase({ octokit, logger }, request());
    expect(outcome.degraded).toBe(true);
    expect(outcome.warnings[0]).toMatch(/GitHub answered 404 for the check run/);
    expect(warnings(logger)).toHaveLength(1);
  });

  it('degrades without a token, without calling GitHub', async () => {
    const logger = new MemoryLogger();
    const outcome = await publishPhase({ logger }, request());
    expect(outcome).toMatchObject({ degraded: true, failures: [] });
    expect(outcome.warnings).toEqual([
      'Could not publish to GitHub (no GitHub token was given — pass a token with checks: write, pull-requests: write); the verdict is in the job summary and /tmp/runner/elder/quality-gate-production.json.',
    ]);
    expect(fake.calls).toEqual([]);
  });

  it('degrades when GitHub stays down after retries, and does not hammer it further', async () => {
    fake.inject({ times: Infinity, fault: { kind: 'server-error', status: 502 } });
    const { octokit, logger } = fakeClient(fake, { retries: 2 });
    const outcome = await publishPhase({ octokit, logger }, request());
    expect(outcome.degraded).toBe(true);
    expect(outcome.failures.map((f) => f.failure.kind)).toEqual(['unavailable']);
    expect(outcome.skipped).toEqual(['comment']);
    expect(outcome.warnings[0]).toMatch(
      /^Could not publish to GitHub \(GitHub API unavailable after retries \(502 Bad Gateway\)\); the verdict is in the job summary/,
    );
    expect(fake.calls).toHaveLength(3);
    expect(warnings(logger)).toHaveLength(1);
  });

  it('rides out a 502 and a secondary rate limit without degrading', async () => {
    fake.inject({ method: 'GET', fault: { kind: 'server-error', status: 502 } });
    fake.inject({ method: 'POST', fault: { kind: 'secondary-rate-limit', retryAfterSeconds: 1 } });
    const { octokit, logger } = fakeClient(fake);
    const outcome = await publishPhase({ octokit, logger }, request());
    expect(outcome.degraded).toBe(false);
    expect(fake.calls.filter((c) => c.fault).map((c) => c.fault)).toEqual(['server-error', 'secondary-rate-limit']);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.comments).toHaveLength(1);
    expect(warnings(logger)).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  it('degrades when a rate limit outlasts the wait we accept', async () => {
    fake.inject({ method: 'POST', times: Infinity, fault: { kind: 'primary-rate-limit', resetInSeconds: 3600 } });
    const { octokit, logger } = fakeClient(fake, { maxRetryAfterSeconds: 10 });
    const outcome = await publishPhase({ octokit, logger }, request());
    expect(outcome.failures.map((f) => f.failure.kind)).toEqual(['rate-limited']);
    expect(outcome.warnings[0]).toMatch(/GitHub rate limit outlasted our retries/);
  });
});
