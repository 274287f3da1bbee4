import { afterEach, describe, expect, it } from 'vitest';
import { runDeploy } from '../../../../actions/deploy/src/engine.js';
import { phaseResultErrors } from '../../../../shared/result/validate.js';
import { BROKEN, environmentWith, GOOD, harness, type Harness } from '../support/harness.js';

let h: Harness;
afterEach(() => h?.cleanup());

describe('deploy outcome', () => {
  it.each([
    ['v2', 'promoted', 'success', 1],
    ['bad', 'rolled_back', 'failure', 0],
  ] as const)(
    'for %s is a valid PhaseResult with a step timeline and a table',
    async (version, state, status, score) => {
      h = harness({ v1: GOOD, v2: GOOD, bad: BROKEN });
      const environment = environmentWith('pre_production', ['strategy: canary', 'step_interval: 30s']);
      const outcome = await runDeploy(h.request(environment, version), h.ports);
      expect(phaseResultErrors(JSON.parse(JSON.stringify(outcome.result)))).toEqual([]);
      expect(outcome.result).toMatchObject({
        phase: 'deploy',
        environment: 'svc',
        tier: 'pre_production',
        status,
        score,
      });
      expect(outcome.details.finalState).toBe(state);
      expect(outcome.result.details?.['finalState']).toBe(state);
      expect(outcome.result.timings.steps?.map((s) => s.name)).toEqual(outcome.details.steps.map((s) => s.name));
      const weights = outcome.result.metrics.filter((m) => m.name.endsWith('_weight')).map((m) => m.value);
      expect(weights).toEqual(outcome.details.steps.map((s) => s.weight));
      expect(outcome.result.metrics.some((m) => m.name === 'step1_error_rate' && m.detail?.includes('stub'))).toBe(
        true,
      );
      expect(outcome.markdown.table.header).toEqual(['#', 'step', 'weight', 'verdict', 'evidence', 'note']);
      expect(outcome.markdown.table.rows).toHaveLength(outcome.details.steps.length);
      expect(outcome.markdown.headline).toBe(outcome.result.summary);
      expect(outcome.result.summary).not.toMatch(/\n/);
    },
  );
});
