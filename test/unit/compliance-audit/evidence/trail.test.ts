import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  canonicalJson,
  manifestHash,
  sha256Hex,
} from '../../../../actions/compliance-audit/src/evidence/canonical-json.js';
import { writeBundle, type WrittenBundle } from '../../../../actions/compliance-audit/src/evidence/write-bundle.js';
import { verifyTrail } from '../../../../actions/compliance-audit/src/evidence/verify-trail.js';
import { latestBundle } from '../../../../actions/compliance-audit/src/evidence/read-trail.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'elder-trail-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function bundle(n: number, trailDir = dir): Promise<WrittenBundle> {
  return writeBundle({
    trailDir,
    createdAt: new Date(Date.UTC(2026, 0, n)),
    inputs: {
      environment: 'prod',
      frameworks: ['iso_27001'],
      ruleVersions: { 'repo/secret': '1.0.0' },
      tool: { name: 'ancient-elder', version: '1.0.0' },
      commit: `c${n}`,
    },
    items: [
      { name: 'workflow file', path: '.github/workflows/ci.yml', content: `on: push # run ${n}\n` },
      { name: 'branch protection (API response)', path: 'api/branch-protection.json', content: '{"enabled":true}' },
      { name: 'not stored', path: 'big.bin', sha256: 'a'.repeat(64), bytes: 10 },
    ],
    results: { status: 'success', run: n },
  });
}

describe('canonical JSON', () => {
  it('sorts keys at every depth, drops undefined, keeps array order, no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null }, 2], u: undefined, é: true })).toBe(
      '{"a":[{"c":null,"d":"x"},2],"b":1,"é":true}',
    );
    expect(manifestHash({ b: 1, a: 2 })).toBe(manifestHash({ a: 2, b: 1 }));
    expect(manifestHash({ a: 2, b: 1 })).toBe(sha256Hex('{"a":2,"b":1}'));
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/NaN/);
  });
});

describe('evidence bundles', () => {
  it('chains each bundle to the previous one and verifies an intact trail', async () => {
    const first = await bundle(1);
    const second = await bundle(2);
    const third = await bundle(3);
    expect([first.sequence, second.sequence, third.sequence]).toEqual([1, 2, 3]);
    expect(first.previous).toBeNull();
    expect(second.previous).toBe(first.hash);
    expect(third.previous).toBe(second.hash);
    // The hash is over the canonical manifest as written.
    const written = JSON.parse(await readFile(join(third.dir, 'manifest.json'), 'utf8')) as unknown;
    expect(manifestHash(written)).toBe(third.hash);
    expect(third.manifest.items[0]).toMatchObject({
      path: '.github/workflows/ci.yml',
      sha256: sha256Hex('on: push # run 3\n'),
      bytes: 17,
    });
    expect(third.manifest.items[2]).toEqual({ name: 'not stored', path: 'big.bin', sha256: 'a'.repeat(64), bytes: 10 });

    const report = await verifyTrail(dir);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({
      intact: true,
      expectedLinks: 2,
      verifiedLinks: 2,
      completeness: 1,
      latest: { sequence: 3, hash: third.hash },
    });
    expect(await latestBundle(dir)).toMatchObject({ sequence: 3, hash: third.hash });
  });

  it('names an item altered by one byte', async () => {
    await bundle(1);
    const second = await bundle(2);
    await bundle(3);
    const item = second.manifest.items[1];
    const path = join(second.dir, item?.file ?? '');
    const bytes = await readFile(path);
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    await writeFile(path, bytes);
    const report = await verifyTrail(dir);
    expect(report.intact).toBe(false);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({
      kind: 'altered_item',
      sequence: 2,
      bundle: 'bundle-000002',
      item: 'api/branch-protection.json',
    });
    // Both links touching bundle 2 are no longer verified.
    expect(report).toMatchObject({ expectedLinks: 2, verifiedLinks: 0, completeness: 0 });
  });

  it('finds a bundle deleted from the middle of the trail and measures completeness', async () => {
    for (let n = 1; n <= 5; n += 1) await bundle(n);
    await rm(join(dir, 'bundle-000003'), { recursive: true });
    const report = await verifyTrail(dir);
    expect(report.intact).toBe(false);
    expect(report.problems).toEqual([{ kind: 'gap', sequence: 3, message: 'bundle 3 is missing from the trail' }]);
    // Links 2->1 and 5->4 verify; 3->2 and 4->3 cannot.
    expect(report).toMatchObject({ expectedLinks: 4, verifiedLinks: 2, completeness: 0.5 });
  });

  it('verifies a partial copy from its earliest bundle only when asked to', async () => {
    for (let n = 1; n <= 4; n += 1) await bundle(n);
    await rm(join(dir, 'bundle-000001'), { recursive: true });
    await rm(join(dir, 'bundle-000002'), { recursive: true });
    const strict = await verifyTrail(dir);
    expect(strict.problems.map((p) => [p.kind, p.sequence])).toEqual([
      ['gap', 1],
      ['gap', 2],
    ]);
    expect(strict).toMatchObject({ start: 1, expectedLinks: 3, verifiedLinks: 1 });
    expect(strict.completeness).toBeCloseTo(1 / 3, 12);
    const partial = await verifyTrail(dir, { startAt: 'earliest' });
    expect(partial).toMatchObject({ intact: true, start: 3, expectedLinks: 1, verifiedLinks: 1, completeness: 1 });
  });

  it('detects an edited manifest through the next bundle, and a missing item', async () => {
    await bundle(1);
    const second = await bundle(2);
    await bundle(3);
    const manifestPath = join(second.dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { results: { status: string } };
    manifest.results.status = 'failure->success';
    await writeFile(manifestPath, JSON.stringify(manifest));
    await rm(join(second.dir, second.manifest.items[0]?.file ?? ''));
    const report = await verifyTrail(dir);
    expect(report.problems.map((p) => p.kind).sort()).toEqual(['broken_link', 'missing_item']);
    expect(report.problems.find((p) => p.kind === 'broken_link')).toMatchObject({ sequence: 3 });
    expect(report.verifiedLinks).toBe(0);
  });

  it('continues a trail from a previous bundle found elsewhere (a downloaded artifact)', async () => {
    const artifact = join(dir, 'artifact');
    const first = await bundle(1, artifact);
    const next = await writeBundle({
      trailDir: join(dir, 'new-trail'),
      previousDir: first.dir,
      createdAt: new Date(),
      inputs: { environment: 'prod', frameworks: [], ruleVersions: {}, tool: { name: 't', version: '1' } },
      items: [],
      results: {},
    });
    expect(next).toMatchObject({ sequence: 2, previous: first.hash });
  });

  it('refuses to overwrite an existing bundle', async () => {
    const trail = join(dir, 't');
    await bundle(1, trail);
    await expect(
      writeBundle({
        trailDir: trail,
        previousDir: join(dir, 'nothing'),
        createdAt: new Date(),
        inputs: { environment: 'e', frameworks: [], ruleVersions: {}, tool: { name: 't', version: '1' } },
        items: [],
        results: {},
      }),
    ).rejects.toThrow(/already exists/);
  });
});
