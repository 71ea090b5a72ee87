import { describe, expect, test } from 'vitest';
import { levelRuns, type LevelRuns } from '../../../src/core/profile';
import { levelSpans } from '../../../src/core/scoring';
import { ajaccioCurvature } from './real-profiles';

/** Oracle: per column, metres of each level by scanning every sample; the longest wins, ties to the higher level. */
function bruteForceColumns(distances: Float64Array, levels: Uint8Array, from: number, to: number, columns: number): number[] {
  const width = (to - from) / columns;
  const out: number[] = [];
  for (let c = 0; c < columns; c++) {
    const c0 = from + c * width;
    const c1 = from + (c + 1) * width;
    const meters = [0, 0, 0, 0, 0];
    for (let i = 0; i + 1 < distances.length; i++) {
      const overlap = Math.min(distances[i + 1], c1, to) - Math.max(distances[i], c0, from);
      if (overlap > 0) meters[Math.min(levels[i], 4)] += overlap;
    }
    let best = -1;
    for (let l = 0; l < 5; l++) if (meters[l] > 0 && meters[l] >= (best < 0 ? 0 : meters[best])) best = l;
    out.push(best);
  }
  return out;
}

/** Expands runs back into one level per column (−1 where no run). */
function columnsOf(runs: LevelRuns, columns: number): number[] {
  const out = new Array<number>(columns).fill(-1);
  for (let r = 0; r < runs.count; r++) for (let c = runs.startPx[r]; c < runs.endPx[r]; c++) out[c] = runs.level[r];
  return out;
}

function expectWellFormed(runs: LevelRuns, columns: number) {
  for (let r = 0; r < runs.count; r++) {
    expect(runs.startPx[r]).toBeGreaterThanOrEqual(0);
    expect(runs.endPx[r]).toBeGreaterThan(runs.startPx[r]);
    expect(runs.endPx[r]).toBeLessThanOrEqual(columns);
    if (r > 0) {
      expect(runs.startPx[r]).toBeGreaterThanOrEqual(runs.endPx[r - 1]);
      // Touching runs always differ in level (equal ones are merged).
      if (runs.startPx[r] === runs.endPx[r - 1]) expect(runs.level[r]).not.toBe(runs.level[r - 1]);
    }
  }
}

describe('levelRuns on the real Ajaccio route (RC-1 profile)', () => {
  const profile = ajaccioCurvature();
  const n = profile.distanceMeters.length;
  const length = profile.distanceMeters[n - 1];

  test('the route has every kind of curve to draw', () => {
    expect(length).toBeGreaterThan(4_000); // ~4.9 km of Corsican road
    expect(new Set(profile.level).size).toBeGreaterThanOrEqual(4);
  });

  for (const columns of [37, 400, 1600]) {
    test(`matches the brute-force oracle at ${columns} columns and merges equal neighbours`, () => {
      const runs = levelRuns(profile.distanceMeters, profile.level, 0, length, columns);
      expectWellFormed(runs, columns);
      expect(columnsOf(runs, columns)).toEqual(bruteForceColumns(profile.distanceMeters, profile.level, 0, length, columns));
      expect(runs.count).toBeLessThanOrEqual(columns);
    });
  }

  test('at 0.5 m per column every scoring span longer than 2 columns shows its own level in its middle', () => {
    const columns = Math.ceil(length / 0.5);
    const runs = levelRuns(profile.distanceMeters, profile.level, 0, length, columns);
    const spans = levelSpans(profile);
    const width = length / columns;
    const levelAtColumn = new Int8Array(columns).fill(-1);
    for (let r = 0; r < runs.count; r++) levelAtColumn.fill(runs.level[r], runs.startPx[r], runs.endPx[r]);
    let checked = 0;
    for (let s = 0; s < spans.level.length; s++) {
      if (spans.endMeters[s] - spans.startMeters[s] < 2 * width) continue;
      const middle = Math.floor(((spans.startMeters[s] + spans.endMeters[s]) / 2) / width);
      expect(levelAtColumn[middle], `span ${s} at ${spans.startMeters[s]} m`).toBe(spans.level[s]);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  test('a zoomed window: columns outside the data belong to no run', () => {
    const runs = levelRuns(profile.distanceMeters, profile.level, -1000, 1000, 200);
    const cols = columnsOf(runs, 200);
    expect(cols.slice(0, 100).every((l) => l === -1)).toBe(true);
    expect(cols.slice(100).every((l) => l >= 0)).toBe(true);
    expect(cols).toEqual(bruteForceColumns(profile.distanceMeters, profile.level, -1000, 1000, 200));
  });
});

describe('levelRuns edge cases', () => {
  const d = new Float64Array([0, 10, 20, 30, 40]);
  const l = new Uint8Array([0, 3, 3, 1, 1]);

  test('merges equal-level columns: 4 columns of 10 m give 3 runs', () => {
    const runs = levelRuns(d, l, 0, 40, 4);
    expect(runs.count).toBe(3);
    expect(Array.from(runs.startPx)).toEqual([0, 1, 3]);
    expect(Array.from(runs.endPx)).toEqual([1, 3, 4]);
    expect(Array.from(runs.level)).toEqual([0, 3, 1]);
  });

  test('a column goes to the level covering most of it, ties to the higher level', () => {
    expect(Array.from(levelRuns(d, l, 0, 40, 1).level)).toEqual([3]); // 10 m of 0, 20 m of 3, 10 m of 1
    expect(Array.from(levelRuns(new Float64Array([0, 5, 10]), new Uint8Array([4, 1, 1]), 0, 10, 1).level)).toEqual([4]);
  });

  test('sparse samples spread over many columns', () => {
    const runs = levelRuns(d, l, 0, 40, 400);
    expect(Array.from(runs.startPx)).toEqual([0, 100, 300]);
    expect(Array.from(runs.endPx)).toEqual([100, 300, 400]);
  });

  test('empty, one sample, zero columns, an empty or inverted range, a range outside the data', () => {
    expect(levelRuns(new Float64Array(0), new Uint8Array(0), 0, 10, 10).count).toBe(0);
    expect(levelRuns(new Float64Array([5]), new Uint8Array([2]), 0, 10, 10).count).toBe(0);
    expect(levelRuns(d, l, 0, 40, 0).count).toBe(0);
    expect(levelRuns(d, l, 20, 20, 10).count).toBe(0);
    expect(levelRuns(d, l, 30, 10, 10).count).toBe(0);
    expect(levelRuns(d, l, 100, 200, 10).count).toBe(0);
    expect(levelRuns(d, l, Number.NaN, 40, 10).count).toBe(0);
  });

  test('zero-length samples and levels above 4 (counted as 4)', () => {
    const runs = levelRuns(new Float64Array([0, 10, 10, 20]), new Uint8Array([9, 2, 1, 1]), 0, 20, 2);
    expect(Array.from(runs.level)).toEqual([4, 1]);
  });
});
