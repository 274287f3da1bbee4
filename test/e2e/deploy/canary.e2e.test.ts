/**
 * Canary end to end: the local driver's real proxy and example-service processes, the real judge
 * and the system clock, with continuous traffic through every step, the promotion, a rollback
 * and a cancellation. No request may fail except the bad candidate's own 500s.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalDriver, type LocalDriver } from '../../../actions/deploy/src/drivers/local/index.js';
import { ROLLOUT_TIMEOUT_MS, E2E_ANALYSIS, e2eEnvironment, versionOf } from './support/e2e-environment.js';
import { lastRouteTo } from './support/recording-driver.js';
import { candidateFault, describeFailures, failed, reportNumbers, runE2eRollout } from './support/run-rollout.js';

const environment = e2eEnvironment(['strategy: canary', 'steps: [10, 50, 100]', 'step_interval: 1s', E2E_ANALYSIS]);
const v1 = versionOf(environment, 'v1');
const v2 = versionOf(environment, 'v2');
const broken = versionOf(environment, 'v2', { FAULT_ERROR_RATE: '0.3' });

describe('canary end to end (local driver, real judge, real traffic)', () => {
  let driver: LocalDriver | undefined;
  const start = async (): Promise<LocalDriver> => {
    driver = await createLocalDriver({ readyTimeoutMs: 20_000, stopGraceMs: 3_000 });
    return driver;
  };
  afterEach(async () => {
    await driver?.close();
    driver = undefined;
  }, ROLLOUT_TIMEOUT_MS);

  it(
    'promotes a good v2 through 10 % -> 50 % -> 100 % with zero failed requests',
    async () => {
      const result = await runE2eRollout({ environment, driver: await start(), stable: v1, candidate: v2 });
      reportNumbers('canary, good candidate', result);
      const { details } = result.outcome;
      expect(details.finalState, result.logger.lines.join('\n')).toBe('promoted');
      expect(details.steps.map((s) => s.weight)).toEqual([10, 50, 100]);
      // Judged at both partial steps; never failed (undecided steps continue, see E2E_ANALYSIS).
      for (const step of details.steps.slice(0, 2))
        expect(['pass', 'marginal', 'inconclusive']).toContain(step.verdict);
      const failures = result.exchanges.filter(failed);
      expect(failures.length, describeFailures(failures)).toBe(0);
      // Real traffic reached the candidate and the baseline during the steps.
      expect(result.exchanges.filter((e) => e.role === 'candidate').length).toBeGreaterThan(100);
      expect(result.exchanges.filter((e) => e.role === 'baseline').length).toBeGreaterThan(50);
      const promoted = lastRouteTo(result.events, 'stable');
      const after = result.exchanges.filter((e) => e.startMs > (promoted?.endedMs ?? Infinity));
      expect(after.length).toBeGreaterThan(100);
      expect(new Set(after.map((e) => e.version))).toEqual(new Set(['v2']));
      expect(await driver!.status()).toMatchObject({
        roles: { stable: { version: 'v2' } },
        route: { weights: { stable: 100 } },
      });
    },
    ROLLOUT_TIMEOUT_MS,
  );

  it(
    'rolls a v2 with 30 % errors back to v1; only the candidate failed requests, and only before the rollback',
    async () => {
      const result = await runE2eRollout({ environment, driver: await start(), stable: v1, candidate: broken });
      reportNumbers('canary, bad candidate', result);
      const { details } = result.outcome;
      expect(details.finalState, result.logger.lines.join('\n')).toBe('rolled_back');
      expect(details.stopReason).toBe('analysis');
      expect(details.steps[0]?.verdict).toBe('fail');
      const platformFailures = result.exchanges.filter((e) => failed(e) && !candidateFault(e));
      expect(platformFailures.length, describeFailures(platformFailures)).toBe(0);
      expect(result.exchanges.filter(candidateFault).length).toBeGreaterThan(0);
      const restored = lastRouteTo(result.events, 'stable');
      const after = result.exchanges.filter((e) => e.startMs > (restored?.endedMs ?? Infinity));
      expect(after.length).toBeGreaterThan(100);
      expect(after.filter(candidateFault)).toEqual([]);
      expect(new Set(after.map((e) => e.version))).toEqual(new Set(['v1']));
      expect((await driver!.status()).roles).toEqual({ stable: { version: 'v1', ready: 2, desired: 2 } });
    },
    ROLLOUT_TIMEOUT_MS,
  );

  it(
    'rolls back to v1 when the run is cancelled mid-step, with zero failed requests',
    async () => {
      const controller = new AbortController();
      const result = await runE2eRollout({
        environment,
        driver: await start(),
        stable: v1,
        candidate: v2,
        ports: { signal: controller.signal },
        // Cancel half a second into the 50 % step.
        onDriverEvent: (event) => {
          if (event.op === 'setRoute' && event.route?.weights.candidate === 50)
            setTimeout(() => controller.abort(), 500);
        },
      });
      reportNumbers('canary, cancelled mid-step', result);
      const { details } = result.outcome;
      expect(details.finalState, result.logger.lines.join('\n')).toBe('rolled_back');
      expect(details.stopReason).toBe('cancelled');
      expect(details.steps.at(-1)?.weight).toBe(50);
      const failures = result.exchanges.filter(failed);
      expect(failures.length, describeFailures(failures)).toBe(0);
      const restored = lastRouteTo(result.events, 'stable');
      const after = result.exchanges.filter((e) => e.startMs > (restored?.endedMs ?? Infinity));
      expect(new Set(after.map((e) => e.version))).toEqual(new Set(['v1']));
      expect((await driver!.status()).roles).toEqual({ stable: { version: 'v1', ready: 2, desired: 2 } });
    },
    ROLLOUT_TIMEOUT_MS,
  );
});
