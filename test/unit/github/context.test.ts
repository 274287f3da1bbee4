/**
 * readGitHubContext: the commit a result belongs to (the PR head, not the merge commit), the
 * PR number, fork detection and run links, from the runner's variables and event payload.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readGitHubContext } from '../../../shared/github/context.js';
import { UserError } from '../../../shared/runtime/errors.js';

const MERGE_SHA = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const HEAD_SHA = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

describe('readGitHubContext', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'elder-context-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function env(eventName: string, payload: unknown | undefined, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const eventPath = join(dir, 'event.json');
    if (payload !== undefined) writeFileSync(eventPath, JSON.stringify(payload));
    return {
      GITHUB_REPOSITORY: 'octo-org/service',
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_SHA: MERGE_SHA,
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_RUN_ID: '123456',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_RUN_NUMBER: '17',
      GITHUB_JOB: 'deploy',
      GITHUB_WORKFLOW: 'CD',
      GITHUB_ACTOR: 'octocat',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: 'https://api.github.com',
      ...extra,
    };
  }

  const pullRequestPayload = (headRepo = 'octo-org/service') => ({
    number: 7,
    pull_request: {
      number: 7,
      head: { sha: HEAD_SHA, ref: 'feature/x', repo: { full_name: headRepo } },
      base: { sha: MERGE_SHA, ref: 'main', repo: { full_name: 'octo-org/service' } },
    },
  });

  it('uses the pull request head commit, not the merge commit', () => {
    const context = readGitHubContext(env('pull_request', pullRequestPayload()));
    expect(context).toMatchObject({
      owner: 'octo-org',
      repo: 'service',
      sha: HEAD_SHA,
      ref: 'refs/pull/7/merge',
      prNumber: 7,
      headRef: 'feature/x',
      baseRef: 'main',
      isForkPullRequest: false,
      eventName: 'pull_request',
      runId: 123456,
      runAttempt: 2,
      runNumber: 17,
      job: 'deploy',
      workflow: 'CD',
      actor: 'octocat',
      serverUrl: 'https://github.com',
      apiUrl: 'https://api.github.com',
      runUrl: 'https://github.com/octo-org/service/actions/runs/123456/attempts/2',
    });
  });

  it('detects a fork pull request (pull_request_target too)', () => {
    expect(readGitHubContext(env('pull_request', pullRequestPayload('someone/service'))).isForkPullRequest).toBe(true);
    const target = readGitHubContext(env('pull_request_target', pullRequestPayload('someone/service')));
    expect(target).toMatchObject({ sha: HEAD_SHA, prNumber: 7, isForkPullRequest: true });
  });

  it('uses GITHUB_SHA on push', () => {
    const context = readGitHubContext(
      env('push', { after: MERGE_SHA, ref: 'refs/heads/main' }, { GITHUB_REF: 'refs/heads/main' }),
    );
    expect(context).toMatchObject({
      sha: MERGE_SHA,
      ref: 'refs/heads/main',
      prNumber: undefined,
      isForkPullRequest: false,
    });
  });

  it('reads workflow_dispatch inputs', () => {
    const context = readGitHubContext(env('workflow_dispatch', { inputs: { environment: 'staging', dry_run: true } }));
    expect(context.inputs).toEqual({ environment: 'staging', dry_run: true });
    expect(context.sha).toBe(MERGE_SHA);
  });

  it('takes the triggering run’s commit and PR from a workflow_run event', () => {
    const context = readGitHubContext(
      env('workflow_run', {
        workflow_run: {
          head_sha: HEAD_SHA,
          head_branch: 'feature/x',
          head_repository: { full_name: 'octo-org/service' },
          pull_requests: [{ number: 9, base: { ref: 'main' } }],
        },
      }),
    );
    expect(context).toMatchObject({
      sha: HEAD_SHA,
      prNumber: 9,
      headRef: 'feature/x',
      baseRef: 'main',
      isForkPullRequest: false,
    });
  });

  it('flags a workflow_run from a fork, whose pull_requests list GitHub leaves empty', () => {
    const context = readGitHubContext(
      env('workflow_run', {
        workflow_run: {
          head_sha: HEAD_SHA,
          head_branch: 'patch-1',
          head_repository: { full_name: 'someone/service' },
          pull_requests: [],
        },
      }),
    );
    expect(context).toMatchObject({ sha: HEAD_SHA, prNumber: undefined, isForkPullRequest: true });
  });

  it('tolerates a missing event file', () => {
    const context = readGitHubContext(env('pull_request', undefined, { GITHUB_RUN_ATTEMPT: '1' }));
    expect(context).toMatchObject({
      sha: MERGE_SHA,
      payload: {},
      prNumber: undefined,
      runUrl: 'https://github.com/octo-org/service/actions/runs/123456',
    });
  });

  it('uses GHES urls from the environment', () => {
    const context = readGitHubContext(
      env(
        'push',
        {},
        { GITHUB_SERVER_URL: 'https://ghes.example.com/', GITHUB_API_URL: 'https://ghes.example.com/api/v3' },
      ),
    );
    expect(context.serverUrl).toBe('https://ghes.example.com');
    expect(context.apiUrl).toBe('https://ghes.example.com/api/v3');
    expect(context.runUrl).toBe('https://ghes.example.com/octo-org/service/actions/runs/123456/attempts/2');
  });

  it('names GITHUB_REPOSITORY when the repository is unknown', () => {
    expect(() => readGitHubContext({})).toThrow(UserError);
    expect(() => readGitHubContext({})).toThrow(/GITHUB_REPOSITORY/);
  });

  it('reports a corrupt event file as a user error naming it', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{');
    expect(() => readGitHubContext({ GITHUB_REPOSITORY: 'o/r', GITHUB_EVENT_PATH: path })).toThrow(
      /GITHUB_EVENT_PATH .*broken\.json/,
    );
  });
});
