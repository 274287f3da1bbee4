/**
 * The XML declaration (`<?xml version="1.0" encoding="..."?>`): which byte encoding the rest of
 * the document uses, as far as this tokenizer can decode it. UTF-16 is decided by the byte order
 * mark before the declaration is read, so here it only has to be accepted.
 */
import { Malformed } from './malformed.js';

export type DeclaredEncoding = 'utf-8' | 'iso-8859-1';

const DECLARATION =
  /^<\?xml\s+version\s*=\s*(["'])1\.\d+\1(?:\s+encoding\s*=\s*(["'])([A-Za-z][\w.-]*)\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\4)?\s*\?>$/;

/** ASCII-compatible names decoded as UTF-8 (ASCII is a subset; a UTF-16 label was transcoded). */
const AS_UTF8 = ['utf-8', 'utf8', 'us-ascii', 'ascii', 'utf-16', 'utf-16le', 'utf-16be'];
const AS_LATIN1 = ['iso-8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1'];

/** `text` is the whole declaration from `<?` to `?>`; `at` locates errors. */
export function readXmlDeclaration(text: string, at: number): DeclaredEncoding {
  const match = DECLARATION.exec(text);
  if (!match) throw new Malformed('malformed XML declaration', at);
  const label = match[3] ?? 'UTF-8';
  const encoding = label.toLowerCase();
  if (AS_UTF8.includes(encoding)) return 'utf-8';
  if (AS_LATIN1.includes(encoding)) return 'iso-8859-1';
  throw new Malformed(
    `encoding '${label}' is not supported (UTF-8, UTF-16 with a byte order mark, ISO-8859-1 and US-ASCII are)`,
    at,
  );
}
