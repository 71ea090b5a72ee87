/**
 * The scoring's fast paths give exactly the answers of its general ones: the projection's common
 * loop and its general path (invalid points, duplicates) hand over between each other without a
 * trace, and skipping the square root of samples certified straight (no profile asked) changes no
 * level, run or total. Without a profile the curvature also runs on chunks of samples while the
 * line is still being projected (streaming); a spike removal reaching back into samples already
 * scored makes it start over, with the same answer.
 */
import { describe, expect, test } from 'vitest';
import { scoreCurvature, type CurvatureScore } from '../../../src/core/scoring';
import { buildRoad, randomRoadRecipe } from './helpers/random-roads';
import { PlanarPen, syntheticRoute } from './helpers/synthetic-route';

const roads: [string, Float64Array][] = [
  ...Array.from({ length: 40 }, (_, i) => [`random road ${i + 1}`, buildRoad(randomRoadRecipe(i + 1)).toLonLat(7, 45)] as [string, Float64Array]),
  ['synthetic route, 20,000 points', syntheticRoute({ seed: 4, points: 20_000 })],
  ['synthetic route without noise', syntheticRoute({ seed: 5, points: 20_000, noiseMeters: 0 })],
];

/** Everything a score says about the road, without the per-sample profile. */
function summary(s: CurvatureScore): unknown {
  return {
    distanceMeters: s.distanceMeters, scoredMeters: s.scoredMeters, curvature: s.curvature, curves: s.curves, hairpins: s.hairpins,
    turnDeg: s.turnDeg, levelMeters: Array.from(s.levelMeters), runs: s.runs, stretches: s.stretches,
  };
}

describe('fast paths answer exactly what the general ones do', () => {
  test.each(roads)('%s: with or without a profile, the same levels, runs and totals', (_name, road) => {
    const withProfile = scoreCurvature(road);
    const without = scoreCurvature(road, { profile: false });
    expect(summary(without)).toEqual(summary(withProfile));
  });

  test.each(roads)('%s: invalid points sprinkled in change nothing but the drop count', (_name, road) => {
    const n = road.length / 2;
    const sprinkledCoords: number[] = [];
    let invalid = 0;
    for (let i = 0; i < n; i++) {
      sprinkledCoords.push(road[2 * i], road[2 * i + 1]);
      if (i % 11 === 5 && i + 1 < n) { sprinkledCoords.push(NaN, road[2 * i + 1]); invalid++; }
      if (i % 13 === 7 && i + 1 < n) { sprinkledCoords.push(road[2 * i], 91); invalid++; }
    }
    const clean = scoreCurvature(road, { profile: false });
    const sprinkled = scoreCurvature(Float64Array.from(sprinkledCoords), { profile: false });
    expect(sprinkled.droppedPoints).toBe(invalid);
    expect(summary(sprinkled)).toEqual(summary(clean));
  });

  test.each(roads)('%s: exact duplicates sprinkled in are dropped (to the cosine band\'s 1e-12)', (_name, road) => {
    const n = road.length / 2;
    const withDuplicates: number[] = [];
    for (let i = 0; i < n; i++) {
      withDuplicates.push(road[2 * i], road[2 * i + 1]);
      if (i % 7 === 3) withDuplicates.push(road[2 * i], road[2 * i + 1]);
    }
    // A duplicate's own "segment" has its mean latitude at the point, which may start a new cosine
    // band one point early (RC-1's projection did so before these fast paths too): positions move
    // by ~1e-12 of their distance from the start, so compare to that.
    const clean = scoreCurvature(road, { profile: false });
    const duplicated = scoreCurvature(Float64Array.from(withDuplicates), { profile: false });
    const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
    expect(duplicated.droppedPoints).toBe(0);
    expect(duplicated.runs.length).toBe(clean.runs.length);
    expect([duplicated.curves, duplicated.hairpins]).toEqual([clean.curves, clean.hairpins]);
    for (const key of ['distanceMeters', 'scoredMeters', 'curvature', 'turnDeg'] as const) {
      expect(close(duplicated[key], clean[key]), `${key}: ${duplicated[key]} vs ${clean[key]}`).toBe(true);
    }
    duplicated.levelMeters.forEach((m, l) => expect(close(m, clean.levelMeters[l]), `level ${l}`).toBe(true));
  });

  test.each([
    ['a spike removed right behind the front', 2],
    ['a cascade of spike removals reaching back 4 km, into samples already scored', 400],
  ])('streaming with %s: the same levels, runs and totals as without', (_name, backSteps) => {
    // 8 km straight, a hairpin, 3 km straight, a bend: vertices every 10 m.
    const pen = new PlanarPen().straight(8000, 10).arc(30, 2.8, 5).straight(3000, 10).arc(80, -1.2, 5).straight(300, 10);
    const road = pen.toLonLat(7, 45);
    const at = 700; // on the first straight, past the first samples streamed
    // Back along the road's own vertices (a spike pointing backwards), then on: every vertex between is a spike in turn.
    const back = at - backSteps;
    const spiked = new Float64Array([...road.subarray(0, 2 * at), road[2 * back] + 1e-9, road[2 * back + 1], ...road.subarray(2 * at)]);
    const streamed = scoreCurvature(spiked, { profile: false });
    expect(summary(streamed)).toEqual(summary(scoreCurvature(spiked)));
    expect(streamed.curves).toBe(2);
    expect(streamed.hairpins).toBe(1);
  });

  // The projection's common loop only runs with spike removal on and SPIKE above 90° (a spike is
  // then told by the sign of the turn alone); with other settings every point takes the general
  // path, which measures cleaned lengths by their own square root. On roads turning well below
  // those angles at every vertex, nothing is removed either way, so the scores agree to rounding.
  test.each(roads.slice(0, 12))('%s: the general path alone (spike removal off, or SPIKE ≤ 90°) scores as the common loop does', (_name, road) => {
    const common = scoreCurvature(road, { profile: false });
    const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
    for (const spikeDeg of [181, 89]) {
      const general = scoreCurvature(road, { profile: false, spikeDeg });
      expect([general.runs.length, general.curves, general.hairpins], `SPIKE ${spikeDeg}°`).toEqual([common.runs.length, common.curves, common.hairpins]);
      for (const key of ['distanceMeters', 'scoredMeters', 'curvature', 'turnDeg'] as const) {
        expect(close(general[key], common[key]), `SPIKE ${spikeDeg}°, ${key}: ${general[key]} vs ${common[key]}`).toBe(true);
      }
    }
  });

  test('a two-sample line still gets an infinite (straight) radius in its profile', () => {
    const s = scoreCurvature(new Float64Array([7, 46, 7.00005, 46]));
    expect(s.profile?.radiusMeters.length).toBe(2);
    expect(Array.from(s.profile?.radiusMeters ?? [])).toEqual([Infinity, Infinity]);
    expect(Array.from(s.profile?.level ?? [])).toEqual([0, 0]);
  });
});
