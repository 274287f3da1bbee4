/**
 * Turns a path as a coverage producer wrote it into a repository-relative POSIX path.
 *
 * Producers write whatever their machine saw: absolute paths of another runner
 * (`/home/runner/work/r/r/src/a.ts`, `C:\a\r\r\src\a.ts`, `/builds/g/r/src/a.ts`), paths relative
 * to the directory the tests ran in, package paths (JaCoCo `com/acme/A.java`), or file names
 * relative to a declared source root (Cobertura). The rules, in order:
 *
 * 1. A NUL byte, or nothing at all, drops the path.
 * 2. `file://` URLs become paths; `\` becomes `/`; `.` and `..` are resolved as text.
 * 3. Absolute under the workspace (`GITHUB_WORKSPACE` or the given root): the rest is relative.
 * 4. Relative: tried against the report's own directory and each parent up to the repository
 *    root (the producer's working directory is usually one of them); with a file list, the first
 *    existing file wins. A relative path that climbs above the root is dropped: nothing outside
 *    the repository is ever named, let alone read.
 * 5. With the repository's file list:
 *    - a relative path that names no file is matched as a tail: the repository files ending with
 *      it (JaCoCo packages under `src/main/java/`); several candidates are narrowed to the
 *      report's own directory tree, and if still several the path is dropped as ambiguous;
 *    - an absolute path outside the workspace (another machine) keeps the longest tail that is a
 *      repository file;
 *    - anything else is dropped, so build output and dependencies do not count.
 *    Without the list, only rules 1-4 apply and absolute paths outside the workspace are dropped.
 * 6. Paths written on Windows (drive letter or `\`) compare case-insensitively when the exact
 *    spelling matches nothing.
 */
import type { RepoFileIndex } from './repo-file-index.js';
import {
  isAbsolutePath,
  joinPaths,
  looksLikeWindowsPath,
  relativeToRoot,
  splitSegments,
  stripFileUrl,
  toForwardSlashes,
  withoutRoot,
} from './path-syntax.js';

export interface ReportPathContext {
  /** Absolute path of the checkout that reads the report (GITHUB_WORKSPACE, or a given root). */
  workspace: string;
  /** Every repository file, repository-relative (e.g. from `git ls-files`). */
  repoFiles?: RepoFileIndex;
  /** The report file, absolute or relative to the workspace: its directories are tried as bases. */
  reportFile?: string;
  /** Roots the report declares (Cobertura `<source>`), tried in order before the bare path. */
  sourceRoots?: readonly string[];
}

export type DropReason =
  'nul-byte' | 'empty' | 'escapes-repository' | 'outside-workspace' | 'not-in-repository' | 'ambiguous';

export type NormalizedReportPath =
  | { ok: true; path: string; matchedBy: 'workspace' | 'relative' | 'tail' | 'suffix' }
  | { ok: false; reason: DropReason };

/** How strongly a failed candidate explains the drop: the highest one is reported. */
const REASON_RANK: Record<DropReason, number> = {
  'not-in-repository': 1,
  'outside-workspace': 2,
  ambiguous: 3,
  'escapes-repository': 4,
  empty: 5,
  'nul-byte': 6,
};

export function normalizeReportPath(raw: string, context: ReportPathContext): NormalizedReportPath {
  if (raw.includes('\0')) return { ok: false, reason: 'nul-byte' };
  const path = toForwardSlashes(stripFileUrl(raw));
  if (path.trim() === '') return { ok: false, reason: 'empty' };
  const ignoreCase = looksLikeWindowsPath(raw) || looksLikeWindowsPath(context.workspace);
  const workspace = toForwardSlashes(context.workspace);
  const bases = reportBases(context.reportFile, workspace, ignoreCase);

  const candidates: string[] = [];
  if (!isAbsolutePath(path)) {
    for (const root of context.sourceRoots ?? []) {
      const slashed = toForwardSlashes(root).trim();
      if (slashed !== '' && slashed !== '.') candidates.push(joinPaths(slashed, path));
    }
  }
  candidates.push(path);

  let worst: DropReason | undefined;
  for (const candidate of candidates) {
    const result = resolveCandidate(candidate, workspace, bases, context.repoFiles, ignoreCase);
    if (result.ok) return result;
    if (worst === undefined || REASON_RANK[result.reason] > REASON_RANK[worst]) worst = result.reason;
  }
  return { ok: false, reason: worst ?? 'not-in-repository' };
}

