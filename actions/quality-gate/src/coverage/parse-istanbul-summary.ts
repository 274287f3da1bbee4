/**
 * Istanbul's `coverage-summary.json` (`--reporter=json-summary`): totals per file and overall,
 * no per-line data. Each file reaches the sink with `summaryOnly` set and no lines, so overall
 * and per-package totals can use it while new-code coverage reports the file as not assessed
 * rather than guessing. The `total` entry is the producer's own totals.
 */
import { UserError } from '../../../../shared/runtime/errors.js';
import type { CoverageParseSummary, CoverageSink, ProducerTotals } from '../model.js';
import { isObject, istanbulEntries, parseIstanbulJsonFile } from './istanbul-json.js';
import type { CoverageParseOptions } from './parse-options.js';
import { ReportWarnings } from './report-warnings.js';

export async function parseIstanbulSummaryFile(
  path: string,
  sink: CoverageSink,
  options: CoverageParseOptions = {},
): Promise<CoverageParseSummary> {
  return parseIstanbulJsonFile(path, sink, options, parseIstanbulSummary);
}

export function parseIstanbulSummary(
  document: unknown,
  sink: CoverageSink,
  options: CoverageParseOptions & { name: string },
): CoverageParseSummary {
  const name = options.name;
  const entries = istanbulEntries(document, 'coverage-summary.json', name);
  const warnings = new ReportWarnings(name, options.warningCap);
  let files = 0;
  let producerTotals: ProducerTotals | undefined;
  for (const [key, value] of entries) {
    const totals = summaryTotals(value);
    if (!totals) {
      warnings.add(`entry ${JSON.stringify(key.slice(0, 200))} has no lines total/covered; skipped`);
      continue;
    }
    if (key === 'total') {
      producerTotals = totals;
      continue;
    }
    sink({ path: key, lines: [], summaryOnly: totals });
    files += 1;
  }
  if (files === 0 && !producerTotals) {
    throw new UserError('is not an Istanbul coverage-summary.json: no entry has lines.total and lines.covered', name);
  }
  if (files === 0) warnings.add('states only overall totals, no files');
  const summary: CoverageParseSummary = { format: 'istanbul-summary', files, warnings: warnings.list() };
  if (producerTotals) summary.producerTotals = producerTotals;
  return summary;
}

function summaryTotals(value: unknown): ProducerTotals | undefined {
  if (!isObject(value)) return undefined;
  const lines = metric(value.lines);
  if (!lines) return undefined;
  const totals: ProducerTotals = { linesFound: lines.total, linesHit: lines.covered };
  const branches = metric(value.branches);
  if (branches) Object.assign(totals, { branchesFound: branches.total, branchesHit: branches.covered });
  const functions = metric(value.functions);
  if (functions) Object.assign(totals, { functionsFound: functions.total, functionsHit: functions.covered });
  const statements = metric(value.statements);
  if (statements) Object.assign(totals, { statementsFound: statements.total, statementsHit: statements.covered });
  return totals;
}

function metric(value: unknown): { total: number; covered: number } | undefined {
  if (!isObject(value)) return undefined;
  const { total, covered } = value;
  if (!isCount(total) || !isCount(covered) || covered > total) return undefined;
  return { total, covered };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
