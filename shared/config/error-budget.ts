/**
 * Error budgets and burn rates, all computed from the availability target: the downtime budget
 * is (1 - target) x period, never a number copied from a table.
 *
 * Burn rate is how fast the budget is being spent relative to "exactly on budget": a burn rate
 * of 1 spends the whole budget in exactly one SLO window; 14.4 spends it in 1/14.4 of it.
 */
import { cleanFloat } from './float.js';

export const SECONDS_PER_DAY = 86_400;
/** The specification's year: 365 days, no leap day. */
export const SECONDS_PER_YEAR = 365 * SECONDS_PER_DAY;
export const DEFAULT_SLO_WINDOW_SECONDS = 30 * SECONDS_PER_DAY;

export interface ErrorBudgets {
  /** The SLO window the per-window budget is computed over. */
  sloWindowSeconds: number;
  /** 1 - target: the share of requests (or of time) allowed to fail. */
  allowedErrorRatio: number;
  downtimePerYearSeconds: number;
  downtimePerSloWindowSeconds: number;
}

/**
 * 1 - target, e.g. 0.0001 for 0.9999. Near 1 a double is only exact to about 1e-16, so the
 * difference carries that much absolute noise (1 - 0.999999 = 1.0000000000287557e-6), which a
 * large period would magnify into visible digits; rounding at 1e-15 removes it.
 */
export function allowedErrorRatio(target: number): number {
  assertTarget(target);
  return cleanFloat(Math.round((1 - target) * 1e15) / 1e15);
}

/** (1 - target) x period. */
export function downtimeBudgetSeconds(target: number, periodSeconds: number): number {
  if (!(periodSeconds >= 0)) throw new RangeError(`period must be >= 0 seconds; got ${periodSeconds}`);
  return cleanFloat(allowedErrorRatio(target) * periodSeconds);
}

export function errorBudgets(target: number, sloWindowSeconds: number = DEFAULT_SLO_WINDOW_SECONDS): ErrorBudgets {
  return {
    sloWindowSeconds,
    allowedErrorRatio: allowedErrorRatio(target),
    downtimePerYearSeconds: downtimeBudgetSeconds(target, SECONDS_PER_YEAR),
    downtimePerSloWindowSeconds: downtimeBudgetSeconds(target, sloWindowSeconds),
  };
}

/** Observed error ratio divided by the allowed one: 1 means exactly on budget. */
export function burnRate(observedErrorRatio: number, target: number): number {
  if (!(observedErrorRatio >= 0 && observedErrorRatio <= 1)) {
    throw new RangeError(`observed error ratio must be within 0..1; got ${observedErrorRatio}`);
  }
  return cleanFloat(observedErrorRatio / allowedErrorRatio(target));
}

/**
 * The burn rate that spends `budgetFraction` of an SLO window's budget within `alertWindowSeconds`:
 * fraction x window / alertWindow. For a 30 d window, 2 % in 1 h is 14.4, 5 % in 6 h is 6 and
 * 10 % in 3 d is 1.
 */
export function burnRateThreshold(
  budgetFraction: number,
  sloWindowSeconds: number,
  alertWindowSeconds: number,
): number {
  if (!(budgetFraction > 0 && budgetFraction <= 1)) {
    throw new RangeError(`budget fraction must be within (0, 1]; got ${budgetFraction}`);
  }
  if (!(alertWindowSeconds > 0 && sloWindowSeconds > 0)) {
    throw new RangeError('windows must be longer than 0 seconds');
  }
  return cleanFloat((budgetFraction * sloWindowSeconds) / alertWindowSeconds);
}

/** How long until the whole window's budget is gone at this burn rate (Infinity at 0). */
export function timeToExhaustionSeconds(rate: number, sloWindowSeconds: number): number {
  if (!(rate >= 0)) throw new RangeError(`burn rate must be >= 0; got ${rate}`);
  return rate === 0 ? Number.POSITIVE_INFINITY : cleanFloat(sloWindowSeconds / rate);
}

/** Share of the window's budget still unspent (negative once overspent). */
export function remainingBudgetFraction(observedErrorRatio: number, target: number): number {
  return cleanFloat(1 - burnRate(observedErrorRatio, target));
}

export interface BurnRateAlert {
  severity: 'page' | 'ticket';
  /** Share of the SLO window's budget that firing protects. */
  budgetFraction: number;
  longWindowSeconds: number;
  /** The short window keeps the alert from firing long after the burn has stopped. */
  shortWindowSeconds: number;
  /** Fires when both windows burn at least this fast. */
  burnRate: number;
  /** burnRate x allowed error ratio: the error ratio both windows must exceed. */
  errorRatio: number;
}

/**
 * The multiwindow, multi-burn-rate policy from Google's SRE Workbook ("Alerting on SLOs"):
 * page when 2 % of the budget burns in 1 h or 5 % in 6 h, open a ticket when 10 % burns in 3 d;
 * each long window is paired with a short window 1/12 its length. Only the fractions and windows
 * are policy; the burn rates follow from the SLO window.
 */
export const MULTIWINDOW_POLICY: readonly {
  severity: BurnRateAlert['severity'];
  budgetFraction: number;
  longWindowSeconds: number;
}[] = [
  { severity: 'page', budgetFraction: 0.02, longWindowSeconds: 3_600 },
  { severity: 'page', budgetFraction: 0.05, longWindowSeconds: 6 * 3_600 },
  { severity: 'ticket', budgetFraction: 0.1, longWindowSeconds: 3 * SECONDS_PER_DAY },
];

export function multiwindowBurnRateAlerts(
  target: number,
  sloWindowSeconds: number = DEFAULT_SLO_WINDOW_SECONDS,
): BurnRateAlert[] {
  const allowed = allowedErrorRatio(target);
  return MULTIWINDOW_POLICY.map((rule) => {
    const rate = burnRateThreshold(rule.budgetFraction, sloWindowSeconds, rule.longWindowSeconds);
    return {
      severity: rule.severity,
      budgetFraction: rule.budgetFraction,
      longWindowSeconds: rule.longWindowSeconds,
      shortWindowSeconds: rule.longWindowSeconds / 12,
      burnRate: rate,
      errorRatio: cleanFloat(Math.min(1, rate * allowed)),
    };
  });
}

function assertTarget(target: number): void {
  if (!(target > 0 && target < 1)) throw new RangeError(`availability target must be within (0, 1); got ${target}`);
}
