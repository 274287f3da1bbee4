/**
 * One LCOV file record (`SF:` to `end_of_record`) while it is read.
 *
 * Functions need bookkeeping of their own: `FN` names a function and its line, `FNDA` gives hits
 * by name only. Istanbul writes one `FN`/`FNDA` pair per function even when two functions share a
 * name (two classes' `constructor`), in the same order, so the n-th `FNDA` of a name goes to the
 * n-th `FN` of that name; that keeps our function count equal to the producer's FNF. lcov 2.x's
 * `FNL`/`FNA` (a function by index, with aliases) count one function per index.
 */
import type { FileCoverageRecord } from '../model.js';
import { FileCoverageBuilder } from './file-coverage-builder.js';

interface LcovFunction {
  name: string;
  line: number;
  hits: number;
}

export class LcovRecord {
  private readonly coverage: FileCoverageBuilder;
  private readonly functions: LcovFunction[] = [];
  private byName?: Map<string, { indices: number[]; nextHit: number }>;
  private byIndex?: Map<string, LcovFunction>;

  constructor(readonly path: string) {
    // Two DA lines for one line are two counters: lcov adds them, and so do we.
    this.coverage = new FileCoverageBuilder(path, { lines: 'sum', branches: 'sum' });
  }

  addLine(line: number, hits: number): void {
    this.coverage.addLine(line, hits);
  }

  addBranch(line: number, taken: boolean): void {
    this.coverage.addBranches(line, taken ? 1 : 0, 1);
  }

  /** `FN:<line>[,<end line>],<name>` */
  declareFunction(name: string, line: number): void {
    const index = this.functions.length;
    this.functions.push({ name, line, hits: 0 });
    this.byName ??= new Map();
    const entry = this.byName.get(name);
    if (entry) entry.indices.push(index);
    else this.byName.set(name, { indices: [index], nextHit: 0 });
  }

  /** `FNDA:<hits>,<name>`; a name never declared becomes a function at line 0 (its line unknown). */
  addFunctionHits(name: string, hits: number): void {
    const entry = this.byName?.get(name);
    if (!entry) {
      this.declareFunction(name, 0);
      this.addFunctionHits(name, hits);
      return;
    }
    // More FNDA than FN for a name (concatenated test runs): the extra hits go to the last one.
    const slot = Math.min(entry.nextHit, entry.indices.length - 1);
    entry.nextHit += 1;
    const fn = this.functions[entry.indices[slot] as number] as LcovFunction;
    fn.hits += hits;
  }

  /** `FNL:<index>,<line>[,<end line>]` */
  locateFunction(index: string, line: number): void {
    this.byIndex ??= new Map();
    const known = this.byIndex.get(index);
    if (known) known.line = line;
    else this.byIndex.set(index, { name: '', line, hits: 0 });
  }

  /** `FNA:<index>,<hits>,<name>`: an alias of the function at `index`; aliases add their hits. */
  addFunctionAlias(index: string, hits: number, name: string): void {
    this.byIndex ??= new Map();
    const known = this.byIndex.get(index);
    if (!known) {
      this.byIndex.set(index, { name, line: 0, hits });
      return;
    }
    if (known.name === '') known.name = name;
    known.hits += hits;
  }

  toRecord(): FileCoverageRecord {
    for (const fn of this.functions) this.coverage.addFunction(fn.name, fn.line, fn.hits);
    for (const [index, fn] of this.byIndex ?? []) this.coverage.addFunction(fn.name || `#${index}`, fn.line, fn.hits);
    return this.coverage.toRecord();
  }
}
