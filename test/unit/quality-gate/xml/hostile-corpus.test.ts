import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { parseJUnit } from '../../../../actions/quality-gate/src/tests/parse-junit.js';
import { TestTotals } from '../../../../actions/quality-gate/src/tests/test-totals.js';
import { UserError } from '../../../../shared/runtime/errors.js';

const root = resolve(import.meta.dirname, '../../../..');
const corpus = join(root, 'test/corpus/xml');

type Expected = { error: RegExp } | { total: number; failed: number; failing: string[] };

const I18N = { total: 3, failed: 1, failing: ['emoji 😀'] };

/** Every committed corpus file and what must come of it (file:line:column of the error). */
const EXPECTED: Record<string, Expected> = {
  'bad-character-reference.xml': { error: /:4:47: character reference &#xD800; is not an XML character$/ },
  'billion-laughs.xml': { error: /:2:1: DOCTYPE with an internal subset refused/ },
  'binary-junk.bin': { error: /:3:1: NUL byte: this is binary data, not XML$/ },
  'crlf.xml': I18N,
  'empty.xml': { error: /:1:1: empty file: no XML at all$/ },
  'entity-outside-doctype.xml': { error: /:2:1: entity declarations are refused/ },
  'latin1-declared.xml': { total: 1, failed: 0, failing: [] },
  'mismatched.xml': { error: /:5:3: mismatched end tag: <\/testsuite> where <\/testcase> was expected$/ },
  'not-junit.xml': { error: /:3:1: not a JUnit report: the root element is <coverage>/ },
  'text-before-root.xml': { error: /:1:1: text before the root element: this is not XML$/ },
  'truncated-in-text.xml': {
    error:
      /:7:1: unexpected end of file: the document is truncated \(<failure>, <testcase>, <testsuite> and 1 more not closed\)$/,
  },
  'truncated.xml': { error: /:5:5: unexpected end of file inside a start tag \(truncated\?\)$/ },
  'two-roots.xml': { error: /:2:1: a second root element/ },
  'undefined-entity.xml': { error: /:4:39: reference to undefined entity &nbsp; refused/ },
  'unsupported-encoding.xml': { error: /:1:1: encoding 'Shift_JIS' is not supported/ },
  'unterminated-comment.xml': { error: /:5:1: unexpected end of file inside a comment/ },
  'utf16be-bom.xml': I18N,
  'utf16le-bom.xml': I18N,
  'utf16le-no-bom.xml': I18N,
  'utf32le-bom.xml': { error: /:1:1: UTF-32 is not supported/ },
  'utf8-bom.xml': I18N,
  'whitespace-only.xml': { error: /:3:1: no root element/ },
  'xxe-external-dtd.xml': { error: /:6:25: reference to undefined entity &passwd; refused/ },
  'xxe-file.xml': { error: /:2:1: DOCTYPE with an internal subset refused/ },
  'xxe-parameter-entity.xml': { error: /:2:1: DOCTYPE with an internal subset refused/ },
  'zero-filled.xml': { error: /:5:1: NUL byte: this is binary data, not XML$/ },
};

async function parse(path: string) {
  const totals = new TestTotals();
  const summary = await parseJUnit(path, totals.sink);
  return { totals, summary };
}

describe('hostile corpus (test/corpus/xml)', () => {
  it('has an expectation for every file', () => {
    const files = readdirSync(corpus).filter((f) => f !== 'README.md');
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(file, { timeout: 5_000 }, async () => {
      const path = join(corpus, file);
      if ('error' in expected) {
        const error = await parse(path).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(UserError);
        const where = (error as UserError).where ?? '';
        expect(where.startsWith(`${path}:`), `where names the file: ${where}`).toBe(true);
        expect((error as Error).message).toMatch(expected.error);
        expect((error as Error).message.startsWith(path)).toBe(true);
      } else {
        const { totals } = await parse(path);
        expect([totals.total, totals.failed]).toEqual([expected.total, expected.failed]);
        expect(totals.failures.map((f) => f.name)).toEqual(expected.failing);
      }
    });
  }

  it('decodes names from every encoding identically', async () => {
    const seen: string[][] = [];
    for (const file of ['crlf.xml', 'utf16be-bom.xml', 'utf16le-bom.xml', 'utf16le-no-bom.xml', 'utf8-bom.xml']) {
      const names: string[] = [];
      await parseJUnit(join(corpus, file), (record) => names.push(`${record.suites.join('/')}: ${record.name}`));
      seen.push(names);
    }
    for (const names of seen) expect(names).toEqual(['café 🎉: résumé 日本', 'café 🎉: emoji 😀', 'café 🎉: plain']);
    const latin: string[] = [];
    await parseJUnit(join(corpus, 'latin1-declared.xml'), (record) =>
      latin.push(`${record.suites[0]}: ${record.name}`),
    );
    expect(latin).toEqual(['café: naïve']);
  });
});

describe('generated hostile inputs (in a temporary directory)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'elder-xml-corpus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes `parts()` repeatedly until `bytes` are written; returns the path. */
  function generate(name: string, head: string, unit: (i: number) => string, bytes: number, tail: string): string {
    const path = join(dir, name);
    const fd = openSync(path, 'w');
    try {
      let written = writeSync(fd, head);
      for (let i = 0; written < bytes; i += 1000) {
        let block = '';
        for (let k = 0; k < 1000; k += 1) block += unit(i + k);
        written += writeSync(fd, block);
      }
      writeSync(fd, tail);
    } finally {
      closeSync(fd);
    }
    return path;
  }

  const oneLineCase = (i: number) => `<testcase classname="c${i % 7}" name="t${i}" time="0.001"/>`;

  it('a valid report on a single 100 MB line, in linear time and bounded memory', { timeout: 120_000 }, () => {
    const small = generate(
      'line-10.xml',
      '<testsuites><testsuite name="one line">',
      oneLineCase,
      10e6,
      '</testsuite></testsuites>',
    );
    const big = generate(
      'line-100.xml',
      '<testsuites><testsuite name="one line">',
      oneLineCase,
      100e6,
      '</testsuite></testsuites>',
    );
    const run = (path: string) => {
      const started = performance.now();
      // A 48 MB heap: holding the document (or a line of it) would die of "heap out of memory".
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', '--max-old-space-size=48', join(import.meta.dirname, 'parse-junit-child.ts'), path],
        { cwd: root, encoding: 'utf8', timeout: 100_000 },
      );
      expect(child.status, child.stderr).toBe(0);
      return { ms: performance.now() - started, result: JSON.parse(child.stdout) };
    };
    const ten = run(small);
    const hundred = run(big);
    expect(ten.result.ok).toBe(true);
    expect(hundred.result.ok).toBe(true);
    expect(hundred.result.counts.total).toBeGreaterThan(1_500_000);
    expect(hundred.result.counts.passed).toBe(hundred.result.counts.total);
    // Linear: 10x the input costs about 10x the time (plus the fixed start-up of both runs);
    // a quadratic scanner would take 100x.
    expect(hundred.ms / ten.ms).toBeLessThan(25);
    expect(hundred.result.maxRssKb / 1024).toBeLessThan(150);
  });

  it(
    'a truncated single 100 MB line: the error names the file, line 1 and the column',
    { timeout: 60_000 },
    async () => {
      const path = generate(
        'cut.xml',
        '<testsuites><testsuite name="cut">',
        oneLineCase,
        100e6,
        '<testcase name="x" time="0.0',
      );
      const error = await parse(path).then(
        () => undefined,
        (e: unknown) => e as UserError,
      );
      expect(error?.message).toMatch(
        new RegExp(`^${path.replaceAll('.', '\\.')}:1:\\d{9}: unexpected end of file inside a start tag`),
      );
    },
  );

  it('20 MB of random bytes, alone or inside a root element: an error, quickly', { timeout: 20_000 }, async () => {
    // Deterministic noise without NUL bytes (those are caught at once anyway).
    let seed = 7;
    const noise = Buffer.alloc(20e6);
    for (let i = 0; i < noise.length; i += 1) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      noise[i] = 1 + (seed % 255);
    }
    const alone = join(dir, 'noise.bin');
    const wrapped = join(dir, 'noise-in-root.xml');
    writeFileSync(alone, noise);
    writeFileSync(wrapped, Buffer.concat([Buffer.from('<testsuites><testsuite name="x">'), noise]));
    for (const path of [alone, wrapped]) {
      const started = performance.now();
      const error = await parse(path).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).where?.startsWith(`${path}:`)).toBe(true);
      expect(performance.now() - started).toBeLessThan(5_000);
    }
  });

  it('elements nested 100,000 deep stop at the depth limit', { timeout: 10_000 }, async () => {
    const path = generate('deep.xml', '<testsuites>', () => '<testsuite>', 1.1e6, '');
    const error = await parse(path).then(
      () => undefined,
      (e: unknown) => e as UserError,
    );
    expect(error?.message).toBe(`${path}:1:${12 + 255 * 11 + 1}: elements nested deeper than 256 (limit maxDepth)`);
  });

  it('a 64 MB attribute value stops at the value limit without holding it all', { timeout: 20_000 }, async () => {
    const path = generate('big-value.xml', '<testsuites name="', () => 'x', 64e6, '"/>');
    const error = await parse(path).then(
      () => undefined,
      (e: unknown) => e as UserError,
    );
    expect(error?.message).toMatch(
      /:1:\d+: (an attribute value longer than 4194304 bytes|a tag longer than 8388608 bytes)/,
    );
  });
});
