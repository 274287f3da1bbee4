import { lstat, readdir, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { execFileSafe } from '../../../../shared/runtime/exec.js';
import type { SkippedItem } from '../model/checker-report.js';

/** One file the repository checks may read. */
export interface RepositoryFile {
  /** Repository-relative, forward slashes. */
  path: string;
  absolute: string;
  bytes: number;
}

export interface FileListing {
  files: RepositoryFile[];
  skipped: SkippedItem[];
  /** `git` when the list is the tracked files, `walk` when the folder is not a repository. */
  source: 'git' | 'walk';
}

export interface ListOptions {
  /** Path prefixes or `dir/**` globs to leave out (fixtures of this very audit, vendored code). */
  exclude?: readonly string[];
  /** Stop after this many files; the rest are reported as skipped in one line. */
  maxFiles?: number;
}

/** Folders never audited as content: dependencies and VCS metadata are not the repository's own text. */
const ALWAYS_EXCLUDED = ['.git/', 'node_modules/'];
const DEFAULT_MAX_FILES = 50_000;

/**
 * The files of the repository at `root`. Tracked files (`git ls-files`) when it is a Git work
 * tree, because a build output that is not committed is not an artifact of the repository;
 * otherwise a walk. Symbolic links are resolved, and one that points outside the repository is
 * skipped with a reason rather than followed: a link to /etc/shadow must not end up in evidence.
 */
export async function listRepositoryFiles(root: string, options: ListOptions = {}): Promise<FileListing> {
  const realRoot = await realpath(root);
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const excluded = [...ALWAYS_EXCLUDED, ...(options.exclude ?? []).map(normalizeExclude)];
  const isExcluded = (path: string): boolean =>
    excluded.some((prefix) => path === prefix.slice(0, -1) || path.startsWith(prefix));

  const tracked = await gitTrackedFiles(realRoot);
  const candidates = tracked ?? (await walk(realRoot, maxFiles + 1));
  const files: RepositoryFile[] = [];
  const skipped: SkippedItem[] = [];
  for (const path of candidates) {
    if (isExcluded(path)) continue;
    if (files.length >= maxFiles) {
      skipped.push({ subject: path, reason: `more than ${maxFiles} files: this and later files were not examined` });
      break;
    }
    const absolute = join(realRoot, ...path.split('/'));
    const info = await lstat(absolute).catch(() => undefined);
    if (!info) continue; // tracked but deleted in the work tree
    if (info.isSymbolicLink()) {
      const target = await realpath(absolute).catch(() => undefined);
      if (!target) {
        skipped.push({ subject: path, reason: 'symbolic link whose target does not exist' });
        continue;
      }
      if (!isInside(realRoot, target)) {
        skipped.push({ subject: path, reason: 'symbolic link points outside the repository; not followed' });
        continue;
      }
      // A link inside the repository: its target is audited under its own path.
      continue;
    }
    if (!info.isFile()) continue;
    files.push({ path, absolute, bytes: info.size });
  }
  return { files, skipped, source: tracked ? 'git' : 'walk' };
}

function normalizeExclude(pattern: string): string {
  const trimmed = pattern
    .replace(/^\.\//, '')
    .replace(/\/\*\*$/, '')
    .replace(/\/+$/, '');
  return `${trimmed}/`;
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}

async function gitTrackedFiles(root: string): Promise<string[] | undefined> {
  try {
    const inside = await execFileSafe('git', ['-C', root, 'rev-parse', '--show-toplevel'], { timeoutMs: 10_000 });
    if (inside.exitCode !== 0) return undefined;
    // Only when root is the top of the work tree: a subfolder of another repository is audited by walking.
    const top = await realpath(inside.stdout.trim()).catch(() => '');
    if (top !== root) return undefined;
    const listed = await execFileSafe('git', ['-C', root, 'ls-files', '-z', '--cached'], {
      timeoutMs: 60_000,
      maxOutputBytes: 64 * 1024 * 1024,
    });
    if (listed.exitCode !== 0 || listed.truncated) return undefined;
    return listed.stdout
      .split('\0')
      .filter((p) => p.length > 0)
      .sort();
  } catch {
    return undefined; // git not installed: walk instead
  }
}

async function walk(root: string, limit: number): Promise<string[]> {
  const found: string[] = [];
  const pending = [''];
  while (pending.length > 0 && found.length < limit) {
    const dir = pending.pop() ?? '';
    const entries = await readdir(join(root, dir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name === '.git' || entry.name === 'node_modules') continue;
        pending.push(path);
      } else {
        found.push(path);
      }
    }
  }
  return found.sort();
}
