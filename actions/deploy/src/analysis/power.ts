/**
 * Before a canary starts: what can the planned traffic detect? A canary at 1 % of 5 req/s for
 * five minutes sees 15 requests and can only catch a disaster; saying "pass" after it is
 * theatre. This computes, for the judge's own tests (always-valid thresholds, alpha shares and
 * tolerances), the smallest latency increase and error-rate multiple detected with the given
 * power, and what duration would reach the targets.
 *
 * Approximation, stated: power is computed at the final look only (z of the final estimate
 * against the mSPRT's single-look critical value, under a normal model). Earlier looks can only
 * add detections, so the real power is a little higher; the estimate is conservative.
 * Latency is modelled as lognormal with the given log-sd, a regression as a pure scale change.
 */
import { formatPercent, formatSignedPercent } from './evidence-format.js';
import type { JudgeThresholds, PowerEstimate } from './judge-contract.js';
import { DEFAULT_LATENCY_TAU, defaultErrorTau, splitAlpha } from './judge-settings.js';
import { msprtCriticalZ } from './msprt.js';
import { normalCdf, normalQuantile } from './normal-distribution.js';
import { restrictedVariance } from './two-proportion.js';

export type PowerPolicy = 'warn' | 'extend' | 'refuse';

export interface PowerInput {
  /** Total expected traffic of the service. */
  requestsPerSecond: number;
  /** Share of traffic the candidate gets during the analysis, 0..1 (e.g. 0.05 at a 5 % step). */
  candidateShare: number;
  /** Share the baseline gets; default the same as the candidate (Kayenta-style pairing). */
  baselineShare?: number;
  durationSeconds: number;
  /** Expected error rate of the stable version; > 0 (pass the SLO's allowed rate if unknown). */
  baselineErrorRate: number;
  /** Standard deviation of log-latency (about 0.5 for many web services). */
  latencyLogSd: number;
  thresholds: JudgeThresholds;
  /** The judge's alpha for the rollout. */
  alpha: number;
  /** Default 0.8. */
  power?: number;
  /** What the canary must be able to detect; defaults +20 % latency and 2x errors. */
  targets?: { latencyIncrease?: number; errorRatio?: number };
  /** What to do when it cannot: warn (default), extend the analysis, or refuse to start. */
  policy?: PowerPolicy;
  latencyTau?: number;
  errorTau?: number;
  /** Upper bound for suggested durations; default 24 h. */
  maxDurationSeconds?: number;
}

export interface PowerPlan extends PowerEstimate {
  candidateRequests: number;
  baselineRequests: number;
  /** proceed when adequate; otherwise the policy. */
  action: 'proceed' | PowerPolicy;
  /** Shortest duration that reaches both targets at this traffic, null if none within the bound. */
  suggestedDurationSeconds: number | null;
}

export function estimatePower(input: PowerInput): PowerPlan {
  validate(input);
  const power = input.power ?? 0.8;
  const targets = {
    latencyIncrease: input.targets?.latencyIncrease ?? 0.2,
    errorRatio: input.targets?.errorRatio ?? 2,
  };
  const { baselineRequests, candidateRequests } = requestsFor(input, input.durationSeconds);
  const latency = minimumDetectableLatencyIncrease(input, baselineRequests, candidateRequests, power);
  const errors = minimumDetectableErrorRatio(input, baselineRequests, candidateRequests, power);
  const adequate = latency <= targets.latencyIncrease && errors <= targets.errorRatio;
  const suggested = adequate ? input.durationSeconds : durationNeededSeconds(input);
  const action = adequate ? 'proceed' : (input.policy ?? 'warn');
  const can =
    `in ${formatDuration(input.durationSeconds)} at ${formatPercent(input.candidateShare)} of ${input.requestsPerSecond} req/s ` +
    `(${Math.round(candidateRequests)} candidate requests) the judge detects latency ${formatSignedPercent(latency)} ` +
    `and error rate x${formatRatio(errors)} with ${Math.round(power * 100)} % power`;
  const goal = `targets ${formatSignedPercent(targets.latencyIncrease)} and x${formatRatio(targets.errorRatio)}`;
  const needed =
    suggested === null
      ? `no duration up to ${formatDuration(input.maxDurationSeconds ?? 86_400)} reaches them at this traffic share`
      : `about ${formatDuration(suggested)} would`;
  let advice: string;
  if (adequate) advice = `Canary power is adequate: ${can}; ${goal}.`;
  else if (action === 'refuse')
    advice = `Refusing to start the canary: ${can}; ${goal}; ${needed}. Raise the traffic share or the duration.`;
  else if (action === 'extend' && suggested !== null) {
    advice = `Extending the analysis to ${formatDuration(suggested)}: ${can}; ${goal}.`;
  } else advice = `Canary is underpowered: ${can}; ${goal}; ${needed}.`;
  return {
    minDetectableLatencyIncrease: latency,
    minDetectableErrorRatio: errors,
    expectedRequestsPerRole: Math.min(baselineRequests, candidateRequests),
    power,
    adequate,
    advice,
    candidateRequests,
    baselineRequests,
    action,
    suggestedDurationSeconds: suggested,
  };
}

/**
 * Relative latency increase r detected with `power`. The judge's statistic is
 * P(log C - log B > log(1 + tol)) - 1/2 with null variance V = (n + m + 1) / (12 n m); for a
 * lognormal scale change it equals Φ((log(1 + r) - log(1 + tol)) / (σ√2)) - 1/2, so we solve for r.
 */
