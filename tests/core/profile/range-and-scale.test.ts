import { describe, expect, test } from 'vitest';
import { distanceAtX, extendRange, orderedRange, sameRange, xAtDistance } from '../../../src/core/profile';

describe('xAtDistance / distanceAtX', () => {
  test('are inverse over the plot', () => {
    for (const d of [1000, 1234.5, 50_000, 101_000]) {
      const x = xAtDistance(d, 1000, 101_000, 800);
      expect(distanceAtX(x, 1000, 101_000, 800)).toBeCloseTo(d, 6);
    }
    expect(xAtDistance(1000, 1000, 101_000, 800)).toBe(0);
    expect(xAtDistance(101_000, 1000, 101_000, 800)).toBe(800);
  });

  test('distanceAtX clamps to the drive', () => {
    expect(distanceAtX(-50, 0, 100, 10)).toBe(0);
    expect(distanceAtX(500, 0, 100, 10)).toBe(100);
  });

  test('a degenerate scale does not divide by zero', () => {
    expect(xAtDistance(5, 10, 10, 800)).toBe(0);
    expect(distanceAtX(5, 10, 10, 800)).toBe(10);
    expect(distanceAtX(5, 0, 100, 0)).toBe(0);
    expect(distanceAtX(Number.NaN, 0, 100, 10)).toBe(0);
  });
});

describe('orderedRange', () => {
  test('orders and clamps the ends', () => {
    expect(orderedRange(300, 100, 0, 1000)).toEqual({ fromMeters: 100, toMeters: 300 });
    expect(orderedRange(-50, 2000, 0, 1000)).toEqual({ fromMeters: 0, toMeters: 1000 });
  });

  test('null for no length, NaN ends, or a range wholly outside', () => {
    expect(orderedRange(200, 200, 0, 1000)).toBeNull();
    expect(orderedRange(Number.NaN, 200, 0, 1000)).toBeNull();
    expect(orderedRange(1500, 2000, 0, 1000)).toBeNull();
  });
});

describe('extendRange (Shift+arrows)', () => {
  test('without a range, starts one at the cursor and moves its far end', () => {
    const first = extendRange(null, 500, 10, 0, 1000);
    expect(first).toEqual({ range: { fromMeters: 500, toMeters: 510 }, cursorMeters: 510 });
    const second = extendRange(first.range, first.cursorMeters, 10, 0, 1000);
    expect(second).toEqual({ range: { fromMeters: 500, toMeters: 520 }, cursorMeters: 520 });
  });

  test('moves the end nearer the cursor, through the anchor if need be', () => {
    let state = extendRange({ fromMeters: 500, toMeters: 520 }, 500, -10, 0, 1000);
    expect(state).toEqual({ range: { fromMeters: 490, toMeters: 520 }, cursorMeters: 490 });
    state = { range: { fromMeters: 500, toMeters: 510 }, cursorMeters: 510 };
    state = extendRange(state.range, state.cursorMeters, -10, 0, 1000);
    expect(state).toEqual({ range: null, cursorMeters: 500 }); // shrank to nothing
    state = extendRange(state.range, state.cursorMeters, -10, 0, 1000);
    expect(state).toEqual({ range: { fromMeters: 490, toMeters: 500 }, cursorMeters: 490 });
  });

  test('without a cursor, moves the toMeters end; without either, starts at the start', () => {
    expect(extendRange({ fromMeters: 100, toMeters: 200 }, null, 5, 0, 1000).range).toEqual({ fromMeters: 100, toMeters: 205 });
    expect(extendRange(null, null, 5, 0, 1000).range).toEqual({ fromMeters: 0, toMeters: 5 });
  });

  test('clamps at the ends of the drive', () => {
    expect(extendRange({ fromMeters: 990, toMeters: 998 }, 998, 10, 0, 1000)).toEqual({ range: { fromMeters: 990, toMeters: 1000 }, cursorMeters: 1000 });
    expect(extendRange(null, 0, -10, 0, 1000)).toEqual({ range: null, cursorMeters: 0 });
  });
});

describe('sameRange', () => {
  test('compares by value', () => {
    expect(sameRange(null, null)).toBe(true);
    expect(sameRange({ fromMeters: 1, toMeters: 2 }, { fromMeters: 1, toMeters: 2 })).toBe(true);
    expect(sameRange({ fromMeters: 1, toMeters: 2 }, null)).toBe(false);
    expect(sameRange({ fromMeters: 1, toMeters: 2 }, { fromMeters: 1, toMeters: 3 })).toBe(false);
  });
});
