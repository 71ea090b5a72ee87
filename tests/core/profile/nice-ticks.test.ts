import { describe, expect, test } from 'vitest';
import { niceExtent, niceStep, niceTicks, stepDecimals } from '../../../src/core/profile';

/** True when `step` is 1, 2 or 5 times a power of ten. */
function isNice(step: number): boolean {
  const fraction = step / 10 ** Math.floor(Math.log10(step) + 1e-12);
  return [1, 2, 5].some((f) => Math.abs(fraction - f) < 1e-9);
}

describe('niceStep', () => {
  test('is a 1/2/5 step giving at most the asked number of intervals, and at least half of it', () => {
    for (const span of [0.37, 1, 7.3, 12, 99.9, 100, 487.2, 2399, 1e6]) {
      for (const count of [2, 4, 5, 8, 10]) {
        const step = niceStep(span, count);
        expect(isNice(step), `${span}/${count} → ${step}`).toBe(true);
        expect(span / step).toBeLessThanOrEqual(count + 1e-9);
        expect(span / step).toBeGreaterThan(count / 5);
      }
    }
  });

  test('is NaN for an empty, negative or non-finite span', () => {
    expect(niceStep(0, 5)).toBeNaN();
    expect(niceStep(-3, 5)).toBeNaN();
    expect(niceStep(Infinity, 5)).toBeNaN();
    expect(niceStep(Number.NaN, 5)).toBeNaN();
  });
});

describe('niceTicks', () => {
  test('0..500 km in 5 gives round hundreds including both ends', () => {
    expect(niceTicks(0, 500, 5)).toEqual([0, 100, 200, 300, 400, 500]);
  });

  test('ticks are multiples of one nice step, ascending, inside the bounds, without float noise', () => {
    for (const [min, max, count] of [[0.1, 0.7, 6], [1234.5, 2987.1, 4], [-120, 45, 5], [3.3, 3.31, 3], [0, 310.686, 6]]) {
      const ticks = niceTicks(min, max, count);
      expect(ticks.length).toBeGreaterThan(1);
      const step = ticks[1] - ticks[0];
      expect(isNice(Number(step.toPrecision(10)))).toBe(true);
      for (let k = 0; k < ticks.length; k++) {
        expect(ticks[k]).toBeGreaterThanOrEqual(min);
        expect(ticks[k]).toBeLessThanOrEqual(max);
        expect(String(ticks[k]).length, `tick ${ticks[k]}`).toBeLessThan(12);
        if (k > 0) expect(ticks[k] - ticks[k - 1]).toBeCloseTo(step, 9);
      }
      // No room for another tick outside the ones given.
      expect(ticks[0] - step).toBeLessThan(min);
      expect(ticks[ticks.length - 1] + step).toBeGreaterThan(max);
    }
    expect(niceTicks(0.1, 0.7, 6)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  });

  test('accepts reversed bounds; one tick for a flat range; none for non-finite bounds', () => {
    expect(niceTicks(500, 0, 5)).toEqual(niceTicks(0, 500, 5));
    expect(niceTicks(42, 42, 5)).toEqual([42]);
    expect(niceTicks(Number.NaN, 10, 5)).toEqual([]);
    expect(niceTicks(0, Infinity, 5)).toEqual([]);
  });

  test('a count of 0 or less still gives ticks (one interval)', () => {
    expect(niceTicks(0, 10, 0)).toEqual([0, 10]);
  });
});

describe('niceExtent', () => {
  test('covers the values with whole steps', () => {
    const e = niceExtent(1012.4, 2398.7, 4)!;
    expect(e.min).toBeLessThanOrEqual(1012.4);
    expect(e.max).toBeGreaterThanOrEqual(2398.7);
    expect(e.min / e.step).toBeCloseTo(Math.round(e.min / e.step), 9);
    expect(e.max / e.step).toBeCloseTo(Math.round(e.max / e.step), 9);
    expect(e.max - e.min).toBeLessThan(2398.7 - 1012.4 + 2 * e.step);
    expect(isNice(e.step)).toBe(true);
  });

  test('widens a flat range and refuses non-finite input', () => {
    const flat = niceExtent(250, 250, 4)!;
    expect(flat.min).toBeLessThan(250);
    expect(flat.max).toBeGreaterThan(250);
    expect(niceExtent(Number.NaN, 3, 4)).toBeNull();
  });
});

describe('stepDecimals', () => {
  test('shows a step exactly', () => {
    expect(stepDecimals(100)).toBe(0);
    expect(stepDecimals(1)).toBe(0);
    expect(stepDecimals(0.5)).toBe(1);
    expect(stepDecimals(0.2)).toBe(1);
    expect(stepDecimals(0.05)).toBe(2);
    expect(stepDecimals(Number.NaN)).toBe(0);
  });
});
