import { describe, expect, test } from 'vitest';
import { firstIndexAtOrAfter, indexAtDistance, valueAtDistance } from '../../../src/core/profile';

const distances = new Float64Array([0, 10, 20, 20, 35, 50]);

/** Linear scan: the last index with distances[i] ≤ d, clamped to 0. */
function scanIndex(a: Float64Array, d: number): number {
  let found = 0;
  for (let i = 0; i < a.length; i++) if (a[i] <= d) found = i;
  return found;
}

describe('indexAtDistance', () => {
  test('agrees with a linear scan everywhere, including repeated distances', () => {
    for (let d = -5; d <= 60; d += 0.5) expect(indexAtDistance(distances, d), `d=${d}`).toBe(scanIndex(distances, d));
  });

  test('passes over a zero-length sample: at 20 m the later of the two samples', () => {
    expect(indexAtDistance(distances, 20)).toBe(3);
  });

  test('clamps before the start and past the end', () => {
    expect(indexAtDistance(distances, -1e9)).toBe(0);
    expect(indexAtDistance(distances, 1e9)).toBe(5);
  });

  test('−1 for no samples or a NaN distance; 0 for one sample', () => {
    expect(indexAtDistance(new Float64Array(0), 3)).toBe(-1);
    expect(indexAtDistance(distances, Number.NaN)).toBe(-1);
    expect(indexAtDistance(new Float64Array([7]), 3)).toBe(0);
    expect(indexAtDistance(new Float64Array([7]), 70)).toBe(0);
  });

  test('honours a count shorter than the array', () => {
    expect(indexAtDistance(distances, 100, 3)).toBe(2);
  });

  test('is a binary search: 1,000,000 samples', () => {
    const big = new Float64Array(1_000_000);
    for (let i = 0; i < big.length; i++) big[i] = i * 5;
    expect(indexAtDistance(big, 2_499_997.5)).toBe(499_999);
    expect(indexAtDistance(big, 4_999_995)).toBe(999_999);
  });
});

describe('firstIndexAtOrAfter', () => {
  test('first sample at or after d; n when all are before', () => {
    expect(firstIndexAtOrAfter(distances, 20)).toBe(2);
    expect(firstIndexAtOrAfter(distances, 21)).toBe(4);
    expect(firstIndexAtOrAfter(distances, -3)).toBe(0);
    expect(firstIndexAtOrAfter(distances, 51)).toBe(6);
    expect(firstIndexAtOrAfter(new Float64Array(0), 0)).toBe(0);
  });
});

describe('valueAtDistance', () => {
  const values = new Float32Array([100, 200, 300, 50, Number.NaN, 80]);

  test('interpolates linearly between samples and is exact on them', () => {
    expect(valueAtDistance(distances, values, 0)).toBe(100);
    expect(valueAtDistance(distances, values, 5)).toBe(150);
    expect(valueAtDistance(distances, values, 12.5)).toBe(225);
    expect(valueAtDistance(distances, values, 50)).toBe(80);
  });

  test('a repeated distance is a step: the later sample wins', () => {
    expect(valueAtDistance(distances, values, 20)).toBe(50);
  });

  test('NaN next to an unknown sample, outside the data and on empty input', () => {
    expect(valueAtDistance(distances, values, 30)).toBeNaN();
    expect(valueAtDistance(distances, values, 35)).toBeNaN();
    expect(valueAtDistance(distances, values, 40)).toBeNaN();
    expect(valueAtDistance(distances, values, -1)).toBeNaN();
    expect(valueAtDistance(distances, values, 50.001)).toBeNaN();
    expect(valueAtDistance(new Float64Array(0), new Float32Array(0), 0)).toBeNaN();
  });

  test('one sample: its value at its distance only', () => {
    const one = new Float64Array([10]);
    expect(valueAtDistance(one, new Float32Array([5]), 10)).toBe(5);
    expect(valueAtDistance(one, new Float32Array([5]), 11)).toBeNaN();
  });
});
