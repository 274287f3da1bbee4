/**
 * GitHub's size limits on what we publish, and truncation that respects them. The render
 * layer aims under these; the publishers enforce them again so an oversized report degrades
 * to a shortened one instead of a 422 that loses the verdict.
 */

/** Check run `output.summary` and `output.text`: 65,535 characters — and, in practice, bytes. */
export const CHECK_RUN_TEXT_MAX = 65_535;
/** Check run annotations accepted per create/update request; further updates append. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Annotation `title` (characters) and `message`/`raw_details` (bytes). */
export const ANNOTATION_TITLE_MAX_CHARS = 255;
export const ANNOTATION_MESSAGE_MAX_BYTES = 64 * 1024;
/** Issue and comment bodies: 65,536 characters (422 "Body is too long"). */
export const COMMENT_BODY_MAX_CHARS = 65_536;
/** A step's job summary: 1 MiB; over it the upload fails with an error annotation. */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024;

export interface Truncated {
  text: string;
  truncated: boolean;
}

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes including `notice`, which is appended when
 * something was cut. Never splits a character.
 */
export function truncateUtf8(text: string, maxBytes: number, notice = ''): Truncated {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, truncated: false };
  let end = Math.max(0, maxBytes - Buffer.byteLength(notice, 'utf8'));
  // Step back over UTF-8 continuation bytes (10xxxxxx) to land on a character boundary.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return { text: bytes.subarray(0, end).toString('utf8') + notice, truncated: true };
}

/**
 * Cuts `text` to at most `maxChars` UTF-16 code units including `notice`. Code units are at
 * least as many as the characters GitHub counts, so the result always fits. Never splits a
 * surrogate pair.
 */
export function truncateChars(text: string, maxChars: number, notice = ''): Truncated {
  if (text.length <= maxChars) return { text, truncated: false };
  let end = Math.max(0, maxChars - notice.length);
  const code = text.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { text: text.slice(0, end) + notice, truncated: true };
}

/** Both limits at once, for check run text (GitHub checks characters and bytes). */
export function truncateCheckRunText(text: string, notice: string): Truncated {
  if (text.length <= CHECK_RUN_TEXT_MAX && Buffer.byteLength(text, 'utf8') <= CHECK_RUN_TEXT_MAX) {
    return { text, truncated: false };
  }
  const byChars = truncateChars(text, CHECK_RUN_TEXT_MAX - notice.length).text;
  const byBytes = truncateUtf8(byChars, CHECK_RUN_TEXT_MAX - Buffer.byteLength(notice, 'utf8')).text;
  return { text: byBytes + notice, truncated: true };
}
