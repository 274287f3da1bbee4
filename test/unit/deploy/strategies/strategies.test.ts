import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDeploy } from '../../../../actions/deploy/src/engine.js';
import { FlagdFileProvider } from '../../../../actions/deploy/src/flags/flag-provider.js';
import { BROKEN, environmentWith, GOOD, harness, SLOW, type Harness } from '../support/harness.js';

let h: Harness;
afterEach(() => h?.cleanup());

const FLAGS = {
  flags: {
    'new-checkout': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' },
    other: { state: 'ENABLED', variants: { a: 'a', b: 'b' }, defaultVariant: 'a' },
  },
};

const CASES = [
  { strategy: 'canary', tier: 'production', extra: ['dr: {}'] },
  { strategy: 'blue_green', tier: 'pre_production', extra: [] },
  { strategy: 'rolling', tier: 'staging', extra: [] },
  { strategy: 'a_b_testing', tier: 'staging', extra: ['a_b_testing: { header: x-variant, variant_weight: 30 }'] },
  { strategy: 'feature_flags', tier: 'staging', extra: ['feature_flags: { flag: new-checkout }'] },
] as const;

function setup(strategy: string, tier: string, extra: readonly string[]) {
  h = harness({ v1: GOOD, v2: GOOD, bad: BROKEN, slow: SLOW });
  const flagFile = join(h.dir, 'flags.json');
  writeFileSync(flagFile, JSON.stringify(FLAGS, null, 2));
  const file = new FlagdFileProvider(flagFile);
  h.ports.flagProvider = {
    name: 'file',
    async setRollout(flag, percentage) {
      await file.setRollout(flag, percentage);
      if (h.driver.flag) h.driver.flag.percentage = percentage;
    },
  };
  const tierForEnv = tier === 'production' ? 'pre_production' : tier;
  const environment = environmentWith(tierForEnv, [
    `strategy: ${strategy}`,
    'step_interval: 30s',
    ...extra.filter((l) => l !== 'dr: {}'),
  ]);
  return { environment, flagFile };
}

describe.each(CASES)('$strategy', ({ strategy, tier, extra }) => {
  it('promotes a good version and verifies the platform serves it', async () => {
    const { environment, flagFile } = setup(strategy, tier, extra);
    const outcome = await runDeploy(h.request(environment, 'v2'), h.ports);
    expect(outcome.details.finalState, outcome.result.summary).toBe('promoted');
    expect(outcome.result.status).toBe('success');
    expect(outcome.details.verified?.ok).toBe(true);
    expect(h.driver.serving()).toBe('v2');
    expect(h.driver.roles.candidate).toBeUndefined();
    expect(h.driver.roles.baseline).toBeUndefined();
    expect(outcome.details.steps.some((s) => s.verdict === 'pass')).toBe(true);
    expect(outcome.details.steps.every((s) => s.verdict !== 'fail')).toBe(true);
    if (strategy === 'feature_flags') {
      const flag = JSON.parse(readFileSync(flagFile, 'utf8')).flags['new-checkout'];
      expect(flag.targeting.fractional).toEqual([
        ['on', 100],
        ['off', 0],
      ]);
      expect(flag.defaultVariant).toBe('on');
    }
  });

  it.each(['bad', 'slow'])('rolls back a %s version and leaves stable serving', async (version) => {
    const { environment, flagFile } = setup(strategy, tier, extra);
    let candidate = version;
    if (strategy === 'feature_flags') {
      // The code ships dark as a good build; only the flagged path misbehaves.
      candidate = 'v2';
      h.driver.flag = { version: 'v2', percentage: 0, on: version === 'bad' ? BROKEN : SLOW };
    }
    const outcome = await runDeploy(h.request(environment, candidate), h.ports);
    expect(outcome.details.finalState, outcome.result.summary).toBe('rolled_back');
    expect(outcome.details.stopReason).toBe('analysis');
    expect(outcome.result.status).toBe('failure');
    expect(outcome.result.findings.map((f) => f.ruleId)).toContain('deploy/rolled-back');
    expect(h.driver.serving()).toBe('v1');
    expect(h.driver.roles.candidate).toBeUndefined();
    expect(outcome.details.steps.at(-1)?.verdict).toBe('fail');
    if (strategy === 'feature_flags') {
      const flag = JSON.parse(readFileSync(flagFile, 'utf8')).flags['new-checkout'];
      expect(flag.state).toBe('DISABLED');
      expect(flag.defaultVariant).toBe('off');
    }
  });
});

