import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AttemptFailures } from '../../../../actions/quality-gate/src/flaky/attempt-failures.js';
import { TestClassifier } from '../../../../actions/quality-gate/src/flaky/test-classifier.js';
import { parseJUnit } from '../../../../actions/quality-gate/src/tests/parse-junit.js';

const dir = mkdtempSync(join(tmpdir(), 'elder-flaky-'));

function report(name: string, cases: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="com.acme.AppTest" tests="3">${cases}</testsuite>\n`,
  );
  return path;
}

describe('flaky tests from real JUnit reports of two attempts', () => {
  it('classifies Surefire reruns and attempt-to-attempt flips', async () => {
    const attempt1 = report(
      'attempt-1.xml',
      `<testcase classname="com.acme.AppTest" name="boots"/>
       <testcase classname="com.acme.AppTest" name="connects"><failure message="timeout">java.net.SocketTimeoutException</failure></testcase>
       <testcase classname="com.acme.AppTest" name="retries"/>`,
    );
    const attempt2 = report(
      'attempt-2.xml',
      `<testcase classname="com.acme.AppTest" name="boots"/>
       <testcase classname="com.acme.AppTest" name="connects"/>
       <testcase classname="com.acme.AppTest" name="retries">
         <flakyFailure message="race" type="java.lang.AssertionError"><stackTrace>at com.acme.AppTest.retries(AppTest.java:42)</stackTrace></flakyFailure>
       </testcase>`,
    );
    const earlier = new AttemptFailures(1);
    await parseJUnit(attempt1, earlier.sink);
    const classifier = new TestClassifier({ attempt: 2, earlier: [earlier] });
    await parseJUnit(attempt2, classifier.sink);
    const result = classifier.classify();
    expect(result.counts).toEqual({ passed: 1, failed: 0, flaky: 2, skipped: 0 });
    expect(result.flaky.map((t) => [t.record.name, t.failedInAttempts, t.retriedInReport])).toEqual([
      ['connects', [1], false],
      ['retries', [], true],
    ]);
  });
});
