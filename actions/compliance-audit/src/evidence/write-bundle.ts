/**
 * Writes one evidence bundle: `<trailDir>/bundle-NNNNNN/items/*` and `manifest.json`, the
 * manifest last so a bundle interrupted mid-write has no manifest and is not part of the trail.
 * The sequence and `previous` come from the newest bundle found under `previousDir` (the last
 * run's downloaded artifact, or the trail directory itself).
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../../shared/runtime/atomic-file.js';
import { manifestHash, sha256Hex } from './canonical-json.js';
import {
  BUNDLE_FORMAT,
  MANIFEST_FILE,
  bundleDirName,
  type BundleInputs,
  type BundleItem,
  type BundleManifest,
} from './bundle-manifest.js';
import { latestBundle } from './read-trail.js';

export interface EvidenceInput {
  name: string;
  path: string;
  /** The bytes, when available: stored in the bundle and hashed. */
  content?: string | Uint8Array;
  /** When the bytes are not available: the hash and size reported by the checker. */
  sha256?: string;
  bytes?: number;
}

export interface WrittenBundle {
  dir: string;
  sequence: number;
  hash: string;
  previous: string | null;
  manifest: BundleManifest;
}

export interface WriteBundleRequest {
  trailDir: string;
  previousDir?: string;
  createdAt: Date;
  inputs: BundleInputs;
  items: readonly EvidenceInput[];
  results: Record<string, unknown>;
}

/** A file name inside the bundle: an index keeps it unique, the base name keeps it readable. */
function storedName(index: number, path: string): string {
  const base = path.split('/').pop() ?? 'item';
  const safe =
    base
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^\.+/, '_')
      .slice(0, 80) || 'item';
  return `items/${String(index).padStart(5, '0')}-${safe}`;
}

export async function writeBundle(request: WriteBundleRequest): Promise<WrittenBundle> {
  const previous = await latestBundle(request.previousDir ?? request.trailDir);
  const sequence = previous === undefined ? 1 : previous.sequence + 1;
  const dir = join(request.trailDir, bundleDirName(sequence));
  const exists = await stat(dir).then(
    () => true,
    () => false,
  );
  if (exists) throw new Error(`evidence bundle ${dir} already exists; refusing to overwrite the trail`);
  await mkdir(join(dir, 'items'), { recursive: true });

  const items: BundleItem[] = [];
  const writes: { path: string; bytes: Uint8Array }[] = [];
  for (const [index, input] of request.items.entries()) {
    if (input.content !== undefined) {
      const bytes = typeof input.content === 'string' ? Buffer.from(input.content, 'utf8') : input.content;
      const file = storedName(index + 1, input.path);
      writes.push({ path: join(dir, file), bytes });
      items.push({ name: input.name, path: input.path, sha256: sha256Hex(bytes), bytes: bytes.byteLength, file });
    } else if (input.sha256 !== undefined) {
      items.push({ name: input.name, path: input.path, sha256: input.sha256, bytes: input.bytes ?? 0 });
    }
  }
  // Items go into a fresh directory that is not part of the trail until its manifest exists, so
  // they need no rename-and-fsync each (that made 500 workflows cost seconds); the manifest,
  // written atomically last, is the commit point. Batches keep open files bounded.
  for (let start = 0; start < writes.length; start += 32) {
    await Promise.all(writes.slice(start, start + 32).map((w) => writeFile(w.path, w.bytes, { flag: 'wx' })));
  }
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    sequence,
    previous: previous?.hash ?? null,
    createdAt: request.createdAt.toISOString(),
    inputs: request.inputs,
    items,
    results: request.results,
  };
  const hash = manifestHash(manifest);
  await writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, sequence, hash, previous: manifest.previous, manifest };
}
