/**
 * Reads a workflow file from disk for the audit, refusing what must not be read: symlinks that
 * resolve outside the repository (a pull request could point one at /etc or a runner secret),
 * anything that is not a regular file, files over the size limit (checked before reading), and
 * bytes that are not UTF-8 (GitHub reads workflows as UTF-8; guessing another encoding would
 * audit a different text than GitHub runs).
 */
import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { MAX_WORKFLOW_BYTES } from './parse-workflow-yaml.js';
import { WorkflowSkip } from './skip-reason.js';

export interface WorkflowFileBytes {
  /** Repository-relative, forward slashes. */
  file: string;
  bytes: Buffer;
  text: string;
}

/** `realRoot` is `realpath(root)`, computed once by the caller. */
export async function readWorkflowFile(realRoot: string, absolute: string, file: string): Promise<WorkflowFileBytes> {
  // Resolve every file, not only symlinked ones: a symlinked parent directory
  // (`.github/workflows -> /somewhere`) leads outside just as well.
  let target: string;
  try {
    target = await realpath(absolute);
  } catch {
    const link = await lstat(absolute).catch(() => undefined);
    throw new WorkflowSkip(file, link?.isSymbolicLink() ? 'symlink whose target does not exist' : 'file not found');
  }
  const relative = path.relative(realRoot, target);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new WorkflowSkip(file, 'symlink points outside the repository; not followed');
  }
  const info = await stat(target);
  if (!info.isFile()) throw new WorkflowSkip(file, 'not a regular file');
  if (info.size > MAX_WORKFLOW_BYTES) {
    throw new WorkflowSkip(file, `file is ${info.size} bytes; the limit is ${MAX_WORKFLOW_BYTES} bytes (1 MiB)`);
  }
  const bytes = await readFile(target);
  return { file, bytes, text: decodeUtf8(bytes, file) };
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new WorkflowSkip(file, `not valid UTF-8 (first bad byte at offset ${at}); GitHub reads workflows as UTF-8`);
  }
}

/** Offset of the first byte that breaks UTF-8, for the message. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return i;
}
