import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

import type { TestCaseRecord } from '../../../../actions/quality-gate/src/model.js';
import { JUnitReader, type JUnitReadOptions } from '../../../../actions/quality-gate/src/tests/junit-reader.js';
import { parseJUnit } from '../../../../actions/quality-gate/src/tests/parse-junit.js';
import { summarizeTests } from '../../../../actions/quality-gate/src/tests/summarize-tests.js';
import { XmlStreamParser } from '../../../../actions/quality-gate/src/xml/xml-stream-parser.js';

const dir = mkdtempSync(join(tmpdir(), 'elder-junit-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readText(xml: string, options: JUnitReadOptions = {}) {
  const records: TestCaseRecord[] = [];
  const reader = new JUnitReader((r) => records.push(r), options);
  const text = vi.spyOn(reader, 'text');
  const parser = new XmlStreamParser(reader, { source: 'report.xml' });
  parser.write(Buffer.from(xml));
  parser.end();
  const delivered = text.mock.calls.reduce((n, [piece]) => n + piece.length, 0);
  return { records, summary: reader.summary(), delivered };
}

describe('JUnitReader', () => {
  it('refuses a document that is not JUnit, naming the file and the root element', async () => {
    const path = join(dir, 'coverage.xml');
    writeFileSync(path, '<?xml version="1.0"?>\n<coverage line-rate="1"/>\n');
    await expect(parseJUnit(path, () => {})).rejects.toThrow(
      `${path}:2:1: not a JUnit report: the root element is <coverage>, not <testsuites> or <testsuite>`,
    );
  });

  it('warns about a report without test cases, a case without a name and a time that is not one', () => {
    expect(readText('<testsuites/>').summary).toEqual({
      format: 'junit',
      warnings: ['the report contains no test cases'],
    });
    const { records, summary } = readText(
      '<testsuite><testcase time="soon"/><testcase name="x" time="-1"/></testsuite>',
    );
    expect(records.map((r) => [r.name, r.durationMs])).toEqual([
      ['', undefined],
      ['x', undefined],
    ]);
    expect(summary.warnings).toEqual([
      'a <testcase> without a name attribute',
      "test case '': time 'soon' is not a duration in seconds",
      "test case 'x': time '-1' is not a duration in seconds",
    ]);
  });

  it('caps warnings and says how many more there were', () => {
    const cases = Array.from({ length: 30 }, (_, i) => `<testcase name="t${i}" time="?"/>`).join('');
    const { summary } = readText(`<testsuite>${cases}</testsuite>`, { maxWarnings: 5 });
    expect(summary.warnings).toHaveLength(6);
    expect(summary.warnings.at(-1)).toBe('25 more warnings not shown');
  });

  it('never decodes the output of passing cases or of suites', () => {
    const big = 'log line &amp; more\n'.repeat(50_000);
    const { records, delivered } = readText(
      `<testsuite><system-out>${big}</system-out><testcase name="ok"><system-out>${big}</system-out><system-err><![CDATA[${big}]]></system-err></testcase></testsuite>`,
    );
    expect(records).toEqual([{ suites: [''], name: 'ok', status: 'passed' }]);
    expect(delivered).toBe(0);
  });

  it('stops decoding a failure text at its cap and says it was cut', () => {
    const trace = `Error: boom\n${'    at f (src/a.js:1:1)\n'.repeat(100_000)}`;
    const { records, delivered } = readText(
      `<testsuite><testcase name="t"><failure>${trace}</failure><system-out>${'x'.repeat(100_000)}</system-out></testcase></testsuite>`,
      { maxDetailsChars: 1_000, maxOutputChars: 200 },
    );
    const [failed] = records;
    expect(failed?.message).toBe('Error: boom');
    expect(failed?.file).toBe('src/a.js');
    expect(failed?.details).toMatch(
      /\n\[truncated after 1000 characters\]\n\n--- system-out ---\nx+\n\[truncated after 200 characters\]$/,
    );
    // The tokenizer delivers text in pieces of at most 16 KiB and asks again before each one.
    expect(delivered).toBeLessThan(1_000 + 200 + 2 * 16 * 1024);
  });

  it('takes the message from the message attribute, else the type, else the first line of the text', () => {
    const { records } = readText(
      [
        '<testsuite>',
        '<testcase name="a"><failure message="first line&#10;second line" type="T">body</failure></testcase>',
        '<testcase name="b"><failure type="java.lang.AssertionError">body</failure></testcase>',
        '<testcase name="c"><error>\n\n  Error: from the text  \nat x</error></testcase>',
        `<testcase name="d"><failure message="${'m'.repeat(50)}"/></testcase>`,
        '</testsuite>',
      ].join(''),
      { maxMessageChars: 30 },
    );
    expect(records.map((r) => [r.name, r.status, r.message])).toEqual([
      ['a', 'failed', 'first line'],
      ['b', 'failed', 'java.lang.AssertionError'],
      ['c', 'error', 'Error: from the text'],
      ['d', 'failed', `${'m'.repeat(30)}…`],
    ]);
  });

  it('a case with both failure and error takes the first; skipped loses to either', () => {
    const { records } = readText(
      '<testsuite><testcase name="a"><error message="e"/><failure message="f"/></testcase><testcase name="b"><skipped/><failure message="f"/></testcase></testsuite>',
    );
    expect(records.map((r) => [r.name, r.status, r.message])).toEqual([
      ['a', 'error', 'e'],
      ['b', 'failed', 'f'],
    ]);
  });

  it('test cases directly under <testsuites> have no suite; a nested <testcase> is ignored with a warning', () => {
    const { records, summary } = readText(
      '<testsuites><testcase name="top"><testcase name="inner"/></testcase><testsuite name="s"><testcase name="in"/></testsuite></testsuites>',
    );
    expect(records.map((r) => [r.suites, r.name])).toEqual([
      [[], 'top'],
      [['s'], 'in'],
    ]);
    expect(summary.warnings).toEqual(["a <testcase> inside the <testcase> 'top' is ignored"]);
  });

  it('declared totals: the root <testsuites> counts win, missing ones come from the top-level suites', () => {
    const { summary } = readText(
      '<testsuites tests="3" failures="1"><testsuite tests="2" failures="0" skipped="1" errors="0"><testsuite tests="9" skipped="9"/></testsuite><testsuite skip="2"/></testsuites>',
    );
    expect(summary.declared).toEqual({ tests: 3, failures: 1, errors: 0, skipped: 3 });
  });

  it('shares the suites array between the cases of one suite (no copy per case)', () => {
    const { records } = readText('<testsuite name="s"><testcase name="a"/><testcase name="b"/></testsuite>');
    expect(records[0]?.suites).toBe(records[1]?.suites);
  });
});

describe('summarizeTests', () => {
  it('adds several reports into one total and keeps each file’s declared totals', async () => {
    const a = join(dir, 'a.xml');
    const b = join(dir, 'b.xml');
    writeFileSync(
      a,
      '<testsuite tests="2" failures="1"><testcase name="x"/><testcase name="y"><failure/></testcase></testsuite>',
    );
    writeFileSync(b, '<testsuite tests="1"><testcase name="z" time="0.5"/></testsuite>');
    const summary = await summarizeTests([a, b]);
    expect(summary.totals).toMatchObject({ total: 3, passed: 2, failed: 1, durationMs: 500 });
    expect(summary.files).toEqual([
      { path: a, format: 'junit', declared: { tests: 2, failures: 1 }, warnings: [] },
      { path: b, format: 'junit', declared: { tests: 1 }, warnings: [] },
    ]);
  });
});
