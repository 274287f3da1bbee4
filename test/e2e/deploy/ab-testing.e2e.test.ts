/**
 * A/B testing end to end on the local driver: users identified by x-user-id are split 50/50 by a
 * hash of their id and keep their variant for the whole experiment, a tester forces B with a
 * header, the result carries a per-variant significance report, and no request fails. A bad B is
 * rolled back and every user is on A again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalDriver, type LocalDriver } from '../../../actions/deploy/src/drivers/local/index.js';
import type { SignificanceRow } from '../../../actions/deploy/src/strategies/ab-testing.js';
import { ROLLOUT_TIMEOUT_MS, E2E_ANALYSIS, e2eEnvironment, versionOf } from './support/e2e-environment.js';
import { lastRouteTo } from './support/recording-driver.js';
import { candidateFault, describeFailures, failed, reportNumbers, runE2eRollout } from './support/run-rollout.js';

const environment = e2eEnvironment([
  'strategy: a_b_testing',
  'steps: [50, 100]',
  'step_interval: 3s',
  'a_b_testing: { user_id_header: x-user-id, header: x-variant, variant_weight: 50 }',
  E2E_ANALYSIS,
]);
const v1 = versionOf(environment, 'v1');
const v2 = versionOf(environment, 'v2');
const broken = versionOf(environment, 'v2', { FAULT_ERROR_RATE: '0.3' });
const USERS = 120;
/** Worker 0 is a tester forcing B; the others are users, each request from one of USERS ids. */
const TESTER = 0;
const traffic = {
  headersFor: (worker: number, i: number): Record<string, string> =>
    worker === TESTER ? { 'x-variant': 'b' } : { 'x-user-id': `user-${(i * 7 + worker * 13) % USERS}` },
};

describe('a/b testing end to end (local driver, real judge, real traffic)', () => {
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
    'keeps every user on one variant during the experiment, reports significance, promotes B, fails nothing',
    async () => {
      const result = await runE2eRollout({ environment, driver: await start(), stable: v1, candidate: v2, traffic });
      reportNumbers('a/b testing, good B', result);
      const { details } = result.outcome;
      expect(details.finalState, result.logger.lines.join('\n')).toBe('promoted');
      const failures = result.exchanges.filter(failed);
      expect(failures.length, describeFailures(failures)).toBe(0);

      const experiment = result.events.find((e) => e.op === 'setRoute' && e.route?.sticky);
      const everyone = result.events.find((e) => e.op === 'setRoute' && e.route?.weights.candidate === 100);
      const during = result.exchanges.filter((e) => e.startMs > experiment!.endedMs && e.endMs < everyone!.startedMs);
      const variants = new Map<string, Set<string | undefined>>();
      for (const e of during.filter((x) => x.user)) {
        variants.set(e.user!, (variants.get(e.user!) ?? new Set()).add(e.version));
      }
      expect(variants.size).toBe(USERS);
      const flipped = [...variants].filter(([, seen]) => seen.size !== 1);
      expect(flipped, 'users who saw both variants').toEqual([]);
      const onB = [...variants.values()].filter((seen) => seen.has('v2')).length;
      expect(onB / USERS).toBeGreaterThan(0.3);
      expect(onB / USERS).toBeLessThan(0.7);
      const forced = during.filter((e) => e.worker === TESTER);
      expect(forced.length).toBeGreaterThan(10);
      expect(new Set(forced.map((e) => e.version))).toEqual(new Set(['v2']));

      const rows = details.report?.['significance'] as SignificanceRow[] | undefined;
      expect(rows?.map((r) => r.metric)).toEqual(expect.arrayContaining(['error_rate', 'latency']));
      for (const row of rows ?? []) {
        expect(row.samplesA).toBeGreaterThanOrEqual(30);
        expect(row.samplesB).toBeGreaterThanOrEqual(30);
        expect(typeof row.significant).toBe('boolean');
      }
      console.log(`[e2e deploy] a/b significance: ${JSON.stringify(rows)}`);
      const promoted = lastRouteTo(result.events, 'stable');
      const after = result.exchanges.filter((e) => e.startMs > promoted!.endedMs);
      expect(new Set(after.map((e) => e.version))).toEqual(new Set(['v2']));
    },
    ROLLOUT_TIMEOUT_MS,
  );

  it(
    'rolls a bad B back: every user is on A again, and only B answered with errors',
    async () => {
      const result = await runE2eRollout({
        environment,
        driver: await start(),
        stable: v1,
        candidate: broken,
        traffic,
      });
      reportNumbers('a/b testing, bad B', result);
      const { details } = result.outcome;
      expect(details.finalState, result.logger.lines.join('\n')).toBe('rolled_back');
      expect(details.stopReason).toBe('analysis');
      const platformFailures = result.exchanges.filter((e) => failed(e) && !candidateFault(e));
      expect(platformFailures.length, describeFailures(platformFailures)).toBe(0);
      expect(result.exchanges.filter(candidateFault).length).toBeGreaterThan(0);
      const restored = lastRouteTo(result.events, 'stable');
      const after = result.exchanges.filter((e) => e.startMs > restored!.endedMs);
      expect(after.length).toBeGreaterThan(100);
      expect(after.filter(candidateFault)).toEqual([]);
      expect(new Set(after.map((e) => e.version))).toEqual(new Set(['v1']));
    },
    ROLLOUT_TIMEOUT_MS,
  );
});
