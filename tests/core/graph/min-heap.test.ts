import { expect, test } from 'vitest';
import { MinHeap } from '../../../src/core/graph';
import { mulberry32 } from './helpers/mulberry32';

test('pops ids in key order through growth, duplicates and interleaved pushes', () => {
  const heap = new MinHeap(16);
  const rand = mulberry32(1);
  const reference: [number, number][] = [];
  const popped: number[] = [], expected: number[] = [];
  for (let round = 0; round < 5000; round++) {
    if (rand() < 0.6 || heap.length === 0) {
      const key = Math.floor(rand() * 1000) / 10, id = round;
      heap.push(id, key);
      reference.push([key, id]);
    } else {
      reference.sort((a, b) => a[0] - b[0]);
      const key = heap.peekKey();
      expect(key).toBe(reference[0][0]);
      const id = heap.pop();
      const at = reference.findIndex(([k, i]) => k === key && i === id);
      expect(at).toBeGreaterThanOrEqual(0);
      reference.splice(at, 1);
      popped.push(key);
      expected.push(key);
    }
  }
  expect(heap.length).toBe(reference.length);
  expect(popped).toEqual(expected);
});

test('an empty heap says so instead of returning garbage; clear keeps it usable', () => {
  const heap = new MinHeap();
  expect(heap.peekKey()).toBe(Infinity);
  expect(heap.pop()).toBe(-1);
  heap.push(7, 1);
  heap.push(8, 0.5);
  heap.clear();
  expect(heap.length).toBe(0);
  heap.push(9, 2);
  expect(heap.peek()).toBe(9);
  expect(heap.pop()).toBe(9);
});
