/**
 * The packed segment index behind snapping and the hover readout, checked against a brute-force
 * scan of every segment on seeded random lines (loops, several parts, invalid vertices).
 */
import { describe, expect, test } from 'vitest';
import { EARTH_RADIUS_METERS, segmentMeters } from '../../../src/core/geometry/earth';
import { LineIndex, emptyNearest } from '../../../src/core/geometry/line-index';
import { between, mulberry32 } from './helpers/mulberry32';

const RAD = Math.PI / 180;

/** A random walk of `n` vertices, ~`step` m apart, that turns a lot (so it crosses itself). */
function randomWalk(rand: () => number, n: number, lon0: number, lat0: number, step = 10): Float64Array {
  const out = new Float64Array(2 * n);
  let lon = lon0, lat = lat0, heading = rand() * 2 * Math.PI;
  for (let i = 0; i < n; i++) {
    out[2 * i] = lon; out[2 * i + 1] = lat;
    heading += between(rand, -0.6, 0.6);
    const d = between(rand, 0.2, 2) * step;
    lat += ((d * Math.sin(heading)) / EARTH_RADIUS_METERS) / RAD;
    lon += ((d * Math.cos(heading)) / (EARTH_RADIUS_METERS * Math.cos(lat * RAD))) / RAD;
  }
  return out;
}

/** Brute force: the exact nearest over every segment, in the index's documented metric. */
function bruteNearest(parts: Float64Array[], lon: number, lat: number): { offsetMeters: number } {
  const kx = Math.cos(lat * RAD);
  let best = Infinity;
  for (const c of parts) {
    for (let v = 0; v + 1 < c.length / 2; v++) {
      const ax = (c[2 * v] - lon) * kx, ay = c[2 * v + 1] - lat;
      const dx = (c[2 * v + 2] - c[2 * v]) * kx, dy = c[2 * v + 3] - c[2 * v + 1];
      if (!Number.isFinite(ax + ay + dx + dy)) continue;
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2)) : 0;
      const px = ax + t * dx, py = ay + t * dy;
      best = Math.min(best, px * px + py * py);
    }
  }
  return { offsetMeters: Math.sqrt(best) * RAD * EARTH_RADIUS_METERS };
}

describe('LineIndex.nearest equals a brute-force scan', () => {
  test.each([1, 2, 3, 4, 5, 6])('seed %i: 1–3 random parts, 2,000 queries near and far', (seed) => {
    const rand = mulberry32(seed);
    const partCount = 1 + Math.floor(rand() * 3);
    const parts: Float64Array[] = [];
    for (let p = 0; p < partCount; p++) parts.push(randomWalk(rand, 200 + Math.floor(rand() * 3000), 7 + rand() * 0.01, 45 + rand() * 0.01));
    if (seed % 2 === 0) { parts[0][10] = NaN; parts[0][25] = Infinity; } // invalid vertices are skipped
    const index = LineIndex.build(parts, seed % 3 === 0 ? 4 : 16);
    const out = emptyNearest();
    for (let q = 0; q < 2000; q++) {
      const part = parts[Math.floor(rand() * parts.length)];
      const v = Math.floor(rand() * (part.length / 2));
      const far = q % 4 === 0;
      const lon = (Number.isFinite(part[2 * v]) ? part[2 * v] : 7) + between(rand, -1, 1) * (far ? 0.05 : 0.002);
      const lat = (Number.isFinite(part[2 * v + 1]) ? part[2 * v + 1] : 45) + between(rand, -1, 1) * (far ? 0.05 : 0.002);
      const got = index.nearest(lon, lat, out);
      const want = bruteNearest(parts, lon, lat);
      expect(got).not.toBeNull();
      expect(Math.abs(got!.offsetMeters - want.offsetMeters)).toBeLessThanOrEqual(1e-9 * Math.max(1, want.offsetMeters));
      // The reported point is on the reported segment, at the reported offset and distance along.
      const kx = Math.cos(lat * RAD);
      const selfOffset = Math.hypot((got!.lon - lon) * kx, got!.lat - lat) * RAD * EARTH_RADIUS_METERS;
      expect(selfOffset).toBeCloseTo(got!.offsetMeters, 6);
      const c = index.coords, w = got!.vertex;
      expect(got!.lon).toBeCloseTo(c[2 * w] + got!.t * (c[2 * w + 2] - c[2 * w]), 12);
      const segLen = segmentMeters(c[2 * w], c[2 * w + 1], c[2 * w + 2], c[2 * w + 3]);
      expect(got!.distanceMeters).toBeCloseTo(index.cumulativeMeters[w] + got!.t * segLen, 6);
      expect(w).toBeGreaterThanOrEqual(index.partStarts[got!.part]);
      expect(w + 1).toBeLessThan(index.partStarts[got!.part + 1]);
    }
  });

  test('distances along continue from part to part without bridging them', () => {
    const a = new Float64Array([7, 45, 7.001, 45]);
    const b = new Float64Array([7.002, 45, 7.003, 45]);
    const index = LineIndex.build([a, b]);
    const lenA = segmentMeters(7, 45, 7.001, 45);
    // Between the parts (7.0015) the nearest is an end of a part, never a bridge segment.
    const mid = index.nearest(7.0015, 45.0001)!;
    expect([0, 2]).toContain(mid.vertex);
    expect(index.numItems).toBe(2);
    const onB = index.nearest(7.0025, 45)!;
    expect(onB.part).toBe(1);
    expect(onB.distanceMeters).toBeCloseTo(lenA + segmentMeters(7.002, 45, 7.0025, 45), 6);
    expect(index.lengthMeters).toBeCloseTo(2 * lenA, 6);
  });

  test('empty or degenerate input and a non-finite query give null, never a throw', () => {
    expect(LineIndex.build(new Float64Array(0)).nearest(7, 45)).toBeNull();
    expect(LineIndex.build(new Float64Array([7, 45])).nearest(7, 45)).toBeNull();
    expect(LineIndex.build([]).nearest(7, 45)).toBeNull();
    const one = LineIndex.build(new Float64Array([7, 45, 7.001, 45]));
    expect(one.nearest(NaN, 45)).toBeNull();
    expect(one.nearest(7.0005, 45)!.offsetMeters).toBeCloseTo(0, 6);
    const same = LineIndex.build(new Float64Array([7, 45, 7, 45]));
    expect(same.nearest(7.001, 45)!.t).toBe(0);
    expect(() => LineIndex.build(new Float64Array(4), 1)).toThrow(/nodeSize/);
  });
});
