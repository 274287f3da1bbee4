import { describe, expect, it } from 'vitest';
import { embeddedDefaultConfig, parseConfig, resolveEnvironment } from '../../../../shared/config/index.js';
import { explainThresholdsFromSlo, thresholdsFromSlo } from '../../../../actions/deploy/src/analysis/slo-thresholds.js';

describe('thresholdsFromSlo', () => {
  it('derives the error budget, the fast-burn kill switch and the latency targets', () => {
    const { config } = embeddedDefaultConfig();
    const production = resolveEnvironment(config, 'production');
    const thresholds = thresholdsFromSlo(production);
    const allowed = 1 - production.availability.target;
    expect(thresholds.maxErrorRate).toBeCloseTo(allowed, 12);
    // 30-day window: 2 % of the budget in 1 h is burn rate 0.02 x 720 h = 14.4.
    expect(production.monitoring.sloWindowSeconds).toBe(30 * 86_400);
    expect(thresholds.hardErrorRate).toBeCloseTo(14.4 * allowed, 12);
    expect(thresholds.latencyP95Ms).toBe(100);
    expect(thresholds.latencyP99Ms).toBe(200);
    expect(thresholds.latencyTolerance).toBe(0.1);
    expect(thresholds.errorTolerance).toBe(0.5);
  });

  it('follows the SLO window and the overrides', () => {
    const yaml = [
      'version: 1',
      'environments:',
      '  web:',
      '    tier: staging',
      '    availability: 99.5',
      '    regions: [a]',
      '    monitoring:',
      '      slo_window: 7d',
      '      latency_p95_ms: 300',
      '      latency_p99_ms: 900',
      '',
    ].join('\n');
    const web = resolveEnvironment(parseConfig(yaml, 'elder.yml').config, 'web');
    const { thresholds, reasons } = explainThresholdsFromSlo(web, { latencyTolerance: 0.2 });
    expect(thresholds.maxErrorRate).toBeCloseTo(0.005, 12);
    // 7-day window: 0.02 x 168 h / 1 h = 3.36.
    expect(thresholds.hardErrorRate).toBeCloseTo(3.36 * 0.005, 12);
    expect(thresholds.latencyTolerance).toBe(0.2);
    expect(reasons.join('\n')).toMatch(/1 - availability target 99.5 %/);
    expect(thresholdsFromSlo(web, { fastBurnRate: 10, ignoreLatencyTargets: true })).toEqual({
      maxErrorRate: 0.005,
      hardErrorRate: 0.05,
      latencyTolerance: 0.1,
      errorTolerance: 0.5,
    });
    expect(() => thresholdsFromSlo(web, { errorTolerance: -1 })).toThrow(/tolerances/);
  });
});
