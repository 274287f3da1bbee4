/**
 * Mann-Whitney U (Wilcoxon rank-sum) test of "the candidate's values tend to be larger than the
 * baseline's". Ranks are computed by sorting each sample once and merging, O(n log n); ties get
 * mid-ranks and shrink the variance (tie correction). Small tie-free samples use the exact null
 * distribution, everything else the normal approximation with a continuity correction.
 */
import { normalCdf, normalSf } from './normal-distribution.js';

export interface MannWhitneyOptions {
  /** `auto` (default): exact when both samples have <= 50 values and there are no ties. */
  exact?: 'auto' | 'always' | 'never';
}

export interface MannWhitneyResult {
  baselineN: number;
  candidateN: number;
  /** U of the candidate: pairs where candidate > baseline, plus half the tied pairs. */
  u: number;
  /** U of the baseline (= n*m - u). */
  uBaseline: number;
  /** u / (n m): P(C > B) + P(C = B)/2, the "probability of superiority" (AUC). 0.5 = no shift. */
  superiority: number;
  /** Standardised U with continuity correction; positive when the candidate is larger. */
  z: number;
  /** H1: candidate stochastically larger (slower, when the values are latencies). */
  pGreater: number;
  /** H1: candidate stochastically smaller. */
  pLess: number;
  pTwoSided: number;
  method: 'exact' | 'normal';
  /** Sum over tie groups of t^3 - t. */
  tieSum: number;
  /** Variance of U under H0, tie-corrected. */
  variance: number;
}

/** Ascending Float64Array copy; throws on NaN because ranks of NaN mean nothing. */
export function sortedSample(values: ArrayLike<number>, name = 'sample'): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) {
    if (Number.isNaN(out[i]!)) throw new RangeError(`${name} contains NaN at index ${i}`);
  }
  return out.sort();
}

export function mannWhitneyU(
  baseline: ArrayLike<number>,
  candidate: ArrayLike<number>,
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  return mannWhitneyUSorted(sortedSample(baseline, 'baseline'), sortedSample(candidate, 'candidate'), options);
}

/** The same test on samples already sorted ascending (the judge sorts once per look). */
export function mannWhitneyUSorted(
  baseline: Float64Array,
  candidate: Float64Array,
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const n = baseline.length;
  const m = candidate.length;
  if (n === 0 || m === 0) throw new RangeError(`Mann-Whitney needs two non-empty samples; got ${n} and ${m}`);
  const { candidateRankSum, tieSum } = rankSums(baseline, candidate);
  const u = candidateRankSum - (m * (m + 1)) / 2;
  const nm = n * m;
  const total = n + m;
  const variance = (nm / 12) * (total + 1 - tieSum / (total * (total - 1)));
  const mode = options.exact ?? 'auto';
  const useExact = tieSum === 0 && (mode === 'always' || (mode === 'auto' && n <= 50 && m <= 50));
  const base = { baselineN: n, candidateN: m, u, uBaseline: nm - u, superiority: u / nm, tieSum, variance };
  const sd = Math.sqrt(variance);
  const centred = u - nm / 2;
  const z = sd > 0 ? (Math.sign(centred) * Math.max(0, Math.abs(centred) - 0.5)) / sd : 0;

  if (useExact) {
    const cdf = exactUCdf(n, m);
    const at = (k: number): number => (k < 0 ? 0 : k >= cdf.length ? 1 : cdf[k]!);
    const pLess = at(Math.round(u));
    // By symmetry P(U >= u) = P(U <= nm - u), read from the well-conditioned lower tail.
    const pGreater = at(Math.round(nm - u));
    return { ...base, z, pGreater, pLess, pTwoSided: Math.min(1, 2 * Math.min(pLess, pGreater)), method: 'exact' };
  }
  if (!(sd > 0)) return { ...base, z: 0, pGreater: 1, pLess: 1, pTwoSided: 1, method: 'normal' };
  const pGreater = normalSf((centred - 0.5) / sd);
  const pLess = normalCdf((centred + 0.5) / sd);
  const pTwoSided = Math.min(1, 2 * normalSf(Math.max(0, Math.abs(centred) - 0.5) / sd));
  return { ...base, z, pGreater, pLess, pTwoSided, method: 'normal' };
}

/** Mid-rank sum of the candidate and the tie sum, by merging the two sorted samples. */
function rankSums(baseline: Float64Array, candidate: Float64Array): { candidateRankSum: number; tieSum: number } {
  let i = 0;
  let j = 0;
  let position = 0; // values already ranked
  let candidateRankSum = 0;
  let tieSum = 0;
  while (i < baseline.length || j < candidate.length) {
    const b = i < baseline.length ? baseline[i]! : Number.POSITIVE_INFINITY;
    const c = j < candidate.length ? candidate[j]! : Number.POSITIVE_INFINITY;
    const v = b < c ? b : c;
    let fromBaseline = 0;
    let fromCandidate = 0;
    while (i < baseline.length && baseline[i] === v) {
      i++;
      fromBaseline++;
    }
    while (j < candidate.length && candidate[j] === v) {
      j++;
      fromCandidate++;
    }
    const t = fromBaseline + fromCandidate;
    if (t === 0) break; // only when both remaining values are +Infinity sentinels; cannot happen
    const midRank = position + (t + 1) / 2;
    candidateRankSum += fromCandidate * midRank;
    if (t > 1) tieSum += t * t * t - t;
    position += t;
  }
  return { candidateRankSum, tieSum };
}

const exactCache = new Map<string, Float64Array>();

/**
 * P(U <= u) for u = 0..n m under H0 without ties. The number of arrangements with U = u is the
 * coefficient of q^u in the Gaussian binomial [n+m choose n]_q = prod_{i=1..n} (1 - q^{m+i}) /
 * (1 - q^i); each factor is applied in place. Low coefficients only ever depend on lower ones,
 * so the tails (where p-values live) are exact integers.
 */
export function exactUCdf(n: number, m: number): Float64Array {
  const key = `${Math.min(n, m)}x${Math.max(n, m)}`;
  const cached = exactCache.get(key);
  if (cached) return cached;
  const small = Math.min(n, m);
  const large = Math.max(n, m);
  if (small * large > 250_000) throw new RangeError(`exact U distribution too large for n=${n}, m=${m}`);
  const degree = small * large;
  const coef = new Float64Array(degree + 1);
  coef[0] = 1;
  let currentDegree = 0;
  for (let i = 1; i <= small; i++) {
    const up = large + i;
    const newDegree = currentDegree + large;
    for (let k = newDegree; k >= up; k--) coef[k]! -= coef[k - up]!;
    for (let k = i; k <= newDegree; k++) coef[k]! += coef[k - i]!;
    currentDegree = newDegree;
  }
  let total = 0;
  for (let k = 0; k <= degree; k++) total += coef[k]!;
  const cdf = new Float64Array(degree + 1);
  let running = 0;
  for (let k = 0; k <= degree; k++) {
    running += coef[k]!;
    cdf[k] = Math.min(1, running / total);
  }
  if (exactCache.size > 64) exactCache.clear();
  exactCache.set(key, cdf);
  return cdf;
}
