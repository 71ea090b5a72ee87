import { describe, expect, test } from 'vitest';
import type { DemSource } from '../../../src/core/elevation/dem-source';
import { buildElevationProfile, downsampleProfile, sampleProfileEvery } from '../../../src/core/elevation/elevation-profile';
import { HgtDemSource } from '../../../src/core/elevation/hgt-dem-source';
import { cumulativeMeters, lineLengthMeters } from '../../../src/core/geometry/earth';
import { readSharedData } from './shared-data';

/** A straight line due east along a parallel, `count` vertices `stepDeg` apart. */
function eastward(count: number, lon0: number, lat: number, stepDeg: number): Float64Array {
  const coords = new Float64Array(2 * count);
  for (let i = 0; i < count; i++) {
    coords[2 * i] = lon0 + i * stepDeg;
    coords[2 * i + 1] = lat;
  }
  return coords;
}

/** A fake DEM whose height is a linear function of longitude (so resampled heights are predictable). */
const lonRamp: DemSource = { elevationAt: (lon) => (lon - 1) * 10_000 };

describe('buildElevationProfile', () => {
  test('pairs each vertex height with its cumulative distance', () => {
    const coords = eastward(5, 1.5, 42.5, 0.001);
    const heights = new Float32Array([10, 20, Number.NaN, 15, 30]);
    const profile = buildElevationProfile(coords, heights);
    expect(Array.from(profile.distanceMeters)).toEqual(Array.from(cumulativeMeters(coords)));
    expect(profile.elevationMeters).toEqual(heights);
  });
});

describe('downsampleProfile', () => {
  const n = 10_000;
  const distanceMeters = Float64Array.from({ length: n }, (_, i) => i * 10);
  const elevationMeters = Float32Array.from({ length: n }, (_, i) => 1000 + 300 * Math.sin(i / 500) + (i === 6789 ? 250 : 0) - (i === 1234 ? 400 : 0));
  for (let i = 4000; i < 4300; i++) elevationMeters[i] = Number.NaN; // a 3 km data gap

  test('fits in maxPoints, keeps both ends, the summit, the lowest point and the gap', () => {
    const small = downsampleProfile({ distanceMeters, elevationMeters }, 200);
    expect(small.distanceMeters.length).toBeLessThanOrEqual(200);
    expect(small.distanceMeters.length).toBeGreaterThan(150);
    expect(small.distanceMeters[0]).toBe(0);
    expect(small.distanceMeters[small.distanceMeters.length - 1]).toBe((n - 1) * 10);
    const known = (values: Float32Array) => Array.from(values).filter((e) => !Number.isNaN(e));
    expect(Math.max(...known(small.elevationMeters))).toBe(Math.max(...known(elevationMeters)));
    expect(Math.min(...known(small.elevationMeters))).toBe(Math.min(...known(elevationMeters)));
    // The single-sample spike and dip are extremes of their buckets, so they survive too.
    expect(small.elevationMeters).toContain(elevationMeters[6789]);
    expect(small.elevationMeters).toContain(elevationMeters[1234]);
    expect(small.elevationMeters.some((e) => Number.isNaN(e))).toBe(true);
    for (let k = 1; k < small.distanceMeters.length; k++) expect(small.distanceMeters[k]).toBeGreaterThan(small.distanceMeters[k - 1]);
  });

  test('returns short profiles unchanged and never goes below two points', () => {
    const profile = { distanceMeters: distanceMeters.subarray(0, 50), elevationMeters: elevationMeters.subarray(0, 50) };
    expect(downsampleProfile(profile, 100)).toBe(profile);
    expect(downsampleProfile({ distanceMeters, elevationMeters }, 0).distanceMeters.length).toBe(2);
  });

  test('buildElevationProfile downsamples when asked', () => {
    const coords = eastward(3000, 1.2, 42.5, 0.0001);
    const profile = buildElevationProfile(coords, new Float32Array(3000).fill(900), { maxPoints: 100 });
    expect(profile.distanceMeters.length).toBeLessThanOrEqual(100);
  });
});

describe('sampleProfileEvery', () => {
  test('puts a sample every step plus the end, at the right place along the line', () => {
    const coords = new Float64Array([1.1, 42.5, 1.105, 42.5, 1.105, 42.503, 1.112, 42.503]);
    const total = lineLengthMeters(coords);
    const profile = sampleProfileEvery(lonRamp, coords, 50);
    const count = Math.floor(total / 50) + 2;
    expect(profile.distanceMeters.length).toBe(count);
    expect(profile.distanceMeters[count - 1]).toBeCloseTo(total, 6);
    expect(profile.distanceMeters[3]).toBe(150);
    // Resampled positions lie on the line's three legs, 50 m apart (straight) within a leg.
    const onLeg = (k: number) => (profile.coords[2 * k + 1] === 42.5 ? 0 : profile.coords[2 * k] === 1.105 ? 1 : profile.coords[2 * k + 1] === 42.503 ? 2 : -1);
    for (let k = 0; k < count; k++) expect(onLeg(k)).toBeGreaterThanOrEqual(0);
    const gaps = cumulativeMeters(profile.coords);
    for (let k = 1; k < count - 1; k++) {
      if (onLeg(k) === onLeg(k - 1)) expect(gaps[k] - gaps[k - 1]).toBeCloseTo(50, 3);
      else expect(gaps[k] - gaps[k - 1]).toBeLessThan(50);
    }
    // Heights come from the DEM at the resampled positions.
    for (let k = 0; k < count; k++) expect(profile.elevationMeters[k]).toBeCloseTo((profile.coords[2 * k] - 1) * 10_000, 2);
    expect([profile.coords[2 * count - 2], profile.coords[2 * count - 1]]).toEqual([1.112, 42.503]);
  });

  test('samples the real Andorra tile every 50 m from Andorra la Vella towards Port d’Envalira', () => {
    const source = new HgtDemSource();
    source.addTile(readSharedData('dem/N42E001.hgt.zip'), 'N42E001.hgt.zip');
    const profile = sampleProfileEvery(source, new Float64Array([1.5212467, 42.5069391, 1.71938, 42.54018]), 50);
    expect(profile.distanceMeters.length).toBeGreaterThan(300);
    expect(Math.abs(profile.elevationMeters[0] - 1024)).toBeLessThanOrEqual(30);
    expect(Math.abs(profile.elevationMeters[profile.elevationMeters.length - 1] - 2408)).toBeLessThanOrEqual(30);
    expect(profile.elevationMeters.every((e) => e > 835 && e < 2911)).toBe(true);
  });

  test('empty lines and unusable steps do not throw', () => {
    expect(sampleProfileEvery(lonRamp, new Float64Array(0), 50).distanceMeters.length).toBe(0);
    expect(sampleProfileEvery(lonRamp, new Float64Array([1.1, 42.5, 1.2, 42.5]), 0).distanceMeters.length).toBe(2);
    expect(sampleProfileEvery(lonRamp, new Float64Array([1.1, 42.5]), 50).distanceMeters.length).toBe(1);
  });
});
