/**
 * Tokens of the GitHub Actions expression language, read by hand (no regular expressions, so
 * hostile input cannot trigger backtracking). The grammar follows GitHub's documentation
 * ("Evaluate expressions in workflows and actions"): literals `null`, `true`, `false`, numbers
 * (JSON numbers plus hexadecimal, exponent, `NaN`, `Infinity`), single-quoted strings where `''`
 * is a quote; operators `( ) [ ] . ! < <= > >= == != && ||`; identifiers may contain `-`
 * (`steps.my-step.outputs`), there is no minus operator.
 *
 * In template mode the lexer stops at the first `}}` outside a string literal, which is how
 * `${{ format('}}') }}` keeps its `}}` inside the string.
 */
import { ExpressionError } from './ast.js';

export type TokenKind =
  | 'number'
  | 'string'
  | 'identifier'
  | '('
  | ')'
  | '['
  | ']'
  | ','
  | '.'
  | '*'
  | '!'
  | '<'
  | '<='
  | '>'
  | '>='
  | '=='
  | '!='
  | '&&'
  | '||'
  | 'end';

export interface Token {
  kind: TokenKind;
  /** Offset of the first character. */
  start: number;
  /** Offset after the last character. */
  end: number;
  /** Identifier text, decoded string value or numeric value. */
  value?: string | number;
}

export interface LexResult {
  tokens: Token[];
  /** Offset just after the closing `}}` in template mode, or the text length. */
  end: number;
}

const enum Ch {
  Quote = 0x27,
  Dot = 0x2e,
  Minus = 0x2d,
  Plus = 0x2b,
  Underscore = 0x5f,
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
/** Characters a number may hold: digits, hex letters, `x`, `.`, exponent signs. */
function isNumberPart(c: number): boolean {
  return isDigit(c) || isLetter(c) || c === Ch.Dot || c === Ch.Minus || c === Ch.Plus;
}

/**
 * Lexes `text` from `from`. With `template` set, stops after the first `}}` outside a string
 * and fails if there is none; otherwise lexes to the end.
 */
export function lexExpression(text: string, from = 0, template = false): LexResult {
  const tokens: Token[] = [];
  let i = from;
  const n = text.length;
  const push = (kind: TokenKind, start: number, end: number, value?: string | number): void => {
    tokens.push(value === undefined ? { kind, start, end } : { kind, start, end, value });
  };
  const previousIsValue = (): boolean => {
    const last = tokens[tokens.length - 1];
    return (
      last !== undefined &&
      (last.kind === 'identifier' ||
        last.kind === 'number' ||
        last.kind === 'string' ||
        last.kind === ')' ||
        last.kind === ']' ||
        last.kind === '*')
    );
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
    if (template && c === 0x7d && next === 0x7d) {
      push('end', i, i + 2);
      return { tokens, end: i + 2 };
    }
    if (c === Ch.Quote) {
      i = readString(text, i, tokens);
      continue;
    }
    const startsNumber =
      isDigit(c) ||
      ((c === Ch.Minus || c === Ch.Plus) && (isDigit(next) || next === Ch.Dot)) ||
      (c === Ch.Dot && isDigit(next) && !previousIsValue());
    if (startsNumber) {
      const start = i;
      i++;
      while (i < n && isNumberPart(text.charCodeAt(i))) {
        // `1.foo` is not a thing, but `a.b` after a number never occurs; stop at a second sign
        // only when it does not follow an exponent marker.
        const d = text.charCodeAt(i);
        if ((d === Ch.Minus || d === Ch.Plus) && !/[eE]/.test(text[i - 1] ?? '')) break;
        i++;
      }
      const raw = text.slice(start, i);
      const value = parseNumber(raw);
      if (value === undefined) throw new ExpressionError(`invalid number '${raw}'`, start);
      push('number', start, i, value);
      continue;
    }
    if (isLetter(c) || c === Ch.Underscore) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isLetter(d) || isDigit(d) || d === Ch.Underscore || d === Ch.Minus) i++;
        else break;
      }
      push('identifier', start, i, text.slice(start, i));
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '<=' || two === '>=' || two === '==' || two === '!=' || two === '&&' || two === '||') {
      push(two, i, i + 2);
      i += 2;
      continue;
    }
    const one = text[i] as string;
    if ('()[],.*!<>'.includes(one)) {
      push(one as TokenKind, i, i + 1);
      i++;
      continue;
    }
    throw new ExpressionError(`unexpected character '${one}'`, i);
  }
  if (template) throw new ExpressionError("unclosed expression: no '}}' after '${{'", from);
  push('end', n, n);
  return { tokens, end: n };
}

function readString(text: string, start: number, tokens: Token[]): number {
  let i = start + 1;
  let value = '';
  let chunk = i;
  for (;;) {
    const q = text.indexOf("'", i);
    if (q < 0) throw new ExpressionError('unterminated string literal', start);
    if (text.charCodeAt(q + 1) === Ch.Quote) {
      value += text.slice(chunk, q + 1);
      i = q + 2;
      chunk = i;
      continue;
    }
    value += text.slice(chunk, q);
    tokens.push({ kind: 'string', start, end: q + 1, value });
    return q + 1;
  }
}

function parseNumber(raw: string): number | undefined {
  const lower = raw.toLowerCase();
  const sign = lower.startsWith('-') ? -1 : 1;
  const body = lower.startsWith('-') || lower.startsWith('+') ? lower.slice(1) : lower;
  if (body.startsWith('0x')) {
    const hex = body.slice(2);
    if (hex.length === 0 || !/^[0-9a-f]+$/.test(hex)) return undefined;
    return sign * parseInt(hex, 16);
  }
  if (body.startsWith('0o')) {
    const oct = body.slice(2);
    if (oct.length === 0 || !/^[0-7]+$/.test(oct)) return undefined;
    return sign * parseInt(oct, 8);
  }
  // Bounded, anchored, no nested quantifiers: linear.
  if (!/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(body)) return undefined;
  return sign * Number(body);
}
