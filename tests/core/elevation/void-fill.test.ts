import { describe, expect, test } from 'vitest';
import { fillVoids } from '../../../src/core/elevation/void-fill';

const VOID = -32768;

function grid(width: number, height: number, value: (row: number, col: number) => number): Int16Array {
  const heights = new Int16Array(width * height);
  for (let row = 0; row < height; row++) for (let col = 0; col < width; col++) heights[row * width + col] = value(row, col);
  return heights;
}

describe('fillVoids (harmonic fill)', () => {
  test('reproduces a tilted plane inside a large hole (linear surfaces are harmonic)', () => {
    const plane = (row: number, col: number) => 1000 + 7 * col - 4 * row;
    const inHole = (row: number, col: number) => row >= 10 && row < 40 && col >= 5 && col < 45;
    const heights = grid(60, 50, (row, col) => (inHole(row, col) ? VOID : plane(row, col)));
    expect(fillVoids(heights, 60, 50, VOID)).toBe(0);
    for (let row = 0; row < 50; row++) {
      for (let col = 0; col < 60; col++) expect(Math.abs(heights[row * 60 + col] - plane(row, col))).toBeLessThanOrEqual(1);
    }
  });

  test('fills holes touching the grid edge and corner', () => {
    const heights = grid(8, 8, (row, col) => (row < 3 && col < 3 ? VOID : 200));
    expect(fillVoids(heights, 8, 8, VOID)).toBe(0);
    expect(Array.from(heights).every((h) => h === 200)).toBe(true);
  });

  test('a one-cell hole becomes the mean of its four neighbours', () => {
    const heights = grid(3, 3, (row, col) => (row === 1 && col === 1 ? VOID : [[0, 10, 0], [20, 0, 30], [0, 40, 0]][row][col]));
    fillVoids(heights, 3, 3, VOID);
    expect(heights[4]).toBe(25);
  });

  test('valid samples are untouched and several separate holes are all filled', () => {
    const original = grid(20, 20, (row, col) => 100 + row * col);
    const heights = original.slice();
    for (const cell of [0, 21, 22, 199, 205, 399]) heights[cell] = VOID;
    expect(fillVoids(heights, 20, 20, VOID)).toBe(0);
    for (let i = 0; i < heights.length; i++) {
      if ([0, 21, 22, 199, 205, 399].includes(i)) expect(heights[i]).not.toBe(VOID);
      else expect(heights[i]).toBe(original[i]);
    }
  });

  test('an all-void grid stays void and reports every cell as left over', () => {
    const heights = new Int16Array(9).fill(VOID);
    expect(fillVoids(heights, 3, 3, VOID)).toBe(9);
    expect(Array.from(heights).every((h) => h === VOID)).toBe(true);
  });
});
