/**
 * What the quality-gate engine needs from the outside world, passed in so the engine has no
 * GitHub specifics and tests need no module mocks: a logger, a way to run git, the pull
 * request's changed files (the action reads them through the REST API, the CLI has none), and
 * a clock.
 */
import type { ExecOptions, ExecResult } from '../../../../shared/runtime/exec.js';
import type { Logger } from '../../../../shared/runtime/logger.js';
import type { PullRequestFile } from '../diff/pull-request-files.js';

export type ExecPort = (file: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

/** `GET /repos/{owner}/{repo}/pulls/{n}/files`, every page, plus the PR's `changed_files` when known. */
export type PullRequestFilesPort = (
  pullRequest: number,
) => Promise<{ files: PullRequestFile[]; changedFiles?: number }>;

export interface QualityGatePorts {
  logger: Logger;
  /** Runs git (`execFileSafe` in production). */
  exec: ExecPort;
  /** Absent when there is no token or no pull request: the API diff source is then unavailable. */
  pullRequestFiles?: PullRequestFilesPort;
  now?: () => Date;
}
