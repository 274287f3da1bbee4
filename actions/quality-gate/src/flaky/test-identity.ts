/**
 * Which test a JUnit test case is, across attempts and across runs: its suites, class name and
 * name. Durations, messages and file positions are left out because they change between runs
 * of the same test. (Two matrix legs run the same tests under the same names, so legs are
 * classified one by one, never merged into one attempt.)
 */
import type { TestCaseRecord } from '../model.js';

export type TestName = Pick<TestCaseRecord, 'suites' | 'classname' | 'name'>;

/** A unit separator between parts: it does not occur in real test names. */
export function testIdentity(test: TestName): string {
  return [...test.suites, test.classname ?? '', test.name].join('\u001f');
}

/** How people read it: `Suite › Inner › name`, with the class name when suites say nothing. */
export function displayTestName(test: TestName): string {
  const context = test.suites.length > 0 ? test.suites : test.classname ? [test.classname] : [];
  return [...context, test.name].join(' › ');
}
