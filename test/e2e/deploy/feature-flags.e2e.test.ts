/**
 * Feature flags end to end on the local driver: v2 ships dark behind a flag in a flagd JSON file,
 * the flag's rollout percentage rises step by step (read back from the file while it runs), and
 * no request fails. The bad case simulates a flag-gated feature that errs for the users it is on
 * for: the kill switch sets the flag back to 0 and DISABLED, and traffic returns to v1.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalDriver, type LocalDriver } from '../../../actions/deploy/src/drivers/local/index.js';
import { FlagdFileProvider } from '../../../actions/deploy/src/flags/flag-provider.js';
import { currentPercentage, parseFlagdFile } from '../../../actions/deploy/src/flags/flagd-file.js';
import { ROLLOUT_TIMEOUT_MS, E2E_BEFORE_AFTER_ANALYSIS, e2eEnvironment, versionOf } from './support/e2e-environment.js';
import { lastRouteTo } from './support/recording-driver.js';
import { candidateFault, describeFailures, failed, reportNumbers, runE2eRollout } from './support/run-rollout.js';
import { delay } from './support/traffic.js';

const FLAG = 'new-checkout';
const FLAGS_FILE = {
  flags: {
    [FLAG]: { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'off' },
    other: { state: 'ENABLED', variants: { a: 'a', b: 'b' }, defaultVariant: 'a' },
  },
};

/** Reads the flag file every 25 ms and records each new rollout percentage, as flagd would see it. */
function watchFlag(path: string, onChange: (percentage: number) => void | Promise<void>) {
  const seen: number[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const percentage = currentPercentage(parseFlagdFile(readFileSync(path, 'utf8'), path), FLAG);
      if (seen.at(-1) !== percentage) {
        seen.push(percentage);
        await onChange(percentage);
      }
      await delay(25);
    }
  })();
  return {
    seen,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

describe('feature flags end to end (local driver, flagd file, real judge, real traffic)', () => {
  let driver: LocalDriver | undefined;
  let dir: string;
  let flagsPath: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'elder-e2e-flags-'));
    flagsPath = join(dir, 'flags.json');
    writeFileSync(flagsPath, `${JSON.stringify(FLAGS_FILE, null, 2)}\n`);
  });
  afterEach(async () => {
    await driver?.close();
    driver = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
  const environment = (path: string) =>
    e2eEnvironment([
      'strategy: feature_flags',
      'steps: [10, 50, 100]',
      'step_interval: 1s',
      `feature_flags: { file: ${JSON.stringify(path)}, flag: ${FLAG} }`,
      E2E_BEFORE_AFTER_ANALYSIS,
    ]);

  it(
    'raises the flag 0 -> 10 -> 50 -> 100 % step by step with zero failed requests',
    async () => {
      driver = await createLocalDriver({ readyTimeoutMs: 20_000, stopGraceMs: 3_000 });
      const env = environment(flagsPath);
      const watch = watchFlag(flagsPath, () => undefined);
      const result = await runE2eRollout({
        environment: env,
        driver,
        stable: versionOf(env, 'v1'),
        candidate: versionOf(env, 'v2'),
        ports: { flagProvider: new FlagdFileProvider(flagsPath) },
      });
      await watch.stop();
      reportNumbers('feature flags, good feature', result);
      const { details } = result.outcome;
      expect(details.finalState, result.logger.lines.join('\n')).toBe('promoted');
      expect(watch.seen).toEqual([0, 10, 50, 100]);
      const failures = result.exchanges.filter(failed);
      expect(failures.length, describeFailures(failures)).toBe(0);
      const file = JSON.parse(readFileSync(flagsPath, 'utf8')) as typeof FLAGS_FILE;
      expect(file.flags[FLAG]).toMatchObject({ state: 'ENABLED', defaultVariant: 'on' });
      expect(file.flags.other).toEqual(FLAGS_FILE.flags.other);
      const promoted = lastRouteTo(result.events, 'stable');
      const after = result.exchanges.filter((e) => e.startMs > promoted!.endedMs);
      expect(new Set(after.map((e) => e.version))).toEqual(new Set(['v2']));
    },
    ROLLOUT_TIMEOUT_MS,
  );

  it(
    'flips the kill switch (0 %, DISABLED) on a feature that errs, then returns traffic to v1',
    async () => {
      const local = await createLocalDriver({ readyTimeoutMs: 20_000, stopGraceMs: 3_000 });
      driver = local;
      const env = environment(flagsPath);
      // The gated code path errs 30 % of the time for the users the flag is on for.
      const watch = watchFlag(flagsPath, async (percentage) => {
        for (const port of local.instancePorts('candidate')) {
          await fetch(`http://127.0.0.1:${port}/admin/fault`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ errorRate: (0.3 * percentage) / 100 }),
          });
        }
      });
      const result = await runE2eRollout({
        environment: env,
        driver: local,
        stable: versionOf(env, 'v1'),
        candidate: versionOf(env, 'v2'),
        ports: { flagProvider: new FlagdFileProvider(flagsPath) },
      });
      await watch.stop();
      reportNumbers('feature flags, bad feature', result);
      const { details } = result.outcome;
      expect(details.finalState, result.logger.lines.join('\n')).toBe('rolled_back');
      expect(details.stopReason).toBe('analysis');
      expect(watch.seen.at(-1)).toBe(0);
      expect(watch.seen.slice(0, 2)).toEqual([0, 10]);
      const file = JSON.parse(readFileSync(flagsPath, 'utf8')) as typeof FLAGS_FILE;
      expect(file.flags[FLAG]).toMatchObject({ state: 'DISABLED', defaultVariant: 'off' });
      const platformFailures = result.exchanges.filter((e) => failed(e) && !candidateFault(e));
      expect(platformFailures.length, describeFailures(platformFailures)).toBe(0);
      expect(result.exchanges.filter(candidateFault).length).toBeGreaterThan(0);
      const restored = lastRouteTo(result.events, 'stable');
      const after = result.exchanges.filter((e) => e.startMs > restored!.endedMs);
      expect(after.length).toBeGreaterThan(100);
      expect(new Set(after.map((e) => e.version))).toEqual(new Set(['v1']));
    },
    ROLLOUT_TIMEOUT_MS,
  );
});
