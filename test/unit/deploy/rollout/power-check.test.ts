import { afterEach, describe, expect, it } from 'vitest';
import type { PowerEstimate } from '../../../../actions/deploy/src/analysis/judge-contract.js';
import { runDeploy } from '../../../../actions/deploy/src/engine.js';
import type { PowerInput } from '../../../../actions/deploy/src/engine/types.js';
import { environmentWith, GOOD, harness, type Harness } from '../support/harness.js';

let h: Harness;
afterEach(() => h?.cleanup());

/** Detectable latency increase shrinks with the square root of the requests per compared role. */
function fakePower(input: PowerInput): PowerEstimate {
  const requests = input.steps.reduce((sum, s) => sum + input.requestsPerSecond * s.share * s.seconds, 0);
  const latency = 8 / Math.sqrt(requests);
  const adequate = latency <= input.targetLatencyIncrease;
  return {
    minDetectableLatencyIncrease: latency,
    minDetectableErrorRatio: 1 + 20 / Math.sqrt(requests),
    expectedRequestsPerRole: requests,
    power: 0.8,
    adequate,
    advice: adequate ? 'enough traffic' : `only ${Math.round(requests)} requests per role`,
  };
}

const canary = (onWeak: string) =>
  environmentWith('pre_production', [
    'strategy: canary',
    'step_interval: 60s',
    `analysis: { power: { on_weak: ${onWeak} } }`,
  ]);

describe('power check before a canary', () => {
  it('warns and goes on when the canary is too weak and on_weak is warn', async () => {
    h = harness({ v1: GOOD, v2: GOOD });
    h.ports.estimatePower = fakePower;
    const outcome = await runDeploy(h.request(canary('warn')), h.ports);
    expect(outcome.details.power?.action).toBe('warned');
    expect(outcome.details.finalState).toBe('promoted');
    expect(outcome.result.findings.map((f) => [f.ruleId, f.severity])).toContainEqual([
      'deploy/underpowered-canary',
      'low',
    ]);
    expect(h.logger.lines.some((l) => /^warning: the planned canary can only detect latency \+\d+ %/.test(l))).toBe(
      true,
    );
  });

  it('lengthens the steps until the canary is strong enough when on_weak is extend', async () => {
    h = harness({ v1: GOOD, v2: GOOD });
    const seen: number[] = [];
    h.ports.estimatePower = (input) => {
      seen.push(input.steps[0]?.seconds ?? 0);
      return fakePower(input);
    };
    const outcome = await runDeploy(h.request(canary('extend')), h.ports);
    expect(seen).toEqual([60, 120, 240]);
    expect(outcome.details.power).toMatchObject({ action: 'extended', adequate: true });
    const first = outcome.details.steps[0];
    expect(Date.parse(first?.finishedAt ?? '') - Date.parse(first?.startedAt ?? '')).toBe(240_000);
    expect(outcome.details.finalState).toBe('promoted');
  });

  it('refuses to start when on_weak is refuse, touching nothing', async () => {
    h = harness({ v1: GOOD, v2: GOOD });
    h.ports.estimatePower = fakePower;
    const outcome = await runDeploy(h.request(canary('refuse')), h.ports);
    expect(outcome.details.finalState).toBe('aborted');
    expect(outcome.result.status).toBe('failure');
    expect(outcome.details.power?.action).toBe('refused');
    expect(h.driver.roles.candidate).toBeUndefined();
    expect(h.driver.log.some((l) => l.includes('candidate'))).toBe(false);
  });

  it('does not warn when the planned traffic is enough', async () => {
    h = harness({ v1: GOOD, v2: GOOD });
    h.ports.estimatePower = fakePower;
    const environment = environmentWith('pre_production', ['strategy: canary', 'step_interval: 60s']);
    environment.expectedLoad.requestsPerSecond = 1000;
    const outcome = await runDeploy(h.request(environment), h.ports);
    expect(outcome.details.power?.action).toBe('none');
    expect(outcome.result.findings).toEqual([]);
  });
});