describe('strategy specifics', () => {
  it('canary pairs the candidate with an equally weighted baseline', async () => {
    const { environment } = setup('canary', 'production', []);
    await runDeploy(h.request(environment, 'v2'), h.ports);
    const weights = h.driver.routes.map((r) => r.weights);
    expect(weights).toContainEqual({ stable: 90, baseline: 5, candidate: 5 });
    expect(weights).toContainEqual({ stable: 50, baseline: 25, candidate: 25 });
    expect(weights).toContainEqual({ baseline: 50, candidate: 50 });
    expect(h.driver.log).toContain('start baseline v1 x1');
  });

  it('blue_green previews green by header before switching all traffic at once', async () => {
    const { environment } = setup('blue_green', 'pre_production', []);
    await runDeploy(h.request(environment, 'v2'), h.ports);
    const preview = h.driver.routes.find((r) => r.match);
    expect(preview?.weights).toEqual({ stable: 100 });
    expect(preview?.match).toEqual([{ role: 'candidate', header: { name: 'x-elder-preview', value: 'candidate' } }]);
    expect(h.driver.routes.map((r) => r.weights)).toContainEqual({ candidate: 100 });
    // No split: blue-green never sends a share of users to green.
    expect(h.driver.routes.every((r) => Object.keys(r.weights).length === 1)).toBe(true);
  });

  it('blue_green fails on failing smoke checks through the preview route', async () => {
    const { environment } = setup('blue_green', 'pre_production', []);
    const seen: Record<string, string>[] = [];
    h.ports.smoke = async (headers) => {
      seen.push(headers);
      return { ok: 3, failed: 2 };
    };
    const outcome = await runDeploy(h.request(environment, 'v2'), h.ports);
    expect(seen).toEqual([{ 'x-elder-preview': 'candidate' }]);
    expect(outcome.details.finalState).toBe('rolled_back');
    expect(outcome.details.stopReason).toBe('error');
    expect(h.driver.serving()).toBe('v1');
  });

  it('rolling respects max surge and max unavailable and health-checks each batch', async () => {
    const { environment } = setup('rolling', 'staging', [
      'rolling: { instances: 4, max_surge: 1, max_unavailable: 0 }',
    ]);
    const outcome = await runDeploy(h.request(environment, 'v2'), h.ports);
    expect(outcome.details.finalState).toBe('promoted');
    // Surge 1 during batches; the final hand-over to the stable role starts a full set first.
    const batches = h.driver.log.slice(
      0,
      h.driver.log.findIndex((l) => l.startsWith('start stable v2')),
    );
    expect(batches.filter((l) => l.startsWith('scale stable'))).toEqual([
      'scale stable x3',
      'scale stable x2',
      'scale stable x1',
    ]);
    expect(h.driver.minReadyServing).toBeGreaterThanOrEqual(4);
  });

  it('rolling refuses max_surge 0 with max_unavailable 0', async () => {
    const { environment } = setup('rolling', 'staging', ['rolling: { max_surge: 0, max_unavailable: 0 }']);
    await expect(runDeploy(h.request(environment, 'v2'), h.ports)).rejects.toThrow(
      /max_surge and max_unavailable cannot both be 0/,
    );
  });

  it('a_b_testing routes sticky by user id, forces B by header, and reports significance per variant', async () => {
    const { environment } = setup('a_b_testing', 'staging', ['a_b_testing: { header: x-variant, variant_weight: 30 }']);
    const outcome = await runDeploy(h.request(environment, 'v2'), h.ports);
    const experiment = h.driver.routes.find((r) => r.sticky);
    expect(experiment).toEqual({
      weights: { stable: 70, candidate: 30 },
      sticky: { header: 'x-user-id' },
      match: [{ role: 'candidate', header: { name: 'x-variant', value: 'b' } }],
    });
    const rows = outcome.details.report?.['significance'] as {
      metric: string;
      significant: boolean;
      samplesA: number;
    }[];
    expect(rows.map((r) => r.metric)).toEqual(['error_rate', 'latency']);
    expect(rows.every((r) => !r.significant && r.samplesA > 0)).toBe(true);
  });

  it('all_at_once switches after a health check and rolls back when the candidate does not start healthy', async () => {
    h = harness({ v1: GOOD, v2: GOOD });
    const environment = environmentWith('development');
    expect((await runDeploy(h.request(environment, 'v2'), h.ports)).details.finalState).toBe('promoted');
    h.cleanup();
    h = harness({ v1: GOOD, v3: GOOD });
    h.driver.faults.push({ op: 'startRole', when: ({ role }) => role === 'candidate', message: 'v3 crashed on start' });
    const outcome = await runDeploy(h.request(environmentWith('development'), 'v3'), h.ports);
    expect(outcome.details.finalState).toBe('rolled_back');
    expect(outcome.result.summary).toMatch(/v3 crashed on start/);
    expect(h.driver.serving()).toBe('v1');
  });
});
