/**
 * Test metrics from the classified tests of the current attempt. A flaky test is neither a pass
 * nor a failure: it lowers the pass rate (so "pass rate 100 %" blocks it) and is counted by
 * flaky_tests, while failing_tests counts real failures only. Within a path, tests count by the
 * file their report names; tests whose report names no file are counted overall only.
 */
import type { Baseline } from '../baseline/baseline.js';
import { emptyCounts, type TestClassification, type TestCounts } from '../flaky/test-classifier.js';
import type { Condition } from './condition.js';
import { count, noData, plural, ratio, type Measurement } from './measurement.js';
import { isNewFailingTest } from './new-code.js';

export function measureTests(
  condition: Condition,
  tests: TestClassification,
  baseline: Baseline | undefined,
): Measurement {
  const inPath = condition.path?.matches;
  const counts = inPath === undefined ? tests.counts : countsWithin(tests, inPath);
  const within = condition.path === undefined ? '' : ` under ${condition.path.pattern}`;
  const executed = counts.passed + counts.failed + counts.flaky;
  if (executed === 0) {
    const unplaced = inPath !== undefined ? placedNote(tests) : '';
    return noData(`no test ran${within}${unplaced}`);
  }
  switch (condition.metric) {
    case 'test_pass_rate': {
      const measurement = ratio(counts.passed, executed, `tests${within} passed`);
      if (counts.flaky > 0) measurement.detail += ` (${plural(counts.flaky, 'flaky test')} not counted as passing)`;
      return measurement;
    }
    case 'flaky_tests':
      return count(counts.flaky, `${plural(counts.flaky, 'test')}${within} failed, then passed on a retry`);
    case 'skipped_tests':
      return count(counts.skipped, `${plural(counts.skipped, 'test')}${within} skipped`);
    default:
      return condition.scope === 'new_code'
        ? newFailures(tests, baseline, inPath, within)
        : count(counts.failed, `${plural(counts.failed, 'test')}${within} failed of ${executed} run`);
  }
}

function newFailures(
  tests: TestClassification,
  baseline: Baseline | undefined,
  inPath: ((file: string) => boolean) | undefined,
  within: string,
): Measurement {
  const failed = tests.failed.filter(
    (test) => inPath === undefined || (test.record.file !== undefined && inPath(test.record.file)),
  );
  const newOnes = failed.filter((test) => isNewFailingTest(test, baseline)).length;
  // Failures past the list's cap cannot be compared; counting them as new errs on the safe side.
  const unlisted = inPath === undefined ? tests.failedNotKept : 0;
  const basis =
    baseline?.failingTests === undefined
      ? 'no baseline: every failing test counts as new'
      : "not failing in the base branch's result";
  const capNote = unlisted > 0 ? `, including ${unlisted} past the list's cap` : '';
  return count(newOnes + unlisted, `${plural(newOnes + unlisted, 'failing test')}${within} (${basis}${capNote})`);
}

function countsWithin(tests: TestClassification, inPath: (file: string) => boolean): TestCounts {
  const total = emptyCounts();
  for (const [file, counts] of tests.countsByFile) {
    if (!inPath(file)) continue;
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.flaky += counts.flaky;
    total.skipped += counts.skipped;
  }
  return total;
}

function placedNote(tests: TestClassification): string {
  const c = tests.countsWithoutFile;
  const n = c.passed + c.failed + c.flaky + c.skipped;
  return n > 0 ? ` (${plural(n, 'test')} name no file and count overall only)` : '';
}
