import { createHash } from 'node:crypto';

/**
 * The canonical form the bundle hash is computed over: JSON with object keys sorted by UTF-16
 * code unit order (what `Array.prototype.sort` does), no whitespace, arrays in their order,
 * strings and numbers as `JSON.stringify` writes them. `undefined` members are dropped (as in
 * JSON); non-finite numbers are refused because JSON cannot carry them.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`canonical JSON cannot hold the number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  throw new Error(`canonical JSON cannot hold a ${typeof value}`);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The bundle hash: sha256 over the canonical JSON of the manifest. */
export function manifestHash(manifest: unknown): string {
  return sha256Hex(canonicalJson(manifest));
}
