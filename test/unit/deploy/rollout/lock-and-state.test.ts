import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDeploy } from '../../../../actions/deploy/src/engine.js';
import { ManualClock } from '../../../../actions/deploy/src/rollout/clock.js';
import { acquireEnvironmentLock, type LockOptions } from '../../../../actions/deploy/src/rollout/environment-lock.js';
import {
  isInFlight,
  loadRolloutState,
  ROLLOUT_STATE_VERSION,
  saveRolloutState,
  type RolloutState,
} from '../../../../actions/deploy/src/rollout/rollout-state.js';
import { assertRoute, assertSteps } from '../../../../actions/deploy/src/strategies/step-validation.js';
import { UserError } from '../../../../shared/runtime/errors.js';
import { environmentWith, GOOD, harness } from '../support/harness.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'elder-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const options = (clock: ManualClock, over: Partial<LockOptions> = {}): LockOptions => ({
  path: join(dir, 'production.lock'),
  environment: 'production',
  mode: 'wait',
  clock,
  waitTimeoutMs: 60_000,
  staleAfterMs: 3_600_000,
  pollMs: 1000,
  ...over,
});

describe('environment lock', () => {
  it('refuses a second rollout at once, naming the one in flight', async () => {
    const clock = new ManualClock(1_000_000);
    const first = await acquireEnvironmentLock(options(clock, { origin: 'run 41' }));
    const second = acquireEnvironmentLock(options(clock, { mode: 'refuse' }));
    await expect(second).rejects.toThrow(UserError);
    await expect(second).rejects.toThrow(
      new RegExp(`in flight \\(pid ${process.pid} on .*run 41\\); concurrency is 'refuse'`),
    );
    await first.release();
  });

  it('makes a second rollout wait until the first releases', async () => {
    let release: (() => Promise<void>) | undefined;
    const clock = new ManualClock(1_000_000, (now) => {
      if (now >= 1_005_000 && release) {
        const r = release;
        release = undefined;
        void r();
      }
    });
    const first = await acquireEnvironmentLock(options(clock));
    release = () => first.release();
    const second = await acquireEnvironmentLock(options(clock));
    expect(clock.now()).toBeGreaterThanOrEqual(1_005_000);
    expect(second.tookOverFrom).toBeUndefined();
    await second.release();
  });

  it('gives up waiting after the timeout', async () => {
    const clock = new ManualClock(1_000_000);
    const first = await acquireEnvironmentLock(options(clock));
    await expect(acquireEnvironmentLock(options(clock, { waitTimeoutMs: 10_000 }))).rejects.toThrow(
      /gave up after waiting 10 s/,
    );
    await first.release();
  });

  it('takes over a lock whose process is gone or that is too old', async () => {
    const clock = new ManualClock(Date.parse('2026-01-01T12:00:00Z'));
    const path = join(dir, 'production.lock');
    writeFileSync(
      path,
      JSON.stringify({ pid: 999_999, host: hostname(), environment: 'production', startedAt: '2026-01-01T11:59:00Z' }),
    );
    const dead = await acquireEnvironmentLock(options(clock, { mode: 'refuse', isAlive: () => false }));
    expect(dead.tookOverFrom?.pid).toBe(999_999);
    await dead.release();
    writeFileSync(
      path,
      JSON.stringify({ pid: 1, host: 'elsewhere', environment: 'production', startedAt: '2026-01-01T10:00:00Z' }),
    );
    const old = await acquireEnvironmentLock(options(clock, { mode: 'refuse', staleAfterMs: 3_600_000 }));
    expect(old.tookOverFrom?.host).toBe('elsewhere');
    await old.release();
    writeFileSync(path, '{"pid": 12, "start');
    const garbled = await acquireEnvironmentLock(options(clock, { mode: 'refuse' }));
    expect(garbled.owner.pid).toBe(process.pid);
    await garbled.release();
  });

  it('makes runDeploy refuse while another rollout holds the environment', async () => {
    const h = harness({ v1: GOOD, v2: GOOD });
    try {
      const environment = environmentWith('staging', ['concurrency: refuse']);
      const held = await acquireEnvironmentLock(options(h.clock, { path: `${h.statePath}.lock` }));
      await expect(runDeploy(h.request(environment), h.ports)).rejects.toThrow(/another rollout to 'svc' is in flight/);
      expect(h.driver.log).toEqual([]);
      await held.release();
      expect((await runDeploy(h.request(environment), h.ports)).details.finalState).toBe('promoted');
    } finally {
      h.cleanup();
    }
  });
});

