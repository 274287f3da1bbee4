/**
 * The publishers' side of GitHub's size limits. The limits themselves live in
 * `shared/render/limits.ts` and the cutting in `shared/render/truncate.ts`; the render layer
 * aims under them, and the publishers enforce them again (so an oversized report degrades to a
 * shortened one instead of a 422 that loses the verdict) and need to know whether they cut.
 */
import { CHECK_RUN_TEXT_MAX } from '../render/limits.js';
import type { SizeUnit } from '../render/text-size.js';
import { truncateTo } from '../render/truncate.js';

export interface Truncated {
  text: string;
  truncated: boolean;
}

/**
 * `truncateTo` (never splits a character, `notice` counted in the budget), also saying whether
 * anything was cut.
 */
export function truncateReporting(text: string, max: number, unit: SizeUnit, notice: string): Truncated {
  const cut = truncateTo(text, max, unit, notice);
  // truncateTo returns `text` itself when it fits, and something shorter when it does not.
  return { text: cut, truncated: cut !== text };
}

/**
 * Check run `output.summary` / `output.text`, cut to GitHub's 65,535 in both characters and
 * bytes: the cut is made in UTF-8 bytes, and a text within N bytes is within N characters.
 */
export function truncateCheckRunText(text: string, notice: string): Truncated {
  return truncateReporting(text, CHECK_RUN_TEXT_MAX, 'utf8-bytes', notice);
}
