/**
 * Budgets are products of small differences (1 - 0.9999) and large periods, so binary floating
 * point leaves noise in the last digits (3153.5999999996527 instead of 3153.6). Rounding to 12
 * significant digits removes that noise while keeping far more precision than any budget needs.
 */
export function cleanFloat(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(12)) : value;
}
