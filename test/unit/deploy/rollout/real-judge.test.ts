import { afterEach, describe, expect, it } from 'vitest';
import { runDeploy } from '../../../../actions/deploy/src/engine.js';
import { analysisPorts, estimateRolloutPower } from '../../../../actions/deploy/src/engine/analysis-ports.js';
import { judgeOptionsFor } from '../../../../actions/deploy/src/engine/judge-options.js';
import { createSeededRandom } from '../../../../actions/deploy/src/analysis/seeded-random.js';
import { environmentWith, harness, type Harness } from '../support/harness.js';

let h: Harness;
afterEach(() => h?.cleanup());

const HEALTHY = { latencyMs: 100, errorRate: 0.0005 };
const ERRING = { latencyMs: 100, errorRate: 0.05 };

describe('the engine with the real statistical judge', () => {
  const environment = () => environmentWith('pre_production', ['strategy: canary', 'step_interval: 60s']);

  it('promotes an unchanged build', async () => {
    h = harness({ v1: HEALTHY, v2: HEALTHY });
    Object.assign(h.ports, analysisPorts());
    h.driver.random = createSeededRandom(11);
    const outcome = await runDeploy(h.request(environment()), h.ports);
    expect(outcome.details.finalState, outcome.result.summary).toBe('promoted');
    expect(outcome.details.power?.expectedRequestsPerRole).toBeGreaterThan(0);
    expect(outcome.details.steps[0]?.judge?.metrics.length).toBeGreaterThan(0);
  });

  it('rolls back a build whose error rate is a hundred times higher', async () => {
    h = harness({ v1: HEALTHY, v2: ERRING });
    Object.assign(h.ports, analysisPorts());
    h.driver.random = createSeededRandom(11);
    const outcome = await runDeploy(h.request(environment()), h.ports);
    expect(outcome.details.finalState, outcome.result.summary).toBe('rolled_back');
    expect(outcome.details.stopReason).toBe('analysis');
    const failed = outcome.details.steps.at(-1)?.judge?.metrics.find((m) => m.verdict === 'fail');
    expect(failed?.metric).toBe('error_rate');
    expect(outcome.result.metrics.some((m) => m.name.endsWith('_error_rate') && m.verdict === 'fail')).toBe(true);
    expect(h.driver.serving()).toBe('v1');
  });

  it('estimates that a tiny canary on little traffic is too weak', () => {
    const env = environment();
    const judge = judgeOptionsFor(env, env.phases.deploy);
    const weak = estimateRolloutPower({
      judge,
      requestsPerSecond: 1,
      steps: [{ share: 0.05, seconds: 60 }],
      targetLatencyIncrease: 0.2,
      targetErrorRatio: 2,
    });
    const strong = estimateRolloutPower({
      judge,
      requestsPerSecond: 5000,
      steps: [{ share: 0.25, seconds: 600 }],
      targetLatencyIncrease: 0.2,
      targetErrorRatio: 2,
    });
    expect(weak.adequate).toBe(false);
    expect(strong.minDetectableLatencyIncrease).toBeLessThan(weak.minDetectableLatencyIncrease);
  });
});
