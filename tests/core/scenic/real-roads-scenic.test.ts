/**
 * Scenic scoring on real roads: the road over Coll d'Ordino (CS-340 up from Ordino, CS-240 down to
 * Canillo, joined from the Andorra extract) with SRTM elevation, and two Monaco roads (the coastal
 * Basse Corniche, the A 8 motorway). Distances are checked against turf; values against the
 * library functions they come from, never against copied numbers.
 */
import { lineString, point, pointToLineDistance } from '@turf/turf';
import { describe, expect, test } from 'vitest';
import { sampleProfileEvery } from '../../../src/core/elevation/elevation-profile';
import { elevationStats } from '../../../src/core/elevation/elevation-stats';
import { LAYER_GREEN, LAYER_PEAKS, LAYER_VIEWPOINTS } from '../../../src/core/pois';
import { measureScenic, mergeScenicMeasures, scenicFromMeasures, scoreScenic, type ScenicScore } from '../../../src/core/scenic';
import { PLACES, extractPois, extractRoads, joinLines, roadThrough, sharedDem } from '../pois/shared-data';

const dem = sharedDem();
const pois = extractPois('andorra');
const up = roadThrough('andorra', 'ref:CS-340', PLACES.collOrdinoPass).coords;
const down = roadThrough('andorra', 'ref:CS-240', PLACES.collOrdinoPass).coords;
const overThePass = joinLines(up, down);
const profile = sampleProfileEvery(dem, overThePass, 50);
const score = scoreScenic(overThePass, pois, { elevation: profile });
const part = (s: ScenicScore, id: string) => {
  const found = s.parts.find((p) => p.id === id);
  if (!found) throw new Error(`no part ${id}`);
  return found;
};

function turfDistance(lonLat: readonly [number, number], coords: Float64Array): number {
  const pairs: number[][] = [];
  for (let i = 0; i < coords.length; i += 2) pairs.push([coords[i], coords[i + 1]]);
  return pointToLineDistance(point([...lonLat]), lineString(pairs), { units: 'meters' });
}

