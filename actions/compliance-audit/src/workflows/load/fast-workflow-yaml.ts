/**
 * A fast reader for the YAML that workflows are written in: block mappings and sequences, plain,
 * one-line quoted and block (`|`, `>`) scalars, one-line flow collections, comments. It builds
 * the yaml package's own node classes (YAMLMap, YAMLSeq, Pair, Scalar) with the same values and
 * source ranges the package would, so everything downstream is unchanged.
 *
 * Why: the yaml package is general and careful, and parsing is most of the audit's time; this
 * reader handles the common subset several times faster. It is exact or it gives up: anything
 * outside the subset (tabs, CR, anchors, aliases, tags, complex keys, multi-line plain or quoted
 * scalars, multi-line flow collections, `|+`, indentation indicators, more-indented folded
 * lines, duplicate keys, several documents, anything odd) returns undefined and the caller
 * parses with the yaml package, which also produces the error messages for invalid YAML.
 * A differential test compares both readers node by node.
 */
import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node } from 'yaml';
import { FlowReader } from './fast-yaml-flow.js';
import { blockScalarValue, readDoubleQuoted, readSingleQuoted } from './fast-yaml-scalars.js';
import {
  commentStart,
  findMappingColon,
  isDocumentMarkerEnd,
  isSpaceOrEnd,
  MAX_DEPTH,
  nullScalar,
  plainEnd,
  plainScalar,
  quotedScalar,
  startsPlain,
  Unsupported,
  unsupported,
} from './fast-yaml-syntax.js';

export interface FastYaml {
  root: YAMLMap;
  /** Offsets where lines start, for LineCounter. */
  lineStarts: number[];
}

