import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalDriver, type LocalDriver } from '../../../../../actions/deploy/src/drivers/local/index.js';
import type { VersionSpec } from '../../../../../actions/deploy/src/model/roles.js';
import { delay, get } from '../../proxy/load-loop.js';
import { SERVER, isAlive, pidOf, version } from './example-versions.js';

describe('LocalDriver lifecycle and bad input', () => {
  let drivers: LocalDriver[] = [];
  const make = async (options: ConstructorParameters<typeof LocalDriver>[0] = {}): Promise<LocalDriver> => {
    const driver = await createLocalDriver({ readyTimeoutMs: 10_000, stopGraceMs: 2_000, ...options });
    drivers.push(driver);
    return driver;
  };
  afterEach(async () => {
    await Promise.all(drivers.map((driver) => driver.close()));
    drivers = [];
  });

  it('reports a version that crashes on start with its exit code and last stderr lines', async () => {
    const driver = await make();
    const crashing: VersionSpec = {
      version: 'v9',
      command: [
        process.execPath,
        '-e',
        "console.error('loading config'); console.error('fatal: no DATABASE_URL'); process.exit(3)",
        '{port}',
      ],
    };
    const error = await driver.startRole('candidate', crashing, 2).catch((err: unknown) => err);
    expect(error).toMatchObject({ name: 'DriverError', driver: 'local', role: 'candidate' });
    expect((error as Error).message).toMatch(/candidate v9 instance \d .*exited with code 3 during start/);
    expect((error as Error).message).toContain('fatal: no DATABASE_URL');
    expect((await driver.status()).roles.candidate).toBeUndefined();
    // A bad flag makes the example service itself exit 2 before listening (listening-line path).
    const badFlag: VersionSpec = { version: 'v2', command: [process.execPath, SERVER, '--port', '0', '--bogus'] };
    await expect(driver.startRole('candidate', badFlag, 1)).rejects.toThrow(
      /candidate v2 instance 1 .* exited with code 2 during start; last stderr lines:\nerror: Unknown option '--bogus'/,
    );
    const missing: VersionSpec = { version: 'v2', command: ['/nonexistent/elder-service', '--port', '{port}'] };
    await expect(driver.startRole('candidate', missing, 1)).rejects.toThrow(/could not be run: .*ENOENT/);
  });

  it('gives up on a version that never becomes ready, and kills it', async () => {
    const driver = await make({ readyTimeoutMs: 5_000 });
    const started = Date.now();
    const error = await driver
      .startRole('candidate', version('v2', { FAULT_UNHEALTHY: 'true' }), 1)
      .catch((err: unknown) => err as Error);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(error).toMatchObject({ name: 'DriverError' });
    expect((error as Error).message).toMatch(
      /candidate v2 instance 1 .* was not ready within 5000 ms \(GET \/healthz answered 503\)/,
    );
    expect((await driver.status()).roles).toEqual({});
  });

  it('uses a configured health path', async () => {
    const driver = await make({ healthPath: '/metrics' });
    await driver.startRole('stable', version('v1', { FAULT_UNHEALTHY: 'true' }), 1);
    expect((await driver.status()).roles.stable?.ready).toBe(1);
  });

  it('says which port is in use when the entry port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(createLocalDriver({ port })).rejects.toThrow(`port ${port} is in use`);
    } finally {
      blocker.close();
    }
  });

  it('validates routes: weights add up to 100, only roles that run', async () => {
    const driver = await make();
    await driver.startRole('stable', version('v1'), 1);
    await expect(driver.setRoute({ weights: { stable: 90, candidate: 5 } })).rejects.toThrow(/add up to 100, got 95/);
    await expect(driver.setRoute({ weights: { stable: 90, candidate: 10 } })).rejects.toThrow(
      /candidate, which has no running instance/,
    );
    await expect(
      driver.setRoute({ weights: { stable: 100 }, match: [{ role: 'baseline', header: { name: 'x', value: 'y' } }] }),
    ).rejects.toThrow(/baseline, which has no running instance/);
    await driver.setRoute({ weights: { stable: 100, candidate: 0 } });
    expect((await driver.status()).route).toEqual({ weights: { stable: 100, candidate: 0 } });
  });

  it('refuses to stop a routed role, stops it once unrouted, and never leaves its processes behind', async () => {
    const driver = await make();
    await driver.startRole('stable', version('v1'), 1);
    await driver.startRole('candidate', version('v2'), 2);
    await driver.setRoute({ weights: { stable: 50, candidate: 50 } });
    await expect(driver.stopRole('candidate')).rejects.toThrow(
      /refusing to stop candidate: the current route still sends it traffic/,
    );
    await expect(driver.scaleRole('candidate', 0)).rejects.toThrow(/refusing to scale candidate to 0/);
    const pids = await Promise.all(driver.instancePorts('candidate').map(pidOf));
    expect(pids.every((pid) => pid > 0 && isAlive(pid))).toBe(true);
    await driver.setRoute({ weights: { stable: 100 } });
    await driver.stopRole('candidate');
    expect(pids.some(isAlive)).toBe(false);
    expect((await driver.status()).roles.candidate).toBeUndefined();
    await driver.stopRole('candidate'); // stopping a stopped role is a no-op
  });

  it('closes idempotently, killing every instance, and refuses work afterwards', async () => {
    const driver = await make();
    await driver.startRole('stable', version('v1'), 2);
    const pids = await Promise.all(driver.instancePorts('stable').map(pidOf));
    const url = driver.entryUrl!;
    await Promise.all([driver.close(), driver.close()]);
    await driver.close();
    expect(pids.some(isAlive)).toBe(false);
    expect((await get(`${url}/`)).status).toBe(0);
    await expect(driver.startRole('stable', version('v1'), 1)).rejects.toThrow(/closed/);
  });

  it('close() during a slow start does not wait for readiness and leaves no process behind', async () => {
    const driver = await make({ readyTimeoutMs: 60_000 });
    const starting = driver.startRole('candidate', version('v2', { FAULT_UNHEALTHY: 'true' }), 1);
    const failed = starting.catch((err: unknown) => err as Error);
    await delay(800);
    const started = Date.now();
    await driver.close();
    expect(Date.now() - started).toBeLessThan(10_000);
    const error = await failed;
    expect(error).toMatchObject({ name: 'DriverError', role: 'candidate' });
    expect((await driver.status()).roles).toEqual({});
  });
});
