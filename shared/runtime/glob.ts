import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';

/**
 * A small file glob (Node 20 has no fs.glob): `*` and `?` within one path segment, `**` across
 * segments, and a plain directory meaning "every file under it" (how download-artifact lays out
 * artifacts). Patterns are resolved against `cwd`; results are absolute, sorted and de-duplicated.
 * The walk is bounded (maxFiles) so a pattern like `/**` cannot run away.
 */
export async function expandGlobs(
  patterns: readonly string[],
  options: { cwd?: string; maxFiles?: number } = {},
): Promise<string[]> {
  const cwd = options.cwd ?? process.cwd();
  const maxFiles = options.maxFiles ?? 10_000;
  const found = new Set<string>();
  for (const pattern of patterns) {
    const absolute = resolve(cwd, pattern);
    const base = staticPrefix(absolute);
    const info = await stat(base).catch(() => undefined);
    if (!info) continue;
    if (info.isFile()) {
      if (base === absolute) found.add(base);
      continue;
    }
    const matcher = base === absolute ? () => true : globToRegExp(relative(base, absolute));
    for await (const file of walk(base, maxFiles)) {
      if (matcher(relative(base, file).split(sep).join('/'))) found.add(file);
      if (found.size > maxFiles) throw new Error(`glob '${pattern}' matched more than ${maxFiles} files`);
    }
  }
  return [...found].sort();
}

/** The longest leading part of the path without wildcard characters. */
function staticPrefix(path: string): string {
  const parts = path.split(sep);
  const firstWild = parts.findIndex((part) => /[*?[]/.test(part));
  return firstWild === -1 ? path : parts.slice(0, firstWild).join(sep) || sep;
}

export function globToRegExp(pattern: string): (path: string) => boolean {
  let source = '';
  const segments = pattern.split(/[\\/]/);
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      source += last ? '.*' : '(?:[^/]+/)*';
      return;
    }
    for (const char of segment) {
      if (char === '*') source += '[^/]*';
      else if (char === '?') source += '[^/]';
      else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    if (!last) source += '/';
  });
  const regex = new RegExp(`^${source}$`);
  return (path) => regex.test(path);
}

async function* walk(dir: string, budget: number): AsyncGenerator<string> {
  const stack = [dir];
  let seen = 0;
  while (stack.length > 0) {
    const current = stack.pop() as string;
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (++seen > budget * 10) return;
      const full = join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.git') stack.push(full);
      } else if (entry.isFile()) {
        yield full;
      }
    }
  }
}
