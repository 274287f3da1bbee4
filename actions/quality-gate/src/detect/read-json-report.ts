/**
 * Reads a whole JSON report (SARIF, ESLint, npm audit, OSV-Scanner) with a size cap, and turns
 * every way it can fail into a UserError naming the file: missing, too large, not text, not
 * valid in its encoding, not JSON (truncated uploads are the common case, so they are named).
 * Istanbul coverage JSON is read here too, under coverage's own cap.
 */
import { open } from 'node:fs/promises';
import { UserError } from '../../../../shared/runtime/errors.js';
import { decodeReportText } from './decode-report-text.js';
import { formatBytes, MAX_JSON_REPORT_BYTES } from './report-size-limits.js';

/** @param name how errors name the report (e.g. its workspace-relative path); the path by default */
export async function readJsonReport(path: string, maxBytes = MAX_JSON_REPORT_BYTES, name = path): Promise<unknown> {
  const bytes = await readCapped(path, maxBytes, name);
  return parseJsonReport(decodeReportText(bytes, name).text, name);
}

/** JSON.parse with the failure explained. Exported for parsers that are given text directly. */
export function parseJsonReport(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const truncated = /end of (JSON )?input|unterminated/i.test(reason);
    throw new UserError(
      truncated
        ? `the JSON ends too early; the file looks truncated (${reason})`
        : `the file is not valid JSON (${reason})`,
      file,
    );
  }
}

async function readCapped(path: string, maxBytes: number, name: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new UserError(`cannot read the report: ${(err as Error).message}`, name);
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw tooLarge(size, maxBytes, name);
    // Read one byte past the cap: a file that grew since stat() is caught too.
    const buffer = new Uint8Array(Math.min(size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled > maxBytes) throw tooLarge(filled, maxBytes, name);
      if (filled === buffer.length) break;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

function tooLarge(size: number, maxBytes: number, name: string): UserError {
  return new UserError(
    `the report is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit for a JSON report; split it or filter it before the gate`,
    name,
  );
}
