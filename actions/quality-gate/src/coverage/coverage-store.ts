/**
 * Coverage of the whole repository, merged from any number of reports (several formats, matrix
 * legs, other machines) after their paths were made repository-relative.
 *
 * Merging rules: what ran in any leg ran, and nothing is claimed that no single report shows.
 *  - lines: a line is executable if any report lists it; its hits are the sum over reports
 *    (saturating at 2^32-1), so it is covered if any report covered it;
 *  - branches: reports state a line's branches as covered/total without saying which outcome
 *    was taken, so per line the larger total and the larger covered count are kept (two legs
 *    covering different outcomes of one `if` read as one of two, not two of two);
 *  - functions: by line and name, hits summed;
 *  - a file known only from a coverage-summary.json counts with its stated totals until some
 *    report brings its lines, which then replace those totals.
 * Storage is a LineTable per file (8 bytes per executable line).
 */
import type { FileCoverageRecord, ProducerTotals } from '../model.js';
import type { CoverageTotals } from './coverage-totals.js';
import { addTotals, emptyTotals } from './coverage-totals.js';
import type { LineRange } from './line-ranges.js';
import { LineTable, larger, sumSaturating } from './line-table.js';

interface StoredFile {
  hits: LineTable;
  linesHit: number;
  branches: LineTable;
  branchesFound: number;
  branchesHit: number;
  /** `line:name` -> hits */
  functions?: Map<string, number>;
  summaryOnly?: ProducerTotals;
}

/** Which of a set of lines (a PR's changed lines) are executable, and which of those ran. */
export interface LineSetCoverage {
  /**
   * `assessed`: the file has per-line data. `summary-only`: only totals are known (not
   * assessed). `not-in-reports`: no report mentions the file (no executable lines known).
   */
  status: 'assessed' | 'summary-only' | 'not-in-reports';
  executable: number;
  hit: number;
  /** Executable lines of the set that no report covered, ascending. */
  missed: number[];
}

export type PathScope = string | readonly string[] | ((path: string) => boolean);

export class CoverageStore {
  private readonly files = new Map<string, StoredFile>();

  /** Adds one report's coverage of one file; `path` is the repository-relative path. */
  add(path: string, record: FileCoverageRecord): void {
    let file = this.files.get(path);
    if (!file) {
      file = {
        hits: LineTable.empty(1),
        linesHit: 0,
        branches: LineTable.empty(2),
        branchesFound: 0,
        branchesHit: 0,
      };
      this.files.set(path, file);
    }
    if (record.summaryOnly && record.lines.length === 0) {
      file.summaryOnly = mergeSummaries(file.summaryOnly, record.summaryOnly);
      return;
    }
    if (record.lines.length > 0) addLines(file, record.lines);
    if (record.branches && record.branches.length > 0) addBranches(file, record.branches);
    for (const fn of record.functions ?? []) {
      file.functions ??= new Map();
      const key = `${fn.line}:${fn.name}`;
      file.functions.set(key, sumSaturating(file.functions.get(key) ?? 0, Math.max(0, fn.hits)));
    }
  }

  /** Repository-relative paths of every file any report mentioned, sorted. */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  fileTotals(path: string): CoverageTotals | undefined {
    const file = this.files.get(path);
    return file ? totalsOf(file) : undefined;
  }

  /** Totals over all files, or those in `scope`: a path prefix (segment-wise), several, or a test. */
  totals(scope?: PathScope): CoverageTotals {
    const test = scopeTest(scope);
    const totals = emptyTotals();
    for (const [path, file] of this.files) if (test(path)) addTotals(totals, totalsOf(file));
    return totals;
  }

  /** Hits of one line (summed over reports), or undefined when no report lists it as executable. */
  lineHits(path: string, line: number): number | undefined {
    const file = this.files.get(path);
    if (!file) return undefined;
    const index = file.hits.indexOf(line);
    return index < 0 ? undefined : file.hits.count(index);
  }

  /** Branches of one line as merged (covered, total), or undefined when no report lists any. */
  lineBranches(path: string, line: number): { covered: number; total: number } | undefined {
    const file = this.files.get(path);
    if (!file) return undefined;
    const index = file.branches.indexOf(line);
    return index < 0 ? undefined : { covered: file.branches.count(index, 0), total: file.branches.count(index, 1) };
  }

  /** Executable lines of a file, ascending (a copy). */
  executableLines(path: string): number[] {
    const file = this.files.get(path);
    return file ? Array.from(file.hits.lines) : [];
  }

  /** New-code coverage of `lines` (e.g. the lines a PR changed) in one file. */
  coverageOfLines(path: string, lines: Iterable<number>): LineSetCoverage {
    const file = this.files.get(path);
    if (!file) return { status: 'not-in-reports', executable: 0, hit: 0, missed: [] };
    if (file.hits.length === 0 && file.summaryOnly) return { status: 'summary-only', executable: 0, hit: 0, missed: [] };
    let executable = 0;
    let hit = 0;
    const missed: number[] = [];
    for (const line of new Set(lines)) {
      const index = file.hits.indexOf(line);
      if (index < 0) continue;
      executable += 1;
      if (file.hits.count(index) > 0) hit += 1;
      else missed.push(line);
    }
    missed.sort((a, b) => a - b);
    return { status: 'assessed', executable, hit, missed };
  }

