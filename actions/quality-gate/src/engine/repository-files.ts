/**
 * The repository's file list from the checkout (`git ls-files`), which lets path normalisation
 * match reports written on other machines by suffix. Without a checkout (a publishing job that
 * only downloaded artifacts) there is no list, and only exact and relative paths are matched:
 * guessing a file by its name alone would put annotations on the wrong file.
 *
 * `prefix` is where the workspace sits inside the repository (`git rev-parse --show-prefix`):
 * diffs name paths from the repository root, reports and the file list from the workspace.
 */
import { RepoFileIndex } from '../paths/repo-file-index.js';
import type { ExecPort } from './ports.js';

export interface RepositoryFiles {
  index?: RepoFileIndex;
  /** `services/api/` when the workspace is that folder of the repository; '' at the root. */
  prefix: string;
  /** True when the workspace is inside a git work tree. */
  isRepository: boolean;
  note?: string;
}

const GIT_ENV = { LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
/** A monorepo of a million files lists in well under this. */
const MAX_LIST_BYTES = 256 * 1024 * 1024;

export async function repositoryFiles(workspace: string, exec: ExecPort): Promise<RepositoryFiles> {
  const env = { ...process.env, ...GIT_ENV };
  let probe;
  try {
    probe = await exec('git', ['rev-parse', '--is-inside-work-tree', '--show-prefix'], {
      cwd: workspace,
      env,
      timeoutMs: 30_000,
    });
  } catch {
    return { prefix: '', isRepository: false, note: 'git is not installed: report paths are matched exactly' };
  }
  const [inside, prefix = ''] = probe.stdout.split('\n');
  if (probe.exitCode !== 0 || inside?.trim() !== 'true') {
    return {
      prefix: '',
      isRepository: false,
      note: 'no git checkout: report paths are matched exactly, not by suffix',
    };
  }
  const listed = await exec('git', ['-c', 'core.quotePath=false', 'ls-files', '-z', '--cached'], {
    cwd: workspace,
    env,
    timeoutMs: 120_000,
    maxOutputBytes: MAX_LIST_BYTES,
  });
  if (listed.exitCode !== 0 || listed.truncated) {
    return {
      prefix: prefix.trim(),
      isRepository: true,
      note: `git ls-files ${listed.truncated ? 'listed more than 256 MiB' : 'failed'}: report paths are matched exactly`,
    };
  }
  const files = listed.stdout.split('\0').filter((file) => file !== '');
  return { index: new RepoFileIndex(files), prefix: prefix.trim(), isRepository: true };
}
