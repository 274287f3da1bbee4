/**
 * Which lines the change adds: the definition of "new code" for every new_code condition and of
 * "on a changed line" for annotations.
 *
 * Sources, by `diff-source`:
 * - `git`: `git diff` from the true merge base of the base and the checked-out commit. The line
 *   numbers are those of the checkout, which is what the coverage reports measured.
 * - `api`: the pull request's files from the REST API (no checkout needed, e.g. the publishing
 *   half of the fork pattern).
 * - `auto`: git when the checkout holds both the base and the commit being judged; else the API
 *   when there is a pull request and a token; else unknown.
 * - `none`: unknown on purpose.
 * An unknown change is never "no change": new-code conditions then say they cannot be measured.
 */
import { errorMessage, UserError } from '../../../../shared/runtime/errors.js';
import type { Logger } from '../../../../shared/runtime/logger.js';
import { changeSet, type ChangedFile, type ChangeSet } from '../diff/changed-lines.js';
import { changedLinesFromGit } from '../diff/git-changed-lines.js';
import { changedLinesFromPullRequestFiles } from '../diff/pull-request-files.js';
import { assertRevision } from '../diff/revision-name.js';
import type { ExecPort, PullRequestFilesPort } from './ports.js';

export const DIFF_SOURCES = ['auto', 'git', 'api', 'none'] as const;
export type DiffSource = (typeof DIFF_SOURCES)[number];

export interface ChangeRequest {
  source: DiffSource;
  workspace: string;
  /** Where the workspace sits in the repository (`git rev-parse --show-prefix`), e.g. `svc/`. */
  prefix: string;
  isRepository: boolean;
  /** Candidates for the base, most precise first: base-ref input, the PR's base SHA, `origin/<base>`. */
  baseCandidates: readonly string[];
  /**
   * The commit the reports were made from, when it is not necessarily the checkout (the fork
   * pattern's publishing job checks out the default branch): git is used only when HEAD is it,
   * or a merge commit of it (the `pull_request` checkout).
   */
  expectedHead?: string;
  pullRequest?: number;
}

export interface ResolvedChanges {
  changes?: ChangeSet;
  source: 'git' | 'api' | 'none';
  /** One sentence: where the change came from, or why it is unknown. */
  detail: string;
  mergeBase?: string;
}

export async function resolveChanges(
  request: ChangeRequest,
  ports: { exec: ExecPort; pullRequestFiles?: PullRequestFilesPort; logger: Logger },
): Promise<ResolvedChanges> {
  const { source } = request;
  if (source === 'none') return { source: 'none', detail: 'diff-source is none: the change is not computed' };
  const notes: string[] = [];
  if (source === 'git' || source === 'auto') {
    const fromGit = await tryGit(request, ports.exec, notes);
    if (fromGit !== undefined) return fromGit;
    if (source === 'git') {
      throw new UserError(`cannot compute the change with git: ${notes.join('; ')}`, "input 'diff-source'");
    }
  }
  if (request.pullRequest === undefined) {
    if (source === 'api') throw new UserError('needs a pull request (this run has none)', "input 'diff-source'");
    return { source: 'none', detail: `the change is unknown: ${[...notes, 'no pull request for the API'].join('; ')}` };
  }
  if (ports.pullRequestFiles === undefined) {
    if (source === 'api') throw new UserError('needs a token to read the pull request files', "input 'diff-source'");
    return {
      source: 'none',
      detail: `the change is unknown: ${[...notes, 'no token to read the pull request files'].join('; ')}`,
    };
  }
  try {
    const { files, changedFiles } = await ports.pullRequestFiles(request.pullRequest);
    const changes = changedLinesFromPullRequestFiles(files, changedFiles === undefined ? {} : { changedFiles });
    return {
      changes: withinWorkspace(changes, request.prefix),
      source: 'api',
      detail: `the change is pull request #${request.pullRequest}'s diff from the REST API (${files.length} file${files.length === 1 ? '' : 's'})${
        notes.length > 0 ? `; git was not used: ${notes.join('; ')}` : ''
      }`,
    };
  } catch (err) {
    if (source === 'api' || err instanceof UserError) throw err;
    ports.logger.warning(`Could not read the pull request's files: ${errorMessage(err)}`);
    return {
      source: 'none',
      detail: `the change is unknown: the pull request files could not be read (${errorMessage(err)})`,
    };
  }
}

async function tryGit(request: ChangeRequest, exec: ExecPort, notes: string[]): Promise<ResolvedChanges | undefined> {
  if (!request.isRepository) {
    notes.push('the workspace is not a git checkout');
    return undefined;
  }
  if (request.expectedHead !== undefined && !(await headIs(request.workspace, request.expectedHead, exec))) {
    notes.push(`the checkout is not commit ${request.expectedHead.slice(0, 12)} (nor a merge of it)`);
    return undefined;
  }
  if (request.baseCandidates.length === 0) {
    notes.push('no base to diff against (give base-ref)');
    return undefined;
  }
  for (const base of request.baseCandidates) {
    try {
      assertRevision(base, 'base');
      const diff = await changedLinesFromGit({ cwd: request.workspace, base });
      return {
        changes: withinWorkspace(diff.changes, request.prefix),
        source: 'git',
        detail: `the change is git diff ${diff.mergeBase.slice(0, 12)}..${diff.head.slice(0, 12)} (merge base of ${base} and the checkout)`,
        mergeBase: diff.mergeBase,
      };
    } catch (err) {
      notes.push(errorMessage(err));
    }
  }
  return undefined;
}

/** True when HEAD is `commit`, or a merge commit with `commit` as a parent. */
async function headIs(workspace: string, commit: string, exec: ExecPort): Promise<boolean> {
  const result = await exec('git', ['rev-parse', 'HEAD', 'HEAD^@'], {
    cwd: workspace,
    env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' },
    timeoutMs: 30_000,
  }).catch(() => undefined);
  if (result === undefined || result.exitCode !== 0) return false;
  return result.stdout
    .split('\n')
    .map((line) => line.trim().toLowerCase())
    .includes(commit.toLowerCase());
}

/**
 * Diff paths are repository-relative; when the workspace is a folder of the repository, paths
 * are made relative to it (and files outside it dropped), as report paths are.
 */
export function withinWorkspace(changes: ChangeSet, prefix: string): ChangeSet {
  if (prefix === '') return changes;
  const files = new Map<string, ChangedFile>();
  for (const [path, file] of changes.files) {
    if (!path.startsWith(prefix)) continue;
    const inner: ChangedFile = { ...file, path: path.slice(prefix.length) };
    if (file.previousPath !== undefined) {
      if (file.previousPath.startsWith(prefix)) inner.previousPath = file.previousPath.slice(prefix.length);
      else delete inner.previousPath;
    }
    files.set(inner.path, inner);
  }
  const result = changeSet(files, changes.complete, []);
  result.notes = [...changes.notes];
  return result;
}
