/**
 * Line and branch coverage, overall or on new code (the lines the change adds), within a path.
 *
 * New code counts only added lines the coverage reports list as executable. Added lines in files
 * no report mentions are not counted (a report cannot say what it never instrumented), but they
 * are named, since a new file the tests never load is a common way for code to escape coverage.
 */
import type { ChangeSet, ChangedFile } from '../diff/changed-lines.js';
import type { Condition } from './condition.js';
import type { CoverageView } from './gate-inputs.js';
import { noData, notApplicable, plural, ratio, type Measurement } from './measurement.js';

export function measureCoverage(
  condition: Condition,
  coverage: CoverageView,
  changes: ChangeSet | undefined,
): Measurement {
  const inPath = condition.path?.matches ?? (() => true);
  const within = condition.path === undefined ? '' : ` under ${condition.path.pattern}`;
  const branches = condition.metric === 'branch_coverage';
  if (condition.scope === 'overall') {
    const totals = coverage.totals(inPath);
    const [hit, found] = branches ? [totals.branchesHit, totals.branchesFound] : [totals.linesHit, totals.linesFound];
    if (found === 0)
      return noData(`the coverage reports list no ${branches ? 'branches' : 'executable lines'}${within}`);
    return ratio(hit, found, `${branches ? 'branches' : 'executable lines'}${within} covered`);
  }
  if (changes === undefined) return notApplicable('the change is unknown (no diff), so new code cannot be measured');
  const newCode = newCodeCoverage(coverage, changes, inPath, branches);
  const extras = newCodeNotes(newCode);
  if (newCode.whole === 0) {
    return notApplicable(`no new ${branches ? 'branches' : 'executable lines'}${within} to cover${extras}`);
  }
  const measurement = ratio(
    newCode.part,
    newCode.whole,
    `new ${branches ? 'branches' : 'executable lines'}${within} covered`,
  );
  measurement.detail += extras;
  return measurement;
}

export interface NewCodeCoverage {
  part: number;
  whole: number;
  /** Changed files with added lines that no coverage report mentions. */
  notInReports: string[];
  /** Files whose reports give totals only, so their new lines cannot be judged. */
  summaryOnly: string[];
  /** Files whose changed lines are unknown. */
  unknownLines: string[];
  /** Uncovered new lines (or lines with missed branches) per file. */
  missed: Map<string, number[]>;
}

export function newCodeCoverage(
  coverage: CoverageView,
  changes: ChangeSet,
  inPath: (file: string) => boolean,
  branches: boolean,
): NewCodeCoverage {
  const result: NewCodeCoverage = {
    part: 0,
    whole: 0,
    notInReports: [],
    summaryOnly: [],
    unknownLines: [],
    missed: new Map(),
  };
  for (const file of changes.files.values()) {
    if (!carriesNewCode(file) || !inPath(file.path)) continue;
    if (!file.linesKnown) {
      result.unknownLines.push(file.path);
      continue;
    }
    const lines = coverage.coverageOfLines(file.path, file.added);
    if (lines.status === 'not-in-reports') result.notInReports.push(file.path);
    else if (lines.status === 'summary-only') result.summaryOnly.push(file.path);
    else if (branches) addBranches(result, coverage, file);
    else {
      result.part += lines.hit;
      result.whole += lines.executable;
      if (lines.missed.length > 0) result.missed.set(file.path, lines.missed);
    }
  }
  return result;
}

function carriesNewCode(file: ChangedFile): boolean {
  return file.status !== 'deleted' && !file.binary && (file.additions > 0 || !file.linesKnown);
}

function addBranches(result: NewCodeCoverage, coverage: CoverageView, file: ChangedFile): void {
  const missed: number[] = [];
  for (const line of file.added) {
    const branches = coverage.lineBranches(file.path, line);
    if (branches === undefined || branches.total === 0) continue;
    result.whole += branches.total;
    result.part += Math.min(branches.covered, branches.total);
    if (branches.covered < branches.total) missed.push(line);
  }
  if (missed.length > 0) result.missed.set(file.path, missed);
}

function newCodeNotes(coverage: NewCodeCoverage): string {
  const list = (files: string[]): string =>
    files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`;
  const notes: string[] = [];
  if (coverage.notInReports.length > 0) {
    notes.push(
      `${plural(coverage.notInReports.length, 'changed file')} in no coverage report: ${list(coverage.notInReports)}`,
    );
  }
  if (coverage.summaryOnly.length > 0) {
    notes.push(`totals only (not judged): ${list(coverage.summaryOnly)}`);
  }
  if (coverage.unknownLines.length > 0) {
    notes.push(`changed lines unknown (not judged): ${list(coverage.unknownLines)}`);
  }
  return notes.length > 0 ? `; ${notes.join('; ')}` : '';
}
