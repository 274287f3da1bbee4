import { describe, expect, it } from 'vitest';
import {
  classifyMetric,
  decideFlagger,
  decideKayenta,
  decideOurs,
  excessBadShare,
  KAYENTA_OPTIONS,
  PLAN,
  REGIMES,
  runCellSeeds,
  SERVICE,
  simulateRun,
  type Change,
  type IntervalSample,
  type ServiceModel,
} from '../../../bench/lib/verdict-sim/index.js';
import { changeCatalogue } from '../../../bench/lib/verdict-sim/scenario.js';

const normal = REGIMES.find((r) => r.name === 'normal')!;
const unchanged = changeCatalogue().find((c) => c.id === 'none')!;
/** The service without nuisances: what the distribution checks compare against. */
const quiet: ServiceModel = {
  ...SERVICE,
  instanceBiasSd: 0,
  sharedLevel: { phi: 0.8, sd: 0 },
  instanceLevel: { phi: 0.7, sd: 0 },
  warmup: { ...SERVICE.warmup, amplitude: 0 },
};

function pooled(samples: IntervalSample[]): { latencies: number[]; requests: number; errors: number } {
  const latencies = samples.flatMap((s) => Array.from(s.latenciesMs));
  return { latencies, requests: latencies.length, errors: samples.reduce((a, s) => a + s.errors, 0) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function logSd(values: number[]): number {
  const logs = values.map(Math.log);
  const m = logs.reduce((a, b) => a + b, 0) / logs.length;
  return Math.sqrt(logs.reduce((a, x) => a + (x - m) ** 2, 0) / (logs.length - 1));
}

const variant = (overrides: Partial<Change>): Change => ({ ...unchanged, id: 'test', label: 'test', ...overrides });

describe('simulated service', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const spec = { service: SERVICE, regime: normal, plan: PLAN, change: unchanged };
    const a = simulateRun(7, spec);
    const b = simulateRun(7, spec);
    const c = simulateRun(8, spec);
    expect(Array.from(a.candidate[3]!.latenciesMs)).toEqual(Array.from(b.candidate[3]!.latenciesMs));
    expect(a.nuisance).toEqual(b.nuisance);
    expect(Array.from(a.candidate[3]!.latenciesMs)).not.toEqual(Array.from(c.candidate[3]!.latenciesMs));
  });

  it('serves 10 % of 100 req/s per role with median 100 ms, sigma 0.5 and 0.5 % errors', () => {
    const samples: IntervalSample[] = [];
    for (let seed = 1; seed <= 3; seed++) {
      const run = simulateRun(seed, { service: quiet, regime: normal, plan: PLAN, change: unchanged });
      samples.push(...run.baseline, ...run.candidate);
      for (const minute of run.candidate) expect(Math.abs(minute.latenciesMs.length - 600)).toBeLessThan(100);
    }
    const { latencies, requests, errors } = pooled(samples);
    expect(requests).toBeGreaterThan(30_000);
    expect(median(latencies)).toBeGreaterThan(98);
    expect(median(latencies)).toBeLessThan(102);
    expect(logSd(latencies)).toBeGreaterThan(0.49);
    expect(logSd(latencies)).toBeLessThan(0.51);
    expect(errors / requests).toBeGreaterThan(0.004);
    expect(errors / requests).toBeLessThan(0.006);
  });

  it('applies the per-instance bias and the warm-up spike', () => {
    const biased: ServiceModel = { ...quiet, instanceBiasSd: SERVICE.instanceBiasSd };
    const biases: number[] = [];
    for (let seed = 1; seed <= 4; seed++) {
      const run = simulateRun(seed, { service: biased, regime: normal, plan: PLAN, change: unchanged });
      const observed = Math.log(median(pooled(run.candidate).latencies) / median(pooled(run.baseline).latencies));
      const drawn = run.nuisance.candidateBias - run.nuisance.baselineBias;
      expect(Math.abs(observed - drawn)).toBeLessThan(0.03);
      biases.push(run.nuisance.candidateBias, run.nuisance.baselineBias);
    }
    expect(biases.some((b) => Math.abs(b) > 0.01)).toBe(true);
    expect(biases.every((b) => Math.abs(b) < 0.15)).toBe(true);

    const warm = simulateRun(5, { service: SERVICE, regime: normal, plan: PLAN, change: unchanged });
    const first = median(Array.from(warm.baseline[0]!.latenciesMs));
    const later = median(pooled(warm.baseline.slice(1)).latencies);
    expect(first / later).toBeGreaterThan(1.1);
  });

  it('injects changes only into the candidate, from the onset look', () => {
    const run = simulateRun(3, {
      service: quiet,
      regime: normal,
      plan: PLAN,
      change: variant({ errorRate: 0.2, onsetLook: 5 }),
    });
    const before = pooled(run.candidate.slice(0, 4));
    const after = pooled(run.candidate.slice(4));
    expect(before.errors / before.requests).toBeLessThan(0.01);
    expect(after.errors / after.requests).toBeGreaterThan(0.17);
    const baseline = pooled(run.baseline);
    expect(baseline.errors / baseline.requests).toBeLessThan(0.01);
  });

  it('counts bad requests from the change alone', () => {
    expect(excessBadShare(unchanged)).toBeCloseTo(0, 9);
    expect(excessBadShare(variant({ errorRate: 0.01 }))).toBeCloseTo(0.005, 9);
    // Tail x2 on the slowest 5 %: all of them pass the old p99 of 320 ms, so 5 % - 1 % are extra.
    expect(excessBadShare(variant({ tailFactor: 2 }))).toBeCloseTo(0.04, 3);
  });
});

