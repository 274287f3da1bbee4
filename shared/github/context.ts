/**
 * Where a run is: repository, commit, pull request and run, read from the runner's GITHUB_*
 * variables and the event payload. Read explicitly from an env object (not @actions/github's
 * module-level context) so tests and the CLI can pass their own.
 *
 * The commit matters most: on `pull_request` events GITHUB_SHA is the merge commit GitHub made
 * for the run, which nobody looks at; checks and statuses belong on the PR's head commit.
 */
import { existsSync, readFileSync } from 'node:fs';
import { UserError } from '../runtime/errors.js';

/** The REST API root of github.com; GHES runners set GITHUB_API_URL instead. */
export const DEFAULT_API_URL = 'https://api.github.com';

export interface GitHubContext {
  owner: string;
  repo: string;
  /** The commit results are about: the PR head for pull request events, else GITHUB_SHA. */
  sha: string;
  /** GITHUB_REF, e.g. `refs/pull/7/merge` or `refs/heads/main`. */
  ref: string;
  /** Branch names for pull requests (and the `workflow_run` head branch). */
  headRef?: string;
  baseRef?: string;
  prNumber?: number;
  /** True when the pull request comes from a fork: its token is read-only and has no secrets. */
  isForkPullRequest: boolean;
  eventName: string;
  runId: number;
  runAttempt: number;
  runNumber: number;
  job: string;
  workflow: string;
  actor: string;
  serverUrl: string;
  apiUrl: string;
  /** Link to this run's page, e.g. for check run details and deployment logs. */
  runUrl: string;
  /** `workflow_dispatch` inputs (strings, or booleans/numbers as GitHub sends them). */
  inputs: Record<string, unknown>;
  /** The raw event payload ({} when the event file is missing). */
  payload: Record<string, unknown>;
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function string(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function integer(raw: string | undefined, fallback: number): number {
  const n = raw === undefined ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isFinite(n) ? n : fallback;
}

function readPayload(path: string | undefined): Json {
  // Outside Actions, or in a step that deleted it, there is no event file; that is not an error.
  if (!path || !existsSync(path)) return {};
  const text = readFileSync(path, 'utf8');
  try {
    return object(JSON.parse(text)) ?? {};
  } catch (error) {
    throw new UserError(
      `the event payload is not valid JSON (${(error as Error).message})`,
      `GITHUB_EVENT_PATH ${path}`,
    );
  }
}

interface PullRequestFacts {
  number?: number;
  headSha?: string;
  headRef?: string;
  baseRef?: string;
  isFork: boolean;
}

function pullRequestFacts(eventName: string, payload: Json, repository: string): PullRequestFacts {
  if (eventName === 'pull_request' || eventName === 'pull_request_target' || eventName === 'pull_request_review') {
    const pull = object(payload.pull_request);
    const head = object(pull?.head);
    const base = object(pull?.base);
    const headRepo = string(object(head?.repo)?.full_name);
    return {
      number:
        typeof pull?.number === 'number'
          ? pull.number
          : typeof payload.number === 'number'
            ? payload.number
            : undefined,
      headSha: string(head?.sha),
      headRef: string(head?.ref),
      baseRef: string(base?.ref),
      isFork: headRepo !== undefined && headRepo.toLowerCase() !== repository.toLowerCase(),
    };
  }
  if (eventName === 'workflow_run') {
    // The publishing half of the fork-PR pattern: the run that produced the artifacts.
    const run = object(payload.workflow_run);
    const pulls = Array.isArray(run?.pull_requests) ? run.pull_requests.map(object) : [];
    const headRepo = string(object(run?.head_repository)?.full_name);
    const firstPull = pulls[0];
    return {
      // GitHub leaves pull_requests empty for runs from forks; callers then look the PR up by sha.
      number: typeof firstPull?.number === 'number' ? firstPull.number : undefined,
      headSha: string(run?.head_sha),
      headRef: string(run?.head_branch),
      baseRef: string(object(object(firstPull?.base))?.ref),
      isFork: headRepo !== undefined && headRepo.toLowerCase() !== repository.toLowerCase(),
    };
  }
  return { isFork: false };
}

export function readGitHubContext(env: NodeJS.ProcessEnv = process.env): GitHubContext {
  const payload = readPayload(env.GITHUB_EVENT_PATH);
  const payloadRepository = string(object(payload.repository)?.full_name);
  const repository = string(env.GITHUB_REPOSITORY) ?? payloadRepository;
  const [owner, repo] = (repository ?? '').split('/');
  if (!owner || !repo) {
    throw new UserError(
      'must be set to owner/repo (it is set by GitHub Actions; pass it when running locally)',
      'GITHUB_REPOSITORY',
    );
  }
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const pull = pullRequestFacts(eventName, payload, `${owner}/${repo}`);
  const sha = pull.headSha ?? string(env.GITHUB_SHA) ?? string(payload.after) ?? '';
  const serverUrl = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const runId = integer(env.GITHUB_RUN_ID, 0);
  const runAttempt = integer(env.GITHUB_RUN_ATTEMPT, 1);
  const runUrl = runId
    ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}${runAttempt > 1 ? `/attempts/${runAttempt}` : ''}`
    : `${serverUrl}/${owner}/${repo}`;
  return {
    owner,
    repo,
    sha,
    ref: env.GITHUB_REF ?? '',
    headRef: pull.headRef ?? string(env.GITHUB_HEAD_REF),
    baseRef: pull.baseRef ?? string(env.GITHUB_BASE_REF),
    prNumber: pull.number,
    isForkPullRequest: pull.isFork,
    eventName,
    runId,
    runAttempt,
    runNumber: integer(env.GITHUB_RUN_NUMBER, 0),
    job: env.GITHUB_JOB ?? '',
    workflow: env.GITHUB_WORKFLOW ?? '',
    actor: env.GITHUB_ACTOR ?? '',
    serverUrl,
    apiUrl: (env.GITHUB_API_URL ?? DEFAULT_API_URL).replace(/\/+$/, ''),
    runUrl,
    inputs: eventName === 'workflow_dispatch' ? (object(payload.inputs) ?? {}) : {},
    payload,
  };
}
