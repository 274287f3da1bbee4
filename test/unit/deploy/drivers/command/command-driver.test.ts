import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CommandDriver } from '../../../../../actions/deploy/src/drivers/command/command-driver.js';
import { DriverError } from '../../../../../actions/deploy/src/drivers/traffic-driver.js';
import { UserError } from '../../../../../shared/runtime/errors.js';

let dir: string;
let log: string;
let recorder: string;
const node = process.execPath;

/** A hook that records its argv and ELDER_* env as one JSON line, then behaves as HOOK_MODE says. */
const RECORDER = `
import { appendFileSync } from 'node:fs';
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('ELDER_')));
appendFileSync(process.env.HOOK_LOG, JSON.stringify({ argv: process.argv.slice(2), env }) + '\\n');
const mode = process.env.HOOK_MODE ?? 'ok';
if (mode === 'fail') { process.stderr.write('platform said no'); process.exit(3); }
if (mode === 'sleep') await new Promise((r) => setTimeout(r, 10_000));
if (process.env.ELDER_HOOK === 'status') process.stdout.write(process.env.STATUS_OUT ?? '');
`;

async function entries(): Promise<{ argv: string[]; env: Record<string, string> }[]> {
  const text = await readFile(log, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { argv: string[]; env: Record<string, string> });
}

function driver(env: Record<string, string> = {}, extra: Partial<ConstructorParameters<typeof CommandDriver>[0]> = {}) {
  return new CommandDriver({
    hooks: {
      start: [node, recorder, 'start', '{role}', '{version}', '{instances}'],
      'set-weight': [node, recorder, 'set-weight', '--role={role}', '{weight}'],
      promote: [node, recorder, 'promote', '{version}'],
      rollback: [node, recorder, 'rollback', '{version}'],
      stop: [node, recorder, 'stop', '{role}'],
      status: [node, recorder, 'status'],
    },
    env: { HOOK_LOG: log, ...env },
    ...extra,
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'elder-command-'));
  recorder = join(dir, 'hook.mjs');
  await writeFile(recorder, RECORDER);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CommandDriver', () => {
  it('substitutes placeholders per argv element and passes ELDER_* variables', async () => {
    log = join(dir, 'a.log');
    const d = driver();
    await d.startRole('stable', { version: 'v1' }, 2);
    await d.startRole('candidate', { version: 'v2' }, 1);
    await d.setRoute({ weights: { stable: 100 } });
    await d.setRoute({ weights: { stable: 75, candidate: 25 } });
    const lines = await entries();
    expect(lines[0]!.argv).toEqual(['start', 'stable', 'v1', '2']);
    expect(lines[0]!.env).toMatchObject({ ELDER_ROLE: 'stable', ELDER_VERSION: 'v1', ELDER_INSTANCES: '2' });
    expect(lines[2]!.argv).toEqual(['set-weight', '--role=stable', '100']);
    // Lowering stable comes before raising candidate.
    expect(lines.slice(3).map((l) => l.argv)).toEqual([
      ['set-weight', '--role=stable', '75'],
      ['set-weight', '--role=candidate', '25'],
    ]);
    expect(lines[4]!.env).toMatchObject({ ELDER_ROLE: 'candidate', ELDER_VERSION: 'v2', ELDER_WEIGHT: '25' });
    expect(JSON.parse(lines[4]!.env['ELDER_ROUTE']!)).toEqual({ weights: { stable: 75, candidate: 25 } });
  });

  it('never lets a shell interpret a placeholder value', async () => {
    log = join(dir, 'b.log');
    const marker = join(dir, 'pwned');
    const evil = `v2; touch ${marker} $(touch ${marker}) \`touch ${marker}\` {role}`;
    await driver().startRole('candidate', { version: evil }, 1);
    const [line] = await entries();
    expect(line!.argv).toEqual(['start', 'candidate', evil, '1']);
    expect(line!.env['ELDER_VERSION']).toBe(evil);
    await expect(readFile(marker)).rejects.toThrow(/ENOENT/);
  });

  it('runs promote when all traffic moves to the candidate and rollback when it returns', async () => {
    log = join(dir, 'c.log');
    const d = driver();
    await d.startRole('stable', { version: 'v1' }, 1);
    await d.startRole('candidate', { version: 'v2' }, 1);
    await d.setRoute({ weights: { stable: 50, candidate: 50 } });
    await d.setRoute({ weights: { stable: 100 } });
    await d.setRoute({ weights: { stable: 50, candidate: 50 } });
    await d.setRoute({ weights: { candidate: 100 } });
    const argvs = (await entries()).map((l) => l.argv.join(' '));
    expect(argvs).toContain('rollback v1');
    expect(argvs.at(-1)).toBe('promote v2');
  });

  it('refuses to stop a role that still receives traffic, and routes to stopped roles', async () => {
    log = join(dir, 'd.log');
    const d = driver();
    await d.startRole('stable', { version: 'v1' }, 1);
    await expect(d.setRoute({ weights: { stable: 90, candidate: 10 } })).rejects.toThrow(
      /candidate, which is not running/,
    );
    await d.setRoute({ weights: { stable: 100 } });
    await expect(d.stopRole('stable')).rejects.toBeInstanceOf(DriverError);
    await expect(d.setRoute({ weights: { stable: 90 } })).rejects.toThrow(/add up to 90/);
  });

  it('kills a hook that exceeds its timeout and says so', async () => {
    log = join(dir, 'e.log');
    const d = driver({ HOOK_MODE: 'sleep' }, { timeoutMs: { start: 300 } });
    const started = Date.now();
    await expect(d.startRole('stable', { version: 'v1' }, 1)).rejects.toThrow(/'start'.*timed out after 300 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reports a failing hook with its exit code and stderr', async () => {
    log = join(dir, 'f.log');
    const d = driver({ HOOK_MODE: 'fail' });
    await expect(d.startRole('stable', { version: 'v1' }, 1)).rejects.toThrow(/exited with 3: platform said no/);
  });

  it('parses the status hook output and rejects bad JSON clearly', async () => {
    log = join(dir, 'g.log');
    const good = {
      roles: { stable: { version: 'v1', ready: 2, desired: 2 }, candidate: { version: 'v2', ready: 0, desired: 1 } },
      route: { weights: { stable: 100 } },
    };
    expect(await driver({ STATUS_OUT: JSON.stringify(good) }).status()).toEqual(good);
    await expect(driver({ STATUS_OUT: 'all good!' }).status()).rejects.toThrow(/stdout is not JSON.*all good!/s);
    await expect(
      driver({
        STATUS_OUT: JSON.stringify({ roles: { canary: {}, stable: { version: 'v1', ready: -1, desired: 1 } } }),
      }).status(),
    ).rejects.toThrow(/\$\.roles\.canary: unknown role[\s\S]*\$\.roles\.stable\.ready must be a whole number/);
  });

  it('rejects unknown placeholders and hooks at construction', () => {
    expect(() => new CommandDriver({ hooks: { start: ['x', '{weigth}'], 'set-weight': ['x'], stop: ['x'] } })).toThrow(
      UserError,
    );
    expect(() => new CommandDriver({ hooks: { start: ['x', '{weight}'], 'set-weight': ['x'], stop: ['x'] } })).toThrow(
      /cannot fill/,
    );
    expect(
      () => new CommandDriver({ hooks: { start: ['x'], 'set-weight': ['x'], stop: ['x'], deploy: ['x'] } as never }),
    ).toThrow(/unknown hook 'deploy'/);
    expect(() => new CommandDriver({ hooks: { start: ['x'], stop: ['x'] } })).toThrow(/'set-weight' is required/);
  });
});
