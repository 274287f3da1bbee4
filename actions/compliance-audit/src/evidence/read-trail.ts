import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { manifestHash } from './canonical-json.js';
import { BUNDLE_FORMAT, MANIFEST_FILE, type BundleManifest } from './bundle-manifest.js';

export interface TrailEntry {
  /** Directory of the bundle. */
  dir: string;
  manifest?: BundleManifest;
  /** Bundle hash recomputed from the manifest as found. */
  hash?: string;
  /** Why the manifest could not be read, when it could not. */
  error?: string;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

function checkManifest(data: unknown): BundleManifest {
  const m = data as Partial<BundleManifest> | null;
  if (m === null || typeof m !== 'object') throw new Error('the manifest is not a JSON object');
  if (m.format !== BUNDLE_FORMAT) throw new Error(`unknown format ${JSON.stringify(m.format)}`);
  if (!Number.isInteger(m.sequence) || (m.sequence as number) < 1)
    throw new Error('sequence is not a positive integer');
  if (m.previous !== null && (typeof m.previous !== 'string' || !/^[0-9a-f]{64}$/.test(m.previous))) {
    throw new Error('previous is neither null nor a sha256');
  }
  if (!Array.isArray(m.items)) throw new Error('items is not a list');
  return m as BundleManifest;
}

export async function readBundle(dir: string): Promise<TrailEntry> {
  try {
    const text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
    const manifest = checkManifest(JSON.parse(text));
    return { dir, manifest, hash: manifestHash(manifest) };
  } catch (err) {
    return { dir, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Every bundle under `dir`: `dir` itself when it holds a manifest (one downloaded bundle), and
 * each sub-directory that holds one (a trail). Throws when `dir` is not a directory.
 */
export async function readTrail(dir: string): Promise<TrailEntry[]> {
  if (!(await isDirectory(dir))) throw new Error(`${dir} is not a directory`);
  const entries: TrailEntry[] = [];
  const own = await stat(join(dir, MANIFEST_FILE)).then(
    () => true,
    () => false,
  );
  if (own) entries.push(await readBundle(dir));
  for (const name of (await readdir(dir)).sort()) {
    const child = join(dir, name);
    if (!(await isDirectory(child))) continue;
    const hasManifest = await stat(join(child, MANIFEST_FILE)).then(
      () => true,
      () => false,
    );
    if (hasManifest) entries.push(await readBundle(child));
  }
  return entries;
}

/** The newest readable bundle (highest sequence) under `dir`, or undefined when there is none. */
export async function latestBundle(dir: string): Promise<{ sequence: number; hash: string; dir: string } | undefined> {
  if (!(await isDirectory(dir))) return undefined;
  let latest: { sequence: number; hash: string; dir: string } | undefined;
  for (const entry of await readTrail(dir)) {
    if (entry.manifest === undefined || entry.hash === undefined) continue;
    if (latest === undefined || entry.manifest.sequence > latest.sequence) {
      latest = { sequence: entry.manifest.sequence, hash: entry.hash, dir: entry.dir };
    }
  }
  return latest;
}