describe('the road over Coll d\'Ordino (Andorra extract, SRTM)', () => {
  test('the two roads meet at the pass and make a 15–25 km drive', () => {
    expect([up[up.length - 2], up[up.length - 1]]).toEqual([down[0], down[1]]);
    expect(profile.distanceMeters[profile.distanceMeters.length - 1]).toBeGreaterThan(15_000);
    expect(profile.distanceMeters[profile.distanceMeters.length - 1]).toBeLessThan(25_000);
  });

  test('counts the Coll d\'Ordino viewpoint at its real distance from the road, with full credit', () => {
    const view = part(score, 'view');
    const ordino = view.items.find((item) => item.name === "Coll d'Ordino");
    expect(ordino).toBeDefined();
    const expected = turfDistance(PLACES.collOrdinoViewpoint, overThePass);
    expect(Math.abs((ordino?.distanceMeters ?? NaN) - expected)).toBeLessThan(0.5);
    expect(ordino?.distanceMeters).toBeLessThanOrEqual(150);
    expect(ordino).toMatchObject({ kind: 'viewpoint', contribution: 1, counted: true, osm: { type: 'node' } });
    expect(view.inputs.V).toBeGreaterThanOrEqual(1);
    expect(view.summary).toContain("Coll d'Ordino");
    // Every listed viewpoint really is within 1 km (turf), and none within 1 km is missing.
    const listed = view.items.map((item) => item.osm.id).sort();
    const expectedIds: number[] = [];
    for (let i = 0; i < pois.points.count; i++) {
      if (pois.points.kind[i] === 1 && turfDistance([pois.points.lon[i], pois.points.lat[i]], overThePass) <= 1000) expectedIds.push(pois.points.osmId[i]);
    }
    expect(listed).toEqual(expectedIds.sort());
  });

  test('goes over two passes: Coll d\'Ordino (two nodes 41 m apart, counted once) and Collet de Montaup', () => {
    const pass = part(score, 'pass');
    expect(pass.items.map((item) => [item.name, item.eleMeters, item.counted])).toEqual([
      ["Coll d'Ordino", 1970, false], ["Col d'Ordino", 1987, true], ['Collet de Montaup', 1952, true],
    ]);
    expect(pass.items[0].cluster).toBe(pass.items[1].cluster);
    expect(pass.items[1].distanceMeters).toBeLessThan(1);
    expect(pass.inputs.P).toBe(2);
    expect(pass.score).toBeCloseTo(100 * (1 - 0.4 ** 2), 10);
  });

  test('relief and peaks use the DEM profile: ascent as elevationStats counts it, peaks ≥ 300 m above the road', () => {
    const stats = elevationStats(profile.elevationMeters, 5);
    const relief = part(score, 'relief');
    expect(relief.available).toBe(true);
    expect(relief.inputs.ascentMeters).toBe(stats.ascentMeters);
    expect(relief.inputs.dh).toBe(stats.maxMeters - stats.minMeters);
    // SRTM at the pass vs the 1987 m the pass node carries.
    expect(Math.abs(stats.maxMeters - 1987)).toBeLessThan(60);
    const peaks = part(score, 'peak');
    for (const item of peaks.items) {
      expect(item.distanceMeters).toBeLessThanOrEqual(5000);
      expect(item.counted).toBe((item.aboveRouteMeters ?? -Infinity) >= 300 && item.distanceMeters < 5000);
    }
    expect(peaks.items.some((item) => item.counted)).toBe(true);
  });

  test('the composite is the weighted sum of its parts', () => {
    const sum = score.parts.reduce((acc, p) => acc + p.effectiveWeight * p.score, 0);
    expect(score.scenic).toBeCloseTo(Math.min(100, sum + score.bonus.score), 10);
    expect(score.parts.every((p) => p.available)).toBe(true);
    expect(score.scenic).toBeGreaterThan(0);
    expect(score.scenic).toBeLessThanOrEqual(100);
  });

  test('without elevation, relief and peaks are unavailable and the other weights scale up to 1', () => {
    const flat = scoreScenic(overThePass, pois);
    expect(part(flat, 'relief').available).toBe(false);
    expect(part(flat, 'peak').available).toBe(false);
    const weights = flat.parts.reduce((acc, p) => acc + p.effectiveWeight, 0);
    expect(weights).toBeCloseTo(1, 12);
    expect(part(flat, 'view').effectiveWeight).toBeCloseTo(0.2 / 0.75, 12);
    expect(part(flat, 'view').score).toBe(part(score, 'view').score);
  });

  test('a feature set without a layer reports that part unavailable rather than 0', () => {
    const noGreen = { ...pois, layers: pois.layers & ~LAYER_GREEN & ~LAYER_VIEWPOINTS & ~LAYER_PEAKS };
    const partial = scoreScenic(overThePass, noGreen, { elevation: profile });
    expect(part(partial, 'green').available).toBe(false);
    expect(part(partial, 'view').available).toBe(false);
    expect(part(partial, 'view').items).toEqual([]);
    expect(part(partial, 'green').summary).toBe('natural landscape not loaded');
  });

  test('measuring the two sides and merging equals measuring the whole road', () => {
    const whole = measureScenic(overThePass, pois, { elevation: profile });
    const merged = mergeScenicMeasures([
      measureScenic(up, pois, { elevation: sampleProfileEvery(dem, up, 50) }),
      measureScenic(down, pois, { elevation: sampleProfileEvery(dem, down, 50) }),
    ]);
    expect(merged.lengthMeters).toBeCloseTo(whole.lengthMeters, 6);
    expect(merged.viewpoints.map((v) => [v.poi, v.distanceMeters.toFixed(3)])).toEqual(whole.viewpoints.map((v) => [v.poi, v.distanceMeters.toFixed(3)]));
    expect(merged.passes.map((v) => v.poi)).toEqual(whole.passes.map((v) => v.poi));
    expect(merged.peaks.map((v) => v.poi).sort((x, y) => x - y)).toEqual(whole.peaks.map((v) => v.poi).sort((x, y) => x - y));
    // Each side ends with its own end sample: the joint is sampled twice.
    expect(Math.abs(merged.sampleCount - whole.sampleCount)).toBeLessThanOrEqual(2);
    expect(Math.abs(merged.green.samples - whole.green.samples)).toBeLessThanOrEqual(2);
    const a = scenicFromMeasures(merged), b = scenicFromMeasures(whole);
    expect(Math.abs((a.scenic ?? 0) - (b.scenic ?? 0))).toBeLessThan(2);
  });
});

describe('Monaco roads', () => {
  const roads = extractRoads('monaco');
  const longest = (key: string) => {
    const found = roads.filter((r) => r.key === key).sort((a, b) => b.lengthMeters - a.lengthMeters)[0];
    if (!found) throw new Error(`no ${key} in the Monaco extract`);
    return found.coords;
  };

  test('the Basse Corniche (M 6098) runs by the sea: most samples within 200 m of the coastline', () => {
    const corniche = scoreScenic(longest('ref:M 6098'), extractPois('monaco'));
    const water = part(corniche, 'water');
    expect(water.inputs.f_w).toBeGreaterThan(0.5);
    expect(water.items.length).toBeGreaterThan(0);
    expect(water.items.every((item) => item.kind === 'coastline' || item.kind === 'river' || item.distanceMeters <= 200)).toBe(true);
    expect(water.items.some((item) => item.kind === 'coastline')).toBe(true);
  });

  test('the A 8 is a motorway: f_fast = 1 and the road-type part is 0', () => {
    const a8 = scoreScenic(longest('ref:A 8'), extractPois('monaco'));
    const roadsPart = part(a8, 'roads');
    expect(roadsPart.inputs.f_fast).toBeGreaterThan(0.95);
    expect(roadsPart.score).toBeLessThan(5);
  });
});
