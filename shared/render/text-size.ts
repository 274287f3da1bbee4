/**
 * How long a piece of text is, in the unit a limit is enforced in.
 *
 * GitHub documents its API text limits in "characters" but has been seen to enforce at least
 * the check-run summary as a UTF-8 byte size ("summary exceeds a maximum bytesize of 65535",
 * github/docs#35252), and documents the job summary limit in bytes. For any string,
 * UTF-8 bytes >= UTF-16 code units >= code points, so a text that fits in N UTF-8 bytes fits
 * N of any of the three; that is why the renderers measure every GitHub limit in UTF-8 bytes.
 */
export type SizeUnit = 'utf8-bytes' | 'utf16-code-units' | 'code-points';

/** The unit every renderer measures GitHub limits in (see the module comment for why). */
export const GITHUB_LIMIT_UNIT: SizeUnit = 'utf8-bytes';

/** UTF-8 bytes as written to the wire; a lone surrogate counts as the 3 bytes of U+FFFD. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point; skip the low half.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

export function measure(text: string, unit: SizeUnit): number {
  switch (unit) {
    case 'utf8-bytes':
      return utf8Bytes(text);
    case 'utf16-code-units':
      return text.length;
    case 'code-points':
      return codePoints(text);
  }
}

/** Size of one code point (as returned by `codePointAt`) in the given unit. */
export function codePointSize(codePoint: number, unit: SizeUnit): number {
  switch (unit) {
    case 'code-points':
      return 1;
    case 'utf16-code-units':
      return codePoint > 0xffff ? 2 : 1;
    case 'utf8-bytes':
      if (codePoint < 0x80) return 1;
      if (codePoint < 0x800) return 2;
      if (codePoint < 0x10000) return 3; // includes lone surrogates, written as U+FFFD
      return 4;
  }
}
