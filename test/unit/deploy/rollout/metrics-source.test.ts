import { afterEach, describe, expect, it } from 'vitest';
import { runDeploy } from '../../../../actions/deploy/src/engine.js';
import type { MetricsSource, RoleSample } from '../../../../actions/deploy/src/metrics/role-sample.js';
import type { Role } from '../../../../actions/deploy/src/model/roles.js';
import { environmentWith, GOOD, harness, type Harness } from '../support/harness.js';

let h: Harness;
afterEach(() => h?.cleanup());

/** A Prometheus-like source: answers for the whole window, per version, from a rate. */
function windowSource(errorRateOf: (role: Role) => number, calls: [Role[], number, number][]): MetricsSource {
  return {
    name: 'prometheus',
    async collect(roles, fromMs, toMs) {
      calls.push([[...roles], fromMs, toMs]);
      const out: Partial<Record<Role, RoleSample>> = {};
      const requests = Math.round((toMs - fromMs) / 100);
      for (const role of roles) {
        out[role] = {
          role,
          granularity: 'interval',
          latenciesMs: Array.from({ length: Math.max(1, Math.round((toMs - fromMs) / 15_000)) }, () => 100),
          requests,
          errors: Math.round(requests * errorRateOf(role)),
          fromMs,
          toMs,
        };
      }
      return out;
    },
  };
}

describe('analysis from a metrics source', () => {
  it('asks the source for the cumulative window of the compared roles', async () => {
    h = harness({ v1: GOOD, v2: GOOD });
    const calls: [Role[], number, number][] = [];
    h.ports.metricsSource = windowSource(() => 0.005, calls);
    const environment = environmentWith('pre_production', [
      'strategy: canary',
      'step_interval: 30s',
      'analysis: { source: prometheus, interval: 10s }',
    ]);
    const outcome = await runDeploy(h.request(environment), h.ports);
    expect(outcome.details.finalState).toBe('promoted');
    expect(calls.length).toBe(9);
    expect(calls[0]?.[0]).toEqual(['baseline', 'candidate']);
    // Same comparison across steps: the window keeps its start and grows.
    expect(new Set(calls.map((c) => c[1])).size).toBe(1);
    expect(calls.map((c) => c[2] - c[1])).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90].map((s) => s * 1000));
  });

  it('rolls back when the source shows the candidate erring', async () => {
    h = harness({ v1: GOOD, v2: GOOD });
    h.ports.metricsSource = windowSource((role) => (role === 'candidate' ? 0.2 : 0.005), []);
    const environment = environmentWith('pre_production', ['strategy: canary', 'analysis: { source: prometheus }']);
    const outcome = await runDeploy(h.request(environment), h.ports);
    expect(outcome.details.finalState).toBe('rolled_back');
    expect(outcome.details.steps).toHaveLength(1);
    expect(h.driver.serving()).toBe('v1');
  });

  it('says how to fix a driver that cannot observe traffic without a source', async () => {
    h = harness({ v1: GOOD, v2: GOOD });
    delete (h.driver as { takeSamples?: unknown }).takeSamples;
    Object.defineProperty(h.driver, 'takeSamples', { value: undefined });
    const outcome = await runDeploy(h.request(environmentWith('pre_production', ['strategy: canary'])), h.ports);
    expect(outcome.details.finalState).toBe('rolled_back');
    expect(outcome.details.stopReason).toBe('error');
    expect(outcome.result.summary).toMatch(/cannot observe traffic .* set analysis\.source: prometheus/);
    expect(h.driver.serving()).toBe('v1');
  });
});
