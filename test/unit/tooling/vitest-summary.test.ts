// scripts/vitest-summary.mjs prints the closing line CI reads; a wrong count there would let a
// broken run land, so every way a run can go wrong is pinned here. The reports mirror the shape
// vitest's JSON reporter writes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const script = join(root, 'scripts', 'vitest-summary.mjs');
const dir = mkdtempSync(join(tmpdir(), 'elder-vitest-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  status: number;
  lines: string[];
}

function summarise(report: unknown, ...extra: string[]): Run {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof report === 'string' ? report : JSON.stringify(report));
  return run(file, ...extra);
}

function run(...args: string[]): Run {
  try {
    const out = execFileSync(process.execPath, [script, ...args], { encoding: 'utf8' });
    return { status: 0, lines: out.trimEnd().split('\n') };
  } catch (error) {
    const failure = error as { status: number; stdout: string };
    return { status: failure.status, lines: failure.stdout.trimEnd().split('\n') };
  }
}

function fileResult(name: string, status: 'passed' | 'failed', tests: string[], message = '') {
  return {
    name: join(root, name),
    status,
    message,
    assertionResults: tests.map((state, i) => ({ title: `t${i}`, status: state })),
  };
}

function report(files: ReturnType<typeof fileResult>[], counts: Partial<Record<string, number | boolean>> = {}) {
  const all = files.flatMap((f) => f.assertionResults);
  return {
    numPassedTests: all.filter((t) => t.status === 'passed').length,
    numFailedTests: all.filter((t) => t.status === 'failed').length,
    numPendingTests: all.filter((t) => t.status === 'skipped').length,
    numTodoTests: all.filter((t) => t.status === 'todo').length,
    success: files.every((f) => f.status === 'passed'),
    testResults: files,
    ...counts,
  };
}

describe('vitest-summary', () => {
  it('prints the plain closing line and exits 0 for a clean run', () => {
    const result = summarise(report([fileResult('test/a.test.ts', 'passed', ['passed', 'passed', 'passed'])]));
    expect(result).toEqual({ status: 0, lines: ['3 passed, 0 failed'] });
  });

  it('adds skipped and todo tests as ", N skipped"', () => {
    const result = summarise(report([fileResult('test/a.test.ts', 'passed', ['passed', 'skipped', 'todo'])]));
    expect(result).toEqual({ status: 0, lines: ['1 passed, 0 failed, 2 skipped'] });
  });

  it('exits 1 when a test failed', () => {
    const result = summarise(report([fileResult('test/a.test.ts', 'failed', ['passed', 'failed'])]));
    expect(result.status).toBe(1);
    expect(result.lines.at(-1)).toBe('1 passed, 1 failed');
  });

  it('counts a file that crashed outside any test as a failure and names it', () => {
    const result = summarise(
      report([
        fileResult('test/a.test.ts', 'passed', ['passed']),
        fileResult('test/broken.test.ts', 'failed', [], 'SyntaxError: Unexpected token\n    at x'),
      ]),
    );
    expect(result.status).toBe(1);
    expect(result.lines).toEqual([
      'vitest-summary: test/broken.test.ts: failed outside any test: SyntaxError: Unexpected token',
      '1 passed, 1 failed',
    ]);
  });

  it('counts a failing afterAll hook (file failed, its tests passed) as a failure', () => {
    const result = summarise(report([fileResult('test/a.test.ts', 'failed', ['passed', 'passed'], 'hook failed')]));
    expect(result.status).toBe(1);
    expect(result.lines.at(-1)).toBe('2 passed, 1 failed');
  });

  it('exits 1 when no test ran', () => {
    const result = summarise(report([]));
    expect(result.status).toBe(1);
    expect(result.lines.at(-1)).toBe('0 passed, 0 failed');
  });

  it('exits 1 when every test was skipped', () => {
    const result = summarise(report([fileResult('test/a.test.ts', 'passed', ['skipped'])]));
    expect(result.status).toBe(1);
    expect(result.lines.at(-1)).toBe('0 passed, 0 failed, 1 skipped');
  });

  it('counts a failed vitest process with a clean report (unhandled errors) as a failure', () => {
    const result = summarise(report([fileResult('test/a.test.ts', 'passed', ['passed'])]), '--vitest-exit-code', '1');
    expect(result.status).toBe(1);
    expect(result.lines.at(-1)).toBe('1 passed, 1 failed');
  });

  it('counts a report vitest marked unsuccessful as a failure', () => {
    const result = summarise(report([fileResult('test/a.test.ts', 'passed', ['passed'])], { success: false }));
    expect(result.status).toBe(1);
    expect(result.lines.at(-1)).toBe('1 passed, 1 failed');
  });

  it('reports a missing or unreadable report as one failure', () => {
    for (const result of [run(join(dir, 'missing.json')), summarise('{ not json')]) {
      expect(result.status).toBe(1);
      expect(result.lines.at(-1)).toBe('0 passed, 1 failed');
    }
  });
});
