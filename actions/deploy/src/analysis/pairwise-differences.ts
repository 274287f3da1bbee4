/**
 * Order statistics of all n x m pairwise differences candidate[j] - baseline[i] without building
 * them: 50k x 50k requests would be 2.5e9 numbers. With both samples sorted, each row
 * (fixed baseline i) is increasing in j and each column decreasing in i, so counting the pairs
 * below a threshold is one O(n + m) two-pointer sweep. Selection keeps, per row, the column
 * range still in play and pivots on a uniformly random remaining pair (randomised selection in
 * a sorted matrix), so the range shrinks geometrically: O((n + m) log(n m)) expected, exact. Pivots come from a
 * sorted random sample of the remaining pairs (Floyd-Rivest style), which brackets rank k
 * tightly, so a 50k x 50k selection takes a handful of O(n + m) sweeps instead of dozens.
 *
 * Every comparison uses the same floating-point expression `c[j] - b[i]`; rounding is monotone,
 * so the sorted-matrix property holds for the computed differences themselves.
 */
import { SeededRandom } from './seeded-random.js';

/** Once this few pairs remain, copy them out and finish with quickselect. */
const FINISH_WITH_QUICKSELECT = 100_000;
/** Random remaining pairs sorted per round to place the pivots. */
const PIVOT_SAMPLE = 8192;

export class PairwiseDifferences {
  readonly pairs: number;
  private readonly random = new SeededRandom(0x5eed);

  /** Both arrays must be sorted ascending and free of NaN (see sortedSample). */
  constructor(
    private readonly baseline: Float64Array,
    private readonly candidate: Float64Array,
  ) {
    this.pairs = baseline.length * candidate.length;
  }

  get baselineN(): number {
    return this.baseline.length;
  }

  get candidateN(): number {
    return this.candidate.length;
  }

  /** How many differences are < t and how many are <= t. */
  countBelow(t: number): { less: number; lessOrEqual: number } {
    const b = this.baseline;
    const c = this.candidate;
    const m = c.length;
    let less = 0;
    let lessOrEqual = 0;
    // Row by row with b[i] ascending, c[j] - b[i] falls, so both boundaries only move right.
    let jl = 0;
    let je = 0;
    for (let i = 0; i < b.length; i++) {
      const bi = b[i]!;
      while (jl < m && c[jl]! - bi < t) jl++;
      if (je < jl) je = jl;
      while (je < m && c[je]! - bi <= t) je++;
      less += jl;
      lessOrEqual += je;
    }
    return { less, lessOrEqual };
  }

  /** The k-th smallest difference, k = 0 .. pairs - 1. */
  select(k: number): number {
    return this.selectMany([k])[0]!;
  }

  /**
   * Several order statistics at once (a median and its confidence bounds lie close together, so
   * they share the first rounds of narrowing); results in the order of `ranks`.
   */
  selectMany(ranks: readonly number[]): number[] {
    for (const k of ranks) {
      if (!(k >= 0 && k < this.pairs && Number.isInteger(k))) {
        throw new RangeError(`rank ${k} outside 0..${this.pairs - 1}`);
      }
    }
    const lo = new Int32Array(this.baseline.length);
    const hi = new Int32Array(this.baseline.length).fill(this.candidate.length);
    const found = new Map<number, number>();
    this.refine(
      [...new Set(ranks)].sort((x, y) => x - y),
      lo,
      hi,
      found,
    );
    return ranks.map((k) => found.get(k)!);
  }

  /**
   * Remaining candidates in row i are columns lo[i] .. hi[i]-1; everything left of lo ranks below
   * every k, everything right of hi above them. Narrow while that holds for all ks together, then
   * split them up.
   */
  private refine(ks: number[], lo: Int32Array, hi: Int32Array, found: Map<number, number>): void {
    const kMin = ks[0]!;
    const kMax = ks[ks.length - 1]!;
    let { remaining, removedBelow } = this.tally(lo, hi);
    while (remaining > FINISH_WITH_QUICKSELECT) {
      // A sample about as large as one sweep costs no more than the sweep itself.
      const size = Math.min(PIVOT_SAMPLE, Math.max(256, lo.length + this.candidate.length));
      const sample = this.sampleRemaining(lo, hi, remaining, size);
      const spread = 2.5 * Math.sqrt(size);
      const at = (k: number, offset: number): number =>
        Math.min(size - 1, Math.max(0, Math.round(((k - removedBelow) / remaining) * size + offset)));
      const low = sample[at(kMin, -spread)]!;
      const high = sample[at(kMax, spread)]!;
      const t = this.countTwo(low, high);
      if (ks.length === 1) {
        if (kMin >= t.lessLow && kMin < t.leqLow) return void found.set(kMin, low);
        if (kMin >= t.lessHigh && kMin < t.leqHigh) return void found.set(kMin, high);
      }
      const dropAtOrBelow = kMin >= t.leqHigh ? high : kMin >= t.leqLow ? low : null;
      const dropAtOrAbove = kMax < t.lessLow ? low : kMax < t.lessHigh ? high : null;
      if (dropAtOrBelow !== null || dropAtOrAbove !== null) this.narrow(lo, hi, dropAtOrBelow, dropAtOrAbove);
      const before = remaining;
      ({ remaining, removedBelow } = this.tally(lo, hi));
      if (ks.length > 1 && remaining > before / 2) {
        // The ranks are too far apart to share more rounds: finish each on its own copy.
        for (const k of ks) this.refine([k], lo.slice(), hi.slice(), found);
        return;
      }
    }
    const rest = new Float64Array(remaining);
    let w = 0;
    for (let i = 0; i < lo.length; i++) {
      const bi = this.baseline[i]!;
      for (let j = lo[i]!; j < hi[i]!; j++) rest[w++] = this.candidate[j]! - bi;
    }
    for (const k of ks) found.set(k, quickselect(rest, k - removedBelow));
  }

