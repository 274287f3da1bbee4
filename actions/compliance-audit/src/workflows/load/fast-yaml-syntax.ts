/**
 * Character classes, line scanning and node builders shared by the fast workflow YAML reader
 * (fast-workflow-yaml.ts) and its flow-collection reader (fast-yaml-flow.ts). Every scan is
 * bounded by the current line, so the reader stays linear in the file size.
 */
import { Scalar } from 'yaml';
import { resolvePlain } from './fast-yaml-scalars.js';

/** Deeper than any workflow; deeper input goes to the yaml package and its nesting guard. */
export const MAX_DEPTH = 64;

/** Thrown internally to abandon the fast path. */
export class Unsupported extends Error {}

export function unsupported(): never {
  throw new Unsupported();
}

export function isSpaceOrEnd(c: number): boolean {
  return c === 0x20 || c === 0x0a || Number.isNaN(c);
}

export function isFlowBreak(c: number): boolean {
  return c === 0x20 || c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;
}

export function isDocumentMarkerEnd(text: string, at: number, lineEnd: number): boolean {
  let i = at;
  while (i < lineEnd && text.charCodeAt(i) === 0x20) i++;
  return i === lineEnd || (i > at && text.charCodeAt(i) === 0x23);
}

/**
 * Characters that cannot start a plain scalar here, or that start constructs the fast reader
 * leaves to the yaml package: `- ? : , [ ] { } # & * ! | > ' " % @` and backtick.
 */
export function isIndicator(c: number): boolean {
  switch (c) {
    case 0x2d:
    case 0x3f:
    case 0x3a:
    case 0x2c:
    case 0x5b:
    case 0x5d:
    case 0x7b:
    case 0x7d:
    case 0x23:
    case 0x26:
    case 0x2a:
    case 0x21:
    case 0x7c:
    case 0x3e:
    case 0x27:
    case 0x22:
    case 0x25:
    case 0x40:
    case 0x60:
      return true;
    default:
      return Number.isNaN(c);
  }
}

/** Whether a plain scalar may start at `at`: no indicator, or `-?:` followed by a non-space. */
export function startsPlain(text: string, at: number, flow: boolean): boolean {
  const c = text.charCodeAt(at);
  if (!isIndicator(c)) return true;
  if (c !== 0x2d && c !== 0x3f && c !== 0x3a) return false;
  const next = text.charCodeAt(at + 1);
  return !(isSpaceOrEnd(next) || (flow && isFlowBreak(next)));
}

/** Offset of a `:` followed by a space or the end, before `end`; -1 if none. Bounded to the line. */
export function findMappingColon(text: string, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    if (text.charCodeAt(i) === 0x3a && (i + 1 >= end || text.charCodeAt(i + 1) === 0x20)) return i;
  }
  return -1;
}

/** Offset of ` #` (a comment after content) in [from, end); -1 if none. Bounded to the line. */
export function commentStart(text: string, from: number, end: number): number {
  for (let i = from + 1; i < end; i++) {
    if (text.charCodeAt(i) === 0x23 && text.charCodeAt(i - 1) === 0x20) return i - 1;
  }
  return -1;
}

/** End of a plain scalar's text on this line: before ` #` and trailing spaces. */
export function plainEnd(text: string, at: number, lineEnd: number): number {
  const hash = commentStart(text, at, lineEnd);
  let end = hash >= 0 ? hash : lineEnd;
  while (end > at && text.charCodeAt(end - 1) === 0x20) end--;
  return end;
}

export function plainScalar(text: string, start: number, end: number): Scalar {
  const node = new Scalar(resolvePlain(text.slice(start, end)));
  node.type = 'PLAIN';
  node.range = [start, end, end];
  return node;
}

export function quotedScalar(value: string, start: number, end: number, double: boolean): Scalar {
  const node = new Scalar(value);
  node.type = double ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
  node.range = [start, end, end];
  return node;
}

export function nullScalar(at: number): Scalar {
  const node = new Scalar(null);
  node.range = [at, at, at];
  return node;
}
