/**
 * Small read-only helpers over the yaml package's node tree. Aliases are resolved through the
 * document (the parse step has already capped their expansion).
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

export type AnyNode = Node | null | undefined;

export class YamlNodes {
  constructor(private readonly document?: Document.Parsed) {}

  resolve(node: unknown): AnyNode {
    if (isAlias(node)) return this.document ? (node.resolve(this.document) as AnyNode) : undefined;
    return node as AnyNode;
  }

  map(node: unknown): YAMLMap | undefined {
    const resolved = this.resolve(node);
    return isMap(resolved) ? resolved : undefined;
  }

  seq(node: unknown): YAMLSeq | undefined {
    const resolved = this.resolve(node);
    return isSeq(resolved) ? resolved : undefined;
  }

  scalar(node: unknown): Scalar | undefined {
    const resolved = this.resolve(node);
    return isScalar(resolved) ? resolved : undefined;
  }

  /** A scalar's value as text (numbers and booleans stringified), undefined for collections/null. */
  text(node: unknown): string | undefined {
    const scalar = this.scalar(node);
    if (!scalar || scalar.value === null || scalar.value === undefined) return undefined;
    return typeof scalar.value === 'string' ? scalar.value : String(scalar.value);
  }

  /** The pair whose key is `key` (case-sensitive, like GitHub's workflow keys). */
  pair(map: YAMLMap | undefined, key: string): Pair | undefined {
    if (!map) return undefined;
    for (const item of map.items) {
      if (this.text(item.key) === key) return item as Pair;
    }
    return undefined;
  }

  get(map: YAMLMap | undefined, key: string): AnyNode {
    const pair = this.pair(map, key);
    return pair ? this.resolve(pair.value) : undefined;
  }

  has(map: YAMLMap | undefined, key: string): boolean {
    return this.pair(map, key) !== undefined;
  }

  /** Entries of a mapping with string keys. */
  entries(map: YAMLMap | undefined): { key: string; keyNode: Node; value: AnyNode }[] {
    if (!map) return [];
    const out: { key: string; keyNode: Node; value: AnyNode }[] = [];
    for (const item of map.items) {
      const key = this.text(item.key);
      if (key !== undefined) out.push({ key, keyNode: item.key as Node, value: this.resolve(item.value) });
    }
    return out;
  }

  /** Items of a sequence, or the node itself as a one-item list when it is a scalar. */
  list(node: unknown): AnyNode[] {
    const resolved = this.resolve(node);
    if (isSeq(resolved)) return resolved.items.map((item) => this.resolve(item));
    if (resolved === null || resolved === undefined) return [];
    return [resolved];
  }
}

/** Start offset of a node's source, if known. */
export function startOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
