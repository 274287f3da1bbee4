/**
 * The bytes of a report file, in chunks, with file-system failures turned into UserErrors that
 * name the file: a missing or unreadable report is the user's to fix, and the gate fails closed.
 *
 * One buffer is read into again and again, so each chunk is valid only until the next one is
 * asked for (the line splitter copies the unfinished line it keeps). A fresh buffer per chunk,
 * as streams make, is memory outside the JavaScript heap that is freed only when a full garbage
 * collection finds its owner, and peak RSS then grew with the size of the report.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { UserError } from '../../../../shared/runtime/errors.js';

/** Large enough that per-chunk costs vanish, small enough to keep memory flat. */
export const REPORT_CHUNK_BYTES = 1024 * 1024;

export async function* reportFileChunks(path: string, chunkBytes = REPORT_CHUNK_BYTES): AsyncGenerator<Buffer> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw fileReadError(path, error);
  }
  try {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await file.read(buffer, 0, chunkBytes, null));
      } catch (error) {
        throw fileReadError(path, error);
      }
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

export function fileReadError(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new UserError('report file not found', path);
  if (code === 'EISDIR') return new UserError('is a directory, not a report file', path);
  if (code === 'EACCES' || code === 'EPERM') return new UserError('report file cannot be read (permission denied)', path);
  return error instanceof Error ? error : new Error(String(error));
}
