/**
 * An Octokit from the real factory, pointed at a fake GitHub and tuned for test speed: no gap
 * between writes and millisecond back-off for 5xx retries. Rate-limit waits still follow
 * `retry-after` unless a test shrinks them, so "honours retry-after" stays testable.
 */
import { createOctokit, type CreateOctokitOptions, type GitHubClient } from '../../../shared/github/octokit.js';
import { MemoryLogger } from '../../../shared/runtime/logger.js';
import type { FakeGitHub } from './fake-github.js';

export function fakeClient(
  fake: FakeGitHub,
  overrides: Partial<Omit<CreateOctokitOptions, 'logger'>> & { logger?: MemoryLogger } = {},
): { octokit: GitHubClient; logger: MemoryLogger } {
  const logger = overrides.logger ?? new MemoryLogger();
  const octokit = createOctokit({
    token: 'ghs_fake_token_for_tests',
    baseUrl: fake.url,
    retryBaseMs: 5,
    writeSpacingMs: 0,
    ...overrides,
    logger,
  });
  return { octokit, logger };
}
