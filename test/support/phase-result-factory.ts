import type { PhaseResult } from '../../shared/result/phase-result.js';

/** A valid PhaseResult with overridable fields, for tests that need one quickly. */
export function makePhaseResult(overrides: Partial<PhaseResult> = {}): PhaseResult {
  return {
    schemaVersion: 1,
    phase: 'deploy',
    environment: 'production',
    tier: 'production',
    status: 'success',
    score: 1,
    summary: 'canary promoted after 4 steps',
    metrics: [
      {
        name: 'error_rate',
        value: 0.0001,
        unit: 'ratio',
        verdict: 'pass',
        threshold: { operator: '<=', value: 0.001 },
      },
    ],
    findings: [],
    evidence: [],
    timings: { startedAt: '2026-11-25T10:00:00.000Z', finishedAt: '2026-11-25T10:05:00.000Z', durationMs: 300_000 },
    tool: { name: 'ancient-elder', version: '0.1.0' },
    ...overrides,
  };
}
