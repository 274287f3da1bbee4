import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../../shared/cli/main.js';
import { writeBundle } from '../../../../actions/compliance-audit/src/evidence/write-bundle.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'elder-verify-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function trail(name: string, count: number): Promise<string> {
  const trailDir = join(dir, name);
  for (let n = 1; n <= count; n += 1) {
    await writeBundle({
      trailDir,
      createdAt: new Date(Date.UTC(2026, 0, n)),
      inputs: {
        environment: 'prod',
        frameworks: ['soc_2'],
        ruleVersions: {},
        tool: { name: 'ancient-elder', version: '1' },
      },
      items: [{ name: 'evidence', path: `e${n}.txt`, content: `evidence ${n}` }],
      results: { n },
    });
  }
  return trailDir;
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  let err = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += chunk.toString();
    return true;
  });
  try {
    const code = await runCli(args, { stdout });
    return { code, out, err };
  } finally {
    spy.mockRestore();
  }
}

describe('elder verify', () => {
  it('exits 0 for an intact trail and prints completeness', async () => {
    const path = await trail('intact', 3);
    const result = await cli(['verify', path]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/3 bundle\(s\), 2\/2 link\(s\) verified, completeness 100\.0 %: intact/);
  });

  it('exits 2 for a broken trail and names the altered item; --json carries the numbers', async () => {
    const path = await trail('broken', 3);
    await writeFile(join(path, 'bundle-000002', 'items', '00001-e2.txt'), 'evidence 2 (edited)');
    const text = await cli(['verify', path]);
    expect(text.code).toBe(2);
    expect(text.out).toMatch(/altered_item: bundle-000002: item e2\.txt/);
    const json = await cli(['verify', path, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toMatchObject({ intact: false, expectedLinks: 2, verifiedLinks: 0, completeness: 0 });
  });

  it('exits 1 for bad input: no directory, not a directory, no bundle', async () => {
    expect((await cli(['verify'])).code).toBe(1);
    expect((await cli(['verify', join(dir, 'missing')])).code).toBe(1);
    const file = join(dir, 'file.txt');
    await writeFile(file, 'x');
    const notDir = await cli(['verify', file]);
    expect(notDir.code).toBe(1);
    expect(notDir.err).toMatch(/is not a directory/);
    const empty = join(dir, 'empty');
    await (await import('node:fs/promises')).mkdir(empty);
    const none = await cli(['verify', empty]);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/no evidence bundle/);
  });
});
