import { describe, expect, it } from 'vitest';
import { codePoints, measure, utf8Bytes, type SizeUnit } from '../../../shared/render/text-size.js';
import {
  truncateCodePoints,
  truncateCodeUnits,
  truncateTo,
  truncateUtf8Bytes,
} from '../../../shared/render/truncate.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNITS: SizeUnit[] = ['utf8-bytes', 'utf16-code-units', 'code-points'];

describe('measuring text', () => {
  it('counts UTF-8 bytes, UTF-16 code units and code points', () => {
    const text = 'aé€😀';
    expect(utf8Bytes(text)).toBe(1 + 2 + 3 + 4);
    expect(measure(text, 'utf16-code-units')).toBe(1 + 1 + 1 + 2);
    expect(codePoints(text)).toBe(4);
  });

  it('never counts fewer bytes than code units, nor code units than code points', () => {
    for (const text of ['plain', '日本語のテキスト', '👨‍👩‍👧‍👦🇺🇳', 'mixed é 😀 \uD800']) {
      expect(utf8Bytes(text)).toBeGreaterThanOrEqual(text.length);
      expect(text.length).toBeGreaterThanOrEqual(codePoints(text));
    }
  });
});

describe('truncating text', () => {
  it('returns text that fits unchanged', () => {
    expect(truncateUtf8Bytes('hello', 5)).toBe('hello');
  });

  it('never cuts a surrogate pair in half', () => {
    // '😀' is two code units; a cut after 'a' plus half the pair would leave a lone surrogate.
    expect(truncateCodeUnits('a😀b', 2, '')).toBe('a');
    expect(truncateCodeUnits('a😀b', 2)).toBe('a…');
    expect(truncateUtf8Bytes('a😀b', 4, '')).toBe('a');
  });

  it('keeps a grapheme cluster whole or drops it whole', () => {
    const family = '👨‍👩‍👧‍👦';
    expect(truncateCodePoints(`ab${family}cd`, 5)).toBe('ab…');
    expect(truncateCodePoints(`ab🇺🇳cd`, 4)).toBe('ab…');
    expect(truncateCodePoints('abe\u0301cd', 4)).toBe('ab…');
  });

  it('drops a first cluster whole rather than showing half of it', () => {
    expect(truncateCodeUnits('👨‍👩‍👧‍👦 tail', 6)).toBe('…');
  });

  it('returns only as much of the ellipsis as fits', () => {
    expect(truncateUtf8Bytes('abcdef', 3)).toBe('…');
    expect(truncateUtf8Bytes('abcdef', 2)).toBe('');
  });

  it('fits any mix of scripts into the limit, in every unit, without lone surrogates', () => {
    const alphabet = ['a', 'é', '€', '日', '😀', '👨‍👩‍👧', '🇺🇳', 'e\u0301', ' ', '\n'];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      let text = '';
      const length = random(60);
      for (let i = 0; i < length; i++) text += alphabet[random(alphabet.length)];
      for (const unit of UNITS) {
        const max = random(80);
        const cut = truncateTo(text, max, unit);
        expect(measure(cut, unit)).toBeLessThanOrEqual(max);
        expect(cut).not.toMatch(LONE_SURROGATE);
        const kept = cut.endsWith('…') && !text.endsWith('…') ? cut.slice(0, -1) : cut;
        expect(text.startsWith(kept)).toBe(true);
      }
    }
  });
});