export function minimumDetectableLatencyIncrease(
  input: PowerInput,
  baselineN: number,
  candidateN: number,
  power = 0.8,
): number {
  if (!(baselineN >= 1 && candidateN >= 1)) return Infinity;
  const variance = (baselineN + candidateN + 1) / (12 * baselineN * candidateN);
  const alpha = splitAlpha(input.alpha, input.thresholds).latencyShift;
  const critical = msprtCriticalZ(variance, input.latencyTau ?? DEFAULT_LATENCY_TAU, alpha);
  const theta = (critical + normalQuantile(power)) * Math.sqrt(variance);
  if (theta >= 0.5) return Infinity;
  const logShift = input.latencyLogSd * Math.SQRT2 * normalQuantile(0.5 + theta);
  return (1 + input.thresholds.latencyTolerance) * Math.exp(logShift) - 1;
}

/** Smallest multiple ρ of the baseline error rate detected with `power` (bisection on ρ). */
export function minimumDetectableErrorRatio(
  input: PowerInput,
  baselineN: number,
  candidateN: number,
  power = 0.8,
): number {
  const pb = input.baselineErrorRate;
  const limit = 1 / pb;
  if (!(baselineN >= 1 && candidateN >= 1) || errorPower(input, baselineN, candidateN, limit) < power) return Infinity;
  let lo = 1 + input.thresholds.errorTolerance;
  let hi = limit;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (errorPower(input, baselineN, candidateN, mid) >= power) hi = mid;
    else lo = mid;
  }
  return hi;
}

function errorPower(input: PowerInput, n0: number, n1: number, rho: number): number {
  const pb = input.baselineErrorRate;
  const pc = Math.min(1, rho * pb);
  const ratio = 1 + input.thresholds.errorTolerance;
  const counts = { baselineErrors: pb * n0, baselineRequests: n0, candidateErrors: pc * n1, candidateRequests: n1 };
  const nullVariance = restrictedVariance(counts, ratio);
  const trueVariance = (pc * (1 - pc)) / n1 + (ratio * ratio * pb * (1 - pb)) / n0;
  if (!(nullVariance > 0 && trueVariance > 0)) return 0;
  const alpha = splitAlpha(input.alpha, input.thresholds).errorRelative;
  const critical = msprtCriticalZ(nullVariance, input.errorTau ?? defaultErrorTau(input.thresholds), alpha);
  return normalCdf((pc - ratio * pb - critical * Math.sqrt(nullVariance)) / Math.sqrt(trueVariance));
}

/** Shortest duration reaching both targets (doubling, then bisection to ~1 %); null if beyond the bound. */
export function durationNeededSeconds(input: PowerInput): number | null {
  validate(input);
  const power = input.power ?? 0.8;
  const maxDuration = input.maxDurationSeconds ?? 86_400;
  const latencyTarget = input.targets?.latencyIncrease ?? 0.2;
  const errorTarget = input.targets?.errorRatio ?? 2;
  const enough = (seconds: number): boolean => {
    const { baselineRequests, candidateRequests } = requestsFor(input, seconds);
    return (
      minimumDetectableLatencyIncrease(input, baselineRequests, candidateRequests, power) <= latencyTarget &&
      minimumDetectableErrorRatio(input, baselineRequests, candidateRequests, power) <= errorTarget
    );
  };
  let hi = Math.max(1, input.durationSeconds);
  while (!enough(hi)) {
    if (hi >= maxDuration) return null;
    hi = Math.min(maxDuration, hi * 2);
  }
  let lo = 0;
  while (hi - lo > Math.max(1, hi * 0.01)) {
    const mid = (lo + hi) / 2;
    if (enough(mid)) hi = mid;
    else lo = mid;
  }
  return Math.ceil(hi);
}

function requestsFor(input: PowerInput, seconds: number): { baselineRequests: number; candidateRequests: number } {
  const baselineShare = input.baselineShare ?? input.candidateShare;
  return {
    baselineRequests: input.requestsPerSecond * baselineShare * seconds,
    candidateRequests: input.requestsPerSecond * input.candidateShare * seconds,
  };
}

function validate(input: PowerInput): void {
  const checks: [boolean, string][] = [
    [input.requestsPerSecond > 0, `requestsPerSecond must be > 0; got ${input.requestsPerSecond}`],
    [
      input.candidateShare > 0 && input.candidateShare <= 1,
      `candidateShare must be within (0, 1]; got ${input.candidateShare}`,
    ],
    [
      input.baselineShare === undefined || (input.baselineShare > 0 && input.baselineShare <= 1),
      `baselineShare must be within (0, 1]`,
    ],
    [input.durationSeconds > 0, `durationSeconds must be > 0; got ${input.durationSeconds}`],
    [
      input.baselineErrorRate > 0 && input.baselineErrorRate < 1,
      `baselineErrorRate must be within (0, 1); got ${input.baselineErrorRate}`,
    ],
    [input.latencyLogSd > 0, `latencyLogSd must be > 0; got ${input.latencyLogSd}`],
    [input.alpha > 0 && input.alpha < 1, `alpha must be within (0, 1); got ${input.alpha}`],
    [input.power === undefined || (input.power > 0 && input.power < 1), `power must be within (0, 1)`],
  ];
  for (const [ok, message] of checks) if (!ok) throw new RangeError(`canary power: ${message}`);
}

function formatRatio(x: number): string {
  return Number.isFinite(x) ? `${Number(x.toPrecision(3))}` : 'inf (not detectable)';
}

function formatDuration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Number((seconds / 3600).toFixed(1))} h`;
}
