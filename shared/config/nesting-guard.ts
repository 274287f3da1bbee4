/**
 * A cheap look at how deeply a YAML text nests, taken before the yaml library builds anything.
 *
 * Why: the yaml package composes documents recursively. A few kilobytes of `- - - - ...` or
 * `[[[[...` (well under our size cap) exhaust the stack, and a little more runs the process out
 * of memory while the library reports the overflow. A configuration file never needs more than
 * a handful of levels, so we count levels from the lexer's token stream, which is flat and
 * fast, and refuse the text once it passes the limit.
 *
 * The count is an estimate, not a parse: flow levels (`[`, `{`) are counted exactly; block
 * levels are counted as a stack of strictly increasing indentation columns, which can undercount
 * (a sequence may sit at its parent key's column) but never by more than half. That is plenty
 * for a guard whose limit is far below where the library fails (about 1000 levels).
 */
import { CST, Lexer } from 'yaml';

export const MAX_NESTING_DEPTH = 64;

export interface NestingReport {
  depth: number;
  /** Offset where the depth first passed the limit; undefined when it never did. */
  exceededAt?: number;
}

export function measureNesting(text: string, limit: number = MAX_NESTING_DEPTH): NestingReport {
  let offset = 0;
  let column = 0;
  let flowDepth = 0;
  let maxDepth = 0;
  const blockColumns: number[] = [];
  let atLineStart = true;
  let afterIndicator = false;
  let nextIsScalarBody = false;
  let inBlockScalar = false;

  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    // The lexer's control markers are not in the source: they take no room.
    if (type === 'doc-mode' || type === 'flow-error-end') continue;
    if (type === 'scalar') {
      // The marker before a scalar's source; the source is the next token.
      nextIsScalarBody = true;
      continue;
    }
    const start = column;
    const tokenOffset = offset;
    offset += token.length;
    const lastNewline = token.lastIndexOf('\n');
    column = lastNewline >= 0 ? token.length - lastNewline - 1 : column + token.length;

    if (type === 'byte-order-mark') continue;
    if (type === 'doc-start' || type === 'doc-end') {
      blockColumns.length = 0;
      continue;
    }
    if (type === 'block-scalar-header') inBlockScalar = true;
    if (nextIsScalarBody) {
      nextIsScalarBody = false;
      if (inBlockScalar) {
        // A literal or folded block's body: its indentation is text, not structure.
        inBlockScalar = false;
        atLineStart = lastNewline >= 0;
        continue;
      }
    }
    if (type === 'newline') {
      atLineStart = true;
      afterIndicator = false;
      continue;
    }
    if (type === 'space' || type === 'comment') continue;

    // The first thing on a line, or after `- ` / `? `, starts or continues a block collection
    // at its column (a flow collection there counts too: it is that block level's value).
    if (flowDepth === 0 && (atLineStart || afterIndicator)) {
      while (blockColumns.length > 0 && (blockColumns[blockColumns.length - 1] as number) > start) blockColumns.pop();
      if (blockColumns[blockColumns.length - 1] !== start) blockColumns.push(start);
    }
    if (type === 'flow-map-start' || type === 'flow-seq-start') flowDepth++;
    else if (type === 'flow-map-end' || type === 'flow-seq-end') flowDepth = Math.max(0, flowDepth - 1);
    atLineStart = false;
    afterIndicator = flowDepth === 0 && (type === 'seq-item-ind' || type === 'explicit-key-ind');

    const depth = blockColumns.length + flowDepth;
    if (depth > maxDepth) maxDepth = depth;
    if (maxDepth > limit) return { depth: maxDepth, exceededAt: tokenOffset };
  }
  return { depth: maxDepth };
}
