import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIstanbulFinal, parseIstanbulFinalFile } from '../../../../actions/quality-gate/src/coverage/parse-istanbul-final.js';
import { parseIstanbulSummary, parseIstanbulSummaryFile } from '../../../../actions/quality-gate/src/coverage/parse-istanbul-summary.js';
import { readJsonReport } from '../../../../actions/quality-gate/src/detect/read-json-report.js';
import type { FileCoverageRecord } from '../../../../actions/quality-gate/src/model.js';
import { UserError } from '../../../../shared/runtime/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'elder-istanbul-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function rejection(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

const loc = (line: number, endLine = line) => ({ start: { line, column: 0 }, end: { line: endLine, column: 10 } });

describe('coverage-final.json', () => {
  const document = {
    '/repo/src/a.js': {
      path: '/repo/src/a.js',
      statementMap: { '0': loc(1), '1': loc(2), '2': loc(2), '3': loc(5, 7) },
      s: { '0': 1, '1': 0, '2': 4, '3': 0 },
      fnMap: { '0': { name: 'f', decl: loc(1), loc: loc(1, 3), line: 1 }, '1': { name: '(anonymous_1)', loc: loc(5), line: 5 } },
      f: { '0': 1, '1': 0 },
      branchMap: {
        '0': { type: 'if', line: 2, loc: loc(2), locations: [loc(2), loc(2)] },
        '1': { type: 'cond-expr', loc: loc(2), locations: [loc(2), loc(2)] },
        '2': { type: 'default-arg', loc: loc(9), locations: [loc(9)] },
      },
      b: { '0': [1, 0], '1': [0, 0], '2': [3] },
      _coverageSchema: '1a1c01bbd47fc00a2c39e90264f33305004495a9',
      hash: 'abc',
    },
    'wrapped.js': { data: { path: 'src/wrapped.js', statementMap: { '0': loc(3) }, s: { '0': 2 } } },
  };

  it("derives lines as istanbul-lib-coverage does: a line's hits are the most of its statements", () => {
    const records: FileCoverageRecord[] = [];
    const summary = parseIstanbulFinal(document, (r) => records.push(r), { name: 'coverage-final.json' });
    expect(summary).toEqual({ format: 'istanbul-final', files: 2, warnings: [] });
    const [a, wrapped] = records as [FileCoverageRecord, FileCoverageRecord];
    expect(a.lines).toEqual([
      { line: 1, hits: 1 },
      { line: 2, hits: 4 },
      { line: 5, hits: 0 },
    ]);
    // two branch points on line 2 add up; a branch on a line without statements is kept
    expect(a.branches).toEqual([
      { line: 2, covered: 1, total: 4 },
      { line: 9, covered: 1, total: 1 },
    ]);
    expect(a.functions).toEqual([
      { name: 'f', line: 1, hits: 1 },
      { name: '(anonymous_1)', line: 5, hits: 0 },
    ]);
    expect(wrapped).toEqual({ path: 'src/wrapped.js', lines: [{ line: 3, hits: 2 }] });
  });

  it('skips entries that are not file coverage, and counts junk counts as 0, with warnings', () => {
    const records: FileCoverageRecord[] = [];
    const summary = parseIstanbulFinal(
      { 'a.js': { statementMap: { '0': loc(1) }, s: { '0': 'many' } }, junk: 42 },
      (r) => records.push(r),
      { name: 'cov.json' },
    );
    expect(records[0]?.lines).toEqual([{ line: 1, hits: 0 }]);
    expect(summary.warnings).toEqual([
      'cov.json: a.js: 1 counts were not non-negative numbers; counted as 0',
      'cov.json: entry "junk" is not file coverage (no statementMap and s); skipped',
    ]);
  });

  it('refuses JSON that is not Istanbul coverage', async () => {
    expect((await rejection(parseIstanbulFinalFile(file('array.json', '[1,2]'), () => {}))).message).toMatch(
      /is not an Istanbul coverage-final\.json: expected an object/,
    );
    expect((await rejection(parseIstanbulFinalFile(file('other.json', '{"a":{"b":1}}'), () => {}))).message).toMatch(
      /no entry has statementMap and s/,
    );
  });

  it('gives invalid JSON a clear error naming the report', async () => {
    const truncated = file('truncated.json', '{\n  "a.js": {\n    "statementMap": {}\n');
    const error = await rejection(parseIstanbulFinalFile(truncated, () => {}, { name: 'coverage/coverage-final.json' }));
    expect(error.message).toMatch(/^coverage\/coverage-final\.json: (the file is not valid JSON|the JSON ends too early)/);
    const misplaced = file('misplaced.json', '{\n  "a": 1\n  "b": 2\n}');
    const invalid = await rejection(parseIstanbulFinalFile(misplaced, () => {}, { name: 'm.json' }));
    expect(invalid.where).toBe('m.json');
    expect(invalid.message).toMatch(/^m\.json: the file is not valid JSON/);
  });

  it('refuses empty files, binary junk and files over the size cap', async () => {
    expect((await rejection(parseIstanbulFinalFile(file('empty.json', ''), () => {}, { name: 'e.json' }))).message).toBe(
      'e.json: the file is empty',
    );
    const junk = await rejection(parseIstanbulFinalFile(file('junk.json', Buffer.from([0, 1, 2, 0xff, 0xfe, 9])), () => {}, { name: 'j.json' }));
    expect(junk.message).toMatch(/^j\.json: the file (is not valid UTF-8 text|holds binary data)/);
    const big = file('big.json', `{"pad": "${'x'.repeat(2048)}"}`);
    expect((await rejection(readJsonReport(big, 1024, 'big.json'))).message).toMatch(/^big\.json: the report is 2\.0 KiB, over the 1 KiB limit/);
    expect((await rejection(parseIstanbulFinalFile(join(dir, 'missing.json'), () => {}, { name: 'missing.json' }))).message).toMatch(
      /^missing\.json: cannot read the report: ENOENT/,
    );
  });

  it('reads UTF-16 and BOM-prefixed JSON', async () => {
    const text = JSON.stringify({ 'a.js': { statementMap: { '0': loc(1) }, s: { '0': 1 } } });
    const utf16 = file('utf16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const bom = file('bom.json', `\ufeff${text}`);
    for (const path of [utf16, bom]) {
      const records: FileCoverageRecord[] = [];
      await parseIstanbulFinalFile(path, (r) => records.push(r));
      expect(records).toEqual([{ path: 'a.js', lines: [{ line: 1, hits: 1 }] }]);
    }
  });
});

describe('coverage-summary.json', () => {
  const metric = (total: number, covered: number) => ({ total, covered, skipped: 0, pct: total ? (covered / total) * 100 : 100 });
  const document = {
    total: { lines: metric(10, 7), statements: metric(11, 8), functions: metric(3, 2), branches: metric(4, 1) },
    '/repo/src/a.js': { lines: metric(6, 5), statements: metric(7, 6), functions: metric(2, 2), branches: metric(4, 1) },
    '/repo/src/b.js': { lines: metric(4, 2), statements: metric(4, 2), functions: metric(1, 0), branches: metric(0, 0) },
  };

  it('gives per-file totals marked summary-only, and the total entry as the producer totals', () => {
    const records: FileCoverageRecord[] = [];
    const summary = parseIstanbulSummary(document, (r) => records.push(r), { name: 's.json' });
    expect(records[0]).toEqual({
      path: '/repo/src/a.js',
      lines: [],
      summaryOnly: {
        linesFound: 6,
        linesHit: 5,
        branchesFound: 4,
        branchesHit: 1,
        functionsFound: 2,
        functionsHit: 2,
        statementsFound: 7,
        statementsHit: 6,
      },
    });
    expect(summary.producerTotals).toMatchObject({ linesFound: 10, linesHit: 7, functionsFound: 3, branchesFound: 4 });
    expect(summary.files).toBe(2);
  });

  it('refuses a document with no usable totals, and warns about broken entries', async () => {
    expect((await rejection(parseIstanbulSummaryFile(file('s1.json', '{"x": {"lines": {"total": -1, "covered": 0}}}'), () => {}))).message).toMatch(
      /is not an Istanbul coverage-summary\.json/,
    );
    const records: FileCoverageRecord[] = [];
    const summary = parseIstanbulSummary({ ...document, 'bad.js': { lines: { total: 1, covered: 5 } } }, (r) => records.push(r), { name: 's.json' });
    expect(summary.warnings).toEqual(['s.json: entry "bad.js" has no lines total/covered; skipped']);
  });
});
