import { describe, expect, it } from 'vitest';
import { CoverageStore } from '../../../../actions/quality-gate/src/coverage/coverage-store.js';
import { formatLineRanges, groupLineRanges } from '../../../../actions/quality-gate/src/coverage/line-ranges.js';
import { MAX_COUNT } from '../../../../actions/quality-gate/src/coverage/line-table.js';
import type { FileCoverageRecord } from '../../../../actions/quality-gate/src/model.js';

const lines = (...pairs: [number, number][]) => pairs.map(([line, hits]) => ({ line, hits }));

function record(path: string, hits: [number, number][], extra: Partial<FileCoverageRecord> = {}): FileCoverageRecord {
  return { path, lines: lines(...hits), ...extra };
}

describe('CoverageStore', () => {
  it('merges reports of one file: a line is executable if any report lists it, covered if any covered it', () => {
    const store = new CoverageStore();
    store.add('src/a.ts', record('x', [[1, 1], [2, 0], [3, 0]]));
    store.add('src/a.ts', record('y', [[2, 5], [3, 0], [7, 0]]));
    expect(store.executableLines('src/a.ts')).toEqual([1, 2, 3, 7]);
    expect([1, 2, 3, 7].map((l) => store.lineHits('src/a.ts', l))).toEqual([1, 5, 0, 0]);
    expect(store.lineHits('src/a.ts', 4)).toBeUndefined();
    expect(store.fileTotals('src/a.ts')).toMatchObject({ files: 1, linesFound: 4, linesHit: 2 });
  });

  it('saturates hit counts instead of wrapping', () => {
    const store = new CoverageStore();
    store.add('a', record('a', [[1, 4_000_000_000]]));
    store.add('a', record('a', [[1, 4_000_000_000]]));
    store.add('a', record('a', [[2, 2 ** 40]]));
    expect(store.lineHits('a', 1)).toBe(MAX_COUNT);
    expect(store.lineHits('a', 2)).toBe(MAX_COUNT);
  });

  it('merges branches per line by the larger count, and functions by line and name', () => {
    const store = new CoverageStore();
    store.add('a', record('a', [[4, 1]], { branches: [{ line: 4, covered: 1, total: 2 }], functions: [{ name: 'f', line: 3, hits: 0 }] }));
    store.add('a', record('a', [[4, 1]], { branches: [{ line: 4, covered: 1, total: 2 }, { line: 9, covered: 0, total: 3 }], functions: [{ name: 'f', line: 3, hits: 2 }, { name: 'g', line: 8, hits: 0 }] }));
    expect(store.lineBranches('a', 4)).toEqual({ covered: 1, total: 2 });
    expect(store.fileTotals('a')).toMatchObject({ branchesFound: 5, branchesHit: 1, functionsFound: 2, functionsHit: 1 });
  });

  it('accepts records whose lines are out of order or repeated', () => {
    const store = new CoverageStore();
    store.add('a', record('a', [[9, 1], [2, 0], [9, 2], [0, 5], [-3, 1]]));
    expect(store.executableLines('a')).toEqual([2, 9]);
    expect(store.lineHits('a', 9)).toBe(3);
  });

  it('totals by path prefix, segment-wise, for monorepo packages', () => {
    const store = new CoverageStore();
    store.add('packages/a/x.ts', record('', [[1, 1], [2, 0]]));
    store.add('packages/ab/y.ts', record('', [[1, 1]]));
    store.add('tools/z.ts', record('', [[1, 0]]));
    expect(store.totals('packages/a')).toMatchObject({ files: 1, linesFound: 2, linesHit: 1 });
    expect(store.totals('packages/a/')).toMatchObject({ files: 1 });
    expect(store.totals(['packages/a', 'tools'])).toMatchObject({ files: 2, linesFound: 3, linesHit: 1 });
    expect(store.totals((p) => p.endsWith('.ts'))).toMatchObject({ files: 3 });
    expect(store.totals()).toMatchObject({ files: 3, linesFound: 4, linesHit: 2 });
    expect(store.totals('')).toMatchObject({ files: 3 });
  });

  it('gives new-code coverage of a set of changed lines', () => {
    const store = new CoverageStore();
    store.add('a', record('a', [[10, 1], [11, 0], [12, 0], [15, 3]]));
    // 13 and 14 changed but not executable; 99 beyond the file
    expect(store.coverageOfLines('a', [10, 11, 12, 13, 14, 15, 99, 11])).toEqual({
      status: 'assessed',
      executable: 4,
      hit: 2,
      missed: [11, 12],
    });
    expect(store.coverageOfLines('b', [1])).toEqual({ status: 'not-in-reports', executable: 0, hit: 0, missed: [] });
  });

  it('counts summary-only files in totals, reports them as not assessed, and lets line data replace them', () => {
    const store = new CoverageStore();
    store.add('a', { path: 'a', lines: [], summaryOnly: { linesFound: 10, linesHit: 4, functionsFound: 2, functionsHit: 1 } });
    expect(store.totals()).toMatchObject({ linesFound: 10, linesHit: 4, functionsFound: 2, filesWithoutLineData: 1 });
    expect(store.coverageOfLines('a', [1, 2]).status).toBe('summary-only');
    store.add('a', record('a', [[1, 1], [2, 0]]));
    expect(store.totals()).toMatchObject({ linesFound: 2, linesHit: 1, filesWithoutLineData: 0 });
    expect(store.coverageOfLines('a', [1, 2])).toMatchObject({ status: 'assessed', executable: 2, hit: 1 });
  });

  it('groups uncovered lines into ranges across lines no report lists', () => {
    const store = new CoverageStore();
    // 13 covered; 16-17 not executable (comments); 20 uncovered
    store.add('a', record('a', [[10, 0], [11, 0], [12, 0], [13, 1], [15, 0], [18, 0], [20, 0], [21, 2]]));
    expect(store.uncoveredRanges('a')).toEqual([
      { start: 10, end: 12 },
      { start: 15, end: 20 },
    ]);
    // only the PR's changed lines: 18 unchanged ends the range
    expect(store.uncoveredRanges('a', new Set([10, 11, 15, 20]))).toEqual([
      { start: 10, end: 11 },
      { start: 15, end: 15 },
      { start: 20, end: 20 },
    ]);
    expect(store.uncoveredRanges('missing')).toEqual([]);
  });

  it('keeps ten million executable lines in compact arrays (8 bytes a line)', () => {
    const store = new CoverageStore();
    const before = process.memoryUsage().arrayBuffers;
    const perFile = 5_000;
    const files = 2_000; // 10M lines
    const hits = Array.from({ length: perFile }, (_, i) => ({ line: i + 1, hits: i % 3 }));
    for (let f = 0; f < files; f += 1) store.add(`src/f${f}.ts`, { path: '', lines: hits });
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(store.totals()).toMatchObject({ files, linesFound: files * perFile });
    expect(grown).toBeLessThan(files * perFile * 8 * 1.1);
  });
});

describe('groupLineRanges', () => {
  it('joins consecutive numbers', () => {
    const ranges = groupLineRanges([15, 10, 11, 12, 11]);
    expect(ranges).toEqual([
      { start: 10, end: 12 },
      { start: 15, end: 15 },
    ]);
    expect(formatLineRanges(ranges)).toBe('10-12, 15');
    expect(groupLineRanges([])).toEqual([]);
  });
});
