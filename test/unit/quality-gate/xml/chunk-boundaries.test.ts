import { describe, expect, it } from 'vitest';

import { record, splitAt } from './xml-events.js';

/** Every construct the tokenizer knows, with 2-, 3- and 4-byte UTF-8 characters and CR LF. */
const RICH = [
  '<?xml version="1.0" encoding="UTF-8"?>\r\n',
  '<!DOCTYPE testsuites SYSTEM "junit.dtd">\r\n',
  '<!-- written by a -- test runner -->\r\n',
  '<testsuites name="café ☕" tests="2">\r\n',
  '  <testsuite name=\'日本 😀\' time="1.5">\r\n',
  '    <testcase classname="a&amp;b" name="x &lt; y &#233;&#x1F600;"/>\r\n',
  '    <testcase name="two"><failure message="m">line 1 &amp; ü\r\nline 2 €<![CDATA[<raw> ]] & 😀]]>tail</failure>',
  '<?pi some data?><system-out>ignored &lt;text&gt;</system-out></testcase>\r\n',
  '  </testsuite>\r\n',
  '</testsuites>\r\n',
].join('');

const DOCUMENTS: Record<string, Buffer> = {
  'every construct': Buffer.from(RICH, 'utf8'),
  'UTF-8 with a byte order mark': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(RICH, 'utf8')]),
  'UTF-16 LE with a byte order mark': Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from(RICH.replace('UTF-8', 'UTF-16'), 'utf16le'),
  ]),
  'UTF-16 BE with a byte order mark': Buffer.concat([
    Buffer.from([0xfe, 0xff]),
    Buffer.from(RICH.replace('UTF-8', 'UTF-16'), 'utf16le').swap16(),
  ]),
  mismatched: Buffer.from('<a>\n  <b attr="é">text</c>\n</a>', 'utf8'),
  truncated: Buffer.from('<a>\n  <b attr="é">text &amp; more', 'utf8'),
  'undefined entity': Buffer.from('<a>\n  <b>caf&eacute;</b></a>', 'utf8'),
  'internal subset': Buffer.from('<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', 'utf8'),
};

// Text only of failure (and its CDATA): the rest is skipped, as the JUnit reader does.
const wantTextIn = (name: string) => name === 'failure';

function outcome(chunks: Buffer[]) {
  const { events, error } = record(chunks, { source: 'doc.xml', wantTextIn });
  return { events, error: error?.message };
}

describe('the tokenizer gives the same result however the input is cut into chunks', () => {
  for (const [label, bytes] of Object.entries(DOCUMENTS)) {
    it(`${label}: at every single split point`, () => {
      const expected = outcome([bytes]);
      for (let at = 0; at <= bytes.length; at += 1) {
        expect(outcome(splitAt(bytes, at)), `split at byte ${at}`).toEqual(expected);
      }
    });

    it(`${label}: one byte at a time`, () => {
      const expected = outcome([bytes]);
      const bytewise = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
      expect(outcome(bytewise)).toEqual(expected);
    });
  }

  it('every construct: at every pair of split points in the failure text region', () => {
    const bytes = DOCUMENTS['every construct'] as Buffer;
    const from = bytes.indexOf('<testcase name="two">');
    const to = bytes.indexOf('</testcase>', from);
    const expected = outcome([bytes]);
    for (let a = from; a < to; a += 1) {
      for (let b = a + 1; b <= Math.min(to, a + 40); b += 1) {
        expect(outcome(splitAt(bytes, a, b)), `split at ${a} and ${b}`).toEqual(expected);
      }
    }
  });

  it('the reference results are what the document says', () => {
    const rich = outcome([DOCUMENTS['every construct'] as Buffer]);
    expect(rich.error).toBeUndefined();
    expect(rich.events).toEqual([
      '<testsuites name="café ☕" tests="2">',
      '<testsuite name="日本 😀" time="1.5">',
      '<testcase classname="a&b" name="x < y é😀"/>',
      '</testcase>',
      '<testcase name="two">',
      '<failure message="m">',
      'T:line 1 & ü\nline 2 €<raw> ]] & 😀tail',
      '</failure>',
      '<system-out>',
      '</system-out>',
      '</testcase>',
      '</testsuite>',
      '</testsuites>',
    ]);
    for (const encoded of [
      'UTF-8 with a byte order mark',
      'UTF-16 LE with a byte order mark',
      'UTF-16 BE with a byte order mark',
    ]) {
      expect(outcome([DOCUMENTS[encoded] as Buffer]), encoded).toEqual(rich);
    }
    expect(outcome([DOCUMENTS.mismatched as Buffer]).error).toBe(
      'doc.xml:2:19: mismatched end tag: </c> where </b> was expected',
    );
    expect(outcome([DOCUMENTS.truncated as Buffer]).error).toBe(
      'doc.xml:2:30: unexpected end of file: the document is truncated (<b>, <a> not closed)',
    );
    expect(outcome([DOCUMENTS['undefined entity'] as Buffer]).error).toMatch(
      /^doc\.xml:2:9: reference to undefined entity &eacute; refused/,
    );
    expect(outcome([DOCUMENTS['internal subset'] as Buffer]).error).toMatch(
      /^doc\.xml:1:1: DOCTYPE with an internal subset refused/,
    );
  });
});

describe('constructs longer than a chunk', () => {
  /** Cuts bytes into chunks of `size`. */
  function chunked(bytes: Buffer, size: number): Buffer[] {
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
    return chunks;
  }

  it('a start tag of 600 KB with > characters in its values, in 64 KiB chunks', () => {
    const value = 'a > b; '.repeat(90_000);
    const bytes = Buffer.from(`<r><t one="${value}" two='${value}'/></r>`);
    const { events, error } = record(chunked(bytes, 64 * 1024));
    expect(error).toBeUndefined();
    expect(events).toEqual([`<r>`, `<t one=${JSON.stringify(value)} two=${JSON.stringify(value)}/>`, '</t>', '</r>']);
  });

  it('a start tag of 600 KB without any >, in 64 KiB chunks', () => {
    const value = 'x'.repeat(600_000);
    const bytes = Buffer.from(`<r><t v="${value}"/></r>`);
    const { events, error } = record(chunked(bytes, 64 * 1024));
    expect(error).toBeUndefined();
    expect(events[1]).toBe(`<t v=${JSON.stringify(value)}/>`);
  });

  it('text and CDATA of 3-byte characters in chunks of 7 bytes, so most chunks cut a character', () => {
    const text = '€日本'.repeat(5_000);
    const bytes = Buffer.from(`<r>${text}<![CDATA[${text}]]>&#x20AC;${text}</r>`);
    const { events, error } = record(chunked(bytes, 7));
    expect(error).toBeUndefined();
    expect(events).toEqual(['<r>', `T:${text}${text}€${text}`, '</r>']);
  });

  it('a comment and a CDATA section whose terminators are cut at every position', () => {
    const bytes = Buffer.from('<r><!-- a comment -- with dashes --><![CDATA[x]]]]]></r>');
    const expected = record([bytes]);
    expect(expected.events).toEqual(['<r>', 'T:x]]]', '</r>']);
    for (const size of [1, 2, 3, 4, 5]) expect(record(chunked(bytes, size)), `chunks of ${size}`).toEqual(expected);
  });
});
