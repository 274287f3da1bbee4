/** The JUnit reader on hand-written reports in each producer's documented format (test/fixtures/junit). */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

import type { TestCaseRecord } from '../../../../actions/quality-gate/src/model.js';
import { parseJUnit } from '../../../../actions/quality-gate/src/tests/parse-junit.js';
import { TestTotals } from '../../../../actions/quality-gate/src/tests/test-totals.js';

const fixtures = resolve(import.meta.dirname, '../../../fixtures/junit');
const RUNNER_ROOT = '/home/runner/work/shop/shop';

async function read(file: string) {
  const records: TestCaseRecord[] = [];
  const totals = new TestTotals();
  const summary = await parseJUnit(
    join(fixtures, file),
    (record) => {
      records.push(record);
      totals.add(record);
    },
    { repoRoot: RUNNER_ROOT },
  );
  const byName = (name: string) => {
    const found = records.find((r) => r.name === name);
    if (!found) throw new Error(`no test case '${name}' in ${file}`);
    return found;
  };
  return { records, totals, summary, byName };
}

const counts = (totals: TestTotals) => ({
  total: totals.total,
  passed: totals.passed,
  failed: totals.failed,
  errors: totals.errors,
  skipped: totals.skipped,
  flaky: totals.flaky,
});

describe('Maven Surefire with reruns', () => {
  it('counts like Surefire: flaky cases pass in its totals, and are reported as flaky here', async () => {
    const { totals, summary } = await read('surefire-reruns.xml');
    expect(summary).toEqual({
      format: 'junit',
      declared: { tests: 7, failures: 1, errors: 1, skipped: 1 },
      warnings: [],
    });
    expect(counts(totals)).toEqual({ total: 7, passed: 2, failed: 1, errors: 1, skipped: 1, flaky: 2 });
    // Surefire's own arithmetic: flaky cases are inside its "tests" and outside failures/errors.
    expect(totals.total).toBe(summary.declared?.tests);
    expect(totals.failed).toBe(summary.declared?.failures);
    expect(totals.errors).toBe(summary.declared?.errors);
  });

  it('a failure that failed on every rerun: failed, with its attempts, message and own-class frame', async () => {
    const { byName } = await read('surefire-reruns.xml');
    const failed = byName('appliesDiscount');
    expect(failed).toMatchObject({
      suites: ['com.acme.billing.InvoiceServiceTest'],
      classname: 'com.acme.billing.InvoiceServiceTest',
      status: 'failed',
      attempts: 3,
      durationMs: 20,
      message: 'expected: <90.00> but was: <100.00>',
      file: 'com/acme/billing/InvoiceServiceTest.java',
      line: 48,
    });
    expect(failed.flaky).toBeUndefined();
    expect(failed.details).toMatch(/^org\.opentest4j\.AssertionFailedError: expected: <90\.00> but was: <100\.00>\n/);
    expect(failed.details).toContain('--- system-out ---\ncomputing discount for invoice 7');
    expect(failed.details).not.toContain('rerun 1');
  });

  it('an error: the frame of the test class wins over the library frame above it', async () => {
    const { byName } = await read('surefire-reruns.xml');
    expect(byName('chargesCard')).toMatchObject({
      status: 'error',
      message: 'Connection refused (Connection refused)',
      file: 'com/acme/billing/InvoiceServiceTest.java',
      line: 61,
    });
    expect(byName('chargesCard').details).toContain('--- system-err ---\nWARN gateway unreachable');
  });

  it('flaky: passed after failing, with the first failure kept for the report', async () => {
    const { byName } = await read('surefire-reruns.xml');
    expect(byName('sendsReminder')).toMatchObject({
      status: 'passed',
      flaky: true,
      attempts: 2,
      message: 'timeout after 30 ms',
      file: 'com/acme/billing/InvoiceServiceTest.java',
      line: 90,
    });
    expect(byName('sendsReminder').details).toMatch(/^java\.util\.concurrent\.TimeoutException: timeout after 30 ms\n/);
    expect(byName('sendsReminder').details).not.toContain('attempt 1');
    expect(byName('retriesWebhook')).toMatchObject({ flaky: true, attempts: 3, message: 'Read timed out', line: 131 });
  });

  it('skipped with its reason; a locale-grouped time; a nested class', async () => {
    const { byName } = await read('surefire-reruns.xml');
    expect(byName('exportsPdf')).toEqual({
      suites: ['com.acme.billing.InvoiceServiceTest'],
      classname: 'com.acme.billing.InvoiceServiceTest',
      name: 'exportsPdf',
      status: 'skipped',
      durationMs: 0,
      message: 'PDF renderer not installed',
    });
    expect(byName('roundsHalfEven')).toMatchObject({
      classname: 'com.acme.billing.InvoiceServiceTest$Rounding',
      status: 'passed',
      durationMs: 1_234_500,
    });
  });
});

