/**
 * Verifies an audit trail: every stored item against its sha256, every bundle's `previous`
 * against the recomputed hash of the bundle before it, and the sequence for gaps.
 *
 * Links: bundle n (n >= 2) links to n-1; the trail is expected to start at sequence 1, so a trail
 * whose newest bundle is N has N-1 expected links. A link is verified when both bundles are
 * present with readable manifests and intact items, and n's `previous` equals n-1's hash.
 * completeness = verified links / expected links (1 when no link is expected and nothing is
 * wrong). The trail is intact when there is no problem at all.
 */
import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { sha256Hex } from './canonical-json.js';
import { readTrail, type TrailEntry } from './read-trail.js';

export type TrailProblemKind =
  | 'unreadable_manifest'
  | 'altered_item'
  | 'missing_item'
  | 'gap'
  | 'broken_link'
  | 'bad_start'
  | 'duplicate_sequence'
  | 'empty';

export interface TrailProblem {
  kind: TrailProblemKind;
  sequence?: number;
  /** Bundle directory relative to the verified directory. */
  bundle?: string;
  item?: string;
  message: string;
}

export interface TrailVerification {
  intact: boolean;
  bundles: { sequence: number; dir: string; hash: string; items: number }[];
  expectedLinks: number;
  verifiedLinks: number;
  completeness: number;
  problems: TrailProblem[];
  latest?: { sequence: number; hash: string };
  /** First sequence verified (1 unless `startAt: 'earliest'` found a partial trail). */
  start: number;
}

async function verifyItems(root: string, entry: TrailEntry, problems: TrailProblem[]): Promise<boolean> {
  let intact = true;
  const bundle = relative(root, entry.dir) || '.';
  const sequence = entry.manifest?.sequence;
  for (const item of entry.manifest?.items ?? []) {
    if (item.file === undefined) continue;
    const path = resolve(entry.dir, item.file);
    if (!path.startsWith(resolve(entry.dir) + sep)) {
      problems.push({
        kind: 'altered_item',
        sequence,
        bundle,
        item: item.path,
        message: `${bundle}: item ${item.path} points outside its bundle (${item.file})`,
      });
      intact = false;
      continue;
    }
    const bytes = await readFile(path).catch(() => undefined);
    if (bytes === undefined) {
      problems.push({
        kind: 'missing_item',
        sequence,
        bundle,
        item: item.path,
        message: `${bundle}: item ${item.path} (${item.file}) is missing`,
      });
      intact = false;
    } else if (sha256Hex(bytes) !== item.sha256) {
      problems.push({
        kind: 'altered_item',
        sequence,
        bundle,
        item: item.path,
        message: `${bundle}: item ${item.path} (${item.file}) was altered: sha256 ${sha256Hex(bytes)} != recorded ${item.sha256}`,
      });
      intact = false;
    }
  }
  return intact;
}

export interface VerifyOptions {
  /**
   * `first` (default): the trail must start at sequence 1. `earliest`: verify from the oldest
   * bundle present (a partial copy such as the last run's artifact), saying so in `start`.
   */
  startAt?: 'first' | 'earliest';
}

export async function verifyTrail(dir: string, options: VerifyOptions = {}): Promise<TrailVerification> {
  const entries = await readTrail(dir);
  const problems: TrailProblem[] = [];
  const bySequence = new Map<number, { entry: TrailEntry; itemsIntact: boolean }>();
  for (const entry of entries) {
    const bundle = relative(dir, entry.dir) || '.';
    if (entry.manifest === undefined || entry.hash === undefined) {
      problems.push({
        kind: 'unreadable_manifest',
        bundle,
        message: `${bundle}: manifest unreadable: ${entry.error ?? 'unknown error'}`,
      });
      continue;
    }
    const sequence = entry.manifest.sequence;
    if (bySequence.has(sequence)) {
      problems.push({
        kind: 'duplicate_sequence',
        sequence,
        bundle,
        message: `${bundle}: a second bundle claims sequence ${sequence}`,
      });
      continue;
    }
    bySequence.set(sequence, { entry, itemsIntact: await verifyItems(dir, entry, problems) });
  }
  if (bySequence.size === 0) {
    problems.push({ kind: 'empty', message: `${dir}: no evidence bundle found` });
    return { intact: false, bundles: [], expectedLinks: 0, verifiedLinks: 0, completeness: 0, problems, start: 1 };
  }
  const max = Math.max(...bySequence.keys());
  const start = options.startAt === 'earliest' ? Math.min(...bySequence.keys()) : 1;
  const first = start === 1 ? bySequence.get(1) : undefined;
  if (first !== undefined && first.entry.manifest?.previous !== null) {
    problems.push({
      kind: 'bad_start',
      sequence: 1,
      bundle: relative(dir, first.entry.dir),
      message: 'bundle 1 names a previous bundle; the trail does not start here',
    });
  }
  let verified = 0;
  for (let sequence = start; sequence <= max; sequence += 1) {
    const current = bySequence.get(sequence);
    if (current === undefined) {
      problems.push({ kind: 'gap', sequence, message: `bundle ${sequence} is missing from the trail` });
      continue;
    }
    if (sequence === start) continue;
    const before = bySequence.get(sequence - 1);
    if (before === undefined) continue; // already reported as a gap
    const bundle = relative(dir, current.entry.dir);
    if (current.entry.manifest?.previous !== before.entry.hash) {
      problems.push({
        kind: 'broken_link',
        sequence,
        bundle,
        message: `${bundle}: previous ${current.entry.manifest?.previous ?? 'null'} does not match bundle ${sequence - 1}'s hash ${before.entry.hash ?? '?'} (bundle ${sequence - 1} was altered or replaced)`,
      });
      continue;
    }
    if (current.itemsIntact && before.itemsIntact) verified += 1;
  }
  const expected = max - start;
  const sorted = [...bySequence.entries()].sort(([a], [b]) => a - b);
  const latest = sorted[sorted.length - 1]?.[1].entry;
  return {
    intact: problems.length === 0,
    bundles: sorted.map(([sequence, { entry }]) => ({
      sequence,
      dir: relative(dir, entry.dir) || '.',
      hash: entry.hash ?? '',
      items: entry.manifest?.items.length ?? 0,
    })),
    start,
    expectedLinks: expected,
    verifiedLinks: verified,
    completeness: expected === 0 ? (problems.length === 0 ? 1 : 0) : verified / expected,
    problems,
    ...(latest?.manifest !== undefined && latest.hash !== undefined
      ? { latest: { sequence: latest.manifest.sequence, hash: latest.hash } }
      : {}),
  };
}
