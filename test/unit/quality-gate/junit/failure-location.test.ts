import { describe, expect, it } from 'vitest';

import { locateFailure } from '../../../../actions/quality-gate/src/tests/failure-location.js';

const ROOT = '/home/runner/work/app/app';

describe('locateFailure: stack frame shapes', () => {
  it.each([
    [
      'V8 with a function',
      `Error: x\n    at Object.<anonymous> (${ROOT}/src/a.test.js:12:5)`,
      `${ROOT}/src/a.test.js`,
      12,
    ],
    ['V8 without a function', `Error: x\n    at ${ROOT}/src/a.js:3:1`, `${ROOT}/src/a.js`, 3],
    ['V8 async, file URL', `Error: x\n    at async run (file://${ROOT}/src/a%20b.mjs:7:9)`, `${ROOT}/src/a b.mjs`, 7],
    ['vitest', 'AssertionError: x\n ❯ src/cart.test.ts:4:44', 'src/cart.test.ts', 4],
    ['vitest with a function', 'Error: x\n ❯ total src/cart.ts:31:11\n ❯ src/cart.test.ts:9:3', 'src/cart.ts', 31],
    [
      'Python traceback',
      `Traceback (most recent call last):\n  File "${ROOT}/tests/test_a.py", line 9, in test_a\n    f()`,
      `${ROOT}/tests/test_a.py`,
      9,
    ],
    [
      'pytest long trace',
      'def test_a():\n>       assert f() == 2\nE       assert 1 == 2\n\ntests/test_a.py:7: AssertionError',
      'tests/test_a.py',
      7,
    ],
    [
      'Java',
      'java.lang.AssertionError\n\tat org.junit.Assert.fail(Assert.java:89)\n\tat com.acme.FooTest.bar(FooTest.java:42)',
      'com/acme/FooTest.java',
      42,
    ],
    ['Kotlin', '\tat com.acme.FooSpec.test(FooSpec.kt:7)', 'com/acme/FooSpec.kt', 7],
    ['Go test output', '    calc_test.go:14: want 2, got 3', 'calc_test.go', 14],
    [
      'Go panic',
      `panic: boom\n\t/usr/local/go/src/runtime/panic.go:770 +0x132\n\t${ROOT}/calc/calc.go:8 +0x1d`,
      `${ROOT}/calc/calc.go`,
      8,
    ],
    ['Windows path', 'Error: x\n    at C:\\a\\app\\src\\x.test.js:5:2', 'C:\\a\\app\\src\\x.test.js', 5],
  ])('%s', (_shape, trace, file, line) => {
    expect(locateFailure(trace)).toEqual({ file, line });
  });

  it('finds nothing in a trace without frames', () => {
    expect(locateFailure('expected 1 to be 2')).toBeUndefined();
    expect(locateFailure('')).toBeUndefined();
  });
});

describe('locateFailure: only frames of the project', () => {
  it('skips runtime, dependency and test-framework frames', () => {
    const trace = [
      'Error: boom',
      '    at Module._compile (node:internal/modules/cjs/loader:1358:14)',
      '    at Object.expect (/app/node_modules/expect/build/index.js:3:1)',
      '    at internal/process/task_queues.js:95:5',
      `    at total (${ROOT}/src/total.js:4:9)`,
    ].join('\n');
    expect(locateFailure(trace)).toEqual({ file: `${ROOT}/src/total.js`, line: 4 });
    const python = `  File "/usr/lib/python3.11/json/__init__.py", line 346, in loads\n  File "/venv/lib/python3.11/site-packages/requests/api.py", line 3, in get\n  File "app/views.py", line 12, in index`;
    expect(locateFailure(python)).toEqual({ file: 'app/views.py', line: 12 });
    const java =
      '\tat java.base/java.util.Objects.requireNonNull(Objects.java:233)\n\tat org.assertj.core.X.y(X.java:1)\n\tat com.acme.Svc.run(Svc.java:10)';
    expect(locateFailure(java)).toEqual({ file: 'com/acme/Svc.java', line: 10 });
  });

  it('with a repository root, an absolute path outside it is not the project', () => {
    const trace = `Error\n    at f (/opt/other/lib.js:1:1)\n    at g (${ROOT}/src/g.js:2:2)`;
    expect(locateFailure(trace, { repoRoot: ROOT })).toEqual({ file: `${ROOT}/src/g.js`, line: 2 });
    expect(locateFailure(trace, { repoRoot: `${ROOT}/` })).toEqual({ file: `${ROOT}/src/g.js`, line: 2 });
    expect(locateFailure(trace)).toEqual({ file: '/opt/other/lib.js', line: 1 });
  });
});

describe('locateFailure: hints from the test case', () => {
  const trace = `Error\n    at helper (${ROOT}/src/helper.js:3:3)\n    at t (${ROOT}/src/a.test.js:20:1)`;

  it('a frame in the file the case names gives the line', () => {
    expect(locateFailure(trace, { file: 'src/a.test.js', line: 2 })).toEqual({ file: 'src/a.test.js', line: 20 });
    expect(locateFailure(trace, { file: './src/a.test.js' })).toEqual({ file: './src/a.test.js', line: 20 });
  });

  it('else the line attribute, else the first project frame, else the file alone', () => {
    expect(locateFailure(trace, { file: 'src/other.test.js', line: 7 })).toEqual({
      file: 'src/other.test.js',
      line: 7,
    });
    expect(locateFailure(trace, { file: 'src/other.test.js' })).toEqual({ file: `${ROOT}/src/helper.js`, line: 3 });
    expect(locateFailure('no frames', { file: 'src/other.test.js' })).toEqual({ file: 'src/other.test.js' });
  });

  it('Java: a frame of the test class (or a class nested in it) wins over earlier project frames', () => {
    const java = '\tat com.acme.Helper.check(Helper.java:5)\n\tat com.acme.FooTest$Nested.run(FooTest.java:30)';
    expect(locateFailure(java, { classname: 'com.acme.FooTest' })).toEqual({ file: 'com/acme/FooTest.java', line: 30 });
    expect(locateFailure(java, { classname: 'com.acme.Other' })).toEqual({ file: 'com/acme/Helper.java', line: 5 });
  });

  it('Go: the base name printed by go test is placed under the package import path', () => {
    expect(locateFailure('    calc_test.go:14: x', { classname: 'github.com/acme/calc' })).toEqual({
      file: 'github.com/acme/calc/calc_test.go',
      line: 14,
    });
    expect(locateFailure('    calc_test.go:14: x', { classname: 'TestCalc' })).toEqual({
      file: 'calc_test.go',
      line: 14,
    });
  });
});
