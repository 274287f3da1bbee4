/**
 * Correctness against real producers: each tool writes a JUnit report of a small project with
 * passing, failing and skipped tests, and also states its own counts (vitest's JSON reporter,
 * Node's TAP summary, pytest's terminal summary). Our totals must equal the producer's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { parseJUnit } from '../../../../actions/quality-gate/src/tests/parse-junit.js';
import { TestTotals } from '../../../../actions/quality-gate/src/tests/test-totals.js';

const root = resolve(import.meta.dirname, '../../../..');
const scratch = mkdtempSync(join(tmpdir(), 'elder-junit-producers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The environment of a fresh shell: none of the variables vitest sets for its own workers. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(VITEST|TEST$|NODE_ENV$|NODE_OPTIONS$)/.test(key)) env[key] = value;
  }
  return env;
}

function project(name: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, `${name}-`));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

async function totalsOf(path: string, repoRoot: string) {
  const totals = new TestTotals();
  const summary = await parseJUnit(path, totals.sink, { repoRoot });
  return { totals, summary };
}

describe('vitest junit reporter', () => {
  it('our totals equal vitest’s own (JSON reporter) for the same run', { timeout: 60_000 }, async () => {
    // The fixture project below is run by the real vitest so that its JUnit report holds every
    // outcome, skipped and todo cases included; its `test.skip`/`test.todo` are fixture content,
    // not tests of ours.
    const dir = project('vitest', {
      'vitest.config.mjs': `export default { test: { include: ['*.test.mjs'] } };\n`,
      'cart.test.mjs': [
        `import { describe, expect, test } from 'vitest';`,
        `describe('cart', () => {`,
        `  test('adds', () => { expect(1 + 1).toBe(2); });`,
        `  test('applies tax', () => { expect(10.7).toBe(10.8); });`,
        `  test.skip('rounds', () => {});`,
        `  test.todo('coupons');`,
        `  describe('nested', () => { test('deep <&> "quoted"', () => {}); });`,
        `});`,
        `test('throws', () => { throw new TypeError('not a function'); });`,
        ``,
      ].join('\n'),
    });
    const run = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--root',
        dir,
        '--config',
        join(dir, 'vitest.config.mjs'),
        '--reporter=junit',
        `--outputFile.junit=${join(dir, 'junit.xml')}`,
        '--reporter=json',
        `--outputFile.json=${join(dir, 'report.json')}`,
      ],
      { cwd: dir, env: cleanEnv(), encoding: 'utf8', timeout: 50_000 },
    );
    expect(run.status, run.stderr).toBe(1); // two tests fail, on purpose
    const own = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    const { totals, summary } = await totalsOf(join(dir, 'junit.xml'), dir);

    expect(own.numTotalTests).toBe(6);
    expect(totals.total).toBe(own.numTotalTests);
    expect(totals.passed).toBe(own.numPassedTests);
    expect(totals.failed + totals.errors).toBe(own.numFailedTests);
    expect(totals.skipped).toBe(own.numPendingTests + own.numTodoTests);
    expect(summary.declared).toEqual({ tests: 6, failures: 2, errors: 0, skipped: 2 });

    const [tax, thrown] = totals.failures;
    expect(tax).toMatchObject({
      suites: ['cart.test.mjs'],
      classname: 'cart.test.mjs',
      name: 'cart > applies tax',
      status: 'failed',
      message: 'expected 10.7 to be 10.8 // Object.is equality',
      file: 'cart.test.mjs',
      line: 4,
    });
    expect(thrown).toMatchObject({ name: 'throws', message: 'not a function', file: 'cart.test.mjs', line: 9 });
  });
});

describe("Node's test runner (node --test --test-reporter=junit)", () => {
  it('our totals equal the runner’s own TAP summary for the same run', { timeout: 60_000 }, async () => {
    const dir = project('node-test', {
      'cart.test.mjs': [
        `import { describe, test } from 'node:test';`,
        `import assert from 'node:assert/strict';`,
        `describe('cart', () => {`,
        `  test('adds', () => assert.equal(1 + 1, 2));`,
        `  test('applies tax', () => assert.equal(10.7, 10.8));`,
        `  test('rounds', { skip: 'later' }, () => {});`,
        `  test('coupons', { todo: true }, () => {});`,
        `});`,
        `test('top level', () => {});`,
        ``,
      ].join('\n'),
    });
    const run = spawnSync(
      process.execPath,
      [
        '--test',
        '--test-reporter=junit',
        `--test-reporter-destination=${join(dir, 'junit.xml')}`,
        '--test-reporter=tap',
        `--test-reporter-destination=${join(dir, 'report.tap')}`,
        'cart.test.mjs',
      ],
      { cwd: dir, env: cleanEnv(), encoding: 'utf8', timeout: 50_000 },
    );
    expect(run.status, run.stderr).toBe(1);
    const tap = readFileSync(join(dir, 'report.tap'), 'utf8');
    const count = (word: string) => Number(new RegExp(`^# ${word} (\\d+)$`, 'm').exec(tap)?.[1]);
    const { totals } = await totalsOf(join(dir, 'junit.xml'), dir);

    expect(count('tests')).toBe(5);
    expect(totals.total).toBe(count('tests'));
    expect(totals.passed).toBe(count('pass'));
    expect(totals.failed + totals.errors).toBe(count('fail'));
    expect(totals.skipped).toBe(count('skipped') + count('todo'));
    expect(totals.failures[0]).toMatchObject({
      suites: ['cart'],
      name: 'applies tax',
      status: 'failed',
      file: join(dir, 'cart.test.mjs'),
      line: 5,
    });
  });
});

describe('pytest --junitxml', () => {
  const pytest = spawnSync('python3', ['-m', 'pytest', '--version'], { encoding: 'utf8' });
  const installed = pytest.status === 0;

  // pytest is only used when the machine has it (PyPI is not reachable to install it); without
  // it the same assertions run on the committed sample, with the counts pytest would print.
  it(
    `our totals equal pytest’s own summary (${installed ? 'real pytest' : 'committed sample'})`,
    { timeout: 60_000 },
    async () => {
      let report: string;
      let own: Record<string, number>;
      let repoRoot: string;
      if (installed) {
        repoRoot = project('pytest', {
          'test_cart.py': [
            `import pytest`,
            ``,
            `def total(with_tax):`,
            `    return 10.7`,
            ``,
            `def test_add():`,
            `    assert 1 + 1 == 2`,
            ``,
            `def test_tax():`,
            `    assert total(with_tax=True) == 10.8`,
            ``,
            `@pytest.mark.skip(reason="later")`,
            `def test_round():`,
            `    pass`,
            ``,
            `@pytest.mark.xfail(reason="known bug")`,
            `def test_known_bug():`,
            `    assert False`,
            ``,
            `@pytest.fixture`,
            `def db():`,
            `    raise ConnectionError("db down")`,
            ``,
            `def test_query(db):`,
            `    pass`,
            ``,
          ].join('\n'),
        });
        report = join(repoRoot, 'junit.xml');
        const run = spawnSync(
          'python3',
          [
            '-m',
            'pytest',
            '-q',
            '-p',
            'no:cacheprovider',
            '-o',
            'junit_family=xunit1',
            `--junitxml=${report}`,
            'test_cart.py',
          ],
          { cwd: repoRoot, env: cleanEnv(), encoding: 'utf8', timeout: 50_000 },
        );
        expect(run.status, run.stdout + run.stderr).toBe(1);
        // The last line: "1 failed, 1 passed, 1 skipped, 1 xfailed, 1 error in 0.05s"
        own = Object.fromEntries(
          [...(run.stdout.trim().split('\n').at(-1) ?? '').matchAll(/(\d+) (\w+)/g)].map((m) => [m[2], Number(m[1])]),
        );
      } else {
        repoRoot = '/home/runner/work/shop/shop';
        report = join(root, 'test/fixtures/junit/pytest-xunit1.xml');
        own = { failed: 2, passed: 1, skipped: 1, xfailed: 1, error: 1 };
      }
      const { totals } = await totalsOf(report, repoRoot);
      const sum = (...keys: string[]) => keys.reduce((n, key) => n + (own[key] ?? 0), 0);

      expect(totals.total).toBe(sum('failed', 'passed', 'skipped', 'xfailed', 'xpassed', 'error', 'errors'));
      expect(totals.passed).toBe(sum('passed', 'xpassed'));
      expect(totals.failed).toBe(sum('failed'));
      expect(totals.errors).toBe(sum('error', 'errors'));
      expect(totals.skipped).toBe(sum('skipped', 'xfailed'));
      const tax = totals.failures.find((f) => f.name === 'test_tax');
      expect(tax).toMatchObject({ status: 'failed', message: 'assert 10.7 == 10.8' });
      expect(tax?.file).toMatch(/test_cart\.py$/);
      expect(tax?.line).toBe(installed ? 10 : 11);
    },
  );
});