export function readWorkflowYamlFast(text: string): FastYaml | undefined {
  // Tabs, CR line ends, a BOM and a missing final newline are all rare in workflows: leave them to yaml.
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff || !text.endsWith('\n'))
    return undefined;
  try {
    return new FastReader(text).read();
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

class FastReader {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Leading spaces per line; -1 for blank and comment-only lines. */
  private readonly indents: number[] = [];
  private line = 0;
  private depth = 0;

  constructor(private readonly text: string) {
    let start = 0;
    while (start < text.length) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      let i = start;
      while (i < end && text.charCodeAt(i) === 0x20) i++;
      this.starts.push(start);
      this.ends.push(end);
      this.indents.push(i === end || text.charCodeAt(i) === 0x23 ? -1 : i - start);
      start = end + 1;
    }
  }

  read(): FastYaml {
    this.skipBlank();
    const first = this.line;
    if (first < this.starts.length && this.indents[first] === 0) {
      const s = this.starts[first] as number;
      if (this.text.startsWith('---', s) && isDocumentMarkerEnd(this.text, s + 3, this.ends[first] as number)) {
        this.line++;
        this.skipBlank();
      }
    }
    if (this.line >= this.starts.length || this.indents[this.line] !== 0) unsupported();
    const root = this.blockMap(0, this.starts[this.line] as number);
    this.skipBlank();
    if (this.line < this.starts.length) unsupported();
    return { root, lineStarts: this.starts.slice() };
  }

  private skipBlank(): void {
    while (this.line < this.indents.length && this.indents[this.line] === -1) this.line++;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) unsupported();
  }

  /** The next non-blank line's indent, or -1 at the end. */
  private nextIndent(): number {
    this.skipBlank();
    return this.line < this.indents.length ? (this.indents[this.line] as number) : -1;
  }

  /** A block mapping whose first key starts at `from` (on the current line), indented `indent`. */
  private blockMap(indent: number, from: number): YAMLMap {
    this.enter();
    const map = new YAMLMap();
    const keys = new Set<string>();
    let at = from;
    for (;;) {
      const s = this.text.charCodeAt(at);
      if (s === 0x2d && isSpaceOrEnd(this.text.charCodeAt(at + 1))) unsupported();
      if (at === this.starts[this.line] && (this.text.startsWith('---', at) || this.text.startsWith('...', at)))
        unsupported();
      const pair = this.entry(indent, at);
      const key = (pair.key as Scalar).value as string;
      if (keys.has(key)) unsupported();
      keys.add(key);
      map.items.push(pair);
      const next = this.nextIndent();
      if (next < indent) break;
      if (next > indent) unsupported();
      at = (this.starts[this.line] as number) + indent;
    }
    map.range = [from, from, from];
    this.depth--;
    return map;
  }

  /** One `key: value` entry whose key starts at `at` on the current line. */
  private entry(indent: number, at: number): Pair {
    const lineEnd = this.ends[this.line] as number;
    const key = this.key(at, lineEnd);
    let i = key.colon + 1;
    while (i < lineEnd && this.text.charCodeAt(i) === 0x20) i++;
    if (i >= lineEnd || this.text.charCodeAt(i) === 0x23) {
      this.line++;
      const next = this.nextIndent();
      let value: Node;
      if (next > indent) value = this.nestedBlock(next);
      else if (next === indent && this.isSeqItem((this.starts[this.line] as number) + next))
        value = this.blockSeq(next);
      else value = nullScalar(i);
      return new Pair(key.node, value);
    }
    return new Pair(key.node, this.inlineValue(indent, i, lineEnd));
  }

  private key(at: number, lineEnd: number): { node: Scalar; colon: number } {
    const c = this.text.charCodeAt(at);
    let value: string;
    let end: number;
    let type: Scalar.Type;
    if (c === 0x22 || c === 0x27) {
      const read = c === 0x22 ? readDoubleQuoted(this.text, at, lineEnd) : readSingleQuoted(this.text, at, lineEnd);
      if (!read || this.text.charCodeAt(read.end) !== 0x3a) unsupported();
      ({ value, end } = read);
      type = c === 0x22 ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
    } else {
      if (!startsPlain(this.text, at, false)) unsupported();
      const colon = findMappingColon(this.text, at, lineEnd);
      if (colon < 0) unsupported();
      if (commentStart(this.text, at, colon) >= 0) unsupported();
      end = colon;
      while (end > at && this.text.charCodeAt(end - 1) === 0x20) end--;
      value = this.text.slice(at, end);
      type = 'PLAIN';
    }
    if (this.text.charCodeAt(end) !== 0x3a) unsupported();
    const node = new Scalar(value);
    node.type = type;
    node.range = [at, end, end];
    return { node, colon: end };
  }

  /** A value written on the same line as its key or `- ` indicator, starting at `at`. */
  private inlineValue(indent: number, at: number, lineEnd: number): Node {
    const c = this.text.charCodeAt(at);
    if (c === 0x7c || c === 0x3e) return this.blockScalar(indent, at, lineEnd, c === 0x3e);
    let node: Node;
    let end: number;
    if (c === 0x5b || c === 0x7b) {
      const flow = new FlowReader(this.text, at, lineEnd);
      node = flow.node();
      end = flow.position;
    } else if (c === 0x22 || c === 0x27) {
      const read = c === 0x22 ? readDoubleQuoted(this.text, at, lineEnd) : readSingleQuoted(this.text, at, lineEnd);
      if (!read) unsupported();
      node = quotedScalar(read.value, at, read.end, c === 0x22);
      end = read.end;
    } else {
      if (!startsPlain(this.text, at, false)) unsupported();
      end = plainEnd(this.text, at, lineEnd);
      if (findMappingColon(this.text, at, end) >= 0) unsupported();
      node = plainScalar(this.text, at, end);
    }
    this.expectLineRest(end, lineEnd);
    this.line++;
    // A more-indented line next would continue a multi-line scalar (or be an error).
    if (this.nextIndent() > indent) unsupported();
    return node;
  }

  private expectLineRest(end: number, lineEnd: number): void {
    let i = end;
    while (i < lineEnd && this.text.charCodeAt(i) === 0x20) i++;
    if (i < lineEnd && !(this.text.charCodeAt(i) === 0x23 && i > end)) unsupported();
  }

  private nestedBlock(indent: number): Node {
    const at = (this.starts[this.line] as number) + indent;
    if (this.isSeqItem(at)) return this.blockSeq(indent);
    return this.blockMap(indent, at);
  }

  private isSeqItem(at: number): boolean {
    return this.text.charCodeAt(at) === 0x2d && isSpaceOrEnd(this.text.charCodeAt(at + 1));
  }

  private blockSeq(indent: number): YAMLSeq {
    this.enter();
    const seq = new YAMLSeq();
    const start = (this.starts[this.line] as number) + indent;
    for (;;) {
      const lineStart = this.starts[this.line] as number;
      const dash = lineStart + indent;
      const lineEnd = this.ends[this.line] as number;
      let i = dash + 1;
      while (i < lineEnd && this.text.charCodeAt(i) === 0x20) i++;
      if (i >= lineEnd || this.text.charCodeAt(i) === 0x23) {
        this.line++;
        const next = this.nextIndent();
        seq.items.push(next > indent ? this.nestedBlock(next) : nullScalar(i));
      } else if (this.isSeqItem(i)) {
        unsupported();
      } else if (this.startsMapping(i, lineEnd)) {
        seq.items.push(this.blockMap(i - lineStart, i));
      } else {
        seq.items.push(this.inlineValue(indent, i, lineEnd));
      }
      const next = this.nextIndent();
      if (next < indent) break;
      if (next > indent) unsupported();
      if (!this.isSeqItem((this.starts[this.line] as number) + indent)) break;
    }
    seq.range = [start, start, start];
    this.depth--;
    return seq;
  }

  /** Whether the text at `at` is a `key:` (a compact mapping inside a sequence item). */
  private startsMapping(at: number, lineEnd: number): boolean {
    const c = this.text.charCodeAt(at);
    if (c === 0x22 || c === 0x27) {
      const read = c === 0x22 ? readDoubleQuoted(this.text, at, lineEnd) : readSingleQuoted(this.text, at, lineEnd);
      return read !== undefined && this.text.charCodeAt(read.end) === 0x3a;
    }
    if (!startsPlain(this.text, at, false)) return false;
    return findMappingColon(this.text, at, plainEnd(this.text, at, lineEnd)) >= 0;
  }

  /** `|` or `>` at `at`; `indent` is the parent's indentation. */
  private blockScalar(indent: number, at: number, lineEnd: number, folded: boolean): Scalar {
    let i = at + 1;
    let strip = false;
    if (this.text.charCodeAt(i) === 0x2d) {
      strip = true;
      i++;
    }
    this.expectLineRest(i, lineEnd);
    this.line++;
    // Content indentation: the first non-blank line's, which must be deeper than the parent.
    let first = this.line;
    while (first < this.starts.length && this.isBlankLine(first)) first++;
    const contentIndent = first < this.starts.length ? this.spacesAt(first) : 0;
    const lines: string[] = [];
    let end = this.ends[this.line - 1] as number;
    if (contentIndent > indent) {
      for (let l = this.line; l < first; l++) {
        if (this.spacesAt(l) > contentIndent) unsupported();
        lines.push('');
      }
      this.line = first;
      while (this.line < this.starts.length) {
        const blank = this.isBlankLine(this.line);
        const spaces = this.spacesAt(this.line);
        if (!blank && spaces < contentIndent) break;
        if (blank) {
          if (spaces > contentIndent) unsupported();
          lines.push('');
        } else {
          const content = this.text.slice((this.starts[this.line] as number) + contentIndent, this.ends[this.line]);
          if (folded && content.charCodeAt(0) === 0x20) unsupported();
          lines.push(content);
          end = this.ends[this.line] as number;
        }
        this.line++;
      }
    }
    // Trailing blank lines belong to the scalar; rewind to the last content line for the caller.
    while (this.line > 0 && this.line - 1 >= first && this.isBlankLine(this.line - 1)) this.line--;
    const node = new Scalar(blockScalarValue(lines, folded, strip));
    node.type = folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL';
    node.range = [at, end, end];
    if (this.nextIndent() > indent) unsupported();
    return node;
  }

  private isBlankLine(line: number): boolean {
    return this.spacesAt(line) === (this.ends[line] as number) - (this.starts[line] as number);
  }

  private spacesAt(line: number): number {
    const start = this.starts[line] as number;
    const end = this.ends[line] as number;
    let i = start;
    while (i < end && this.text.charCodeAt(i) === 0x20) i++;
    return i - start;
  }
}
