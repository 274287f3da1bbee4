/**
 * Classifies the current attempt's tests as passed, failed, flaky or skipped.
 *
 * Flaky means: failed, then passed on a retry of the same commit. Two kinds of evidence:
 * - the same report: the runner retried the case and it passed (Surefire <flakyFailure>, which
 *   the JUnit parser marks `flaky`);
 * - an earlier attempt (GitHub's "re-run jobs", GITHUB_RUN_ATTEMPT > 1): the test failed there
 *   and passes now.
 * A flaky test is reported as flaky, never as a pass, so a green re-run cannot hide it.
 *
 * A test that failed in an earlier attempt and does not appear in this one (a re-run of only
 * some tests) keeps its last result, a failure: leaving it out would let a partial re-run pass.
 * Earlier passes are not carried over; counts describe what ran now plus those failures.
 *
 * Memory: counts, per-file counts (so conditions scoped to a monorepo path can compute a pass
 * rate), and the failing and flaky cases up to a cap.
 */
import type { TestCaseRecord, TestSink } from '../model.js';
import type { AttemptFailures } from './attempt-failures.js';
import { testIdentity } from './test-identity.js';

export type TestOutcome = 'passed' | 'failed' | 'flaky' | 'skipped';

export interface TestCounts {
  passed: number;
  failed: number;
  flaky: number;
  skipped: number;
}

/** A failing or flaky test, as reported. */
export interface ClassifiedTest {
  id: string;
  outcome: 'failed' | 'flaky';
  record: TestCaseRecord;
  /** The attempt the outcome is from: the current one, or an earlier one for carried failures. */
  attempt: number;
  /** Earlier attempts of the same commit in which it failed. */
  failedInAttempts: number[];
  /** True when the runner itself retried it within this attempt's report. */
  retriedInReport: boolean;
  /** True for a failure carried from an earlier attempt because this one did not run the test. */
  carriedOver: boolean;
}

export interface TestClassification {
  attempt: number;
  counts: TestCounts;
  /** Per test file, for tests whose report names their file. */
  countsByFile: Map<string, TestCounts>;
  /** Tests whose report names no file: counted overall, never under a path. */
  countsWithoutFile: TestCounts;
  failed: ClassifiedTest[];
  flaky: ClassifiedTest[];
  /** Failing and flaky tests past the cap: counted, not listed. */
  failedNotKept: number;
  flakyNotKept: number;
  notes: string[];
}

export interface TestClassifierOptions {
  /** GITHUB_RUN_ATTEMPT of the current attempt. Default 1. */
  attempt?: number;
  commit?: string;
  /** Failures of earlier attempts; those of another commit are ignored with a note. */
  earlier?: readonly AttemptFailures[];
  /** Failing and flaky tests listed at most (each). Default 1,000. */
  maxKept?: number;
}

export function emptyCounts(): TestCounts {
  return { passed: 0, failed: 0, flaky: 0, skipped: 0 };
}

export class TestClassifier {
  private readonly attempt: number;
  private readonly maxKept: number;
  private readonly earlierFailures = new Map<string, { record: TestCaseRecord; attempts: number[] }>();
  private readonly seenEarlierFailures = new Set<string>();
  private readonly counts = emptyCounts();
  private readonly countsByFile = new Map<string, TestCounts>();
  private readonly countsWithoutFile = emptyCounts();
  private readonly failed: ClassifiedTest[] = [];
  private readonly flaky: ClassifiedTest[] = [];
  private failedNotKept = 0;
  private flakyNotKept = 0;
  private readonly notes: string[] = [];
  private finished = false;

  /** Pass to the JUnit parser reading the current attempt's reports. */
  readonly sink: TestSink = (record) => this.add(record);

  constructor(options: TestClassifierOptions = {}) {
    this.attempt = options.attempt ?? 1;
    this.maxKept = options.maxKept ?? 1_000;
    for (const earlier of options.earlier ?? []) this.addEarlier(earlier, options.commit);
  }

