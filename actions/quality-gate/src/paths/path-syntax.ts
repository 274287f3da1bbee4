/**
 * Lexical path handling for paths written by coverage producers on any machine.
 *
 * Reports arrive from Linux, macOS and Windows runners alike, so a path is read as text, never
 * through `node:path` (whose rules are those of the machine reading the report, not of the one
 * that wrote it). Nothing here touches the file system.
 */

/** `\` is a separator too: Windows producers write it, and no repository we gate uses it in names. */
export function toForwardSlashes(path: string): string {
  return path.includes('\\') ? path.replace(/\\/g, '/') : path;
}

const DRIVE_LETTER = /^[A-Za-z]:(\/|$)/;

/** Absolute on some machine: `/x`, `C:/x` (after `toForwardSlashes`), or a UNC `//server/share`. */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || DRIVE_LETTER.test(path);
}

/** Written on Windows: drive letter or backslashes. Such paths compare case-insensitively. */
export function looksLikeWindowsPath(raw: string): boolean {
  return raw.includes('\\') || DRIVE_LETTER.test(raw);
}

/** `file:///C:/x/y.ts` and `file:///home/x.ts` as some producers write them, as plain paths. */
export function stripFileUrl(path: string): string {
  if (!/^file:\/\//i.test(path)) return path;
  let rest = path.slice('file://'.length);
  // file://host/share is a UNC path; file:///x is local. Keep the leading slash for local paths
  // and drop it before a drive letter (file:///C:/x).
  if (/^\/[A-Za-z]:\//.test(rest)) rest = rest.slice(1);
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}

/** The result of resolving `.` and `..` lexically. */
export interface Segments {
  segments: string[];
  /** How many `..` climbed above the start: a relative path with any escapes its base. */
  escapes: number;
}

/**
 * Splits on `/`, drops empty and `.` segments and resolves `..` against the preceding segments.
 * For absolute paths the root (`/` or `C:`) is not a segment; call with the part after it.
 */
export function splitSegments(path: string): Segments {
  const segments: string[] = [];
  let escapes = 0;
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments.length > 0) segments.pop();
      else escapes += 1;
      continue;
    }
    segments.push(part);
  }
  return { segments, escapes };
}

/** The part of an absolute path after its root: `/a/b` -> `a/b`, `C:/a/b` -> `a/b`, `//srv/a` -> `srv/a`. */
export function withoutRoot(absolute: string): string {
  if (DRIVE_LETTER.test(absolute)) return absolute.slice(2);
  return absolute.replace(/^\/+/, '');
}

/** Joins a base and a relative path as text; a relative base stays relative. */
export function joinPaths(base: string, relative: string): string {
  if (base === '' || base === '.') return relative;
  return base.endsWith('/') ? `${base}${relative}` : `${base}/${relative}`;
}

/**
 * `path` relative to `root` when `path` lies under `root` (segment-wise, so `/w/repo2` is not
 * under `/w/repo`), else undefined. Windows-looking paths compare case-insensitively.
 */
export function relativeToRoot(path: string, root: string, ignoreCase: boolean): string | undefined {
  const trimmedRoot = root.replace(/\/+$/, '');
  if (trimmedRoot === '') return path.startsWith('/') ? path.slice(1) : undefined;
  const a = ignoreCase ? path.toLowerCase() : path;
  const b = ignoreCase ? trimmedRoot.toLowerCase() : trimmedRoot;
  if (a === b) return '';
  if (a.startsWith(`${b}/`)) return path.slice(trimmedRoot.length + 1);
  return undefined;
}
