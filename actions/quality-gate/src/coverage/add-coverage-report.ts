/**
 * Reads one coverage report into a CoverageStore: parse (streaming), make each path
 * repository-relative, merge. Returns what a gate needs to explain itself: the parser's summary,
 * our count beside the producer's, and every warning (parse problems, dropped paths, totals that
 * disagree with the producer's).
 */
import type { CoverageFormat, CoverageParseSummary } from '../model.js';
import type { RepoFileIndex } from '../paths/repo-file-index.js';
import { ReportPathNormalizer } from '../paths/report-path-normalizer.js';
import type { CoverageStore } from './coverage-store.js';
import { parseCoverageFile } from './parse-coverage-file.js';
import { RecordTally, type CountedTotals } from './record-totals.js';

export interface AddCoverageReportOptions {
  /** Absolute path of the checkout (GITHUB_WORKSPACE or a given root). */
  workspace: string;
  /** Repository files (`git ls-files`): enables matching paths from other machines by suffix. */
  repoFiles?: RepoFileIndex;
  /** How messages name the report; the path by default. */
  name?: string;
  warningCap?: number;
}

export interface AddedCoverageReport {
  summary: CoverageParseSummary;
  /** Counted from the report's records as listed, comparable with `summary.producerTotals`. */
  counted: CountedTotals;
  /** Records whose path was dropped (outside the repository, ambiguous, NUL...). */
  droppedFiles: number;
  warnings: string[];
}

export async function addCoverageReport(
  store: CoverageStore,
  report: { path: string; format: CoverageFormat },
  options: AddCoverageReportOptions,
): Promise<AddedCoverageReport> {
  const name = options.name ?? report.path;
  const paths = new ReportPathNormalizer(name, {
    workspace: options.workspace,
    repoFiles: options.repoFiles,
    reportFile: report.path,
  });
  const tally = new RecordTally();
  let droppedFiles = 0;
  const summary = await parseCoverageFile(
    report.path,
    report.format,
    (record) => {
      tally.add(record);
      const path = paths.normalize(record.path);
      if (path === undefined) droppedFiles += 1;
      else store.add(path, record);
    },
    { name, warningCap: options.warningCap, onSourceRoots: (roots) => paths.setSourceRoots(roots) },
  );
  const mismatches = tally.mismatches(summary.producerTotals);
  const warnings = [...summary.warnings, ...paths.warnings()];
  if (mismatches.length > 0) {
    warnings.push(`${name}: our count differs from the producer's totals: ${mismatches.join('; ')}`);
  }
  return { summary, counted: tally.totals, droppedFiles, warnings };
}
