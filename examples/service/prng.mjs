// A small seeded pseudo-random generator (mulberry32). Fault injection draws from it so a
// test that fixes the seed sees the same sequence of injected errors on every run.

/** Returns a function yielding floats in [0, 1), fully determined by the 32-bit seed. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return function next() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for runs that did not ask for reproducibility. */
export function randomSeed() {
  return Math.floor(Math.random() * 4294967296) >>> 0;
}
