/**
 * Collects the coverage of one source file as a parser meets it, and hands it over as a
 * FileCoverageRecord with lines ascending and each line once.
 *
 * When the same line is met twice, what that means depends on the format: in LCOV two `DA`
 * lines for one line are two counters (template instances, concatenated tracefiles) and lcov
 * itself adds them; in the XML formats the same line listed by two classes of one file (inner
 * classes, compiler-generated ones) is the same execution seen twice, so the larger count wins.
 */
import type { FileCoverageRecord } from '../model.js';

export type DuplicatePolicy = 'sum' | 'max';

/**
 * Branches on one line met twice are a different question from lines: Istanbul lists each
 * branch point separately (two `if`s on one line add up), while the XML formats state a line's
 * branches as a whole (the larger statement wins).
 */
export interface DuplicatePolicies {
  lines: DuplicatePolicy;
  branches: DuplicatePolicy;
}

interface LineHits {
  line: number;
  hits: number;
}

interface LineBranches {
  line: number;
  covered: number;
  total: number;
}

export class FileCoverageBuilder {
  private lines: LineHits[] = [];
  private linesInOrder = true;
  private branches: LineBranches[] = [];
  private branchesInOrder = true;
  private functions: { name: string; line: number; hits: number }[] = [];

  constructor(
    readonly path: string,
    private readonly duplicates: DuplicatePolicies,
  ) {}

  get lineCount(): number {
    return this.lines.length;
  }

  addLine(line: number, hits: number): void {
    const last = this.lines[this.lines.length - 1];
    if (last !== undefined) {
      if (last.line === line) {
        last.hits = this.duplicates.lines === 'sum' ? last.hits + hits : Math.max(last.hits, hits);
        return;
      }
      if (last.line > line) this.linesInOrder = false;
    }
    this.lines.push({ line, hits });
  }

  /** Adds `total` branch outcomes of `line`, `covered` of them taken. */
  addBranches(line: number, covered: number, total: number): void {
    const last = this.branches[this.branches.length - 1];
    if (last !== undefined) {
      if (last.line === line) {
        this.combineBranches(last, covered, total);
        return;
      }
      if (last.line > line) this.branchesInOrder = false;
    }
    this.branches.push({ line, covered, total });
  }

  addFunction(name: string, line: number, hits: number): void {
    this.functions.push({ name, line, hits });
  }

  toRecord(): FileCoverageRecord {
    const record: FileCoverageRecord = { path: this.path, lines: this.sortedLines() };
    if (this.branches.length > 0) record.branches = this.sortedBranches();
    if (this.functions.length > 0) record.functions = this.functions;
    return record;
  }

  private combineBranches(into: LineBranches, covered: number, total: number): void {
    if (this.duplicates.branches === 'sum') {
      into.covered += covered;
      into.total += total;
    } else {
      into.covered = Math.max(into.covered, covered);
      into.total = Math.max(into.total, total);
    }
  }

  private sortedLines(): LineHits[] {
    if (this.linesInOrder) return this.lines;
    const sorted = [...this.lines].sort((a, b) => a.line - b.line);
    const merged: LineHits[] = [];
    for (const entry of sorted) {
      const last = merged[merged.length - 1];
      if (last !== undefined && last.line === entry.line) {
        last.hits = this.duplicates.lines === 'sum' ? last.hits + entry.hits : Math.max(last.hits, entry.hits);
      } else merged.push({ ...entry });
    }
    return merged;
  }

  private sortedBranches(): LineBranches[] {
    if (this.branchesInOrder) return this.branches;
    const sorted = [...this.branches].sort((a, b) => a.line - b.line);
    const merged: LineBranches[] = [];
    for (const entry of sorted) {
      const last = merged[merged.length - 1];
      if (last !== undefined && last.line === entry.line) this.combineBranches(last, entry.covered, entry.total);
      else merged.push({ ...entry });
    }
    return merged;
  }
}
