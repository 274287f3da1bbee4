/**
 * FNV-1a (32 bit) over the UTF-8 bytes of a value. Chosen for sticky routing because it is
 * stable across processes, Node versions and machines (unlike a seeded hash), cheap, and spreads
 * short user ids evenly enough for percentage buckets.
 */
export function fnv1a32(value: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(value, 'utf8')) {
    hash ^= byte;
    // Multiply by the FNV prime 16777619 with 32-bit wrap-around.
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The bucket 0..99 a sticky key falls into; the same key always lands in the same bucket. */
export function stickyBucket(key: string): number {
  return fnv1a32(key) % 100;
}
