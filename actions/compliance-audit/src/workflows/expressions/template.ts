/**
 * Finds every `${{ ... }}` in a string value (a `run:` script, an input, an env value) and
 * parses each. The closing `}}` is the first one outside a string literal, so
 * `${{ format('}}') }}` is one expression. A malformed expression is reported, not thrown,
 * so one bad template does not hide the others.
 */
import { ExpressionError } from './ast.js';
import type { Expr } from './ast.js';
import { parseTemplateExpression } from './parser.js';

export interface TemplatePart {
  /** Offset of `$` of `${{` in the scanned string. */
  start: number;
  /** Offset after `}}` (or the string's length when unclosed). */
  end: number;
  /** Ordinal of this `${{` among all `${{` occurrences in the string (see source-position.ts). */
  ordinal: number;
  ast?: Expr;
  error?: ExpressionError;
}

export function scanTemplates(value: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let from = value.indexOf('${{');
  if (from < 0) return parts;
  let ordinal = 0;
  let nextOrdinalAt = from;
  while (from >= 0) {
    // Count `${{` occurrences skipped inside the previous expression, so ordinals match a plain
    // scan of the source text.
    while (nextOrdinalAt >= 0 && nextOrdinalAt < from) {
      ordinal++;
      nextOrdinalAt = value.indexOf('${{', nextOrdinalAt + 3);
    }
    const part: TemplatePart = { start: from, end: value.length, ordinal };
    try {
      const parsed = parseTemplateExpression(value, from + 3);
      part.ast = parsed.ast;
      part.end = parsed.end;
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      part.error = err;
      // Resume after the next `}}`, GitHub would refuse the workflow anyway.
      const close = value.indexOf('}}', from + 3);
      part.end = close < 0 ? value.length : close + 2;
    }
    parts.push(part);
    from = value.indexOf('${{', part.end);
  }
  return parts;
}

/** True when the whole string is exactly one expression (`${{ x }}` with only spaces around). */
export function isSingleExpression(value: string, parts: TemplatePart[]): boolean {
  const only = parts[0];
  return (
    parts.length === 1 &&
    only !== undefined &&
    value.slice(0, only.start).trim() === '' &&
    value.slice(only.end).trim() === ''
  );
}