  add(record: TestCaseRecord): void {
    if (this.finished) throw new Error('internal: a test record arrived after classify()');
    const id = testIdentity(record);
    const earlier = this.earlierFailures.get(id);
    if (earlier !== undefined) this.seenEarlierFailures.add(id);
    const outcome = outcomeOf(record, earlier !== undefined);
    this.count(record, outcome);
    if (outcome === 'failed' || outcome === 'flaky') {
      this.keep({
        id,
        outcome,
        record,
        attempt: this.attempt,
        failedInAttempts: earlier?.attempts ?? [],
        retriedInReport: record.flaky === true || (record.attempts ?? 1) > 1,
        carriedOver: false,
      });
    }
  }

  /** Ends the classification: call once, after the last record. */
  classify(): TestClassification {
    if (this.finished) throw new Error('internal: TestClassifier.classify() called twice');
    this.finished = true;
    let carried = 0;
    for (const [id, { record, attempts }] of this.earlierFailures) {
      if (this.seenEarlierFailures.has(id)) continue;
      carried += 1;
      this.count(record, 'failed');
      this.keep({
        id,
        outcome: 'failed',
        record,
        attempt: Math.max(...attempts),
        failedInAttempts: attempts,
        retriedInReport: false,
        carriedOver: true,
      });
    }
    const notes = [...this.notes];
    if (carried > 0) {
      notes.push(
        `${carried} test${carried === 1 ? '' : 's'} failed in an earlier attempt and did not run in attempt ${this.attempt}; ` +
          'counted as failing (its last result)',
      );
    }
    return {
      attempt: this.attempt,
      counts: this.counts,
      countsByFile: this.countsByFile,
      countsWithoutFile: this.countsWithoutFile,
      failed: this.failed,
      flaky: this.flaky,
      failedNotKept: this.failedNotKept,
      flakyNotKept: this.flakyNotKept,
      notes,
    };
  }

  private addEarlier(earlier: AttemptFailures, commit: string | undefined): void {
    if (earlier.attempt >= this.attempt) {
      this.notes.push(`attempt ${earlier.attempt} is not earlier than the current attempt ${this.attempt}; ignored`);
      return;
    }
    if (commit !== undefined && earlier.commit !== undefined && earlier.commit !== commit) {
      this.notes.push(
        `attempt ${earlier.attempt} ran commit ${earlier.commit.slice(0, 12)}, not ${commit.slice(0, 12)}; ` +
          'flakiness is judged on the same commit only, so it was ignored',
      );
      return;
    }
    for (const [id, record] of earlier.failures) {
      const known = this.earlierFailures.get(id);
      if (known === undefined) this.earlierFailures.set(id, { record, attempts: [earlier.attempt] });
      else if (!known.attempts.includes(earlier.attempt)) {
        known.attempts.push(earlier.attempt);
        known.attempts.sort((a, b) => a - b);
        if (earlier.attempt === Math.max(...known.attempts)) known.record = record;
      }
    }
  }

  private count(record: TestCaseRecord, outcome: TestOutcome): void {
    this.counts[outcome] += 1;
    if (record.file === undefined || record.file === '') {
      this.countsWithoutFile[outcome] += 1;
      return;
    }
    let counts = this.countsByFile.get(record.file);
    if (counts === undefined) {
      counts = emptyCounts();
      this.countsByFile.set(record.file, counts);
    }
    counts[outcome] += 1;
  }

  private keep(test: ClassifiedTest): void {
    const list = test.outcome === 'failed' ? this.failed : this.flaky;
    if (list.length < this.maxKept) list.push(test);
    else if (test.outcome === 'failed') this.failedNotKept += 1;
    else this.flakyNotKept += 1;
  }
}

function outcomeOf(record: TestCaseRecord, failedEarlier: boolean): TestOutcome {
  switch (record.status) {
    case 'failed':
    case 'error':
      return 'failed';
    case 'skipped':
      return 'skipped';
    case 'passed':
      return record.flaky === true || failedEarlier ? 'flaky' : 'passed';
  }
}

/** The current attempt's records classified in one call. */
export function classifyTests(
  records: Iterable<TestCaseRecord>,
  options: TestClassifierOptions = {},
): TestClassification {
  const classifier = new TestClassifier(options);
  for (const record of records) classifier.add(record);
  return classifier.classify();
}
