import { describe, expect, it } from 'vitest';

import { record, splitAt } from './xml-events.js';

const DOC = '<?xml version="1.0" encoding="ENCODING"?><a v="é😀">ü 日本 😀</a>';
const EXPECTED = ['<a v="é😀">', 'T:ü 日本 😀', '</a>'];

function utf16(text: string, order: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const body = order === 'le' ? le : Buffer.from(le).swap16();
  if (!bom) return body;
  return Buffer.concat([Buffer.from(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), body]);
}

describe('encodings', () => {
  it('UTF-8 without and with a byte order mark', () => {
    const plain = Buffer.from(DOC.replace('ENCODING', 'UTF-8'));
    expect(record([plain])).toEqual({ events: EXPECTED });
    expect(record([Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plain])])).toEqual({ events: EXPECTED });
  });

  it.each([
    ['LE with BOM', 'le', true],
    ['BE with BOM', 'be', true],
    ['LE without BOM', 'le', false],
    ['BE without BOM', 'be', false],
  ] as const)('UTF-16 %s is transcoded, also when chunks cut code units and surrogate pairs', (_label, order, bom) => {
    const bytes = utf16(DOC.replace('ENCODING', 'UTF-16'), order, bom);
    expect(record([bytes])).toEqual({ events: EXPECTED });
    for (let at = 0; at <= bytes.length; at += 1)
      expect(record(splitAt(bytes, at)), `split at ${at}`).toEqual({ events: EXPECTED });
  });

  it('ISO-8859-1 when declared (bytes >= 0x80 are Latin-1 characters, not UTF-8)', () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a v="caf\u00e9">na\u00efve</a>', 'latin1');
    expect(record([bytes])).toEqual({ events: ['<a v="café">', 'T:naïve', '</a>'] });
  });

  it('an odd number of UTF-16 bytes is an error at the end, not a silent U+FFFD', () => {
    const bytes = Buffer.concat([utf16('<a>x</a>', 'le', true), Buffer.from([0x41])]);
    expect(record([bytes], { source: 'odd.xml' }).error?.message).toBe(
      'odd.xml:1:9: invalid UTF-16: an odd number of bytes or an unpaired surrogate',
    );
  });

  it('refuses UTF-32 and encodings it does not decode, by name', () => {
    const utf32 = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('<a/>', 'utf16le')]);
    expect(record([utf32], { source: 'u.xml' }).error?.message).toBe(
      'u.xml:1:1: UTF-32 is not supported: convert the report to UTF-8',
    );
    const sjis = Buffer.from('<?xml version="1.0" encoding="Shift_JIS"?><a/>');
    expect(record([sjis], { source: 's.xml' }).error?.message).toBe(
      "s.xml:1:1: encoding 'Shift_JIS' is not supported (UTF-8, UTF-16 with a byte order mark, ISO-8859-1 and US-ASCII are)",
    );
  });

  it('a document shorter than the 4 bytes needed to sniff the encoding', () => {
    expect(record([Buffer.from('<a/>')])).toEqual({ events: ['<a/>', '</a>'] });
    expect(record([Buffer.from('<a'), Buffer.from('/>')])).toEqual({ events: ['<a/>', '</a>'] });
    expect(record([Buffer.from('x')], { source: 'x.xml' }).error?.message).toBe(
      'x.xml:1:1: text before the root element: this is not XML',
    );
  });
});
