import { describe, expect, it } from 'vitest';

import type { TestCaseRecord } from '../../../../actions/quality-gate/src/model.js';
import { TestTotals } from '../../../../actions/quality-gate/src/tests/test-totals.js';

const record = (
  name: string,
  status: TestCaseRecord['status'],
  extra: Partial<TestCaseRecord> = {},
): TestCaseRecord => ({
  suites: ['s'],
  name,
  status,
  ...extra,
});

describe('TestTotals', () => {
  it('counts statuses, flaky apart from passed, and sums known durations', () => {
    const totals = new TestTotals();
    for (const r of [
      record('a', 'passed', { durationMs: 1.5 }),
      record('b', 'failed', { durationMs: 2 }),
      record('c', 'error'),
      record('d', 'skipped', { durationMs: 0 }),
      record('e', 'passed', { flaky: true, attempts: 2, durationMs: 3.25 }),
    ]) {
      totals.sink(r);
    }
    const snapshot = totals.snapshot();
    expect(snapshot).toMatchObject({ total: 5, passed: 1, failed: 1, errors: 1, skipped: 1, flaky: 1 });
    expect(snapshot.durationMs).toBe(6.75);
    expect(snapshot.withoutDuration).toBe(1);
    expect(snapshot.failures.map((f) => f.name)).toEqual(['b', 'c']);
    expect(snapshot.flakyCases.map((f) => f.name)).toEqual(['e']);
    // Flaky is not a pass: 1 of the 4 that ran passed cleanly.
    expect(totals.passRate()).toBe(25);
  });

  it('keeps failing and flaky cases only up to the cap, counting the rest', () => {
    const totals = new TestTotals({ maxKeptCases: 3 });
    for (let i = 0; i < 10; i += 1) totals.add(record(`f${i}`, i % 2 === 0 ? 'failed' : 'error'));
    for (let i = 0; i < 5; i += 1) totals.add(record(`k${i}`, 'passed', { flaky: true }));
    const snapshot = totals.snapshot();
    expect(snapshot.failures.map((f) => f.name)).toEqual(['f0', 'f1', 'f2']);
    expect(snapshot.failuresNotKept).toBe(7);
    expect(snapshot.flakyCases).toHaveLength(3);
    expect(snapshot.flakyNotKept).toBe(2);
  });

  it('has no pass rate when nothing ran', () => {
    const totals = new TestTotals();
    expect(totals.passRate()).toBeUndefined();
    totals.add(record('s', 'skipped'));
    expect(totals.passRate()).toBeUndefined();
  });
});
