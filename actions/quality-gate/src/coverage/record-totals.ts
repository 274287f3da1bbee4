/**
 * Our own count of a report, record by record, in the producer's terms: lines, branches and
 * functions of each record as listed (before paths are resolved or files merged), so it can be
 * set beside the totals the producer states (LCOV's LF/LH sums, Cobertura's lines-valid...).
 */
import type { FileCoverageRecord, ProducerTotals } from '../model.js';

export type CountedTotals = Required<Omit<ProducerTotals, 'statementsFound' | 'statementsHit'>>;

export class RecordTally {
  readonly totals: CountedTotals = {
    linesFound: 0,
    linesHit: 0,
    branchesFound: 0,
    branchesHit: 0,
    functionsFound: 0,
    functionsHit: 0,
  };
  /**
   * Whether any record listed branches or functions. Istanbul's Clover output states a method
   * total but lists no methods: a count of 0 there is "not listed", not a disagreement.
   */
  private listsBranches = false;
  private listsFunctions = false;

  add(record: FileCoverageRecord): void {
    const into = this.totals;
    if (record.summaryOnly && record.lines.length === 0) {
      const s = record.summaryOnly;
      into.linesFound += s.linesFound ?? 0;
      into.linesHit += s.linesHit ?? 0;
      into.branchesFound += s.branchesFound ?? 0;
      into.branchesHit += s.branchesHit ?? 0;
      into.functionsFound += s.functionsFound ?? 0;
      into.functionsHit += s.functionsHit ?? 0;
      this.listsBranches ||= s.branchesFound !== undefined;
      this.listsFunctions ||= s.functionsFound !== undefined;
      return;
    }
    into.linesFound += record.lines.length;
    for (const { hits } of record.lines) if (hits > 0) into.linesHit += 1;
    if (record.branches) this.listsBranches = true;
    for (const { covered, total } of record.branches ?? []) {
      into.branchesFound += total;
      into.branchesHit += Math.min(covered, total);
    }
    if (record.functions) this.listsFunctions = true;
    for (const { hits } of record.functions ?? []) {
      into.functionsFound += 1;
      if (hits > 0) into.functionsHit += 1;
    }
  }

  /**
   * One message per total where the producer's figure and ours differ. Categories no record
   * listed are not compared. Known producer inconsistencies surface here on purpose: Istanbul's
   * Cobertura and Clover writers state all branches in their totals but list branches only on
   * lines holding a statement (a default parameter's branch on a declaration line is lost).
   */
  mismatches(stated: ProducerTotals | undefined): string[] {
    if (!stated) return [];
    const out: string[] = [];
    for (const key of Object.keys(this.totals) as (keyof CountedTotals)[]) {
      if (key.startsWith('branches') && !this.listsBranches) continue;
      if (key.startsWith('functions') && !this.listsFunctions) continue;
      const theirs = stated[key];
      if (theirs !== undefined && theirs !== this.totals[key]) {
        out.push(`${key}: the report states ${theirs}, its records hold ${this.totals[key]}`);
      }
    }
    return out;
  }
}
