/**
 * Cutting text to a size without producing broken text: the cut never falls inside a
 * surrogate pair, and where possible not inside a grapheme cluster either (a family emoji or
 * a flag is kept whole or dropped whole), so a truncated label never ends in a stray half.
 */
import { codePointSize, measure, type SizeUnit } from './text-size.js';

export const ELLIPSIS = '…';

/** How far around the cut we look for a grapheme boundary; longer clusters are cut by code point. */
const GRAPHEME_WINDOW = 64;

let segmenter: Intl.Segmenter | undefined;
function graphemeSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return segmenter;
}

/**
 * `text` shortened so that it, plus `ellipsis` when a cut was needed, measures at most `max`
 * in `unit`. Text that already fits is returned unchanged.
 */
export function truncateTo(text: string, max: number, unit: SizeUnit, ellipsis: string = ELLIPSIS): string {
  if (measure(text, unit) <= max) return text;
  const room = max - measure(ellipsis, unit);
  if (room <= 0) return max >= measure(ellipsis, unit) ? ellipsis : '';
  const cut = codePointSafeCut(text, room, unit);
  return text.slice(0, graphemeSafeCut(text, cut)) + ellipsis;
}

export function truncateUtf8Bytes(text: string, maxBytes: number, ellipsis: string = ELLIPSIS): string {
  return truncateTo(text, maxBytes, 'utf8-bytes', ellipsis);
}

export function truncateCodeUnits(text: string, maxUnits: number, ellipsis: string = ELLIPSIS): string {
  return truncateTo(text, maxUnits, 'utf16-code-units', ellipsis);
}

export function truncateCodePoints(text: string, maxCodePoints: number, ellipsis: string = ELLIPSIS): string {
  return truncateTo(text, maxCodePoints, 'code-points', ellipsis);
}

/** The largest index at a code point boundary whose prefix measures at most `room`. */
function codePointSafeCut(text: string, room: number, unit: SizeUnit): number {
  let used = 0;
  let index = 0;
  while (index < text.length) {
    const codePoint = text.codePointAt(index) as number;
    const size = codePointSize(codePoint, unit);
    if (used + size > room) break;
    used += size;
    index += codePoint > 0xffff ? 2 : 1;
  }
  return index;
}

/** Moves `cut` back to the start of the grapheme cluster it falls in, if it falls in one. */
function graphemeSafeCut(text: string, cut: number): number {
  if (cut === 0 || cut >= text.length) return cut;
  const windowStart = Math.max(0, cut - GRAPHEME_WINDOW);
  const window = text.slice(windowStart, Math.min(text.length, cut + GRAPHEME_WINDOW));
  let boundary = -1;
  for (const { index } of graphemeSegmenter().segment(window)) {
    const absolute = windowStart + index;
    if (absolute > cut) break;
    boundary = absolute;
  }
  if (boundary > windowStart) return boundary;
  // The cluster starts at the very beginning of the text: drop it whole rather than halve it.
  if (windowStart === 0 && boundary === 0) return 0;
  // No boundary in the window (one enormous cluster): the code point cut is the best we have.
  return cut;
}
