/**
 * A small, fast, reproducible pseudo-random generator for simulations and tests (never for
 * anything secret). The core is mulberry32: a 32-bit state advanced by a Weyl step and mixed by
 * two multiply-xorshift rounds; it passes the usual statistical batteries well enough for Monte
 * Carlo work and, unlike Math.random, the same seed gives the same stream on every Node version.
 */
export class SeededRandom {
  private state: number;
  /** Box-Muller yields normals in pairs; the second is kept for the next call. */
  private spareNormal: number | undefined;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number; got ${seed}`);
    // Fold any finite number (also negative or fractional seeds) into 32 bits.
    this.state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A fresh generator whose stream does not overlap this one's in practice (for sub-simulations). */
  fork(): SeededRandom {
    return new SeededRandom(Math.floor(this.next() * 4_294_967_296));
  }

  /** Normal draw (Box-Muller). */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + sd * z;
    }
    let u = 0;
    while (u === 0) u = this.next(); // log(0) would be -Infinity
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return mean + sd * radius * Math.cos(2 * Math.PI * v);
  }

  /**
   * Lognormal draw: exp(N(mu, sigma)). With mu = log(median), the median is exp(mu), so a service
   * with median 100 ms and sigma 0.5 is `lognormal(Math.log(100), 0.5)`.
   */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** true with probability p. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /**
   * Binomial(n, p) draw, exact: jumps from success to success with geometric gaps, so the cost is
   * O(n p) instead of O(n), which matters when simulating 100k requests at a 0.5 % error rate.
   */
  binomial(n: number, p: number): number {
    if (!(p > 0) || n <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    const logQ = Math.log1p(-p);
    let successes = 0;
    let position = 0;
    for (;;) {
      // Trials up to and including the next success: 1 + floor(log(U) / log(1 - p)).
      position += 1 + Math.floor(Math.log(1 - this.next()) / logQ);
      if (position > n) return successes;
      successes++;
    }
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

export function createSeededRandom(seed: number): SeededRandom {
  return new SeededRandom(seed);
}