function resolveCandidate(
  path: string,
  workspace: string,
  bases: string[],
  repoFiles: RepoFileIndex | undefined,
  ignoreCase: boolean,
): NormalizedReportPath {
  if (!isAbsolutePath(path)) return resolveRelative(path, bases, repoFiles, ignoreCase, 'relative');

  const { segments } = splitSegments(withoutRoot(path));
  const lexical = (path.startsWith('/') ? '/' : path.slice(0, 3)) + segments.join('/');
  const underWorkspace = relativeToRoot(lexical, workspace, ignoreCase);
  if (underWorkspace !== undefined) {
    // Inside the workspace the path is already repository-relative; the report's directory
    // plays no part.
    return resolveRelative(underWorkspace, [''], repoFiles, ignoreCase, 'workspace');
  }
  if (!repoFiles) return { ok: false, reason: 'outside-workspace' };
  const tail = repoFiles.longestTailIn(segments, ignoreCase);
  return tail !== undefined ? { ok: true, path: tail, matchedBy: 'tail' } : { ok: false, reason: 'not-in-repository' };
}

function resolveRelative(
  path: string,
  bases: string[],
  repoFiles: RepoFileIndex | undefined,
  ignoreCase: boolean,
  matchedBy: 'workspace' | 'relative',
): NormalizedReportPath {
  const own = splitSegments(path);
  if (!repoFiles) {
    if (own.escapes > 0) return { ok: false, reason: 'escapes-repository' };
    if (own.segments.length === 0) return { ok: false, reason: 'empty' };
    return { ok: true, path: own.segments.join('/'), matchedBy };
  }

  // The producer's working directory: the report's directory or one of its parents.
  let escapedEverywhere = true;
  for (const base of bases) {
    const joined = splitSegments(joinPaths(base, path));
    if (joined.escapes > 0 || joined.segments.length === 0) continue;
    escapedEverywhere = false;
    const candidate = joined.segments.join('/');
    const found = ignoreCase ? repoFiles.findIgnoringCase(candidate) : repoFiles.has(candidate) ? candidate : undefined;
    if (found !== undefined) return { ok: true, path: found, matchedBy };
  }
  if (escapedEverywhere) return { ok: false, reason: 'escapes-repository' };
  // `..` that stays inside the repository from some base but names no file there: no tail
  // matching for it, a path that climbs is meant literally.
  if (own.escapes > 0) return { ok: false, reason: 'not-in-repository' };
  if (own.segments.length === 0) return { ok: false, reason: 'empty' };

  // A short path under an unknown source root (JaCoCo's package paths).
  const endingWith = repoFiles.filesEndingWith(own.segments, ignoreCase);
  if (endingWith.length === 1) return { ok: true, path: endingWith[0] as string, matchedBy: 'suffix' };
  if (endingWith.length > 1) {
    const chosen = closestToReport(endingWith, bases);
    return chosen !== undefined ? { ok: true, path: chosen, matchedBy: 'suffix' } : { ok: false, reason: 'ambiguous' };
  }

  // A relative path carrying extra leading directories of another checkout (`r/src/a.ts`).
  const tail = repoFiles.longestTailIn(own.segments, ignoreCase);
  return tail !== undefined ? { ok: true, path: tail, matchedBy: 'tail' } : { ok: false, reason: 'not-in-repository' };
}

/** Of several candidates, the only one inside the deepest report directory holding any, if one. */
function closestToReport(candidates: string[], bases: string[]): string | undefined {
  for (const base of bases) {
    if (base === '') break;
    const inside = candidates.filter((c) => c.startsWith(`${base}/`));
    if (inside.length === 1) return inside[0];
    if (inside.length > 1) return undefined;
  }
  return undefined;
}

/**
 * Repository-relative directories to resolve relative producer paths against: the report's
 * directory, each parent, and finally the repository root. Without a report location (or one
 * outside the workspace) only the root.
 */
function reportBases(reportFile: string | undefined, workspace: string, ignoreCase: boolean): string[] {
  if (reportFile === undefined) return [''];
  const slashed = toForwardSlashes(reportFile);
  const relative = isAbsolutePath(slashed) ? relativeToRoot(slashed, workspace, ignoreCase) : slashed;
  if (relative === undefined) return [''];
  const { segments, escapes } = splitSegments(relative);
  if (escapes > 0) return [''];
  segments.pop(); // the report's own file name
  const bases: string[] = [];
  for (let n = segments.length; n > 0; n -= 1) bases.push(segments.slice(0, n).join('/'));
  bases.push('');
  return bases;
}
