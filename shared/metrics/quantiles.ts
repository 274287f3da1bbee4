/**
 * Descriptive statistics for latency samples: quantiles as R and NumPy compute them by default,
 * and a confidence interval for a quantile that assumes nothing about the distribution (latency
 * is skewed and multi-modal, so normal-theory intervals would mislead a canary judgement).
 */

function requireValues(values: readonly number[], what: string): void {
  if (values.length === 0) throw new RangeError(`${what} of no values is undefined`);
  if (values.some((v) => Number.isNaN(v))) throw new RangeError(`${what}: values contain NaN`);
}

function requireProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be from 0 to 1, got ${p}`);
}

/** Ascending copy; the input is left alone. A typed array sorts numerically (Array sorts as text). */
export function sortedAscending(values: readonly number[]): number[] {
  return Array.from(Float64Array.from(values).sort());
}

/** Type 7 on already sorted values: h = (n - 1) p, linear between the neighbours of h. */
export function quantileOfSorted(sorted: readonly number[], p: number): number {
  requireValues(sorted, 'quantile');
  requireProbability(p);
  const h = (sorted.length - 1) * p;
  const lower = Math.floor(h);
  const below = sorted[lower] as number;
  const above = sorted[Math.min(lower + 1, sorted.length - 1)] as number;
  // Written as a weighted sum so equal neighbours give exactly that value, even if infinite.
  return below === above ? below : below + (h - lower) * (above - below);
}

/** The p-quantile (0 <= p <= 1) by Hyndman and Fan's type 7, R's and NumPy's default. */
export function quantile(values: readonly number[], p: number): number {
  return quantileOfSorted(sortedAscending(values), p);
}

/** Several quantiles with one sort. */
export function quantiles(values: readonly number[], ps: readonly number[]): number[] {
  const sorted = sortedAscending(values);
  return ps.map((p) => quantileOfSorted(sorted, p));
}

export function mean(values: readonly number[]): number {
  requireValues(values, 'mean');
  // Welford-style running mean: no overflow of a large intermediate sum.
  let m = 0;
  values.forEach((v, i) => {
    m += (v - m) / (i + 1);
  });
  return m;
}

/**
 * Variance with `ddof` delta degrees of freedom: 1 (default) is the sample variance, as R's
 * var(); 0 is the population variance, as NumPy's var() default.
 */
export function variance(values: readonly number[], ddof = 1): number {
  requireValues(values, 'variance');
  if (values.length - ddof <= 0) throw new RangeError(`variance needs more than ${ddof} values`);
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) * (v - m);
  return squares / (values.length - ddof);
}

/** Standard deviation; ddof as for variance (1 = sample, like R's sd()). */
export function stddev(values: readonly number[], ddof = 1): number {
  return Math.sqrt(variance(values, ddof));
}

export interface QuantileInterval {
  readonly lower: number;
  readonly upper: number;
  /** 1-based ranks of the order statistics used as bounds. */
  readonly lowerRank: number;
  readonly upperRank: number;
  /** Exact probability (for continuous data) that [lower, upper] covers the true quantile. */
  readonly coverage: number;
}

/** P(B <= k) for k = 0..n with B ~ Binomial(n, p), from log-space terms so large n is fine. */
function binomialCdf(n: number, p: number): Float64Array {
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  const cdf = new Float64Array(n + 1);
  let logChoose = 0;
  let total = 0;
  for (let k = 0; k <= n; k += 1) {
    if (k > 0) logChoose += Math.log(n - k + 1) - Math.log(k);
    total += Math.exp(logChoose + k * logP + (n - k) * logQ);
    cdf[k] = Math.min(total, 1);
  }
  return cdf;
}

/**
 * Distribution-free confidence interval for the p-quantile from order statistics: the number
 * of observations below the true quantile is Binomial(n, p), so [x(l), x(u)] covers it with
 * probability P(l <= B <= u - 1). l and u are chosen so each tail holds at most (1 - confidence)/2.
 * Returns null when n is too small for the requested confidence (e.g. a 99th percentile from
 * 20 values), which callers must report as "not enough data", not as a pass.
 */
export function quantileConfidenceInterval(
  values: readonly number[],
  p: number,
  confidence = 0.95,
): QuantileInterval | null {
  requireValues(values, 'quantile interval');
  if (!(p > 0 && p < 1)) throw new RangeError(`interval probability must be strictly between 0 and 1, got ${p}`);
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be between 0 and 1, got ${confidence}`);
  const sorted = sortedAscending(values);
  const n = sorted.length;
  const tail = (1 - confidence) / 2;
  const cdf = binomialCdf(n, p);
  const at = (k: number): number => (k < 0 ? 0 : (cdf[k] as number));
  // Largest l with P(B <= l - 1) <= tail, smallest u with P(B <= u - 1) >= 1 - tail.
  let lowerRank = 0;
  for (let l = 1; l <= n && at(l - 1) <= tail; l += 1) lowerRank = l;
  let upperRank = 0;
  for (let u = n; u >= 1 && at(u - 1) >= 1 - tail; u -= 1) upperRank = u;
  if (lowerRank === 0 || upperRank === 0 || lowerRank >= upperRank) return null;
  return {
    lower: sorted[lowerRank - 1] as number,
    upper: sorted[upperRank - 1] as number,
    lowerRank,
    upperRank,
    coverage: at(upperRank - 1) - at(lowerRank - 1),
  };
}
