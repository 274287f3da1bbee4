/**
 * Rolling end to end on the local driver: three instances replaced one batch at a time within
 * max surge 1 / max unavailable 0, checked on what the driver reports after every operation and
 * on the share of answers v2 gives per batch, with zero failed requests. A bad batch stops the
 * roll and stable gets its three instances and all traffic back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalDriver, type LocalDriver } from '../../../actions/deploy/src/drivers/local/index.js';
import type { DriverEvent } from './support/recording-driver.js';
import { ROLLOUT_TIMEOUT_MS, E2E_ANALYSIS, e2eEnvironment, versionOf } from './support/e2e-environment.js';
import { lastRouteTo } from './support/recording-driver.js';
import { candidateFault, describeFailures, failed, reportNumbers, runE2eRollout } from './support/run-rollout.js';

const INSTANCES = 3;
const MAX_SURGE = 1;
const environment = e2eEnvironment([
  'strategy: rolling',
  'steps: [33, 66, 100]',
  'step_interval: 1s',
  `rolling: { instances: ${INSTANCES}, max_surge: ${MAX_SURGE}, max_unavailable: 0 }`,
  E2E_ANALYSIS,
]);
const v1 = versionOf(environment, 'v1');
const v2 = versionOf(environment, 'v2');
const broken = versionOf(environment, 'v2', { FAULT_ERROR_RATE: '0.3' });

const ready = (e: DriverEvent) => (e.after.roles.stable?.ready ?? 0) + (e.after.roles.candidate?.ready ?? 0);

describe('rolling end to end (local driver, real judge, real traffic)', () => {
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
    'replaces 3 instances in batches within max surge / max unavailable, with zero failed requests',
    async () => {
      const result = await runE2eRollout({ environment, driver: await start(), stable: v1, candidate: v2 });
      reportNumbers('rolling, good candidate', result);
      const { details } = result.outcome;
      expect(details.finalState, result.logger.lines.join('\n')).toBe('promoted');
      expect(details.steps.map((s) => s.weight)).toEqual([33, 67, 100]);
      const failures = result.exchanges.filter(failed);
      expect(failures.length, describeFailures(failures)).toBe(0);

      // The batches: every operation until the promotion hands v2 over to the stable role.
      const promotion = result.events.findIndex(
        (e) => e.op === 'startRole' && e.role === 'stable' && e.version === 'v2',
      );
      const rollout = result.events.slice(0, promotion).filter((e) => e.startedMs >= result.deployStartedMs);
      for (const event of rollout) {
        expect(ready(event), JSON.stringify(event)).toBeLessThanOrEqual(INSTANCES + MAX_SURGE);
        expect(ready(event), JSON.stringify(event)).toBeGreaterThanOrEqual(INSTANCES);
      }
      const candidateCounts = [...new Set(rollout.map((e) => e.after.roles.candidate?.ready ?? 0))];
      expect(candidateCounts).toEqual([1, 2, 3]);
      // Traffic follows the instances: about 1/3 then 2/3 of answers from v2 in the first two batches.
      const routes = rollout.filter((e) => e.op === 'setRoute');
      for (const share of [33, 67]) {
        const at = routes.findIndex((e) => e.route?.weights.candidate === share);
        const [from, to] = [routes[at], routes[at + 1]];
        const window = result.exchanges.filter((e) => e.startMs > from!.endedMs && e.endMs < to!.startedMs);
        const seen = window.filter((e) => e.version === 'v2').length / window.length;
        expect(window.length).toBeGreaterThan(100);
        expect(Math.abs(seen - share / 100), `v2 share ${seen} at ${share} %`).toBeLessThan(0.12);
      }
      const promoted = lastRouteTo(result.events, 'stable');
      const after = result.exchanges.filter((e) => e.startMs > promoted!.endedMs);
      expect(new Set(after.map((e) => e.version))).toEqual(new Set(['v2']));
      expect((await driver!.status()).roles).toEqual({ stable: { version: 'v2', ready: 3, desired: 3 } });
    },
    ROLLOUT_TIMEOUT_MS,
  );

  it(
    'stops at the first bad batch and restores 3 stable instances with all traffic',
    async () => {
      const result = await runE2eRollout({ environment, driver: await start(), stable: v1, candidate: broken });
      reportNumbers('rolling, bad candidate', result);
      const { details } = result.outcome;
      expect(details.finalState, result.logger.lines.join('\n')).toBe('rolled_back');
      expect(details.stopReason).toBe('analysis');
      expect(details.steps).toHaveLength(1);
      const platformFailures = result.exchanges.filter((e) => failed(e) && !candidateFault(e));
      expect(platformFailures.length, describeFailures(platformFailures)).toBe(0);
      expect(result.exchanges.filter(candidateFault).length).toBeGreaterThan(0);
      const restored = lastRouteTo(result.events, 'stable');
      const after = result.exchanges.filter((e) => e.startMs > restored!.endedMs);
      expect(after.length).toBeGreaterThan(100);
      expect(new Set(after.map((e) => e.version))).toEqual(new Set(['v1']));
      expect((await driver!.status()).roles).toEqual({ stable: { version: 'v1', ready: 3, desired: 3 } });
    },
    ROLLOUT_TIMEOUT_MS,
  );
});
