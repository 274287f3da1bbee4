/**
 * Blue-green end to end on the local driver: green starts beside blue, a tester's traffic (the
 * preview header) and the smoke checks reach green before the switch, every user switches at
 * once with no failed request, blue stays for the rollback window and is then retired. A bad
 * green is caught through the preview and no user without the header ever sees it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalDriver, type LocalDriver } from '../../../actions/deploy/src/drivers/local/index.js';
import { ROLLOUT_TIMEOUT_MS, E2E_BEFORE_AFTER_ANALYSIS, e2eEnvironment, versionOf } from './support/e2e-environment.js';
import { lastRouteTo } from './support/recording-driver.js';
import { candidateFault, describeFailures, failed, reportNumbers, runE2eRollout } from './support/run-rollout.js';
import { send, type Exchange } from './support/traffic.js';

const PREVIEW = 'x-elder-preview';
const environment = e2eEnvironment([
  'strategy: blue_green',
  'step_interval: 1s',
  `blue_green: { rollback_window: 2s, preview_header: ${PREVIEW} }`,
  E2E_BEFORE_AFTER_ANALYSIS,
]);
const v1 = versionOf(environment, 'v1');
const v2 = versionOf(environment, 'v2');
const broken = versionOf(environment, 'v2', { FAULT_ERROR_RATE: '0.3' });
/** Worker 0 is a tester who sends the preview header; the others are users. */
const TESTER = 0;
const traffic = {
  headersFor: (worker: number): Record<string, string> => (worker === TESTER ? { [PREVIEW]: 'candidate' } : {}),
};
const users = (exchanges: readonly Exchange[]) => exchanges.filter((e) => e.worker !== TESTER);

describe('blue-green end to end (local driver, real judge, real traffic)', () => {
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
    'previews green, switches all users at once with zero failed requests, keeps blue for the window, retires it',
    async () => {
      const smokeAnswers: Exchange[] = [];
      const local = await start();
      const result = await runE2eRollout({
        environment,
        driver: local,
        stable: v1,
        candidate: v2,
        traffic,
        ports: {
          async smoke(headers) {
            for (let i = 0; i < 20; i++) smokeAnswers.push(await send(`${local.entryUrl}/`, headers, false));
            const ok = smokeAnswers.filter((a) => a.status === 200 && a.version === 'v2').length;
            return { ok, failed: smokeAnswers.length - ok };
          },
        },
      });
      reportNumbers('blue-green, good green', result);
      const { details } = result.outcome;
      expect(details.finalState, result.logger.lines.join('\n')).toBe('promoted');
      expect(details.steps.map((s) => s.name)).toEqual(['preview green', 'switch to green']);
      expect(details.steps[0]?.note).toContain('smoke checks 20 ok, 0 failed');
      const failures = result.exchanges.filter(failed);
      expect(failures.length, describeFailures(failures)).toBe(0);

      const previewRoute = result.events.find((e) => e.op === 'setRoute' && e.route?.match?.length);
      const switchRoute = result.events.find((e) => e.op === 'setRoute' && e.route?.weights.candidate === 100);
      expect(previewRoute && switchRoute).toBeTruthy();
      // The preview header reached green before the switch; users did not.
      expect(smokeAnswers.every((a) => a.version === 'v2' && a.endMs < switchRoute!.startedMs)).toBe(true);
      const testerBefore = result.exchanges.filter(
        (e) => e.worker === TESTER && e.startMs > previewRoute!.endedMs && e.endMs < switchRoute!.startedMs,
      );
      expect(testerBefore.length).toBeGreaterThan(10);
      expect(new Set(testerBefore.map((e) => e.version))).toEqual(new Set(['v2']));
      const usersBefore = users(result.exchanges).filter((e) => e.endMs < switchRoute!.startedMs);
      expect(new Set(usersBefore.map((e) => e.version))).toEqual(new Set(['v1']));
      // All at once: every user request after the switch is green's.
      const usersAfter = users(result.exchanges).filter((e) => e.startMs > switchRoute!.endedMs);
      expect(usersAfter.length).toBeGreaterThan(100);
      expect(new Set(usersAfter.map((e) => e.version))).toEqual(new Set(['v2']));
      // Blue kept (still running, ready) through the rollback window, then retired by promotion.
      expect(switchRoute!.after.roles.stable).toEqual({ version: 'v1', ready: 2, desired: 2 });
      const retire = result.events.find((e) => e.op === 'startRole' && e.role === 'stable' && e.version === 'v2');
      expect(retire!.startedMs - switchRoute!.endedMs).toBeGreaterThanOrEqual(2_000);
      expect((await local.status()).roles).toEqual({ stable: { version: 'v2', ready: 2, desired: 2 } });
    },
    ROLLOUT_TIMEOUT_MS,
  );

  it(
    'rolls back a green that errs in the preview: no user without the header ever reaches it',
    async () => {
      const result = await runE2eRollout({
        environment,
        driver: await start(),
        stable: v1,
        candidate: broken,
        traffic,
      });
      reportNumbers('blue-green, bad green', result);
      const { details } = result.outcome;
      expect(details.finalState, result.logger.lines.join('\n')).toBe('rolled_back');
      expect(details.stopReason).toBe('analysis');
      expect(result.events.some((e) => e.op === 'setRoute' && e.route?.weights.candidate === 100)).toBe(false);
      const platformFailures = result.exchanges.filter((e) => failed(e) && !candidateFault(e));
      expect(platformFailures.length, describeFailures(platformFailures)).toBe(0);
      // Only the tester met green's errors.
      expect(result.exchanges.filter(candidateFault).length).toBeGreaterThan(0);
      expect(users(result.exchanges).filter((e) => e.version !== 'v1')).toEqual([]);
      const restored = lastRouteTo(result.events, 'stable');
      const after = result.exchanges.filter((e) => e.startMs > restored!.endedMs);
      expect(after.length).toBeGreaterThan(100);
      expect(new Set(after.map((e) => e.version))).toEqual(new Set(['v1']));
      expect((await driver!.status()).roles).toEqual({ stable: { version: 'v1', ready: 2, desired: 2 } });
    },
    ROLLOUT_TIMEOUT_MS,
  );
});
