/**
 * TestTotals: counts test cases as a parser emits them and keeps only what a report shows,
 * the failing (and flaky) cases up to a cap, so a run of a million tests costs a few counters.
 * A flaky case (failed, then passed on a retry) is counted as flaky and not as passed: the
 * gate reports it rather than letting the retry hide it.
 */
import type { TestCaseRecord, TestSink } from '../model.js';

export interface TestTotalsSnapshot {
  total: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  flaky: number;
  /** Sum of the known durations, and how many cases had none. */
  durationMs: number;
  withoutDuration: number;
  /** Failed and errored cases in report order, at most the cap; `failuresNotKept` counts the rest. */
  failures: TestCaseRecord[];
  failuresNotKept: number;
  flakyCases: TestCaseRecord[];
  flakyNotKept: number;
}

export class TestTotals {
  total = 0;
  passed = 0;
  failed = 0;
  errors = 0;
  skipped = 0;
  flaky = 0;
  durationMs = 0;
  withoutDuration = 0;
  readonly failures: TestCaseRecord[] = [];
  failuresNotKept = 0;
  readonly flakyCases: TestCaseRecord[] = [];
  flakyNotKept = 0;
  private readonly maxKept: number;

  /** Pass `sink` to a parser. */
  readonly sink: TestSink = (record) => this.add(record);

  constructor(options: { maxKeptCases?: number } = {}) {
    this.maxKept = options.maxKeptCases ?? 1_000;
  }

  add(record: TestCaseRecord): void {
    this.total += 1;
    if (record.durationMs === undefined) this.withoutDuration += 1;
    else this.durationMs += record.durationMs;
    switch (record.status) {
      case 'failed':
      case 'error':
        if (record.status === 'failed') this.failed += 1;
        else this.errors += 1;
        if (this.failures.length < this.maxKept) this.failures.push(record);
        else this.failuresNotKept += 1;
        return;
      case 'skipped':
        this.skipped += 1;
        return;
      default:
        if (record.flaky === true) {
          this.flaky += 1;
          if (this.flakyCases.length < this.maxKept) this.flakyCases.push(record);
          else this.flakyNotKept += 1;
        } else {
          this.passed += 1;
        }
    }
  }

  /** Passed / (total - skipped), in percent; undefined when nothing ran. */
  passRate(): number | undefined {
    const ran = this.total - this.skipped;
    return ran === 0 ? undefined : (this.passed / ran) * 100;
  }

  snapshot(): TestTotalsSnapshot {
    return {
      total: this.total,
      passed: this.passed,
      failed: this.failed,
      errors: this.errors,
      skipped: this.skipped,
      flaky: this.flaky,
      durationMs: Math.round(this.durationMs * 1_000) / 1_000,
      withoutDuration: this.withoutDuration,
      failures: [...this.failures],
      failuresNotKept: this.failuresNotKept,
      flakyCases: [...this.flakyCases],
      flakyNotKept: this.flakyNotKept,
    };
  }
}
