import { expect, test } from 'vitest';
import { cumulativeMeters } from '../../src/core/geometry/earth';
import { pointAlong, sliceAlong, vertexAtOrBefore } from '../../src/core/geometry/slice-along';
import * as turf from '@turf/turf';

const coords = new Float64Array([1.5, 42.5, 1.51, 42.5, 1.51, 42.51, 1.52, 42.52, 1.53, 42.52]);
const cum = cumulativeMeters(coords);

test('vertexAtOrBefore finds the segment holding a distance', () => {
  expect(vertexAtOrBefore(cum, -5)).toBe(0);
  expect(vertexAtOrBefore(cum, 0)).toBe(0);
  expect(vertexAtOrBefore(cum, cum[1])).toBe(1);
  expect(vertexAtOrBefore(cum, cum[1] + 1)).toBe(1);
  expect(vertexAtOrBefore(cum, cum[4] + 10)).toBe(4);
});

test('pointAlong agrees with turf.along within a metre', () => {
  const line = turf.lineString([[1.5, 42.5], [1.51, 42.5], [1.51, 42.51], [1.52, 42.52], [1.53, 42.52]]);
  for (const d of [0, 300, 1234, 2500, cum[4]]) {
    const ours = pointAlong(coords, cum, d);
    const theirs = turf.along(line, d / 1000).geometry.coordinates;
    expect(turf.distance(ours, theirs) * 1000).toBeLessThan(1);
  }
});

test('sliceAlong keeps inner vertices and interpolates both ends', () => {
  const s = sliceAlong(coords, cum, 400, cum[3] + 100);
  expect(s.length / 2).toBe(5);
  expect(Array.from(s.subarray(2, 8))).toEqual([1.51, 42.5, 1.51, 42.51, 1.52, 42.52]);
  expect(cumulativeMeters(s)[4]).toBeCloseTo(cum[3] + 100 - 400, 3);
  expect(sliceAlong(coords, cum, 500, 500).length).toBe(0);
});
