import { describe, expect, test } from 'vitest';
import { downsampleMinMax, valueAtDistance } from '../../../src/core/profile';
import { andorraClimb } from './real-profiles';

/**
 * Oracle, written the slow obvious way: for each bucket, the known values among the series at both
 * edges and every sample inside it.
 */
function bruteForce(distances: Float64Array, values: Float32Array, from: number, to: number, buckets: number) {
  const min = new Float32Array(buckets).fill(Number.NaN);
  const max = new Float32Array(buckets).fill(Number.NaN);
  const width = (to - from) / buckets;
  for (let b = 0; b < buckets; b++) {
    const e0 = from + b * width;
    const e1 = b === buckets - 1 ? to : from + (b + 1) * width;
    const seen = [valueAtDistance(distances, values, e0), valueAtDistance(distances, values, e1)];
    distances.forEach((d, i) => { if (d >= e0 && d < e1) seen.push(values[i]); });
    const known = seen.filter((v) => !Number.isNaN(v));
    if (known.length > 0) { min[b] = Math.min(...known); max[b] = Math.max(...known); }
  }
  return { min, max };
}

function expectSameBuckets(actual: { min: Float32Array; max: Float32Array }, expected: { min: Float32Array; max: Float32Array }) {
  expect(actual.min.length).toBe(expected.min.length);
  for (let b = 0; b < expected.min.length; b++) {
    if (Number.isNaN(expected.min[b])) {
      expect(actual.min[b], `bucket ${b} min`).toBeNaN();
      expect(actual.max[b], `bucket ${b} max`).toBeNaN();
    } else {
      expect(actual.min[b], `bucket ${b} min`).toBeCloseTo(expected.min[b], 2);
      expect(actual.max[b], `bucket ${b} max`).toBeCloseTo(expected.max[b], 2);
    }
  }
}

describe('downsampleMinMax on the real Andorra climb (SRTM3, every 5 m)', () => {
  const climb = andorraClimb();
  const n = climb.distanceMeters.length;
  const length = climb.distanceMeters[n - 1];

  test('the climb is what we think: > 16 km, from the valley (~1 km) to the pass (~2.4 km)', () => {
    expect(length).toBeGreaterThan(16_000);
    expect(climb.elevationMeters[0]).toBeGreaterThan(900);
    expect(climb.elevationMeters[0]).toBeLessThan(1200);
    expect(climb.elevationMeters[n - 1]).toBeGreaterThan(2200);
  });

  test('matches the brute-force oracle at 300 buckets (dense: ~11 samples per bucket)', () => {
    expectSameBuckets(downsampleMinMax(climb.distanceMeters, climb.elevationMeters, 0, length, 300), bruteForce(climb.distanceMeters, climb.elevationMeters, 0, length, 300));
  });

  test('keeps the summit and the lowest point of the whole climb exactly', () => {
    const { min, max } = downsampleMinMax(climb.distanceMeters, climb.elevationMeters, 0, length, 173);
    expect(Math.max(...max)).toBe(Math.max(...climb.elevationMeters));
    expect(Math.min(...min)).toBe(Math.min(...climb.elevationMeters));
  });

  test('a zoomed window sparser than the buckets still draws a continuous line through the samples', () => {
    const from = 5_002.5;
    const to = 5_102.5; // 20 samples over 400 buckets
    const result = downsampleMinMax(climb.distanceMeters, climb.elevationMeters, from, to, 400);
    expectSameBuckets(result, bruteForce(climb.distanceMeters, climb.elevationMeters, from, to, 400));
    for (let b = 0; b < 400; b++) {
      const centre = from + (b + 0.5) * 0.25;
      const v = valueAtDistance(climb.distanceMeters, climb.elevationMeters, centre);
      expect(v).toBeGreaterThanOrEqual(result.min[b] - 1e-3);
      expect(v).toBeLessThanOrEqual(result.max[b] + 1e-3);
    }
  });

  test('a 1 km void (NaN) becomes NaN buckets; the buckets around it stay known', () => {
    const elevation = climb.elevationMeters.slice();
    for (let i = 1000; i < 1200; i++) elevation[i] = Number.NaN; // 5000 m .. 5995 m
    const buckets = 160; // ~105 m each
    const result = downsampleMinMax(climb.distanceMeters, elevation, 0, length, buckets);
    expectSameBuckets(result, bruteForce(climb.distanceMeters, elevation, 0, length, buckets));
    const width = length / buckets;
    const gapBuckets: number[] = [];
    for (let b = 0; b < buckets; b++) if (Number.isNaN(result.max[b])) gapBuckets.push(b);
    // Every bucket wholly inside the void is NaN, and nothing else is.
    expect(gapBuckets.length).toBeGreaterThanOrEqual(Math.floor(995 / width) - 1);
    for (const b of gapBuckets) {
      expect(b * width).toBeGreaterThanOrEqual(4995);
      expect((b + 1) * width).toBeLessThanOrEqual(6000);
    }
  });
});

describe('downsampleMinMax edge cases', () => {
  const d = new Float64Array([0, 100, 200]);
  const v = new Float32Array([10, 30, 20]);

  test('empty input, zero buckets, an empty or inverted range', () => {
    expect(downsampleMinMax(new Float64Array(0), new Float32Array(0), 0, 10, 4).max.every(Number.isNaN)).toBe(true);
    expect(downsampleMinMax(d, v, 0, 200, 0).max).toHaveLength(0);
    expect(downsampleMinMax(d, v, 50, 50, 3).max.every(Number.isNaN)).toBe(true);
    expect(downsampleMinMax(d, v, 150, 50, 3).max.every(Number.isNaN)).toBe(true);
    expect(downsampleMinMax(d, v, Number.NaN, 50, 3).max.every(Number.isNaN)).toBe(true);
  });

  test('one sample: the buckets touching it have its value, the others are NaN', () => {
    const one = downsampleMinMax(new Float64Array([50]), new Float32Array([7]), 0, 100, 4);
    expect(Array.from(one.max)).toEqual([Number.NaN, 7, 7, Number.NaN]); // 50 m is the end edge of bucket 1 too
    expect(Array.from(one.min)).toEqual([Number.NaN, 7, 7, Number.NaN]);
  });

  test('a range partly or wholly outside the data: NaN outside, values inside', () => {
    const partly = downsampleMinMax(d, v, -200, 200, 4); // buckets of 100 m: two before the data
    expect(Array.from(partly.max)).toEqual([Number.NaN, 10, 30, 30]);
    expect(Array.from(partly.min)).toEqual([Number.NaN, 10, 10, 20]);
    expect(downsampleMinMax(d, v, 300, 500, 4).max.every(Number.isNaN)).toBe(true);
  });

  test('all values NaN: all buckets NaN', () => {
    expect(downsampleMinMax(d, new Float32Array(3).fill(Number.NaN), 0, 200, 5).min.every(Number.isNaN)).toBe(true);
  });

  test('mismatched lengths are read up to the shorter array', () => {
    const r = downsampleMinMax(d, new Float32Array([10, 30]), 0, 200, 2);
    expect(Array.from(r.max)).toEqual([30, 30]);
  });
});
