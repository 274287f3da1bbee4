import { describe, expect, it } from 'vitest';

import type { XmlAttributes } from '../../../../actions/quality-gate/src/xml/xml-attributes.js';
import { XmlStreamParser } from '../../../../actions/quality-gate/src/xml/xml-stream-parser.js';

/** Runs `inspect` on the attributes of the root tag of `xml` (they are valid only during openTag). */
function withAttributes<T>(xml: string, inspect: (attributes: XmlAttributes) => T): T {
  let result: T | undefined;
  const parser = new XmlStreamParser(
    {
      openTag(_name, attributes) {
        result ??= inspect(attributes);
      },
      closeTag() {},
    },
    { limits: { maxAttributes: 10_000 } },
  );
  parser.write(Buffer.from(xml));
  parser.end();
  return result as T;
}

describe('XmlAttributes', () => {
  it('looks attributes up by exact name, ASCII or not', () => {
    const found = withAttributes('<a name="n" Name="N" nämé="ü"/>', (a) => [
      a.get('name'),
      a.get('Name'),
      a.get('nämé'),
      a.get('missing'),
      a.has('name'),
      a.has('nam'),
      a.length,
    ]);
    expect(found).toEqual(['n', 'N', 'ü', undefined, true, false, 3]);
  });

  it('returns the string it is given to reuse when the value is the same text', () => {
    const previous = ['com.acme', 'Foo'].join('.');
    const [same, other, decoded] = withAttributes('<a c="com.acme.Foo" d="com.acme.Bar" e="é"/>', (a) => [
      a.get('c', previous),
      a.get('d', previous),
      a.get('e', 'é'),
    ]);
    expect(same).toBe(previous);
    expect(other).toBe('com.acme.Bar');
    expect(decoded).toBe('é');
  });

  it('reads numbers from the bytes like Number() reads the text', () => {
    const values = ['0.004', '12', '-3.5', '1.', '1e3', ' 2 ', '', 'abc', '0.1234567890123456789', '1,234.5'];
    const xml = `<a ${values.map((v, i) => `v${i}="${v}"`).join(' ')}/>`;
    const numbers = withAttributes(xml, (a) => values.map((_, i) => a.getNumber(`v${i}`)));
    expect(numbers).toEqual([0.004, 12, -3.5, 1, 1000, 2, Number.NaN, Number.NaN, 0.12345678901234568, Number.NaN]);
    expect(withAttributes('<a/>', (a) => a.getNumber('time'))).toBeUndefined();
  });

  it('reads plain decimals exactly as Number() does', () => {
    const samples = Array.from({ length: 2_000 }, (_, i) => ((i * 7919) % 100_000) / 10 ** (i % 7));
    const texts = samples.map((n) => n.toFixed(5 - (n.toString().length % 5)));
    const xml = `<a ${texts.map((t, i) => `v${i}="${t}"`).join(' ')}/>`;
    const numbers = withAttributes(xml, (a) => texts.map((_, i) => a.getNumber(`v${i}`)));
    expect(numbers).toEqual(texts.map(Number));
  });

  it('gives names and values by index, and everything as an object', () => {
    const [names, object] = withAttributes('<a x="1" y="&lt;2&gt;"/>', (a) => [
      [a.nameAt(0), a.nameAt(1)],
      a.toObject(),
    ]);
    expect(names).toEqual(['x', 'y']);
    expect(object).toEqual({ x: '1', y: '<2>' });
    expect(() => withAttributes('<a/>', (a) => a.nameAt(0))).toThrow(RangeError);
  });
});
