import { describe, expect, it } from 'vitest';
import { pixelToleranceDegrees, simplifyLine } from '../../src/core/geometry/simplify-line';
import { makeLine } from '../store/store-fixtures';

const RAD = Math.PI / 180;

/** Largest distance (in the simplifier's Mercator-like plane, degrees) from any input vertex to the simplified line. */
function worstDeviation(input: Float64Array, simplified: Float64Array): number {
  const n = input.length / 2, m = simplified.length / 2;
  let latSum = 0;
  for (let i = 0; i < n; i++) latSum += input[2 * i + 1];
  const ys = 1 / Math.cos((latSum / n) * RAD);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const px = input[2 * i], py = input[2 * i + 1] * ys;
    let best = Infinity;
    for (let k = 0; k + 1 < m; k++) {
      const ax = simplified[2 * k], ay = simplified[2 * k + 1] * ys;
      const dx = simplified[2 * k + 2] - ax, dy = simplified[2 * k + 3] * ys - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
      const ex = px - ax - t * dx, ey = py - ay - t * dy;
      best = Math.min(best, Math.hypot(ex, ey));
    }
    worst = Math.max(worst, best);
  }
  return worst;
}

describe('simplifyLine (display previews)', () => {
  it('keeps every input vertex within the tolerance of the simplified line, and the endpoints exactly', () => {
    const line = makeLine([1.5, 42.5], [1.55, 42.52], 2_000, 7);
    for (const zoom of [8, 11, 14]) {
      const tolerance = pixelToleranceDegrees(zoom, 0.5);
      const out = simplifyLine(line, tolerance);
      expect(out.length).toBeLessThan(line.length);
      expect(out.length).toBeGreaterThanOrEqual(4);
      expect(worstDeviation(line, out)).toBeLessThanOrEqual(tolerance * (1 + 1e-9));
      expect([out[0], out[1]]).toEqual([line[0], line[1]]);
      expect([out[out.length - 2], out[out.length - 1]]).toEqual([line[line.length - 2], line[line.length - 1]]);
    }
  });

  it('drops more at lower zoom, and keeps vertex order', () => {
    const line = makeLine([1.5, 42.5], [2.5, 42.6], 5_000, 3);
    const coarse = simplifyLine(line, pixelToleranceDegrees(9, 0.5));
    const fine = simplifyLine(line, pixelToleranceDegrees(15, 0.5));
    expect(coarse.length).toBeLessThan(fine.length);
    for (let i = 2; i < coarse.length; i += 2) expect(coarse[i]).toBeGreaterThan(coarse[i - 2]); // this line runs west to east
  });

  it('reduces a straight line to its endpoints, and copies short lines or a zero tolerance unchanged', () => {
    const straight = new Float64Array([0, 0, 1, 1, 2, 2, 3, 3]);
    expect([...simplifyLine(straight, 1e-9)]).toEqual([0, 0, 3, 3]);
    const two = new Float64Array([5, 45, 6, 46]);
    expect([...simplifyLine(two, 1)]).toEqual([5, 45, 6, 46]);
    const line = makeLine([1.5, 42.5], [1.6, 42.6], 100, 1);
    const copy = simplifyLine(line, 0);
    expect(copy).not.toBe(line);
    expect([...copy]).toEqual([...line]);
  });

  it('pixelToleranceDegrees halves per zoom level (512-pixel tiles)', () => {
    expect(pixelToleranceDegrees(0, 1)).toBeCloseTo(360 / 512, 12);
    expect(pixelToleranceDegrees(10, 0.5) / pixelToleranceDegrees(11, 0.5)).toBeCloseTo(2, 12);
  });
});