  private tally(lo: Int32Array, hi: Int32Array): { remaining: number; removedBelow: number } {
    let remaining = 0;
    let removedBelow = 0;
    for (let i = 0; i < lo.length; i++) {
      remaining += hi[i]! - lo[i]!;
      removedBelow += lo[i]!;
    }
    return { remaining, removedBelow };
  }

  /**
   * `size` remaining pairs drawn uniformly (with replacement), sorted by difference. The
   * positions are generated already in order (normalised cumulative exponential gaps), so rows
   * are walked once instead of binary-searched per draw.
   */
  private sampleRemaining(lo: Int32Array, hi: Int32Array, remaining: number, size: number): Float64Array {
    const positions = new Float64Array(size);
    let sum = 0;
    for (let s = 0; s < size; s++) {
      sum -= Math.log(1 - this.random.next());
      positions[s] = sum;
    }
    const scale = remaining / (sum - Math.log(1 - this.random.next()));
    const sample = new Float64Array(size);
    let row = 0;
    let rowStart = 0; // position of the first remaining pair of `row`
    for (let s = 0; s < size; s++) {
      const r = Math.min(remaining - 1, Math.floor(positions[s]! * scale));
      while (rowStart + (hi[row]! - lo[row]!) <= r) {
        rowStart += hi[row]! - lo[row]!;
        row++;
      }
      sample[s] = this.candidate[lo[row]! + (r - rowStart)]! - this.baseline[row]!;
    }
    return sample.sort();
  }

  /** How many differences are < low, <= low, < high and <= high (low <= high), in one sweep. */
  private countTwo(low: number, high: number) {
    const b = this.baseline;
    const c = this.candidate;
    const m = c.length;
    let lessLow = 0;
    let leqLow = 0;
    let lessHigh = 0;
    let leqHigh = 0;
    let j1 = 0;
    let j2 = 0;
    let j3 = 0;
    let j4 = 0;
    for (let i = 0; i < b.length; i++) {
      const bi = b[i]!;
      while (j1 < m && c[j1]! - bi < low) j1++;
      if (j2 < j1) j2 = j1;
      while (j2 < m && c[j2]! - bi <= low) j2++;
      if (j3 < j2) j3 = j2;
      while (j3 < m && c[j3]! - bi < high) j3++;
      if (j4 < j3) j4 = j3;
      while (j4 < m && c[j4]! - bi <= high) j4++;
      lessLow += j1;
      leqLow += j2;
      lessHigh += j3;
      leqHigh += j4;
    }
    return { lessLow, leqLow, lessHigh, leqHigh };
  }

  /** Drop, row by row, differences <= `atOrBelow` and >= `atOrAbove`, never inverting a range. */
  private narrow(lo: Int32Array, hi: Int32Array, atOrBelow: number | null, atOrAbove: number | null): void {
    const b = this.baseline;
    const c = this.candidate;
    const m = c.length;
    let ja = 0;
    let jb = 0;
    for (let i = 0; i < b.length; i++) {
      const bi = b[i]!;
      if (atOrBelow !== null) {
        while (ja < m && c[ja]! - bi <= atOrBelow) ja++;
        if (ja > lo[i]!) lo[i] = Math.min(ja, hi[i]!);
      }
      if (atOrAbove !== null) {
        while (jb < m && c[jb]! - bi < atOrAbove) jb++;
        if (jb < hi[i]!) hi[i] = Math.max(jb, lo[i]!);
      }
    }
  }
}

/** k-th smallest of a (scratch) array, Hoare partition with median-of-three pivots. */
function quickselect(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (right > left) {
    const mid = (left + right) >>> 1;
    const a = values[left]!;
    const bm = values[mid]!;
    const z = values[right]!;
    const pivot = a < bm ? (bm < z ? bm : a < z ? z : a) : a < z ? a : bm < z ? z : bm;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return values[k]!;
  }
  return values[k]!;
}