describe('decision rules on extreme cases', () => {
  const spec = (change: Change, service = SERVICE) => ({ service, regime: normal, plan: PLAN, change });

  it('+200 % latency: all three roll back; Flagger only after its 5th failed check', () => {
    const run = simulateRun(11, spec(variant({ latencyFactor: 3 })));
    const ours = decideOurs(run, PLAN);
    const kayenta = decideKayenta(run, PLAN);
    const flagger = decideFlagger(run, PLAN);
    expect(ours.action).toBe('rollback');
    expect(ours.look).toBeLessThanOrEqual(2);
    expect(kayenta).toMatchObject({ action: 'rollback', look: 1 });
    // p99 = 3 x 320 ms = 960 ms > 500 ms every minute: failed checks 1..5, rollback at look 5.
    expect(flagger).toMatchObject({ action: 'rollback', look: 5 });
  });

  it('20 % errors: all three roll back', () => {
    const run = simulateRun(12, spec(variant({ errorRate: 0.2 })));
    expect(decideOurs(run, PLAN).action).toBe('rollback');
    expect(decideKayenta(run, PLAN).action).toBe('rollback');
    expect(decideFlagger(run, PLAN)).toMatchObject({ action: 'rollback', look: 5 });
  });

  it('an unchanged build without nuisances is promoted by all three', () => {
    const run = simulateRun(13, spec(unchanged, quiet));
    expect(decideOurs(run, PLAN)).toMatchObject({ action: 'promote', look: 10 });
    expect(decideKayenta(run, PLAN).action).toBe('promote');
    expect(decideFlagger(run, PLAN).action).toBe('promote');
  });

  it('Kayenta: a small but well-measured shift is High; the tolerance scales with it and absorbs nothing', () => {
    const control = Float64Array.from({ length: 400 }, (_, i) => 100 + (i % 40));
    const shifted = control.map((x) => x + 5);
    expect(classifyMetric(control, shifted, KAYENTA_OPTIONS)).toBe('High');
    expect(classifyMetric(control, control, KAYENTA_OPTIONS)).toBe('Pass');
    expect(classifyMetric(shifted, control, KAYENTA_OPTIONS)).toBe('Low');
    expect(classifyMetric(new Float64Array(0), control, KAYENTA_OPTIONS)).toBe('NoData');
  });

  it('the cell runner keeps the three rules on the same runs', () => {
    const stats = runCellSeeds(
      { regime: REGIMES.find((r) => r.name === 'low')!, change: variant({ errorRate: 0.5 }) },
      0,
      3,
    );
    expect(stats.seeds).toBe(3);
    for (const rule of ['ours', 'kayenta', 'flagger'] as const) {
      expect(stats.rules[rule].runs).toBe(3);
      expect(stats.rules[rule].rollbacks + stats.rules[rule].promotions).toBe(3);
    }
    expect(stats.rules.flagger.rollbacks).toBe(3);
  });
});
