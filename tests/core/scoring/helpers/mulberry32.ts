/**
 * mulberry32: a tiny seeded PRNG (32-bit state), so random tests and benchmarks repeat exactly.
 * Returns a function giving floats in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A float in [min, max) from `rand`. */
export function between(rand: () => number, min: number, max: number): number {
  return min + (max - min) * rand();
}
