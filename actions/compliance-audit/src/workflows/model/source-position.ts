/**
 * Maps places inside a scalar's VALUE back to the file. The value of a block (`|`, `>`), plain or
 * quoted scalar differs from its source (indentation, folding, escapes), but `${{` survives every
 * YAML style unchanged, so the k-th `${{` of the value is the k-th `${{` of the source. That
 * gives the exact line:column of each expression without re-implementing YAML scalar folding.
 */
import type { Scalar } from 'yaml';

/** Offset in the file of the `ordinal`-th `${{` (0-based) in `scalar`'s source, or its start. */
export function templateOffset(text: string, scalar: Scalar, ordinal: number): number {
  const range = scalar.range;
  if (!range) return 0;
  let at = text.indexOf('${{', range[0]);
  for (let k = 0; k < ordinal && at >= 0 && at < range[1]; k++) at = text.indexOf('${{', at + 3);
  return at >= 0 && at < range[1] ? at : range[0];
}

/**
 * Offset in the file of the first source line of `scalar` whose trimmed text equals `line`
 * (for multi-line values such as `path: |` lists), or the scalar's start.
 */
export function lineOffset(text: string, scalar: Scalar, line: string): number {
  const range = scalar.range;
  if (!range) return 0;
  let start = range[0];
  while (start < range[1]) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 || newline > range[1] ? range[1] : newline;
    const raw = text.slice(start, end);
    const trimmed = raw.trim();
    if (trimmed === line) return start + raw.indexOf(trimmed);
    if (newline < 0) break;
    start = newline + 1;
  }
  return range[0];
}
