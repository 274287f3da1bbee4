import { afterEach, describe, expect, it } from 'vitest';
import { createLocalDriver, type LocalDriver } from '../../../../../actions/deploy/src/drivers/local/index.js';
import { delay, get, sendMany, startLoad } from '../../proxy/load-loop.js';
import { announcing, pidOf, version } from './example-versions.js';

describe('LocalDriver traffic', () => {
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

  it('starts roles from a command ({port} or the listening line), routes, samples and reports status', async () => {
    const driver = await make();
    expect(driver.name).toBe('local');
    expect(driver.entryUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await driver.startRole('stable', version('v1'), 2);
    await driver.startRole('candidate', announcing('v2'), 1);
    await driver.setRoute({ weights: { stable: 80, candidate: 20 } });
    const answers = await sendMany(`${driver.entryUrl}/`, 300, 8);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const onCandidate = answers.filter((a) => a.version === 'v2').length;
    expect(onCandidate).toBeGreaterThan(25);
    expect(onCandidate).toBeLessThan(100);
    const samples = await driver.takeSamples();
    expect(samples.candidate).toMatchObject({ requests: onCandidate, errors: 0, granularity: 'request' });
    expect(samples.stable?.requests).toBe(300 - onCandidate);
    expect(await driver.status()).toEqual({
      roles: { stable: { version: 'v1', ready: 2, desired: 2 }, candidate: { version: 'v2', ready: 1, desired: 1 } },
      route: { weights: { stable: 80, candidate: 20 } },
    });
  });

  it('scales a role up and down and replaces a running role without failing a request', async () => {
    const driver = await make();
    await driver.startRole('stable', version('v1'), 1);
    await driver.setRoute({ weights: { stable: 100 } });
    const load = startLoad(`${driver.entryUrl}/`, 8);
    await driver.scaleRole('stable', 3);
    expect((await driver.status()).roles.stable).toEqual({ version: 'v1', ready: 3, desired: 3 });
    await load.more(50);
    await driver.scaleRole('stable', 1);
    expect(driver.instancePorts('stable')).toHaveLength(1);
    // Replacing the role's version in place: new instances first, then the old ones drain.
    await driver.startRole('stable', version('v2'), 2);
    await load.more(50);
    const tally = await load.stop();
    expect(tally.failures, tally.failureNotes.join('\n')).toBe(0);
    expect((await driver.status()).roles.stable).toEqual({ version: 'v2', ready: 2, desired: 2 });
    expect((await get(`${driver.entryUrl}/`)).version).toBe('v2');
  });

  it('fails no request while moving weights 0 → 100 → 0 under continuous load', async () => {
    const driver = await make();
    await Promise.all([driver.startRole('stable', version('v1'), 2), driver.startRole('candidate', version('v2'), 2)]);
    await driver.setRoute({ weights: { stable: 100, candidate: 0 } });
    const load = startLoad(`${driver.entryUrl}/`, 16);
    for (const percent of [0, 5, 25, 50, 100, 50, 25, 5, 0]) {
      await driver.setRoute({ weights: { stable: 100 - percent, candidate: percent } });
      await load.more(40);
    }
    await driver.stopRole('candidate');
    await load.more(20);
    const tally = await load.stop();
    expect(tally.failures, tally.failureNotes.join('\n')).toBe(0);
    expect(tally.byRole['candidate']).toBeGreaterThan(0);
    expect(tally.requests).toBeGreaterThanOrEqual(380);
  });

  it('counts the candidate errors injected with FAULT_ERROR_RATE', async () => {
    const driver = await make();
    await driver.startRole('stable', version('v1'), 1);
    await driver.startRole('candidate', version('v2', { FAULT_ERROR_RATE: '0.2', FAULT_ERROR_MODE: 'exact' }), 1);
    await driver.setRoute({ weights: { stable: 50, candidate: 50 } });
    await driver.takeSamples();
    const answers = await sendMany(`${driver.entryUrl}/`, 400, 8);
    const samples = await driver.takeSamples();
    const candidateAnswers = answers.filter((a) => a.role === 'candidate');
    expect(samples.candidate?.requests).toBe(candidateAnswers.length);
    expect(samples.candidate?.errors).toBe(candidateAnswers.filter((a) => a.status === 500).length);
    expect(Math.abs(samples.candidate!.errors - candidateAnswers.length * 0.2)).toBeLessThanOrEqual(2);
    expect(samples.stable?.errors).toBe(0);
  });

  it('takes a crashed instance out of rotation and reports fewer ready than desired', async () => {
    const driver = await make();
    await driver.startRole('stable', version('v1'), 2);
    await driver.setRoute({ weights: { stable: 100 } });
    const [first] = driver.instancePorts('stable');
    process.kill(await pidOf(first!), 'SIGKILL');
    for (let i = 0; i < 50 && driver.instancePorts('stable').length > 1; i += 1) await delay(20);
    expect((await driver.status()).roles.stable).toEqual({ version: 'v1', ready: 1, desired: 2 });
    const answers = await sendMany(`${driver.entryUrl}/`, 50, 4);
    expect(answers.every((a) => a.status === 200)).toBe(true);
  });
});
