import { describe, expect, it } from 'vitest';
import { computeReadiness, parseWeights, READINESS_PHASES } from '../../../actions/report/src/readiness.js';
import { makePhaseResult } from '../../support/phase-result-factory.js';
import type { Phase } from '../../../shared/result/phase-result.js';

const allPassing = READINESS_PHASES.map((phase) => makePhaseResult({ phase: phase as Phase, score: 1 }));

describe('computeReadiness', () => {
  it('scores a fully passing pipeline 1 with full coverage', () => {
    const r = computeReadiness(allPassing, { environment: 'production' });
    expect(r.score).toBe(1);
    expect(r.coverage).toBe(1);
    expect(r.status).toBe('success');
  });

  it('never counts a phase that did not run as passed', () => {
    const withoutDr = allPassing.filter((r) => r.phase !== 'dr-drill');
    const r = computeReadiness(withoutDr, { environment: 'production' });
    const dr = r.rows.find((row) => row.phase === 'dr-drill');
    expect(dr?.status).toBe('not_assessed');
    expect(dr?.score).toBeNull();
    // dr-drill weighs 1.5 of 9: the score loses exactly that share.
    expect(r.score).toBeCloseTo(7.5 / 9, 10);
    expect(r.coverage).toBeCloseTo(7.5 / 9, 10);
    expect(r.status).toBe('failure');
    expect(r.reasons.join('\n')).toContain('dr-drill was not assessed');
  });

  it('fails when any phase failed even if the weighted score clears the bar', () => {
    const results = allPassing.map((r) =>
      r.phase === 'provision' ? { ...r, status: 'failure' as const, score: 0.99 } : r,
    );
    const r = computeReadiness(results, { environment: 'production', failUnder: 0.5 });
    expect(r.score).toBeGreaterThan(0.99);
    expect(r.status).toBe('failure');
  });

  it('is not_assessed when nothing for the environment ran', () => {
    const r = computeReadiness(allPassing, { environment: 'staging' });
    expect(r.status).toBe('not_assessed');
    expect(r.score).toBe(0);
  });

  it('takes the weakest of several results of one phase', () => {
    const gates = [
      makePhaseResult({ phase: 'quality-gate', key: 'pre_deployment', score: 0.9 }),
      makePhaseResult({
        phase: 'quality-gate',
        key: 'runtime',
        score: 0.6,
        status: 'failure',
        summary: 'p95 too slow',
      }),
    ];
    const r = computeReadiness(gates, { environment: 'production', expected: ['quality-gate'] });
    expect(r.rows[0]?.score).toBe(0.6);
    expect(r.rows[0]?.status).toBe('failure');
    expect(r.rows[0]?.sources).toBe(2);
  });

  it('applies custom weights', () => {
    const results = [makePhaseResult({ phase: 'deploy', score: 1 }), makePhaseResult({ phase: 'provision', score: 0 })];
    const r = computeReadiness(results, {
      environment: 'production',
      expected: ['deploy', 'provision'],
      weights: { deploy: 3, provision: 1 },
    });
    expect(r.score).toBeCloseTo(0.75, 10);
  });
});

describe('parseWeights', () => {
  it('parses phase=weight lists', () => {
    expect(parseWeights('deploy=3, quality-gate: 2\ndr-drill=0.5', 'input')).toEqual({
      deploy: 3,
      'quality-gate': 2,
      'dr-drill': 0.5,
    });
  });
  it('names the input and the bad part', () => {
    expect(() => parseWeights('deploy=x', "input 'weights'")).toThrow(/input 'weights': expected phase=weight/);
    expect(() => parseWeights('deplo=1', "input 'weights'")).toThrow(/unknown phase 'deplo'/);
  });
});
