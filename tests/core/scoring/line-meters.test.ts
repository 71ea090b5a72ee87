/**
 * The score card measures a line once: RC-1's projection reports every input point's distance in
 * `cumulativeMeters`' metric (`vertexMeters`), bit for bit what the elevation profile would compute
 * itself, so the profile takes them and the card's elevation is unchanged.
 */
import { describe, expect, test } from 'vitest';
import { sampleProfileEvery } from '../../../src/core/elevation/elevation-profile';
import { elevationStats } from '../../../src/core/elevation/elevation-stats';
import { cumulativeMeters } from '../../../src/core/geometry/earth';
import { scoreCard, scoreCurvature } from '../../../src/core/scoring';
import { cumulativeMetersFast } from '../../../src/core/geometry/line-meters';
import { PLACES, roadThrough, sharedDem } from '../pois/shared-data';
import { syntheticRoute } from './helpers/synthetic-route';

const dem = sharedDem();
const ordino = roadThrough('andorra', 'ref:CS-340', PLACES.collOrdinoPass).coords;

/** Lines at different latitudes, across the antimeridian, and with segments long enough for haversine. */
const lines: [string, Float64Array][] = [
  ['Andorra, CS-340 (real road)', ordino],
  ['synthetic, 46°N', syntheticRoute({ seed: 5, points: 20_000, lon0: 7, lat0: 46 })],
  ['synthetic, across the antimeridian at 70°N', syntheticRoute({ seed: 6, points: 20_000, lon0: 179.95, lat0: 70 })],
  ['synthetic, 60°S', syntheticRoute({ seed: 7, points: 20_000, lon0: -60, lat0: -60 })],
  ['long segments (0.3° and 2° jumps)', new Float64Array([1.5, 42.5, 1.8, 42.5, 1.8, 44.5, 1.80001, 44.50001, 1.5, 42.6])],
];

describe('vertexMeters: one measurement for curvature and elevation', () => {
  test.each(lines)('%s: bit for bit cumulativeMetersFast, within 1e-15 of cumulativeMeters', (_name, line) => {
    const n = line.length / 2;
    const reported = new Float64Array(n).fill(NaN);
    scoreCurvature(line, { profile: false, vertexMeters: reported });
    const fast = cumulativeMetersFast(line, n, new Float64Array(n));
    expect(Array.from(reported)).toEqual(Array.from(fast));
    const exact = cumulativeMeters(line);
    for (let i = 1; i < n; i++) expect(Math.abs(fast[i] - exact[i]), `vertex ${i}`).toBeLessThanOrEqual(1e-15 * exact[i]);
  });

  test.each(lines)('%s: the 50 m profile is the same with the reported distances', (_name, line) => {
    const n = line.length / 2;
    const reported = new Float64Array(n);
    scoreCurvature(line, { profile: false, vertexMeters: reported });
    const own = sampleProfileEvery(dem, line, 50);
    const given = sampleProfileEvery(dem, line, 50, reported);
    expect(Array.from(given.distanceMeters)).toEqual(Array.from(own.distanceMeters));
    expect(Array.from(given.coords)).toEqual(Array.from(own.coords));
    expect(Array.from(given.elevationMeters)).toEqual(Array.from(own.elevationMeters));
  });

  test('a line with an invalid point: the card measures the profile itself, as before', () => {
    const withHole = Float64Array.from([...ordino.subarray(0, 400), NaN, 42.5, ...ordino.subarray(400)]);
    const reported = new Float64Array(withHole.length / 2);
    const score = scoreCurvature(withHole, { profile: false, vertexMeters: reported });
    expect(score.droppedPoints).toBe(1);
    expect(reported[200]).toBe(reported[199]); // the invalid point carries the distance before it
    expect(reported[201]).toBeGreaterThan(reported[199]);
    // The profile's own distances (cumulativeMeters') are NaN past the hole, so no height is known:
    // the card must not use the reported ones instead, and has no elevation, exactly like the profile.
    const stats = elevationStats(sampleProfileEvery(dem, withHole, 50).elevationMeters, 5);
    expect(stats.validCount).toBe(0);
    expect(scoreCard(withHole, { dem }).elevation).toBeNull();
    expect(scoreCard(ordino, { dem }).elevation?.coveredShare).toBe(1);
  });

  test('a too short vertexMeters is ignored (scoring still works, nothing written)', () => {
    const short = new Float64Array(3).fill(-1);
    const score = scoreCurvature(ordino, { profile: false, vertexMeters: short });
    expect(score.curvature).toBe(scoreCurvature(ordino, { profile: false }).curvature);
    expect(Array.from(short)).toEqual([-1, -1, -1]);
  });
});
