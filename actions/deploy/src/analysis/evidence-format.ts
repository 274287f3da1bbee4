/** Numbers in evidence sentences: short, with units, never "NaN" dressed up as a value. */

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return 'n/a';
  const percent = ratio * 100;
  const digits = Math.abs(percent) >= 10 ? 1 : Math.abs(percent) >= 0.1 ? 2 : 3;
  return `${Number(percent.toFixed(digits))} %`;
}

export function formatSignedPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return 'n/a';
  return `${ratio >= 0 ? '+' : ''}${formatPercent(ratio)}`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return 'n/a';
  return `${Number(ms.toPrecision(Math.abs(ms) >= 100 ? 4 : 3))} ms`;
}

export function formatP(p: number | undefined): string {
  if (p === undefined || !Number.isFinite(p)) return 'p=n/a';
  return p < 1e-4 ? `p<0.0001` : `p=${Number(p.toPrecision(2))}`;
}

export function formatInterval(interval: [number, number], format: (x: number) => string): string {
  return `[${format(interval[0])}, ${format(interval[1])}]`;
}

/** Linear-interpolation quantile (Hyndman-Fan type 7) of an ascending array. */
export function sortedQuantile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
