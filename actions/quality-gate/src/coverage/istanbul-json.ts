/**
 * What Istanbul's two JSON reports share: the file is read whole (its per-file maps are needed
 * together, so it cannot be streamed usefully) by detect/'s JSON reader under a cap that bounds
 * memory, and the document must be an object keyed by file.
 */
import { UserError } from '../../../../shared/runtime/errors.js';
import { readJsonReport } from '../detect/read-json-report.js';
import type { CoverageParseSummary, CoverageSink } from '../model.js';
import type { CoverageParseOptions } from './parse-options.js';

/** About V8's longest string: a JSON text over it cannot be parsed at all. */
export const DEFAULT_JSON_LIMIT_BYTES = 512 * 1024 * 1024;

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the file at `path` and hands the document to `parse`, with the report's name settled. */
export async function parseIstanbulJsonFile(
  path: string,
  sink: CoverageSink,
  options: CoverageParseOptions,
  parse: (document: unknown, sink: CoverageSink, options: CoverageParseOptions & { name: string }) => CoverageParseSummary,
): Promise<CoverageParseSummary> {
  const name = options.name ?? path;
  return parse(await readJsonReport(path, DEFAULT_JSON_LIMIT_BYTES, name), sink, { ...options, name });
}

/**
 * The document's entries, once it is known to be an object of files.
 * @param report the file the document claims to be, for the error (`coverage-final.json`)
 */
export function istanbulEntries(document: unknown, report: string, name: string): [string, unknown][] {
  if (!isObject(document)) {
    throw new UserError(`is not an Istanbul ${report}: expected an object of files`, name);
  }
  return Object.entries(document);
}
