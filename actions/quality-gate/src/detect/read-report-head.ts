/**
 * The first bytes of a report, enough to tell its format. Detection never reads a whole file:
 * reports may be gigabytes, and a format is always recognisable from its beginning.
 */
import { open } from 'node:fs/promises';

export const REPORT_HEAD_BYTES = 64 * 1024;

export async function readReportHead(
  path: string,
  maxBytes = REPORT_HEAD_BYTES,
): Promise<{ bytes: Uint8Array; fileSize: number }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = new Uint8Array(Math.min(maxBytes, Math.max(size, 0)));
    let filled = 0;
    // A short read is legal (pipes, network file systems): keep reading until full or EOF.
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { bytes: buffer.subarray(0, filled), fileSize: size };
  } finally {
    await handle.close();
  }
}
