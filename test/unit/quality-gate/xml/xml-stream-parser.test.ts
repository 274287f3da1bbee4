import { describe, expect, it } from 'vitest';

import { UserError } from '../../../../shared/runtime/errors.js';
import { XmlError } from '../../../../actions/quality-gate/src/xml/xml-error.js';
import { XmlStreamParser } from '../../../../actions/quality-gate/src/xml/xml-stream-parser.js';
import { RejectedContent } from '../../../../actions/quality-gate/src/xml/rejected-content.js';
import { record, recordText } from './xml-events.js';

function errorOf(text: string, options = {}): XmlError {
  const { error } = recordText(text, { source: 'report.xml', ...options });
  if (!(error instanceof XmlError)) throw new Error(`expected an XmlError, got ${String(error)}`);
  return error;
}

describe('XmlStreamParser: well-formed documents', () => {
  it('reports start tags with attributes, self-closing tags and end tags in order', () => {
    const { events, error } = recordText(
      `<?xml version="1.0" encoding="UTF-8"?>\n<suite a="1" b='two'>\n  <case name="x"/>\n  <case name='y'></case>\n</suite>\n`,
      { wantTextIn: () => false },
    );
    expect(error).toBeUndefined();
    expect(events).toEqual([
      '<suite a="1" b="two">',
      '<case name="x"/>',
      '</case>',
      '<case name="y">',
      '</case>',
      '</suite>',
    ]);
  });

  it('resolves the five predefined entities and decimal and hex character references', () => {
    const { events } = recordText(
      `<a v="&lt;&gt;&amp;&quot;&apos; &#65;&#x42;&#x1F600;">x &lt; y &amp;&amp; &#233;&#x263a;</a>`,
    );
    expect(events).toEqual([`<a v=${JSON.stringify(`<>&"' AB😀`)}>`, 'T:x < y && é☺', '</a>']);
  });

  it('keeps a quote of the other kind inside an attribute value', () => {
    const { events } = recordText(`<a one="it's" two='say "hi"'/>`);
    expect(events[0]).toBe(`<a one="it's" two=${JSON.stringify('say "hi"')}/>`);
  });

  it('delivers CDATA content verbatim, markup and all', () => {
    const { events } = recordText('<a><![CDATA[<b>&amp; ]] ]>]]></a>');
    expect(events).toEqual(['<a>', 'T:<b>&amp; ]] ]>', '</a>']);
  });

  it('skips comments, processing instructions and a DOCTYPE without an internal subset', () => {
    const { events, error } = recordText(
      '<?xml version="1.0"?><!DOCTYPE a SYSTEM "a.dtd"><!-- c <b> --><?pi data?><a><!-- inside --><?x?>t</a><!-- after -->',
    );
    expect(error).toBeUndefined();
    expect(events).toEqual(['<a>', 'T:t', '</a>']);
  });

  it('normalises line breaks in text (CR LF and CR to LF) and whitespace in attribute values', () => {
    const { events } = recordText('<a v="1\r\n2\t3\n4&#10;5">l1\r\nl2\rl3&#13;</a>');
    expect(events).toEqual(['<a v="1 2 3 4\\n5">', 'T:l1\nl2\nl3\r', '</a>']);
  });

  it('decodes UTF-8 in names, values and text', () => {
    const { events } = recordText('<résumé clé="日本">ü</résumé>');
    expect(events).toEqual(['<résumé clé="日本">', 'T:ü', '</résumé>']);
  });

  it('delivers text only while the handler asks for it', () => {
    const { events } = recordText('<r><keep>yes</keep><skip>no &amp; never</skip><keep>again</keep></r>', {
      wantTextIn: (name) => name === 'keep',
    });
    expect(events).toEqual([
      '<r>',
      '<keep>',
      'T:yes',
      '</keep>',
      '<skip>',
      '</skip>',
      '<keep>',
      'T:again',
      '</keep>',
      '</r>',
    ]);
  });

  it('still checks text it does not deliver: an undefined entity in skipped text is refused', () => {
    const error = errorOf('<r><skip>a &bogus; b</skip></r>', { wantTextIn: () => false });
    expect(error.message).toBe(
      'report.xml:1:12: reference to undefined entity &bogus; refused: only &lt; &gt; &amp; &quot; &apos; and numeric references are allowed (entities are never expanded)',
    );
  });

  it('accepts whitespace, comments and processing instructions after the root element', () => {
    expect(recordText('<a/>\n<!-- done -->\n<?pi?>\n').error).toBeUndefined();
  });

  it('exposes the position of the tag being handled to handlers that reject content', () => {
    let seen: string | undefined;
    const parser = new XmlStreamParser(
      {
        openTag(name) {
          if (name === 'coverage') throw new RejectedContent('not a JUnit report');
          seen = name;
        },
        closeTag() {},
      },
      { source: 'x.xml' },
    );
    expect(() => parser.write(Buffer.from('\n  <coverage/>'))).toThrow('x.xml:2:3: not a JUnit report');
    expect(seen).toBeUndefined();
    // A failed parser stays failed.
    expect(() => parser.end()).toThrow('x.xml:2:3: not a JUnit report');
  });
});

describe('XmlStreamParser: malformed documents give an XmlError with file:line:column', () => {
  it.each([
    ['<a><b></a>', '1:7', 'mismatched end tag: </a> where </b> was expected'],
    ['<a>\n  <b>\n', '3:1', 'unexpected end of file: the document is truncated (<b>, <a> not closed)'],
    ['<a b="1', '1:1', 'unexpected end of file inside a start tag (truncated?)'],
    ['<a>x</a><b/>', '1:9', 'a second root element: an XML document has exactly one'],
    ['</a>', '1:1', 'end tag </a> without a matching start tag'],
    ['hello <a/>', '1:1', 'text before the root element: this is not XML'],
    ['<a/>trailing', '1:5', 'text after the end of the root element'],
    ['<a b="1" b="2"/>', '1:10', "duplicate attribute 'b'"],
    ['<a b="x<y"/>', '1:8', "'<' in an attribute value (it is written &lt;)"],
    ['<a b=1/>', '1:6', 'expected a quoted attribute value'],
    ['<a b="1"c="2"/>', '1:9', 'expected whitespace, an attribute, or the end of the tag'],
    ['<a>fish & chips</a>', '1:9', "'&' must start a reference like &amp; or &#38; (a literal '&' is written &amp;)"],
    ['<a>&#0;</a>', '1:4', 'character reference &#0; is not an XML character'],
    ['<a>&#x110000;</a>', '1:4', 'character reference &#x110000; is beyond Unicode'],
    ['<a>&#12a;</a>', '1:4', 'malformed character reference &#12a;'],
    ['<a>&#;</a>', '1:4', 'malformed character reference &#;'],
    ['<a>1 < 2</a>', '1:6', "'<' must start a tag (a literal '<' in text is written &lt;)"],
    ['<a><![CDATA[x</a>', '1:18', 'unexpected end of file inside a CDATA section (truncated?)'],
    ['<a/><![CDATA[x]]>', '1:5', 'a CDATA section outside the root element'],
    ['<!-- x', '1:7', 'unexpected end of file inside a comment (truncated?)'],
    ['<a><!ELEMENT a ANY></a>', '1:4', "'<!' must start a comment (<!--), a CDATA section or the DOCTYPE"],
    ['<a/><!DOCTYPE a>', '1:5', 'a DOCTYPE after the root element'],
    [
      '\n<?xml version="1.0"?><a/>',
      '2:1',
      'the XML declaration (<?xml ...?>) must be the very first thing in the file',
    ],
    ['<?xml version="2.0"?><a/>', '1:1', 'malformed XML declaration'],
    ['<a>\u0000</a>', '1:4', 'NUL byte: this is binary data, not XML'],
    ['<a b="\u0001"/>', '1:7', 'control character U+0001 in an attribute value'],
    ['', '1:1', 'empty file: no XML at all'],
    [' \n <!-- only a comment -->\n', '3:1', 'no root element: this is not an XML document'],
  ])('%j -> %s %s', (text, where, reason) => {
    const error = errorOf(text);
    expect(error).toBeInstanceOf(UserError);
    expect(error.where).toBe(`report.xml:${where}`);
    expect(error.reason).toBe(reason);
    expect(error.message).toBe(`report.xml:${where}: ${reason}`);
  });

  it('counts columns in characters, not bytes', () => {
    expect(errorOf('<a>日本語 </b></a>').where).toBe('report.xml:1:8');
  });

  it('counts a CR LF as one line break', () => {
    expect(errorOf('<a>\r\n\r\n<b></a>').where).toBe('report.xml:3:4');
  });

  it('names <input> when no source is given', () => {
    const parser = new XmlStreamParser({ openTag() {}, closeTag() {} });
    expect(() => {
      parser.write(Buffer.from('<a>'));
      parser.end();
    }).toThrow(/^<input>:1:4: unexpected end of file/);
  });

  it('refuses writes after end()', () => {
    const parser = new XmlStreamParser({ openTag() {}, closeTag() {} });
    parser.write(Buffer.from('<a/>'));
    parser.end();
    expect(() => parser.write(Buffer.from(' '))).toThrow('write() after end()');
  });
});

describe('XmlStreamParser: entity declarations are refused, never expanded', () => {
  it.each([
    ['<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'],
    ['<!DOCTYPE a [ ]><a/>'],
    ['<!DOCTYPE a SYSTEM "a.dtd" [<!ENTITY % p SYSTEM "http://x/">%p;]><a/>'],
  ])('%j', (text) => {
    const error = errorOf(text);
    expect(error.reason).toMatch(/^DOCTYPE with an internal subset refused/);
    expect(error.where).toBe('report.xml:1:1');
  });

  it('does not mistake a [ inside a quoted system id for an internal subset', () => {
    expect(recordText('<!DOCTYPE a SYSTEM "x[1].dtd"><a/>').error).toBeUndefined();
  });

  it('refuses entities a DOCTYPE without internal subset would declare: they are undefined here', () => {
    expect(errorOf('<!DOCTYPE a SYSTEM "file:///etc/passwd"><a>&passwd;</a>').reason).toMatch(
      /^reference to undefined entity &passwd; refused/,
    );
  });
});

describe('XmlStreamParser: limits', () => {
  it('bounds the depth', () => {
    const deep = '<a>'.repeat(5) + '</a>'.repeat(5);
    expect(recordText(deep, { limits: { maxDepth: 5 } }).error).toBeUndefined();
    const error = errorOf('<a>'.repeat(6), { limits: { maxDepth: 5 } });
    expect(error.reason).toBe('elements nested deeper than 5 (limit maxDepth)');
    expect(error.where).toBe('report.xml:1:16');
  });

  it('bounds names, attribute counts, attribute values and tags', () => {
    expect(errorOf(`<${'n'.repeat(9)}/>`, { limits: { maxNameBytes: 8 } }).reason).toBe(
      'a name longer than 8 bytes (limit maxNameBytes)',
    );
    expect(errorOf(`<a ${'x'.repeat(9)}="1"/>`, { limits: { maxNameBytes: 8 } }).reason).toBe(
      'a name longer than 8 bytes (limit maxNameBytes)',
    );
    expect(errorOf('<a b="1" c="2" d="3"/>', { limits: { maxAttributes: 2 } }).reason).toBe(
      'more than 2 attributes on one tag (limit maxAttributes)',
    );
    expect(errorOf(`<a b="${'v'.repeat(17)}"/>`, { limits: { maxAttributeValueBytes: 16 } }).reason).toBe(
      'an attribute value longer than 16 bytes (limit maxAttributeValueBytes)',
    );
    const chunks = Array.from({ length: 40 }, (_, i) => Buffer.from(i === 0 ? '<a b="' : 'v'.repeat(64 * 1024)));
    const { error } = record(chunks, { source: 'big.xml', limits: { maxTagBytes: 1024 * 1024 } });
    expect(error?.message).toBe('big.xml:1:1: a tag longer than 1048576 bytes (limit maxTagBytes)');
  });

  it('rejects nonsensical limits as a programming error', () => {
    expect(() => new XmlStreamParser({ openTag() {}, closeTag() {} }, { limits: { maxDepth: 0 } })).toThrow(RangeError);
  });
});
