/**
 * The lines a branch changes, from a checkout: `git diff` between the TRUE merge base of base and
 * head and head. Diffing against the base branch's tip instead would count every commit that
 * landed on the base since the branch point as part of this change (the classic "my PR is
 * blamed for main's new code" bug); diffing `base...head` needs the merge base too, so we ask for
 * it once, explicitly, and report it.
 *
 * Every git call is an argument list (execFileSafe, never a shell); revisions are validated
 * first; and the output format is pinned with flags and `-c` settings, because a user's git
 * configuration (diff.noprefix, diff.mnemonicPrefix, diff.relative, diff.external, color.ui,
 * textconv drivers) would otherwise change what we parse, or run programs we did not choose.
 */
import { execFileSafe, type ExecOptions, type ExecResult } from '../../../../shared/runtime/exec.js';
import { UserError } from '../../../../shared/runtime/errors.js';
import { changeSet, type ChangeSet } from './changed-lines.js';
import { assertRevision } from './revision-name.js';
import { parseUnifiedDiff } from './unified-diff-parser.js';

export interface GitChangedLinesOptions {
  /** Any directory inside the working tree. */
  cwd: string;
  /** The base branch or commit, e.g. `origin/main` or the pull request's base SHA. */
  base: string;
  /** Default HEAD. */
  head?: string;
  /** Default `git` from PATH. */
  git?: string;
  /** How git is run; default execFileSafe. Any replacement must take an argument list, never a shell. */
  exec?: (file: string, args: readonly string[], options: ExecOptions) => Promise<ExecResult>;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** The largest diff read, in bytes; a larger one is an error, never a silently partial change. */
  maxDiffBytes?: number;
}

export interface GitChangedLines {
  base: string;
  head: string;
  /** The commit both descend from; the diff starts here. */
  mergeBase: string;
  changes: ChangeSet;
}

const DEFAULT_MAX_DIFF_BYTES = 512 * 1024 * 1024;

/** Settings that would change the diff's format, pinned for this call only. */
const PINNED_CONFIG = [
  'core.quotePath=true',
  'diff.noprefix=false',
  'diff.mnemonicPrefix=false',
  'diff.relative=false',
  'color.ui=false',
].flatMap((setting) => ['-c', setting]);

export async function changedLinesFromGit(options: GitChangedLinesOptions): Promise<GitChangedLines> {
  const head = options.head ?? 'HEAD';
  assertRevision(options.base, 'base');
  assertRevision(head, 'head');
  const git = new GitRunner(options);
  const baseCommit = await git.commitOf(options.base, 'base');
  const headCommit = await git.commitOf(head, 'head');
  const mergeBase = await git.mergeBase(baseCommit, headCommit, options.base, head);

  const diff = await git.run(
    [
      'diff',
      '--unified=0',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      '-M',
      '--src-prefix=a/',
      '--dst-prefix=b/',
      mergeBase,
      headCommit,
      '--',
    ],
    options.maxDiffBytes ?? DEFAULT_MAX_DIFF_BYTES,
  );
  if (diff.truncated) {
    throw new UserError(
      `the diff between ${mergeBase.slice(0, 12)} and ${headCommit.slice(0, 12)} is larger than ${options.maxDiffBytes ?? DEFAULT_MAX_DIFF_BYTES} bytes; refusing to judge a partial change`,
    );
  }
  git.assertSucceeded(diff, 'git diff');
  const files = parseUnifiedDiff(diff.stdout, `git diff ${mergeBase.slice(0, 12)} ${headCommit.slice(0, 12)}`);
  return { base: baseCommit, head: headCommit, mergeBase, changes: changeSet(files) };
}

class GitRunner {
  constructor(private readonly options: GitChangedLinesOptions) {}

  async run(args: string[], maxOutputBytes?: number): Promise<ExecResult> {
    const env = {
      ...(this.options.env ?? process.env),
      LC_ALL: 'C',
      GIT_TERMINAL_PROMPT: '0',
      GIT_OPTIONAL_LOCKS: '0',
    };
    try {
      const exec = this.options.exec ?? execFileSafe;
      return await exec(this.options.git ?? 'git', [...PINNED_CONFIG, ...args], {
        cwd: this.options.cwd,
        env,
        timeoutMs: this.options.timeoutMs ?? 120_000,
        ...(maxOutputBytes === undefined ? {} : { maxOutputBytes }),
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new UserError('git was not found; install it, or let the gate read the pull request diff from the API');
      }
      throw err;
    }
  }

  assertSucceeded(result: ExecResult, what: string): void {
    if (result.timedOut) throw new UserError(`${what} timed out in ${this.options.cwd}`);
    if (result.exitCode !== 0) {
      throw new UserError(`${what} failed (exit ${result.exitCode}): ${firstLine(result.stderr)}`, this.options.cwd);
    }
  }

  async commitOf(revision: string, label: string): Promise<string> {
    const result = await this.run(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]);
    if (result.timedOut) this.assertSucceeded(result, 'git rev-parse');
    const sha = result.stdout.trim();
    if (result.exitCode !== 0 || !/^[0-9a-f]{40,64}$/.test(sha)) {
      throw new UserError(
        `${label} '${revision}' is not a commit in this checkout${await this.shallowHint()}`,
        this.options.cwd,
      );
    }
    return sha;
  }

  async mergeBase(base: string, head: string, baseName: string, headName: string): Promise<string> {
    const result = await this.run(['merge-base', base, head]);
    if (result.timedOut) this.assertSucceeded(result, 'git merge-base');
    const sha = result.stdout.trim();
    // Exit 1 with no output: the histories share no commit (or the clone is too shallow to see one).
    if (result.exitCode === 1 && sha === '') {
      throw new UserError(
        `'${baseName}' and '${headName}' have no common ancestor in this checkout${await this.shallowHint()}`,
        this.options.cwd,
      );
    }
    this.assertSucceeded(result, 'git merge-base');
    return sha.split('\n')[0] as string;
  }

  private async shallowHint(): Promise<string> {
    const result = await this.run(['rev-parse', '--is-shallow-repository']);
    return result.stdout.trim() === 'true'
      ? '; the clone is shallow: check out with fetch-depth: 0 (actions/checkout) or fetch the base branch'
      : '';
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 300) ?? '';
}
