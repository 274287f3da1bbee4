/**
 * Always-valid sequential tests: the mixture sequential probability ratio test (mSPRT) of
 * Johari, Pekelis & Walsh, "Always valid inference" (2017), with a normal mixing distribution.
 *
 * At each look we have an estimate θ̂ of an effect whose sampling distribution is close to
 * N(θ, V) (a difference of proportions, a rank statistic). The likelihood ratio of "θ = θ0 + δ"
 * against "θ = θ0", averaged over δ ~ N(0, τ²), is a martingale under H0, so by Ville's
 * inequality P(it ever exceeds 1/α) <= α: the running minimum of 1/Λ is a p-value that stays
 * valid however many times, and whenever, the data is looked at. A fixed-n test repeated at every
 * look has no such guarantee; with 50 looks its false-positive rate is several times α.
 *
 * One-sided variant (rollback only when the candidate is WORSE): mix over δ ~ N(0, τ²) truncated
 * to δ > 0 (half-normal), which integrates in closed form (derivation in logMixtureRatio). Each
 * component is a likelihood ratio for some δ > 0, whose expectation is <= 1 for every θ <= θ0, so
 * the test controls the whole composite null θ <= θ0.
 *
 * τ sets where the test is most powerful: it should be of the order of the effects worth
 * detecting, in the units of θ. A badly chosen τ costs power (slowly: the penalty is a log), never
 * validity. The Gaussian model is an approximation that improves with the sample size; the
 * simulations in tests check the error rate over 50 looks stays below α.
 */
import { logNormalCdf } from './normal-distribution.js';

export type SequentialSide = 'greater' | 'two-sided';

export interface MixtureSprtOptions {
  /** Standard deviation of the mixing distribution, in the units of the effect. */
  tau: number;
  /** Rejection level; the test rejects once the always-valid p-value is <= alpha. */
  alpha: number;
  /** `greater` (default): H1 is θ > θ0. */
  side?: SequentialSide;
  /** Null value θ0; default 0. */
  nullValue?: number;
}

export interface SequentialLook {
  look: number;
  estimate: number;
  variance: number;
  /** log of the mixture likelihood ratio at this look (0 when there is no information yet). */
  logLikelihoodRatio: number;
  /** Always-valid p-value: min over looks so far of 1/Λ, capped at 1. Never increases. */
  pValue: number;
  /** Once true, stays true. */
  rejected: boolean;
}

/**
 * log Λ for estimate x - θ0 = d with variance V. Two-sided: Λ = sqrt(V/(V+τ²)) exp(d² τ² / (2V(V+τ²))).
 * One-sided: ∫_0^∞ exp(δd/V - δ²/2V) 2φ(δ/τ)/τ dδ; completing the square in δ gives
 * 2 sqrt(V/(V+τ²)) exp(d²τ²/(2V(V+τ²))) Φ(dτ / sqrt(V(V+τ²))).
 */
export function logMixtureRatio(d: number, variance: number, tau: number, side: SequentialSide): number {
  if (!(variance > 0) || !Number.isFinite(d)) return 0;
  const t2 = tau * tau;
  const total = variance + t2;
  const base = 0.5 * Math.log(variance / total) + (d * d * t2) / (2 * variance * total);
  if (side === 'two-sided') return base;
  return Math.LN2 + base + logNormalCdf((d * tau) / Math.sqrt(variance * total));
}

/**
 * Smallest standardised estimate z = d / sqrt(V) at which a single look rejects at level alpha.
 * Grows slowly with the information (about sqrt(log(τ²/V))), which is the price of validity
 * under continuous monitoring; power.ts plans the canary with it.
 */
export function msprtCriticalZ(variance: number, tau: number, alpha: number, side: SequentialSide = 'greater'): number {
  const target = Math.log(1 / alpha);
  const sd = Math.sqrt(variance);
  let lo = 0;
  let hi = 1;
  while (logMixtureRatio(hi * sd, variance, tau, side) < target) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (logMixtureRatio(mid * sd, variance, tau, side) < target) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** One always-valid test, fed an estimate and its variance at every look. */
export class MixtureSprt {
  private readonly tau: number;
  private readonly side: SequentialSide;
  private readonly nullValue: number;
  readonly alpha: number;
  private looks = 0;
  private minPValue = 1;
  private last: SequentialLook | undefined;

  constructor(options: MixtureSprtOptions) {
    if (!(options.tau > 0)) throw new RangeError(`tau must be > 0; got ${options.tau}`);
    if (!(options.alpha > 0 && options.alpha < 1))
      throw new RangeError(`alpha must be within (0, 1); got ${options.alpha}`);
    this.tau = options.tau;
    this.alpha = options.alpha;
    this.side = options.side ?? 'greater';
    this.nullValue = options.nullValue ?? 0;
  }

  /** Record one look. Non-finite input or no variance counts as a look without evidence. */
  update(estimate: number, variance: number): SequentialLook {
    this.looks++;
    const informative = Number.isFinite(estimate) && Number.isFinite(variance) && variance > 0;
    const llr = informative ? logMixtureRatio(estimate - this.nullValue, variance, this.tau, this.side) : 0;
    this.minPValue = Math.min(this.minPValue, Math.min(1, Math.exp(-llr)));
    this.last = {
      look: this.looks,
      estimate,
      variance,
      logLikelihoodRatio: llr,
      pValue: this.minPValue,
      rejected: this.minPValue <= this.alpha,
    };
    return this.last;
  }

  get pValue(): number {
    return this.minPValue;
  }

  get rejected(): boolean {
    return this.minPValue <= this.alpha;
  }

  get lastLook(): SequentialLook | undefined {
    return this.last;
  }
}
