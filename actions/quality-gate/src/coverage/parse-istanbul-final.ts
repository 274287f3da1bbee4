/**
 * Istanbul's `coverage-final.json` (written by nyc, c8, jest, vitest): per file a statement map
 * and counts (`statementMap`/`s`), functions (`fnMap`/`f`) and branches (`branchMap`/`b`).
 *
 * Lines are derived exactly as istanbul-lib-coverage's `getLineCoverage` does, so our totals
 * equal the `lines` of the producer's own summary: a line's hits are the largest count among the
 * statements that start on it. Branches are counted per outcome (`b[id][i] > 0`), placed on the
 * branch's `line` or its location's start line; functions on their declaration's line.
 */
import type { CoverageParseSummary, CoverageSink } from '../model.js';
import { FileCoverageBuilder } from './file-coverage-builder.js';
import { MAX_LINE_NUMBER } from './hit-count.js';
import { isObject, istanbulEntries, parseIstanbulJsonFile, type JsonObject } from './istanbul-json.js';
import type { CoverageParseOptions } from './parse-options.js';
import { ReportWarnings } from './report-warnings.js';
import { UserError } from '../../../../shared/runtime/errors.js';

export async function parseIstanbulFinalFile(
  path: string,
  sink: CoverageSink,
  options: CoverageParseOptions = {},
): Promise<CoverageParseSummary> {
  return parseIstanbulJsonFile(path, sink, options, parseIstanbulFinal);
}

/** The same, for a document already parsed. */
export function parseIstanbulFinal(
  document: unknown,
  sink: CoverageSink,
  options: CoverageParseOptions & { name: string },
): CoverageParseSummary {
  const name = options.name;
  const entries = istanbulEntries(document, 'coverage-final.json', name);
  const warnings = new ReportWarnings(name, options.warningCap);
  let files = 0;
  for (const [key, value] of entries) {
    const data = fileCoverageData(value);
    if (!data) {
      warnings.add(`entry ${JSON.stringify(key.slice(0, 200))} is not file coverage (no statementMap and s); skipped`);
      continue;
    }
    const path = typeof data.path === 'string' && data.path !== '' ? data.path : key;
    sink(fileRecord(path, data, warnings));
    files += 1;
  }
  if (files === 0 && entries.length > 0) {
    throw new UserError('is not an Istanbul coverage-final.json: no entry has statementMap and s', name);
  }
  if (files === 0) warnings.add('has no files: no coverage data');
  return { format: 'istanbul-final', files, warnings: warnings.list() };
}

interface FileCoverageData extends JsonObject {
  statementMap: JsonObject;
  s: JsonObject;
}

/** The file object, also when wrapped as `{ data: {...} }` (FileCoverage objects serialised as is). */
function fileCoverageData(value: unknown): FileCoverageData | undefined {
  const candidate = isObject(value) && isObject(value.data) && !isObject(value.statementMap) ? value.data : value;
  if (isObject(candidate) && isObject(candidate.statementMap) && isObject(candidate.s)) {
    return candidate as FileCoverageData;
  }
  return undefined;
}

function fileRecord(path: string, data: FileCoverageData, warnings: ReportWarnings) {
  const coverage = new FileCoverageBuilder(path, { lines: 'max', branches: 'sum' });
  let badCounts = 0;
  const countOf = (value: unknown): number => {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.floor(value);
    badCounts += 1;
    return 0;
  };

  for (const [id, count] of Object.entries(data.s)) {
    const line = startLine(data.statementMap[id]);
    if (line !== undefined) coverage.addLine(line, countOf(count));
  }

  const fnMap = isObject(data.fnMap) ? data.fnMap : {};
  if (isObject(data.f)) {
    for (const [id, count] of Object.entries(data.f)) {
      const meta = fnMap[id];
      if (!isObject(meta)) continue;
      const line = startLine(meta.decl) ?? startLine(meta.loc) ?? positiveLine(meta.line) ?? 0;
      coverage.addFunction(typeof meta.name === 'string' ? meta.name : `(function ${id})`, line, countOf(count));
    }
  }

  const branchMap = isObject(data.branchMap) ? data.branchMap : {};
  if (isObject(data.b)) {
    for (const [id, counts] of Object.entries(data.b)) {
      const meta = branchMap[id];
      if (!isObject(meta) || !Array.isArray(counts)) continue;
      const locations = Array.isArray(meta.locations) ? meta.locations : [];
      const line = positiveLine(meta.line) ?? startLine(meta.loc) ?? startLine(locations[0]);
      if (line === undefined) continue;
      let covered = 0;
      for (const count of counts) if (countOf(count) > 0) covered += 1;
      coverage.addBranches(line, covered, counts.length);
    }
  }

  if (badCounts > 0) warnings.add(`${path}: ${badCounts} counts were not non-negative numbers; counted as 0`);
  return coverage.toRecord();
}

function startLine(location: unknown): number | undefined {
  if (!isObject(location) || !isObject(location.start)) return undefined;
  return positiveLine(location.start.line);
}

function positiveLine(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_LINE_NUMBER
    ? value
    : undefined;
}
