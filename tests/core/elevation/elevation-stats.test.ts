import { describe, expect, test } from 'vitest';
import { ascentDescentMeters, elevationStats } from '../../../src/core/elevation/elevation-stats';

/** mulberry32: a seeded PRNG so noisy profiles are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('ascent and descent with the 5 m hysteresis', () => {
  test('scoring-spec §4.2 vector: ascent 26, descent 20', () => {
    expect(ascentDescentMeters([100, 102, 101, 110, 108, 120, 119, 100, 104, 106])).toEqual({ ascentMeters: 26, descentMeters: 20 });
  });

  test('scoring-spec §4.4 route: 1000→1600→1300 m with an 8 m ripple every km, sampled every 50 m', () => {
    const heights = new Float64Array(1001);
    for (let i = 0; i <= 1000; i++) {
      const x = i * 50;
      const trend = x <= 30_000 ? 1000 + (600 * x) / 30_000 : 1600 - (300 * (x - 30_000)) / 20_000;
      heights[i] = trend + 8 * Math.sin((2 * Math.PI * x) / 1000);
    }
    const stats = elevationStats(heights);
    expect(stats.ascentMeters).toBeCloseTo(879.8, 1);
    expect(stats.descentMeters).toBeCloseTo(581.0, 1);
    expect(stats.reliefMeters).toBeCloseTo(604.6, 1);
  });

  test('noise under 5 m gives no ascent or descent', () => {
    const random = mulberry32(42);
    const heights = Float32Array.from({ length: 5000 }, () => 800 + (random() - 0.5) * 4.9);
    expect(ascentDescentMeters(heights)).toEqual({ ascentMeters: 0, descentMeters: 0 });
    // Without hysteresis the same noise adds up to kilometres of phantom climbing.
    expect(ascentDescentMeters(heights, 0).ascentMeters).toBeGreaterThan(1000);
  });

  test('a 100 m climb in 1 m steps with ±2 m noise counts about 100 m up and nothing down', () => {
    const random = mulberry32(7);
    const heights = Float32Array.from({ length: 1001 }, (_, i) => 500 + i / 10 + (random() - 0.5) * 4);
    const { ascentMeters, descentMeters } = ascentDescentMeters(heights);
    expect(ascentMeters).toBeGreaterThanOrEqual(95);
    expect(ascentMeters).toBeLessThanOrEqual(104);
    expect(descentMeters).toBe(0);
  });

  test('a change is counted in full once it reaches the threshold, and a final step under it is dropped', () => {
    expect(ascentDescentMeters([0, 4.9, 5.2]).ascentMeters).toBeCloseTo(5.2, 6);
    expect(ascentDescentMeters([0, 5, 9]).ascentMeters).toBe(5);
    expect(ascentDescentMeters([0, 5, 9], 10).ascentMeters).toBe(0);
  });

  test('NaN gaps are skipped and the anchor carries across them', () => {
    expect(ascentDescentMeters([100, Number.NaN, Number.NaN, 120, Number.NaN, 90])).toEqual({ ascentMeters: 20, descentMeters: 30 });
    expect(ascentDescentMeters([Number.NaN, 100, 103, Number.NaN, 104])).toEqual({ ascentMeters: 0, descentMeters: 0 });
  });
});

describe('highest and lowest point', () => {
  test('first index of each extreme, ignoring NaN', () => {
    const stats = elevationStats(new Float32Array([Number.NaN, 500, 812, 300, 812, Number.NaN, 300, 410]));
    expect(stats).toMatchObject({ maxMeters: 812, maxIndex: 2, minMeters: 300, minIndex: 3, reliefMeters: 512, validCount: 6 });
  });

  test('a profile without any known height has NaN extremes and -1 indices', () => {
    expect(elevationStats(new Float32Array([Number.NaN, Number.NaN]))).toEqual({
      ascentMeters: 0, descentMeters: 0, maxMeters: NaN, maxIndex: -1, minMeters: NaN, minIndex: -1, reliefMeters: NaN, validCount: 0,
    });
    expect(elevationStats([]).validCount).toBe(0);
  });
});
