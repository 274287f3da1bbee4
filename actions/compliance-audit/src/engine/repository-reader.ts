import { lstat, readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Evidence and comments are read only from regular files inside the repository. */
const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

/** The bytes of a repository-relative file, or undefined when it is missing, a link, too big, or outside. */
export async function readRepositoryBytes(root: string, path: string): Promise<Buffer | undefined> {
  if (path === '' || isAbsolute(path) || path.split(/[\\/]/).includes('..')) return undefined;
  const full = resolve(root, path);
  try {
    const info = await lstat(full);
    if (!info.isFile() || info.size > MAX_EVIDENCE_BYTES) return undefined;
    const real = await realpath(full);
    const base = await realpath(root);
    const rel = relative(base, real);
    if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return undefined;
    return await readFile(real);
  } catch {
    return undefined;
  }
}

export function repositoryTextReader(root: string): (path: string) => Promise<string | undefined> {
  return async (path) => {
    const bytes = await readRepositoryBytes(root, path);
    if (bytes === undefined) return undefined;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
  };
}