describe('go-junit-report', () => {
  it('totals equal the declared ones; go file names are placed under the package path', async () => {
    const { totals, summary, byName } = await read('go-junit-report.xml');
    expect(summary.declared).toEqual({ tests: 6, failures: 1, errors: 1, skipped: 1 });
    expect(counts(totals)).toEqual({ total: 6, passed: 3, failed: 1, errors: 1, skipped: 1, flaky: 0 });
    expect(byName('TestTotal/with_tax')).toMatchObject({
      suites: ['github.com/acme/shop/cart'],
      status: 'failed',
      message: 'Failed',
      details: 'cart_test.go:42: total = 10.70, want 10.80',
      file: 'github.com/acme/shop/cart/cart_test.go',
      line: 42,
    });
    expect(byName('TestCoupon')).toMatchObject({ status: 'skipped', message: 'Skipped' });
  });

  it('a panic: the first frame in the repository, past the Go runtime frames', async () => {
    const { byName } = await read('go-junit-report.xml');
    expect(byName('TestRefund')).toMatchObject({
      status: 'error',
      message: 'Runtime error',
      file: `${RUNNER_ROOT}/payment/ledger.go`,
      line: 88,
    });
  });
});

describe('jest-junit', () => {
  it('totals, the file attribute, and the frame in that file rather than the first frame', async () => {
    const { totals, summary, byName } = await read('jest-junit.xml');
    expect(summary.declared).toEqual({ tests: 5, failures: 1, errors: 0, skipped: 1 });
    expect(counts(totals)).toEqual({ total: 5, passed: 3, failed: 1, errors: 0, skipped: 1, flaky: 0 });
    expect(byName('cart totals applies tax')).toMatchObject({
      suites: ['cart totals'],
      classname: 'cart totals applies tax',
      status: 'failed',
      message: 'Error: expect(received).toBe(expected) // Object.is equality',
      file: 'src/cart/cart.test.js',
      line: 14,
    });
    expect(byName('cart totals applies tax').details).toContain('at new Promise (<anonymous>)');
    // Passing cases keep their file; their output is not decoded.
    expect(byName('checkout submits')).toEqual({
      suites: ['checkout'],
      classname: 'checkout submits',
      name: 'checkout submits',
      status: 'passed',
      durationMs: 120,
      file: 'src/checkout/checkout.test.js',
    });
  });
});

describe('pytest', () => {
  it('xunit1: totals, 0-based line attributes made 1-based, frames in the test file', async () => {
    const { totals, summary, byName } = await read('pytest-xunit1.xml');
    expect(summary.declared).toEqual({ tests: 6, failures: 2, errors: 1, skipped: 2 });
    expect(counts(totals)).toEqual({ total: 6, passed: 1, failed: 2, errors: 1, skipped: 2, flaky: 0 });
    expect(byName('test_add')).toMatchObject({ file: 'tests/test_cart.py', line: 5 });
    expect(byName('test_tax')).toMatchObject({ status: 'failed', file: 'tests/test_cart.py', line: 11 });
    // The failing line in the test, not the library line the exception came from.
    expect(byName('test_round')).toMatchObject({
      message: 'ValueError: bad precision',
      file: 'tests/test_cart.py',
      line: 16,
    });
    expect(byName('test_query')).toMatchObject({
      status: 'error',
      message: 'failed on setup with "ConnectionError: db down"',
      file: 'tests/test_db.py',
      line: 6,
    });
    expect(byName('test_coupon')).toMatchObject({ status: 'skipped', message: 'coupon service not configured' });
    expect(byName('test_known_bug')).toMatchObject({ status: 'skipped', message: 'rounding bug #12' });
  });

  it('xunit2: no file attribute, so the first project frame of a native traceback', async () => {
    const { byName } = await read('pytest-xunit2.xml');
    const failed = byName('test_native_tb');
    expect(failed).toMatchObject({
      message: "KeyError: 'sku'",
      file: `${RUNNER_ROOT}/tests/test_cart.py`,
      line: 27,
    });
    expect(failed.details).toContain('--- system-out ---\n--------------------------------- Captured Log');
  });
});

describe('nested test suites', () => {
  it('suites outermost first; declared totals from the outermost suite only', async () => {
    const { totals, summary, byName } = await read('nested-suites.xml');
    expect(summary.declared).toEqual({ tests: 4, failures: 1, errors: 0, skipped: 1 });
    expect(counts(totals)).toEqual({ total: 4, passed: 2, failed: 1, errors: 0, skipped: 1, flaky: 0 });
    expect(byName('testTax')).toMatchObject({
      suites: ['shop', 'Tests\\Unit\\CartTest'],
      classname: 'Tests.Unit.CartTest',
      message: 'PHPUnit\\Framework\\ExpectationFailedException',
      file: 'tests/Unit/CartTest.php',
      line: 20,
    });
    expect(byName('testTotals with data set #0').suites).toEqual([
      'shop',
      'Tests\\Unit\\CheckoutTest',
      'Tests\\Unit\\CheckoutTest::testTotals',
    ]);
  });
});
