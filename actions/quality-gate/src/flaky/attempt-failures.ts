/**
 * What an earlier attempt of the same workflow run tells the flaky-test classifier: which tests
 * failed in it. Only failures are kept (a run of a million tests has a handful), so reading the
 * previous attempt's JUnit costs almost nothing. The attempt's commit, when known, guards
 * against comparing different code: flakiness is only defined for the same commit.
 */
import type { TestCaseRecord, TestSink } from '../model.js';
import { testIdentity } from './test-identity.js';

export class AttemptFailures {
  /** By test identity, the last failing record of each test. */
  readonly failures = new Map<string, TestCaseRecord>();
  /** Test cases read, failing or not. */
  tests = 0;

  /** Pass to a JUnit parser reading that attempt's report. */
  readonly sink: TestSink = (record) => this.add(record);

  constructor(
    /** GITHUB_RUN_ATTEMPT of the attempt, 1-based. */
    readonly attempt: number,
    readonly commit?: string,
  ) {}

  add(record: TestCaseRecord): void {
    this.tests += 1;
    if (record.status === 'failed' || record.status === 'error') this.failures.set(testIdentity(record), record);
  }
}

/** The attempt of the current job, from GITHUB_RUN_ATTEMPT (1 when unset or unreadable). */
export function runAttemptFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env['GITHUB_RUN_ATTEMPT']);
  return Number.isSafeInteger(value) && value >= 1 ? value : 1;
}
