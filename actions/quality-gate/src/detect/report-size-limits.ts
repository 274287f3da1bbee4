/**
 * How large one report file may be. Streaming parsers (LCOV, XML coverage, JUnit) keep memory
 * flat whatever the size, so their cap only guards against a runaway artifact. JSON reports
 * (SARIF, ESLint, npm audit, OSV-Scanner, Istanbul) are parsed whole with JSON.parse, which
 * needs several times the file size in heap, and V8 cannot hold a string over ~512 MiB at all;
 * their cap keeps a gate on a 7 GB runner well inside memory.
 */
import type { ReportFormat } from '../model.js';

export const MAX_STREAMED_REPORT_BYTES = 4 * 1024 ** 3;
export const MAX_JSON_REPORT_BYTES = 256 * 1024 ** 2;

const JSON_FORMATS: ReadonlySet<ReportFormat> = new Set([
  'istanbul-final',
  'istanbul-summary',
  'sarif',
  'eslint-json',
  'npm-audit',
  'osv-scanner',
]);

export function maxReportBytes(format: ReportFormat): number {
  return JSON_FORMATS.has(format) ? MAX_JSON_REPORT_BYTES : MAX_STREAMED_REPORT_BYTES;
}

/** 268435456 -> "256 MiB", for messages people read. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = unit === 0 || Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${rounded} ${units[unit]}`;
}
