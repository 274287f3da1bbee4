import { describe, expect, it } from 'vitest';
import { AttemptFailures, runAttemptFromEnv } from '../../../../actions/quality-gate/src/flaky/attempt-failures.js';
import { classifyTests, TestClassifier } from '../../../../actions/quality-gate/src/flaky/test-classifier.js';
import { displayTestName, testIdentity } from '../../../../actions/quality-gate/src/flaky/test-identity.js';
import type { TestCaseRecord, TestStatus } from '../../../../actions/quality-gate/src/model.js';

function test(name: string, status: TestStatus, extra: Partial<TestCaseRecord> = {}): TestCaseRecord {
  return { suites: ['api'], classname: 'api.spec', name, status, file: 'test/api.spec.ts', ...extra };
}

function attempt(number: number, records: TestCaseRecord[], commit?: string): AttemptFailures {
  const earlier = new AttemptFailures(number, commit);
  records.forEach(earlier.sink);
  return earlier;
}

describe('flaky test classification', () => {
  it('reports a test that failed in an earlier attempt of the same commit and passes now as flaky, not passed', () => {
    const first = attempt(1, [test('a', 'passed'), test('b', 'failed', { message: 'timeout' }), test('c', 'error')]);
    const result = classifyTests([test('a', 'passed'), test('b', 'passed'), test('c', 'failed')], {
      attempt: 2,
      earlier: [first],
    });
    expect(result.counts).toEqual({ passed: 1, failed: 1, flaky: 1, skipped: 0 });
    expect(result.flaky.map((t) => [t.record.name, t.failedInAttempts, t.attempt])).toEqual([['b', [1], 2]]);
    expect(result.failed.map((t) => [t.record.name, t.failedInAttempts])).toEqual([['c', [1]]]);
  });

  it('reports a test the runner retried within the report (Surefire flakyFailure) as flaky', () => {
    const result = classifyTests([test('retried', 'passed', { flaky: true, attempts: 2 }), test('plain', 'passed')]);
    expect(result.counts).toEqual({ passed: 1, failed: 0, flaky: 1, skipped: 0 });
    expect(result.flaky[0]).toMatchObject({ retriedInReport: true, failedInAttempts: [] });
  });

  it('keeps a failure that a partial re-run did not run again', () => {
    const first = attempt(1, [test('x', 'failed'), test('y', 'failed')]);
    const result = classifyTests([test('x', 'passed')], { attempt: 2, earlier: [first] });
    expect(result.counts).toEqual({ passed: 0, failed: 1, flaky: 1, skipped: 0 });
    expect(result.failed[0]).toMatchObject({ carriedOver: true, attempt: 1 });
    expect(result.notes).toEqual([
      '1 test failed in an earlier attempt and did not run in attempt 2; counted as failing (its last result)',
    ]);
  });

  it('judges flakiness on the same commit only', () => {
    const other = attempt(1, [test('b', 'failed')], 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    const result = classifyTests([test('b', 'passed')], {
      attempt: 2,
      commit: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
      earlier: [other],
    });
    expect(result.counts.flaky).toBe(0);
    expect(result.counts.passed).toBe(1);
    expect(result.notes[0]).toMatch(/attempt 1 ran commit aaaaaaaaaaaa, not bbbbbbbbbbbb/);
  });

  it('merges several earlier attempts and ignores ones that are not earlier', () => {
    const result = classifyTests([test('b', 'passed')], {
      attempt: 3,
      earlier: [
        attempt(2, [test('b', 'failed')]),
        attempt(1, [test('b', 'failed')]),
        attempt(3, [test('z', 'failed')]),
      ],
    });
    expect(result.flaky[0]?.failedInAttempts).toEqual([1, 2]);
    expect(result.notes).toEqual(['attempt 3 is not earlier than the current attempt 3; ignored']);
  });

  it('counts per file for path-scoped conditions, and apart when the report names no file', () => {
    const result = classifyTests([
      test('a', 'passed', { file: 'services/api/a.test.ts' }),
      test('b', 'failed', { file: 'services/web/b.test.ts' }),
      test('c', 'skipped', { file: undefined }),
    ]);
    expect(result.countsByFile.get('services/api/a.test.ts')).toEqual({ passed: 1, failed: 0, flaky: 0, skipped: 0 });
    expect(result.countsByFile.get('services/web/b.test.ts')?.failed).toBe(1);
    expect(result.countsWithoutFile.skipped).toBe(1);
  });

  it('lists failing and flaky tests up to a cap and counts the rest', () => {
    const classifier = new TestClassifier({ maxKept: 2 });
    for (let i = 0; i < 5; i++) classifier.sink(test(`f${i}`, 'failed'));
    const result = classifier.classify();
    expect(result.failed).toHaveLength(2);
    expect(result.failedNotKept).toBe(3);
    expect(result.counts.failed).toBe(5);
    expect(() => classifier.classify()).toThrow(/twice/);
  });

  it('identifies a test by suites, class name and name', () => {
    expect(testIdentity(test('a', 'passed'))).toBe(testIdentity(test('a', 'failed', { durationMs: 5, line: 9 })));
    expect(testIdentity(test('a', 'passed'))).not.toBe(testIdentity(test('a', 'passed', { suites: ['web'] })));
    expect(displayTestName(test('adds', 'passed', { suites: ['math', 'sum'] }))).toBe('math › sum › adds');
    expect(displayTestName({ suites: [], classname: 'com.acme.AppTest', name: 'boots' })).toBe(
      'com.acme.AppTest › boots',
    );
  });

  it('reads the attempt number from GITHUB_RUN_ATTEMPT', () => {
    expect(runAttemptFromEnv({ GITHUB_RUN_ATTEMPT: '3' })).toBe(3);
    expect(runAttemptFromEnv({})).toBe(1);
    expect(runAttemptFromEnv({ GITHUB_RUN_ATTEMPT: 'x' })).toBe(1);
    expect(runAttemptFromEnv({ GITHUB_RUN_ATTEMPT: '0' })).toBe(1);
  });
});
