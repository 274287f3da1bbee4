/**
 * The Octokit factory against the fake: which host it talks to, and how it rides out 5xx
 * answers and rate limits (bounded, honouring retry-after) without logging the token.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOctokit } from '../../../shared/github/octokit.js';
import { MemoryLogger } from '../../../shared/runtime/logger.js';
import { FakeGitHub } from '../../support/fake-github/index.js';
import { fakeClient } from '../../support/fake-github/test-client.js';

const SHA = 'abcdefabcdefabcdefabcdefabcdefabcdefabcd';
const repo = { owner: 'octo-org', repo: 'service' };

describe('createOctokit', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await FakeGitHub.start();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('uses GITHUB_API_URL when no baseUrl is given (GitHub Enterprise Server)', async () => {
    const ghes = await FakeGitHub.start({ pathPrefix: '/api/v3' });
    try {
      const octokit = createOctokit({
        token: 't',
        logger: new MemoryLogger(),
        env: { GITHUB_API_URL: `${ghes.url}/` },
      });
      await octokit.rest.rateLimit.get();
      expect(ghes.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /rate_limit']);
      expect(ghes.calls[0]?.authenticated).toBe(true);
    } finally {
      await ghes.close();
    }
  });

  it('refuses to build a client without a token', () => {
    expect(() => createOctokit({ token: '', logger: new MemoryLogger(), baseUrl: fake.url })).toThrow(/needs a token/);
  });

  it('retries a 502 and succeeds', async () => {
    const fault = fake.inject({
      method: 'POST',
      path: '/repos/{owner}/{repo}/check-runs',
      times: 2,
      fault: { kind: 'server-error', status: 502 },
    });
    const { octokit } = fakeClient(fake);
    const { data } = await octokit.rest.checks.create({ ...repo, name: 'c', head_sha: SHA });
    expect(data.id).toBeGreaterThan(0);
    expect(fault.hits).toBe(2);
    expect(fake.calls.map((c) => c.status)).toEqual([502, 502, 201]);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  it('retries a dropped connection', async () => {
    fake.inject({ path: '/rate_limit', fault: { kind: 'connection-reset' } });
    const { octokit } = fakeClient(fake);
    await expect(octokit.rest.rateLimit.get()).resolves.toMatchObject({ status: 200 });
  });

  it('gives up on a persistent 5xx after the configured retries', async () => {
    fake.inject({ path: '/rate_limit', times: Infinity, fault: { kind: 'server-error', status: 500 } });
    const { octokit } = fakeClient(fake, { retries: 2 });
    await expect(octokit.rest.rateLimit.get()).rejects.toMatchObject({ status: 500 });
    expect(fake.calls).toHaveLength(3);
  });

  it('waits out a secondary rate limit as long as retry-after says, then succeeds', async () => {
    fake.inject({ method: 'POST', fault: { kind: 'secondary-rate-limit', retryAfterSeconds: 1 } });
    const { octokit, logger } = fakeClient(fake);
    const started = Date.now();
    await octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'hello' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.calls.map((c) => c.status)).toEqual([403, 201]);
    expect(fake.comments).toHaveLength(1);
    expect(logger.lines.some((l) => /secondary rate limit .* retrying in 1s/.test(l))).toBe(true);
  });

  it.each([403, 429] as const)('waits for the reset of a primary rate limit (%i)', async (status) => {
    fake.inject({
      path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      fault: { kind: 'primary-rate-limit', status, resetInSeconds: 1 },
    });
    const { octokit, logger } = fakeClient(fake, { msPerRetryAfterSecond: 100 });
    const { data } = await octokit.rest.issues.listComments({ ...repo, issue_number: 1 });
    expect(data).toEqual([]);
    expect(fake.calls.map((c) => c.status)).toEqual([status, 200]);
    expect(logger.lines.some((l) => /primary rate limit .* retrying in \ds/.test(l))).toBe(true);
  });

  it('gives up when the rate limit lasts longer than maxRetryAfterSeconds', async () => {
    fake.inject({ method: 'POST', fault: { kind: 'secondary-rate-limit', retryAfterSeconds: 3600 } });
    const { octokit, logger } = fakeClient(fake, { maxRetryAfterSeconds: 5 });
    const started = Date.now();
    await expect(octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'x' })).rejects.toMatchObject({
      status: 403,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(logger.lines.some((l) => /lifts in 3600s, longer than the 5s we wait/.test(l))).toBe(true);
  });

  it('stops retrying rate limits after rateLimitRetries', async () => {
    fake.inject({ method: 'POST', times: Infinity, fault: { kind: 'secondary-rate-limit', retryAfterSeconds: 1 } });
    const { octokit } = fakeClient(fake, { rateLimitRetries: 2, msPerRetryAfterSecond: 10 });
    await expect(octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'x' })).rejects.toMatchObject({
      status: 403,
    });
    expect(fake.calls).toHaveLength(3);
  });

  it('does not retry a missing permission, and never logs the token', async () => {
    fake.readOnly = true;
    const logger = new MemoryLogger();
    const octokit = createOctokit({
      token: 'ghs_secret_value',
      baseUrl: fake.url,
      logger,
      writeSpacingMs: 0,
      retryBaseMs: 5,
    });
    await expect(octokit.rest.checks.create({ ...repo, name: 'c', head_sha: SHA })).rejects.toMatchObject({
      status: 403,
    });
    expect(fake.calls).toHaveLength(1);
    expect(logger.lines.join('\n')).not.toContain('ghs_secret_value');
  });
});
