/** Counted coverage of a file or a set of files. */
export interface CoverageTotals {
  files: number;
  linesFound: number;
  linesHit: number;
  branchesFound: number;
  branchesHit: number;
  functionsFound: number;
  functionsHit: number;
  /** Files known only from totals (coverage-summary.json): counted, but new code there is not assessed. */
  filesWithoutLineData: number;
}

export function emptyTotals(): CoverageTotals {
  return {
    files: 0,
    linesFound: 0,
    linesHit: 0,
    branchesFound: 0,
    branchesHit: 0,
    functionsFound: 0,
    functionsHit: 0,
    filesWithoutLineData: 0,
  };
}

export function addTotals(into: CoverageTotals, more: CoverageTotals): CoverageTotals {
  into.files += more.files;
  into.linesFound += more.linesFound;
  into.linesHit += more.linesHit;
  into.branchesFound += more.branchesFound;
  into.branchesHit += more.branchesHit;
  into.functionsFound += more.functionsFound;
  into.functionsHit += more.functionsHit;
  into.filesWithoutLineData += more.filesWithoutLineData;
  return into;
}

/** Percentage covered, or undefined when there is nothing to cover (reported as "no data", not 100 %). */
export function percentCovered(hit: number, found: number): number | undefined {
  return found === 0 ? undefined : (hit / found) * 100;
}
