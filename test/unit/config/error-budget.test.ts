import { describe, expect, it } from 'vitest';
import { AVAILABILITY_LEVEL_PERCENT } from '../../../shared/config/availability.js';
import {
  allowedErrorRatio,
  burnRate,
  burnRateThreshold,
  downtimeBudgetSeconds,
  errorBudgets,
  multiwindowBurnRateAlerts,
  remainingBudgetFraction,
  SECONDS_PER_YEAR,
  timeToExhaustionSeconds,
} from '../../../shared/config/error-budget.js';

const DAY = 86_400;

describe('downtime budgets', () => {
  // The specification's table, written as it is printed there: the computed budget must round
  // to exactly these figures.
  it.each([
    ['standard', (s: number) => (s / 3600).toFixed(1), '87.6'], // h
    ['high', (s: number) => (s / 3600).toFixed(2), '8.76'], // h
    ['very_high', (s: number) => (s / 60).toFixed(2), '52.56'], // min
    ['extreme', (s: number) => (s / 60).toFixed(2), '5.26'], // min
    ['ultimate', (s: number) => s.toFixed(1), '31.5'], // s
  ] as const)('%s: per year matches the specification table', (level, inTableUnit, expected) => {
    const target = AVAILABILITY_LEVEL_PERCENT[level] / 100;
    expect(inTableUnit(downtimeBudgetSeconds(target, SECONDS_PER_YEAR))).toBe(expected);
  });

  it('computes exact seconds from (1 - target) x period', () => {
    expect(downtimeBudgetSeconds(0.99, SECONDS_PER_YEAR)).toBe(315_360);
    expect(downtimeBudgetSeconds(0.9999, SECONDS_PER_YEAR)).toBe(3153.6);
    expect(downtimeBudgetSeconds(0.999999, SECONDS_PER_YEAR)).toBe(31.536);
    expect(downtimeBudgetSeconds(0.9999, 30 * DAY)).toBe(259.2);
  });

  it('bundles the budgets for a target and SLO window', () => {
    expect(errorBudgets(0.999, 28 * DAY)).toEqual({
      sloWindowSeconds: 28 * DAY,
      allowedErrorRatio: 0.001,
      downtimePerYearSeconds: 31_536,
      downtimePerSloWindowSeconds: 2419.2,
    });
    expect(errorBudgets(0.999).sloWindowSeconds).toBe(30 * DAY);
  });

  it('refuses targets outside (0, 1)', () => {
    expect(() => allowedErrorRatio(1)).toThrow(RangeError);
    expect(() => allowedErrorRatio(99.9)).toThrow(RangeError);
  });
});

describe('burn rates', () => {
  it('is the observed error ratio over the allowed one', () => {
    expect(burnRate(0.001, 0.999)).toBe(1);
    expect(burnRate(0.0144, 0.999)).toBe(14.4);
    expect(burnRate(0, 0.999)).toBe(0);
    expect(remainingBudgetFraction(0.0005, 0.999)).toBe(0.5);
    expect(() => burnRate(1.5, 0.999)).toThrow(RangeError);
  });

  it('derives the multiwindow thresholds 14.4x / 6x / 1x from a 30 day window', () => {
    expect(burnRateThreshold(0.02, 30 * DAY, 3600)).toBe(14.4);
    expect(burnRateThreshold(0.05, 30 * DAY, 6 * 3600)).toBe(6);
    expect(burnRateThreshold(0.1, 30 * DAY, 3 * DAY)).toBe(1);
  });

  it('builds the alert set from the target and window instead of copying numbers', () => {
    const alerts = multiwindowBurnRateAlerts(0.999, 30 * DAY);
    expect(
      alerts.map((a) => [a.severity, a.burnRate, a.longWindowSeconds, a.shortWindowSeconds, a.errorRatio]),
    ).toEqual([
      ['page', 14.4, 3600, 300, 0.0144],
      ['page', 6, 21_600, 1800, 0.006],
      ['ticket', 1, 3 * DAY, 6 * 3600, 0.001],
    ]);
    // A 28 day window changes every threshold: they are computed, not hard-coded.
    expect(multiwindowBurnRateAlerts(0.999, 28 * DAY).map((a) => a.burnRate)).toEqual([13.44, 5.6, 0.933333333333]);
  });

  it('says when the budget runs out at a given burn rate', () => {
    expect(timeToExhaustionSeconds(14.4, 30 * DAY)).toBe(180_000); // 50 h
    expect(timeToExhaustionSeconds(0, 30 * DAY)).toBe(Number.POSITIVE_INFINITY);
  });
});