  /**
   * Uncovered lines as ranges for annotations. A range runs across lines no report lists
   * (blank lines, comments, declarations) and stops at an executable line that ran, so 10, 11,
   * 12 uncovered, 13 covered, 15 uncovered is 10-12 and 15, while 10 and 12 uncovered with 11 a
   * comment is 10-12. With `within`, only those lines count (the PR's changed lines): an
   * executable line outside the set also ends a range.
   */
  uncoveredRanges(path: string, within?: ReadonlySet<number>): LineRange[] {
    const file = this.files.get(path);
    const ranges: LineRange[] = [];
    if (!file) return ranges;
    let open: LineRange | undefined;
    for (let i = 0; i < file.hits.length; i += 1) {
      const line = file.hits.lines[i] as number;
      const uncovered = file.hits.count(i) === 0 && (within === undefined || within.has(line));
      if (!uncovered) {
        open = undefined;
        continue;
      }
      if (open) open.end = line;
      else {
        open = { start: line, end: line };
        ranges.push(open);
      }
    }
    return ranges;
  }
}

function addLines(file: StoredFile, incoming: readonly { line: number; hits: number }[]): void {
  const lines = ascendingUnique(incoming, (e) => e.line, (a, b) => ({ line: a.line, hits: a.hits + b.hits }));
  if (file.hits.length === 0) {
    file.hits = LineTable.fromHits(lines);
  } else {
    const lineOf = (i: number): number => (lines[i] as { line: number }).line;
    const hitsOf = (i: number): number => (lines[i] as { hits: number }).hits;
    file.hits = file.hits.merge(lines.length, lineOf, hitsOf, sumSaturating);
  }
  file.linesHit = countNonZero(file.hits, 0);
}

type LineBranches = { line: number; covered: number; total: number };

function addBranches(file: StoredFile, incoming: readonly LineBranches[]): void {
  const branches = ascendingUnique(
    incoming,
    (e) => e.line,
    (a, b) => ({ line: a.line, covered: a.covered + b.covered, total: a.total + b.total }),
  );
  if (file.branches.length === 0) {
    file.branches = LineTable.fromBranches(branches);
  } else {
    const lineOf = (i: number): number => (branches[i] as LineBranches).line;
    const countOf = (i: number, component: number): number => {
      const entry = branches[i] as LineBranches;
      return component === 0 ? Math.min(entry.covered, entry.total) : entry.total;
    };
    file.branches = file.branches.merge(branches.length, lineOf, countOf, larger);
  }
  let found = 0;
  let hit = 0;
  for (let i = 0; i < file.branches.length; i += 1) {
    found += file.branches.count(i, 1);
    hit += file.branches.count(i, 0);
  }
  file.branchesFound = found;
  file.branchesHit = hit;
}

function totalsOf(file: StoredFile): CoverageTotals {
  const totals = emptyTotals();
  totals.files = 1;
  if (file.hits.length === 0 && file.summaryOnly) {
    const s = file.summaryOnly;
    totals.linesFound = s.linesFound ?? 0;
    totals.linesHit = s.linesHit ?? 0;
    totals.branchesFound = s.branchesFound ?? 0;
    totals.branchesHit = s.branchesHit ?? 0;
    totals.functionsFound = s.functionsFound ?? 0;
    totals.functionsHit = s.functionsHit ?? 0;
    totals.filesWithoutLineData = 1;
    return totals;
  }
  totals.linesFound = file.hits.length;
  totals.linesHit = file.linesHit;
  totals.branchesFound = file.branchesFound;
  totals.branchesHit = file.branchesHit;
  for (const hits of file.functions?.values() ?? []) {
    totals.functionsFound += 1;
    if (hits > 0) totals.functionsHit += 1;
  }
  return totals;
}

/**
 * Two summaries of one file (two legs' coverage-summary.json) cannot be merged line by line:
 * the larger of each count is kept, i.e. what the most complete leg saw.
 */
function mergeSummaries(a: ProducerTotals | undefined, b: ProducerTotals): ProducerTotals {
  if (!a) return { ...b };
  const out: ProducerTotals = {};
  for (const key of Object.keys({ ...a, ...b }) as (keyof ProducerTotals)[]) {
    out[key] = Math.max(a[key] ?? 0, b[key] ?? 0);
  }
  return out;
}

function countNonZero(table: LineTable, component: number): number {
  let n = 0;
  for (let i = 0; i < table.length; i += 1) if (table.count(i, component) > 0) n += 1;
  return n;
}

/** Records from our parsers are already ascending and unique; others are sorted and joined. */
function ascendingUnique<T>(entries: readonly T[], lineOf: (entry: T) => number, join: (a: T, b: T) => T): readonly T[] {
  const valid = (entry: T): boolean => Number.isInteger(lineOf(entry)) && lineOf(entry) >= 1;
  let previous = 0;
  let ordered = true;
  for (const entry of entries) {
    const line = lineOf(entry);
    // Ascending from 1 also proves each line a positive number; an integer check completes it.
    if (!(line > previous) || (line | 0) !== line) {
      ordered = false;
      break;
    }
    previous = line;
  }
  if (ordered) return entries;
  const sorted = entries.filter(valid).sort((a, b) => lineOf(a) - lineOf(b));
  const out: T[] = [];
  for (const entry of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && lineOf(last) === lineOf(entry)) out[out.length - 1] = join(last, entry);
    else out.push(entry);
  }
  return out;
}

function scopeTest(scope: PathScope | undefined): (path: string) => boolean {
  if (scope === undefined) return () => true;
  if (typeof scope === 'function') return scope;
  const prefixes = (typeof scope === 'string' ? [scope] : scope).map((p) =>
    p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, ''),
  );
  if (prefixes.some((p) => p === '' || p === '.')) return () => true;
  return (path) => prefixes.some((p) => path === p || path.startsWith(`${p}/`));
}
