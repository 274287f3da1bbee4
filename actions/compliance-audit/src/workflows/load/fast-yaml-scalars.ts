/**
 * Scalar rules for the fast workflow YAML reader (fast-workflow-yaml.ts): the YAML 1.2 core
 * schema for plain scalars (same tests as the yaml package's core schema, so values match),
 * double-quoted escapes, and literal/folded block scalar bodies. Each returns `undefined` for
 * anything outside the subset it handles, and the caller then falls back to the yaml package.
 */

/** Resolves a plain scalar as the YAML 1.2 core schema does. */
export function resolvePlain(text: string): string | number | boolean | null {
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  const first = text.charCodeAt(0);
  // Only texts starting with a digit, sign or dot can be numbers: skip the tests for the rest.
  if (!((first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d || first === 0x2e)) return text;
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(text)) return parseInt(text, 10);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(text)) {
    if (text.slice(-3).toLowerCase() === 'nan') return NaN;
    return text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(text)) return parseFloat(text);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(text)) return parseFloat(text);
  return text;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/**
 * Reads a one-line double-quoted scalar starting at `start` (the quote). Returns its value and
 * the offset after the closing quote, or undefined (unclosed on this line, unknown escape).
 */
export function readDoubleQuoted(
  text: string,
  start: number,
  lineEnd: number,
): { value: string; end: number } | undefined {
  let value = '';
  let i = start + 1;
  let chunk = i;
  while (i < lineEnd) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return { value: value + text.slice(chunk, i), end: i + 1 };
    if (c !== 0x5c) {
      i++;
      continue;
    }
    value += text.slice(chunk, i);
    const e = text[i + 1];
    if (e === undefined || i + 1 >= lineEnd) return undefined;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      value += simple;
      i += 2;
    } else {
      const digits = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      const hex = text.slice(i + 2, i + 2 + digits);
      if (digits === 0 || hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex) || i + 2 + digits > lineEnd)
        return undefined;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return undefined;
      value += String.fromCodePoint(code);
      i += 2 + digits;
    }
    chunk = i;
  }
  return undefined;
}

/** Reads a one-line single-quoted scalar (`''` is a quote). */
export function readSingleQuoted(
  text: string,
  start: number,
  lineEnd: number,
): { value: string; end: number } | undefined {
  let value = '';
  let chunk = start + 1;
  for (let i = chunk; i < lineEnd; i++) {
    if (text.charCodeAt(i) !== 0x27) continue;
    if (i + 1 < lineEnd && text.charCodeAt(i + 1) === 0x27) {
      value += text.slice(chunk, i + 1);
      i++;
      chunk = i + 1;
      continue;
    }
    return { value: value + text.slice(chunk, i), end: i + 1 };
  }
  return undefined;
}

/**
 * The value of a block scalar from its content lines (already without the indentation).
 * `folded` applies `>` folding; more-indented lines in folded scalars are not handled (the caller
 * falls back). Chomping: clip (one final newline) or strip (none); keep is not handled.
 */
export function blockScalarValue(lines: string[], folded: boolean, strip: boolean): string {
  let body: string;
  if (!folded) body = lines.join('\n');
  else {
    body = '';
    let pending = 0;
    let seenText = false;
    for (const line of lines) {
      if (line === '') {
        pending++;
        continue;
      }
      if (seenText) body += pending > 0 ? '\n'.repeat(pending) : ' ';
      else body += '\n'.repeat(pending);
      pending = 0;
      seenText = true;
      body += line;
    }
  }
  let end = body.length;
  while (end > 0 && body.charCodeAt(end - 1) === 0x0a) end--;
  const core = body.slice(0, end);
  if (strip || core === '') return core;
  return `${core}\n`;
}
