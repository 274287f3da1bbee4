/** One-line flow collections for the fast workflow YAML reader. */
import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node } from 'yaml';
import { readDoubleQuoted, readSingleQuoted } from './fast-yaml-scalars.js';
import { isFlowBreak, MAX_DEPTH, plainScalar, quotedScalar, startsPlain, unsupported } from './fast-yaml-syntax.js';

/** One-line flow collections: `[a, 'b', {c: d}]`, `{ a: b, c: [d] }`. */
export class FlowReader {
  position: number;
  private depth = 0;

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
  ) {
    this.position = start;
  }

  node(): Node {
    this.spaces();
    const c = this.text.charCodeAt(this.position);
    if (c === 0x5b) return this.collection(false);
    if (c === 0x7b) return this.collection(true);
    if (c === 0x22 || c === 0x27) {
      const start = this.position;
      const read =
        c === 0x22 ? readDoubleQuoted(this.text, start, this.end) : readSingleQuoted(this.text, start, this.end);
      if (!read) unsupported();
      this.position = read.end;
      return quotedScalar(read.value, start, read.end, c === 0x22);
    }
    if (!startsPlain(this.text, this.position, true) || this.position >= this.end) unsupported();
    const start = this.position;
    let i = start;
    while (i < this.end) {
      const d = this.text.charCodeAt(i);
      if (d === 0x2c || d === 0x5b || d === 0x5d || d === 0x7b || d === 0x7d) break;
      if (d === 0x3a && (i + 1 >= this.end || isFlowBreak(this.text.charCodeAt(i + 1)))) break;
      if (d === 0x23 && this.text.charCodeAt(i - 1) === 0x20) unsupported();
      i++;
    }
    let valueEnd = i;
    while (valueEnd > start && this.text.charCodeAt(valueEnd - 1) === 0x20) valueEnd--;
    this.position = i;
    return plainScalar(this.text, start, valueEnd);
  }

  private collection(isMap: boolean): Node {
    if (++this.depth > MAX_DEPTH) unsupported();
    const start = this.position;
    const close = isMap ? 0x7d : 0x5d;
    this.position++;
    const node = isMap ? new YAMLMap() : new YAMLSeq();
    const keys = new Set<string>();
    for (;;) {
      this.spaces();
      if (this.text.charCodeAt(this.position) === close) break;
      const item = this.node();
      this.spaces();
      if (isMap) {
        if (!(item instanceof Scalar) || this.text.charCodeAt(this.position) !== 0x3a) unsupported();
        const key = String(item.value);
        if (keys.has(key) || item.value === null) unsupported();
        keys.add(key);
        item.value = key;
        this.position++;
        this.spaces();
        const c = this.text.charCodeAt(this.position);
        if (c === 0x2c || c === close) unsupported();
        (node as YAMLMap).items.push(new Pair(item, this.node()));
        this.spaces();
      } else {
        if (this.text.charCodeAt(this.position) === 0x3a) unsupported();
        (node as YAMLSeq).items.push(item);
      }
      const c = this.text.charCodeAt(this.position);
      if (c === 0x2c) this.position++;
      else if (c !== close) unsupported();
    }
    this.position++;
    node.range = [start, this.position, this.position];
    this.depth--;
    return node;
  }

  private spaces(): void {
    while (this.position < this.end && this.text.charCodeAt(this.position) === 0x20) this.position++;
    if (this.position >= this.end) unsupported();
  }
}
