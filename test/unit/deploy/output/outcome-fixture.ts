/** Finished rollouts built through the engine's own buildOutcome, with judge evidence per step. */
import type { MetricEvidence } from '../../../../actions/deploy/src/analysis/judge-contract.js';
import { buildOutcome } from '../../../../actions/deploy/src/engine/outcome.js';
import type { DeployDetails, DeployOutcome, StepRecord } from '../../../../actions/deploy/src/engine/types.js';
import { environmentWith } from '../support/harness.js';

export function evidence(overrides: Partial<MetricEvidence> = {}): MetricEvidence[] {
  return [
    {
      metric: 'error_rate',
      verdict: 'pass',
      baseline: 0.005,
      candidate: 0.006,
      unit: 'ratio',
      effect: 0.2,
      interval: [-0.1, 0.4],
      baselineN: 1200,
      candidateN: 300,
      rule: 'error rate within tolerance',
      ...overrides,
    },
    {
      metric: 'latency',
      verdict: 'pass',
      baseline: 100,
      candidate: 104,
      unit: 'ms',
      effect: 4,
      relativeEffect: 0.04,
      relativeInterval: [0.01, 0.07],
      baselineN: 1200,
      candidateN: 300,
      rule: 'median shift +4 % within +10 %',
    },
  ];
}

export function step(
  index: number,
  weight: number,
  metrics?: MetricEvidence[],
  name = `canary ${weight} %`,
): StepRecord {
  const verdict = metrics ? (metrics.some((m) => m.verdict === 'fail') ? 'fail' : 'pass') : 'not_assessed';
  return {
    index,
    name,
    weight,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:01:00.000Z',
    verdict,
    ...(metrics
      ? {
          judge: {
            verdict: verdict === 'fail' ? 'fail' : 'pass',
            score: 87,
            metrics,
            look: 3,
            summary: `look 3: ${verdict}`,
          },
        }
      : {}),
  };
}

export function outcomeOf(details: Partial<DeployDetails>, message?: string, tier = 'staging'): DeployOutcome {
  const environment = environmentWith(tier, ['strategy: canary']);
  const full: DeployDetails = {
    strategy: 'canary',
    driver: 'local',
    stableVersion: 'v1',
    candidateVersion: 'v2',
    finalState: 'promoted',
    steps: [],
    ...details,
  };
  return buildOutcome(environment, full, { startedMs: 0, finishedMs: 60_000 }, message);
}
