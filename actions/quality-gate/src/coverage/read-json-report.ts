/**
 * Reads a JSON report whole, with a size cap and errors that name the file and, when the
 * engine tells us, the line and column.
 *
 * JSON coverage cannot be streamed usefully (an Istanbul file's per-file maps are needed
 * together), so the cap is what bounds memory: 512 MiB is also about V8's longest string.
 */
import { readFile, stat } from 'node:fs/promises';
import { UserError } from '../../../../shared/runtime/errors.js';
import { fileReadError } from './report-file-chunks.js';

export const DEFAULT_JSON_LIMIT_BYTES = 512 * 1024 * 1024;

export async function readJsonReport(
  path: string,
  name: string = path,
  limitBytes: number = DEFAULT_JSON_LIMIT_BYTES,
): Promise<unknown> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    size = info.size;
  } catch (error) {
    throw fileReadError(name, error);
  }
  if (size > limitBytes) {
    throw new UserError(
      `is ${formatMiB(size)}, over the ${formatMiB(limitBytes)} limit for JSON coverage reports; use LCOV or Cobertura, which are read as streams`,
      name,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw fileReadError(name, error);
  }
  return parseJsonText(decodeJsonBytes(bytes, name), name);
}

/** JSON text from bytes: UTF-8 with or without BOM, or UTF-16 with a BOM. */
export function decodeJsonBytes(bytes: Buffer, name: string): string {
  if (bytes.length === 0) throw new UserError('is empty: no coverage data', name);
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    return bytes.toString('utf8', start);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_STRING_TOO_LONG') {
      throw new UserError('is too large to read as one JSON text', name);
    }
    throw error;
  }
}

export function parseJsonText(text: string, name: string): unknown {
  if (text.trim() === '') throw new UserError('is empty: no coverage data', name);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    const where = position ? `${name}:${lineAndColumn(text, Number(position[1]))}` : name;
    // V8 quotes the surrounding text after a comma in some messages: keep only the first clause
    // (the quote can be long, and it is junk when the file is binary).
    const reason = message.split(/, "|\n/)[0]?.replace(/ in JSON at position \d+.*$/, '') ?? message;
    throw new UserError(`is not valid JSON: ${reason}`, where);
  }
}

function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return `${line}:${offset - lineStart + 1}`;
}

function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
