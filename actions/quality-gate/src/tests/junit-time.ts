/**
 * JUnit `time` attributes: seconds, as a decimal. Some producers wrote them through a locale
 * formatter (older Surefire: `1,234.567`), so grouping commas in the integer part are accepted.
 * Anything else, or a negative value, is unknown rather than guessed.
 */
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/** Milliseconds (rounded to microseconds), or undefined when the text is not a duration. */
export function secondsToMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return secondsValueToMs(GROUPED.test(trimmed) ? Number(trimmed.replaceAll(',', '')) : Number(trimmed));
}

/** The same for a number already read (XmlAttributes#getNumber); NaN or negative = unknown. */
export function secondsValueToMs(seconds: number): number | undefined {
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  return Math.round(seconds * 1_000_000) / 1_000;
}