describe('rollout state file', () => {
  const state: RolloutState = {
    version: ROLLOUT_STATE_VERSION,
    environment: 'production',
    strategy: 'canary',
    driver: 'local',
    stable: { version: 'v1', command: ['node', 'server.mjs', '--port', '{port}'] },
    candidate: { version: 'v2', env: { FEATURE: '1' } },
    stepIndex: 1,
    phase: 'stepping',
    route: { weights: { stable: 50, baseline: 25, candidate: 25 } },
    stableInstances: 3,
    flag: { key: 'new-checkout', percentage: 10 },
    steps: [{ index: 0, name: 'canary 5 %', weight: 5, startedAt: '2026-01-01T00:00:00.000Z', verdict: 'pass' }],
    pid: 4242,
    startedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:05:00.000Z',
    origin: 'run 7',
  };

  it('round-trips through the file', async () => {
    const path = join(dir, 'nested', 'rollout.json');
    await saveRolloutState(path, state);
    expect(await loadRolloutState(path)).toEqual(state);
    expect(isInFlight(state)).toBe(true);
    expect(isInFlight({ ...state, phase: 'promoted' })).toBe(false);
    expect(await loadRolloutState(join(dir, 'missing.json'))).toBeUndefined();
  });

  it('rejects a file that is not a rollout state, naming it', async () => {
    const path = join(dir, 'rollout.json');
    writeFileSync(path, '{"version": 1, "environment": "x"');
    await expect(loadRolloutState(path)).rejects.toThrow(new RegExp(`${path}: rollout state is not valid JSON`));
    writeFileSync(path, JSON.stringify({ ...state, version: 9 }));
    await expect(loadRolloutState(path)).rejects.toThrow(/unsupported version 9/);
    writeFileSync(path, JSON.stringify({ ...state, stable: {} }));
    await expect(loadRolloutState(path)).rejects.toThrow(/'stable.version' must be a string/);
  });
});

describe('bad input', () => {
  it('refuses an unknown strategy with the list of known ones', async () => {
    const h = harness({ v1: GOOD, v2: GOOD });
    try {
      const environment = environmentWith('staging');
      const request = h.request(environment, 'v2', { strategy: 'dark_launch' as never });
      await expect(runDeploy(request, h.ports)).rejects.toThrow(
        /phases\.deploy\.strategy: unknown deploy strategy 'dark_launch'; expected one of blue_green, rolling/,
      );
      expect(h.driver.log).toEqual([]);
    } finally {
      h.cleanup();
    }
  });

  it('refuses steps that do not climb to 100', () => {
    expect(() => assertSteps([10, 5, 100])).toThrow(
      /phases\.deploy\.steps\[1\]: deploy steps must increase: 5 follows 10/,
    );
    expect(() => assertSteps([10, 50])).toThrow(/the last deploy step must be 100, got 50/);
    expect(() => assertSteps([0, 100])).toThrow(/steps\[0\].*whole percentage from 1 to 100, got 0/);
    expect(() => assertSteps([])).toThrow(/must not be empty/);
  });

  it('refuses routes whose weights do not add up to 100', () => {
    expect(() => assertRoute({ weights: { stable: 90, candidate: 5 } })).toThrow(/must add up to 100, got 95/);
    expect(() => assertRoute({ weights: { stable: 50.5, candidate: 49.5 } })).toThrow(/whole percentage/);
    expect(() => assertRoute({ weights: { canary: 100 } as never })).toThrow(/unknown role 'canary'/);
    expect(() => assertRoute({ weights: { stable: 95, candidate: 5 } })).not.toThrow();
  });

  it('refuses feature_flags without a flag', async () => {
    const h = harness({ v1: GOOD, v2: GOOD });
    try {
      await expect(
        runDeploy(h.request(environmentWith('staging', ['strategy: feature_flags'])), h.ports),
      ).rejects.toThrow(/feature_flags\.flag: the feature_flags strategy needs the flag/);
      expect(h.driver.log).toEqual([]);
    } finally {
      h.cleanup();
    }
  });
});
