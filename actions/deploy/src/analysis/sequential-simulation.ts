/**
 * Monte Carlo check of the point of always-valid tests: under H0 (candidate exactly at the
 * tolerance boundary), look at the cumulative data `looks` times and count how often each
 * procedure ever rejects. The mSPRT must stay at or below alpha; a fixed-sample test repeated at
 * every look does not. Used by tests and by anyone tuning τ.
 */
import { MixtureSprt } from './msprt.js';
import { normalSf } from './normal-distribution.js';
import { PairwiseDifferences } from './pairwise-differences.js';
import { SeededRandom } from './seeded-random.js';
import { errorExcessStatistic, rankShiftStatistic, type SequentialStatistic } from './sequential-statistics.js';

export interface NullSimulationOptions {
  kind: 'error-rate' | 'latency';
  simulations: number;
  looks: number;
  /** New requests per role between looks. */
  requestsPerLook: number;
  alpha: number;
  seed: number;
  /** Mixing scale of the mSPRT, in the statistic's units (see sequential-statistics.ts). */
  tau: number;
  /** Relative tolerance; the candidate is simulated exactly at the boundary. Default 0. */
  tolerance?: number;
  /** error-rate: the baseline's error rate (default 0.01). */
  baselineErrorRate?: number;
  /** latency: lognormal sigma of latencies (default 0.5). */
  logSd?: number;
}

export interface NullSimulationResult {
  simulations: number;
  looks: number;
  alpha: number;
  /** Share of simulations in which the always-valid test rejected at some look. */
  msprtFalsePositiveRate: number;
  /** Same for a fixed-n one-sided z test at level alpha applied at every look. */
  repeatedFixedFalsePositiveRate: number;
  /** The fixed-n test applied once, at the last look only (should be about alpha). */
  singleFixedFalsePositiveRate: number;
}

export function simulateNullLooks(options: NullSimulationOptions): NullSimulationResult {
  const random = new SeededRandom(options.seed);
  const tolerance = options.tolerance ?? 0;
  let msprtRejections = 0;
  let repeatedRejections = 0;
  let singleRejections = 0;
  for (let s = 0; s < options.simulations; s++) {
    const next =
      options.kind === 'error-rate'
        ? errorRateStream(random, options, tolerance)
        : latencyStream(random, options, tolerance);
    const test = new MixtureSprt({ tau: options.tau, alpha: options.alpha });
    let repeated = false;
    let last = 1;
    for (let look = 0; look < options.looks; look++) {
      const statistic = next();
      test.update(statistic.estimate, statistic.variance);
      last = statistic.variance > 0 ? normalSf(statistic.estimate / Math.sqrt(statistic.variance)) : 1;
      if (last <= options.alpha) repeated = true;
    }
    if (test.rejected) msprtRejections++;
    if (repeated) repeatedRejections++;
    if (last <= options.alpha) singleRejections++;
  }
  return {
    simulations: options.simulations,
    looks: options.looks,
    alpha: options.alpha,
    msprtFalsePositiveRate: msprtRejections / options.simulations,
    repeatedFixedFalsePositiveRate: repeatedRejections / options.simulations,
    singleFixedFalsePositiveRate: singleRejections / options.simulations,
  };
}

function errorRateStream(
  random: SeededRandom,
  options: NullSimulationOptions,
  tolerance: number,
): () => SequentialStatistic {
  const pb = options.baselineErrorRate ?? 0.01;
  const pc = Math.min(1, pb * (1 + tolerance));
  const counts = { baselineErrors: 0, baselineRequests: 0, candidateErrors: 0, candidateRequests: 0 };
  return () => {
    counts.baselineErrors += random.binomial(options.requestsPerLook, pb);
    counts.candidateErrors += random.binomial(options.requestsPerLook, pc);
    counts.baselineRequests += options.requestsPerLook;
    counts.candidateRequests += options.requestsPerLook;
    return errorExcessStatistic(counts, tolerance);
  };
}

function latencyStream(
  random: SeededRandom,
  options: NullSimulationOptions,
  tolerance: number,
): () => SequentialStatistic {
  const sigma = options.logSd ?? 0.5;
  const shift = Math.log(1 + tolerance);
  const capacity = options.looks * options.requestsPerLook;
  const baseline = new Float64Array(capacity);
  const candidate = new Float64Array(capacity);
  let size = 0;
  return () => {
    // Keep both samples sorted by insertion: far cheaper than re-sorting at every look.
    for (let i = 0; i < options.requestsPerLook; i++) {
      insertSorted(baseline, size, random.normal(Math.log(100), sigma));
      insertSorted(candidate, size, random.normal(Math.log(100) + shift, sigma));
      size++;
    }
    const differences = new PairwiseDifferences(baseline.subarray(0, size), candidate.subarray(0, size));
    return rankShiftStatistic(differences, shift);
  };
}

function insertSorted(values: Float64Array, size: number, value: number): void {
  let at = size;
  while (at > 0 && values[at - 1]! > value) {
    values[at] = values[at - 1]!;
    at--;
  }
  values[at] = value;
}
