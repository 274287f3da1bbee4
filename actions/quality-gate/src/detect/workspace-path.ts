/**
 * Report paths must stay inside the workspace. A pull request controls its workflow's inputs
 * and can commit symlinks; without this check `reports: ../../etc/shadow` or a committed
 * `lcov.info -> /home/runner/.ssh/id_rsa` would have the gate read (and quote in a public
 * comment) files from outside the checkout. The check is on the real path, after symlinks.
 */
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { UserError } from '../../../../shared/runtime/errors.js';

/** True when `path` is `root` itself or below it (both absolute, already resolved). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** A glob or path given by the user must not point outside `cwd` before any file is read. */
export function assertPatternInsideWorkspace(pattern: string, cwd: string): void {
  if (!isInside(resolve(cwd), resolve(cwd, pattern))) {
    throw new UserError(
      `points outside the workspace ${resolve(cwd)}; report paths must be inside the repository checkout`,
      pattern,
    );
  }
}

/** Resolves symlinks and refuses a file whose real location is outside `realRoot`. */
export async function realPathInsideWorkspace(file: string, realRoot: string): Promise<string> {
  const real = await realpath(file);
  if (!isInside(realRoot, real)) {
    throw new UserError(
      `is a symbolic link to ${real}, outside the workspace ${realRoot}; the gate reads no files outside it`,
      file,
    );
  }
  return real;
}
