import { describe, expect, it } from 'vitest';
import { binarySearch, lowerBound, stableOrder } from '../../../src/core/graph/sorted-search';
import { mulberry32 } from '../scoring/helpers/mulberry32';

/** Checks that `order` lists 0..count-1 once each, by ascending key, ties by ascending index. */
function expectStableOrder(keys: Uint32Array, order: Uint32Array): void {
  expect(order.length).toBe(keys.length);
  const seen = new Uint8Array(keys.length);
  let bad = -1;
  for (let i = 0; i < order.length; i++) {
    const at = order[i];
    if (at >= keys.length || seen[at] === 1) { bad = i; break; }
    seen[at] = 1;
    if (i > 0) {
      const before = order[i - 1];
      if (keys[before] > keys[at] || (keys[before] === keys[at] && before > at)) { bad = i; break; }
    }
  }
  expect(bad).toBe(-1);
}

describe('stableOrder', () => {
  it('orders indices by key, ties by index, like a stable comparator sort (numeric path)', () => {
    const rand = mulberry32(3);
    for (let trial = 0; trial < 50; trial++) {
      const count = 1 + Math.floor(rand() * 400);
      const keys = Uint32Array.from({ length: count }, () => Math.floor(rand() * (trial % 2 === 0 ? 20 : 4_000_000)));
      const order = stableOrder(keys, count);
      const reference = Array.from({ length: count }, (_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
      expect(Array.from(order)).toEqual(reference);
    }
    expect(stableOrder(new Uint32Array(0), 0).length).toBe(0);
  });

  it('stays exact where key × count + index would not fit a double (comparator path)', () => {
    // (2^32) × 2.2M > 2^53: the combined numeric key would round, so the comparator path runs.
    const count = 2_200_000;
    const rand = mulberry32(9);
    const keys = Uint32Array.from({ length: count }, () => 0xffffffff - Math.floor(rand() * 1000));
    keys[0] = 0xffffffff;
    expectStableOrder(keys, stableOrder(keys, count));
  });

  it('sorts only the first `count` keys', () => {
    const keys = Uint32Array.from([5, 1, 3, 0, 0]);
    expect(Array.from(stableOrder(keys, 3))).toEqual([1, 2, 0]);
  });
});

describe('lowerBound and binarySearch', () => {
  it('find positions in an ascending array', () => {
    const sorted = Uint32Array.from([2, 4, 4, 9]);
    expect(lowerBound(sorted, 4)).toBe(1);
    expect(lowerBound(sorted, 10)).toBe(4);
    expect(binarySearch(sorted, 9)).toBe(3);
    expect(binarySearch(sorted, 3)).toBe(-1);
  });
});
