/**
 * summarizeTests: the common case in one call, several JUnit files (matrix legs, one file per
 * module) parsed in turn into one TestTotals, with each file's declared totals and warnings kept
 * per file so a mismatch can be traced to its report.
 */
import type { TestParseSummary } from '../model.js';
import { parseJUnit, type JUnitParseOptions } from './parse-junit.js';
import { TestTotals, type TestTotalsSnapshot } from './test-totals.js';

export interface TestsSummary {
  totals: TestTotalsSnapshot;
  files: ({ path: string } & TestParseSummary)[];
}

export async function summarizeTests(
  paths: readonly string[],
  options: JUnitParseOptions & { maxKeptCases?: number } = {},
): Promise<TestsSummary> {
  const totals = new TestTotals({ maxKeptCases: options.maxKeptCases });
  const files: TestsSummary['files'] = [];
  for (const path of paths) {
    files.push({ path, ...(await parseJUnit(path, totals.sink, { ...options, source: undefined })) });
  }
  return { totals: totals.snapshot(), files };
}
