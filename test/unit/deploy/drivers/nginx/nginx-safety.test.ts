import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { NginxDriver } from '../../../../../actions/deploy/src/drivers/nginx/nginx-driver.js';
import { DriverError } from '../../../../../actions/deploy/src/drivers/traffic-driver.js';
import { get, load, startNginx, type RunningNginx, share, spec, TestLauncher } from './nginx-harness.js';

let nginx: RunningNginx;
let driver: NginxDriver;

beforeAll(async () => {
  nginx = await startNginx();
  driver = new NginxDriver({
    prefix: nginx.prefix,
    configFile: nginx.configFile,
    includeFile: nginx.includeFile,
    listen: { host: '127.0.0.1', port: nginx.port },
    launcher: new TestLauncher(),
  });
  await driver.startRole('stable', spec('v1'), 1);
  await driver.startRole('candidate', spec('v2'), 1);
  await driver.setRoute({ weights: { stable: 100 } });
});

afterAll(async () => {
  await driver?.close();
  await nginx?.stop();
});

describe('NginxDriver safety with a real nginx and example services', () => {
  it('refuses values that could inject nginx configuration, before touching the file', async () => {
    await driver.setRoute({ weights: { stable: 100 } });
    const before = await readFile(nginx.includeFile, 'utf8');
    const attacks = [
      { name: 'x-elder-preview', value: 'candidate"; } server { listen 1; } map $x $y { "a' },
      { name: 'x-elder-preview', value: "a'; return 200 'pwned" },
      { name: 'x-elder-preview', value: '~.*' },
      { name: 'x-preview $host', value: 'a' },
      { name: 'x-elder-preview', value: 'a\nb' },
    ];
    for (const header of attacks) {
      await expect(
        driver.setRoute({ weights: { stable: 100 }, match: [{ role: 'candidate', header }] }),
      ).rejects.toThrow(DriverError);
    }
    await expect(
      driver.setRoute({
        weights: { stable: 100 },
        match: [{ role: 'candidate', cookie: { name: 'a-b', value: 'x' } }],
      }),
    ).rejects.toThrow(/cookie\.name/);
    await expect(driver.setRoute({ weights: { stable: 50, candidate: 40 } })).rejects.toThrow(/add up to 90/);
    await expect(driver.startRole('baseline', { version: 'v1; }' }, 1)).rejects.toThrow(/version/);
    expect(await readFile(nginx.includeFile, 'utf8')).toBe(before);
    expect((await get(nginx.port)).version).toBe('v1');
  });

  it('restores the previous config when nginx -t refuses it and keeps serving', async () => {
    const before = await readFile(nginx.includeFile, 'utf8');
    const error = await driver.startRole('baseline', { version: 'broken' }, 1).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DriverError);
    expect((error as Error).message).toMatch(/nginx -t refused.*host not found/s);
    expect(await readFile(nginx.includeFile, 'utf8')).toBe(before);
    const answers = await load(nginx.port, 100);
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    expect((await driver.status()).roles.baseline).toBeUndefined();
  });

  it('fails loudly when the reload command fails or does not reload, and nginx keeps serving', async () => {
    const served = JSON.parse(await (await fetch(`${driver.entryUrl}/elder-route`)).text()) as {
      generation: number;
      roles: { stable: { servers: string[] } };
    };
    const before = await readFile(nginx.includeFile, 'utf8');
    const base = {
      prefix: nginx.prefix,
      configFile: nginx.configFile,
      includeFile: nginx.includeFile,
      listen: { host: '127.0.0.1', port: nginx.port },
      upstreams: { stable: served.roles.stable.servers },
      verifyTimeoutMs: 1_000,
    };
    const failing = new NginxDriver({ ...base, reloadCommand: [process.execPath, '-e', 'process.exit(1)'] });
    await failing.startRole('stable', { version: 'v1' }, 1);
    await expect(failing.setRoute({ weights: { stable: 100 } })).rejects.toThrow(/reloading nginx failed/);
    const noop = new NginxDriver({ ...base, reloadCommand: [process.execPath, '-e', ''] });
    await noop.startRole('stable', { version: 'v1' }, 1);
    await expect(noop.setRoute({ weights: { stable: 100 } })).rejects.toThrow(/did not serve generation/);
    expect(await readFile(nginx.includeFile, 'utf8')).toBe(before);
    const response = await fetch(`${driver.entryUrl}/`);
    await response.arrayBuffer();
    expect(response.headers.get('x-elder-generation')).toBe(String(served.generation));
  });

  it('drops no request while routes change under concurrent load', async () => {
    let done = false;
    const answers: { status: number; error?: string }[] = [];
    const workers = Array.from({ length: 12 }, async () => {
      while (!done) answers.push(await get(nginx.port));
    });
    const weights = [10, 50, 100, 0];
    for (const candidate of weights) {
      await driver.setRoute({ weights: candidate === 0 ? { stable: 100 } : { stable: 100 - candidate, candidate } });
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    done = true;
    await Promise.all(workers);
    expect(answers.length).toBeGreaterThan(200);
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
  });

  it('reports what nginx serves and refuses to stop a routed role', async () => {
    await driver.setRoute({ weights: { stable: 90, candidate: 10 } });
    await expect(driver.stopRole('candidate')).rejects.toThrow(/still sends it traffic/);
    const status = await driver.status();
    expect(status.roles).toEqual({
      stable: { version: 'v1', ready: 1, desired: 1 },
      candidate: { version: 'v2', ready: 1, desired: 1 },
    });
    expect(status.route).toEqual({ weights: { stable: 90, candidate: 10 } });
    await driver.setRoute({ weights: { stable: 100 } });
    await driver.scaleRole('stable', 2);
    await driver.stopRole('candidate');
    expect((await driver.status()).roles).toEqual({ stable: { version: 'v1', ready: 2, desired: 2 } });
    expect(share(await load(nginx.port, 50), 'v1')).toBe(1);
  });
});
