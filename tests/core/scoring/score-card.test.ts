/**
 * Score cards on real Andorra roads with SRTM elevation and the extract's scenic features: every
 * field equals the library function it comes from, pieces never share a curve or a climb, cards
 * combine exactly, and a range card scores just the stretch asked for.
 */
import { describe, expect, test } from 'vitest';
import { sampleProfileEvery } from '../../../src/core/elevation/elevation-profile';
import { elevationStats } from '../../../src/core/elevation/elevation-stats';
import { lineLengthMeters } from '../../../src/core/geometry/earth';
import { measureScenic, mergeScenicMeasures, scenicFromMeasures, scoreScenic } from '../../../src/core/scenic';
import { scoreCurvature, sumScores } from '../../../src/core/scoring';
import { combineScoreCards, scoreCard, scoreRangeCard, sliceLine } from '../../../src/core/scoring/score-card';
import { PLACES, extractPois, joinLines, roadThrough, sharedDem } from '../pois/shared-data';

const dem = sharedDem();
const pois = extractPois('andorra');
const up = roadThrough('andorra', 'ref:CS-340', PLACES.collOrdinoPass).coords;
const down = roadThrough('andorra', 'ref:CS-240', PLACES.collOrdinoPass).coords;
const envalira = roadThrough('andorra', 'ref:CG-2', PLACES.envaliraPass).coords;
const overThePass = joinLines(up, down);

describe('scoreCard of one line', () => {
  const card = scoreCard(overThePass, { name: "Coll d'Ordino", dem, pois, durationSeconds: 1500 });

  test('curvature fields are RC-1\'s', () => {
    const rc1 = scoreCurvature(overThePass);
    expect(card).toMatchObject({
      name: "Coll d'Ordino", durationSeconds: 1500, pieces: 1,
      distanceMeters: rc1.distanceMeters, curvature: rc1.curvature, curvaturePerKm: rc1.curvaturePerKm, curviness: rc1.curviness,
      curves: rc1.curves, hairpins: rc1.hairpins, turnDeg: rc1.turnDeg, turnDegPerKm: rc1.turnDegPerKm,
    });
    expect(card.levelMeters).toEqual(Array.from(rc1.levelMeters));
    expect(card.distanceMeters).toBeCloseTo(lineLengthMeters(overThePass), 6);
  });

  test('elevation is the 50 m DEM profile with 5 m hysteresis; the highest point is at the pass', () => {
    const profile = sampleProfileEvery(dem, overThePass, 50);
    const stats = elevationStats(profile.elevationMeters, 5);
    expect(card.elevation).toMatchObject({ ascentMeters: stats.ascentMeters, descentMeters: stats.descentMeters, maxMeters: stats.maxMeters, minMeters: stats.minMeters, coveredShare: 1 });
    const top = card.elevation?.highestPoint;
    expect(top?.distanceMeters).toBe(profile.distanceMeters[stats.maxIndex]);
    expect(Math.abs((top?.lon ?? 0) - PLACES.collOrdinoPass[0])).toBeLessThan(0.005);
    expect(Math.abs((top?.lat ?? 0) - PLACES.collOrdinoPass[1])).toBeLessThan(0.005);
  });

  test('scenic is scoreScenic on the same profile, and the drive score blends it with curviness', () => {
    const scenic = scoreScenic(overThePass, pois, { elevation: sampleProfileEvery(dem, overThePass, 50) });
    expect(card.scenic?.scenic).toBe(scenic.scenic);
    expect(card.scenic?.parts.map((p) => p.score)).toEqual(scenic.parts.map((p) => p.score));
    expect(card.driveScore).toBeCloseTo(0.5 * card.curviness + 0.5 * (scenic.scenic ?? NaN), 12);
  });

  test('without DEM or features the card says so with nulls', () => {
    const bare = scoreCard(overThePass);
    expect(bare.elevation).toBeNull();
    expect(bare.scenic).toBeNull();
    expect(bare.driveScore).toBeNull();
    expect(bare.durationSeconds).toBeNull();
    expect(bare.curvature).toBe(card.curvature);
  });

  test('a line outside the DEM has no elevation; an empty line scores zero and has no scenery', () => {
    const monacoLine = Float64Array.from([7.40, 43.73, 7.41, 43.735]);
    expect(scoreCard(monacoLine, { dem: sharedDemAndorraOnly() }).elevation).toBeNull();
    const empty = scoreCard(new Float64Array(0), { dem, pois });
    expect(empty).toMatchObject({ distanceMeters: 0, curvature: 0, elevation: null, scenic: null });
  });
});

function sharedDemAndorraOnly() {
  const andorra = sharedDem();
  return { elevationAt: (lon: number, lat: number) => (lon < 2 ? andorra.elevationAt(lon, lat) : NaN) };
}

describe('pieces (track segments)', () => {
  const card = scoreCard([up, down], { dem, pois });

  test('curvature is the sum of the pieces scored separately', () => {
    const sum = sumScores([scoreCurvature(up), scoreCurvature(down)]);
    expect(card.pieces).toBe(2);
    expect(card.curvature).toBe(sum.curvature);
    expect(card.curves).toBe(sum.curves);
    expect(card.distanceMeters).toBe(sum.distanceMeters);
  });

  test('no curve spans the gap: split inside a hairpin, every run stays within its piece', () => {
    const whole = scoreCurvature(envalira);
    const hairpin = whole.runs.find((run) => run.isHairpin);
    expect(hairpin).toBeDefined();
    const middle = ((hairpin?.startMeters ?? 0) + (hairpin?.endMeters ?? 0)) / 2;
    const pieces = sliceLine(envalira, 0, middle).concat(sliceLine(envalira, middle, Infinity));
    const split = scoreCard(pieces);
    expect(split.pieces).toBe(2);
    expect(split.curvature).toBe(scoreCurvature(pieces[0]).curvature + scoreCurvature(pieces[1]).curvature);
    const runs = split.curvatureScore.runs;
    expect(runs.length).toBeGreaterThan(10);
    for (const run of runs) {
      const from = split.curvatureScore.partStartMeters[run.part ?? -1];
      const to = from + split.curvatureScore.parts[run.part ?? -1].distanceMeters;
      expect(run.startMeters).toBeGreaterThanOrEqual(from - 1e-6);
      expect(run.endMeters).toBeLessThanOrEqual(to + 1e-6);
    }
    expect(runs.some((run) => Math.abs(run.endMeters - middle) < 60)).toBe(true);
  });

  test('climbing adds up per piece; the highest point keeps its distance along the whole line', () => {
    const a = elevationStats(sampleProfileEvery(dem, up, 50).elevationMeters, 5);
    const b = elevationStats(sampleProfileEvery(dem, down, 50).elevationMeters, 5);
    expect(card.elevation?.ascentMeters).toBeCloseTo(a.ascentMeters + b.ascentMeters, 9);
    expect(card.elevation?.descentMeters).toBeCloseTo(a.descentMeters + b.descentMeters, 9);
    expect(card.elevation?.maxMeters).toBe(Math.max(a.maxMeters, b.maxMeters));
  });

  test('scenic features are counted once for the whole line', () => {
    const merged = scenicFromMeasures(mergeScenicMeasures([measureScenic(up, pois), measureScenic(down, pois)]));
    expect(card.scenic?.parts.find((p) => p.id === 'view')?.items.map((i) => i.osm.id)).toEqual(merged.parts[0].items.map((i) => i.osm.id));
  });
});

describe('combineScoreCards', () => {
  const legs = [scoreCard(up, { name: 'up', dem, pois, durationSeconds: 600 }), scoreCard(down, { name: 'down', dem, pois, durationSeconds: 700 }), scoreCard(envalira, { name: 'Envalira', dem, pois, durationSeconds: 900 })];
  const total = combineScoreCards(legs, { name: 'drive' });

  test('sums are exact, ratios recomputed, durations added', () => {
    expect(total.name).toBe('drive');
    expect(total.distanceMeters).toBe(legs.reduce((s, l) => s + l.distanceMeters, 0));
    expect(total.curvature).toBe(legs.reduce((s, l) => s + l.curvature, 0));
    expect(total.hairpins).toBe(legs.reduce((s, l) => s + l.hairpins, 0));
    expect(total.curvaturePerKm).toBeCloseTo(total.curvature / (total.distanceMeters / 1000), 9);
    expect(total.durationSeconds).toBe(2200);
    expect(total.levelMeters.reduce((a, b) => a + b, 0)).toBeCloseTo(legs.reduce((s, l) => s + l.levelMeters.reduce((a, b) => a + b, 0), 0), 6);
    expect(total.pieces).toBe(3);
  });

  test('elevation: climbing adds up, the highest point is Envalira\'s, shifted to drive distance', () => {
    expect(total.elevation?.ascentMeters).toBeCloseTo(legs.reduce((s, l) => s + (l.elevation?.ascentMeters ?? 0), 0), 9);
    expect(total.elevation?.maxMeters).toBe(legs[2].elevation?.maxMeters);
    expect(total.elevation?.highestPoint.distanceMeters).toBeCloseTo(legs[0].distanceMeters + legs[1].distanceMeters + (legs[2].elevation?.highestPoint.distanceMeters ?? NaN), 6);
    expect(total.elevation?.coveredShare).toBe(1);
  });

  test('scenic is scored from the merged measures (not an average of the legs)', () => {
    const merged = scenicFromMeasures(mergeScenicMeasures(legs.map((l) => l.scenicMeasures ?? measureScenic(new Float64Array(0), pois))));
    expect(total.scenic?.scenic).toBe(merged.scenic);
    expect(total.scenic?.parts.find((p) => p.id === 'pass')?.inputs.P).toBeGreaterThanOrEqual(3); // two over Coll d'Ordino, Envalira
  });

  test('a leg without duration makes the total duration unknown; joined legs may share a curvy stretch', () => {
    expect(combineScoreCards([legs[0], scoreCard(down)]).durationSeconds).toBeNull();
    const joined = combineScoreCards(legs.slice(0, 2), { joined: true });
    expect(joined.curvatureScore.stretches.length).toBeLessThanOrEqual(total.curvatureScore.stretches.length);
    expect(joined.curvature).toBe(legs[0].curvature + legs[1].curvature);
  });
});

describe('scoreRangeCard and sliceLine', () => {
  const length = lineLengthMeters(overThePass);

  test('the whole range is the whole line', () => {
    const whole = scoreRangeCard(overThePass, 0, length, { dem });
    const card = scoreCard(overThePass, { dem });
    expect(whole.distanceMeters).toBeCloseTo(card.distanceMeters, 6);
    expect(whole.curvature).toBeCloseTo(card.curvature, 6);
    expect(whole.elevation?.ascentMeters).toBeCloseTo(card.elevation?.ascentMeters ?? NaN, 6);
  });

  test('a range from 2 km to 7 km is 5 km long, its ends interpolated on the line; reversed bounds are swapped', () => {
    const range = scoreRangeCard(overThePass, 7000, 2000, { dem, pois });
    expect(range.distanceMeters).toBeCloseTo(5000, 3);
    const [slice] = sliceLine(overThePass, 2000, 7000);
    expect(lineLengthMeters(slice)).toBeCloseTo(5000, 3);
    const rc1 = scoreCurvature(slice);
    expect(range.curvature).toBe(rc1.curvature);
    expect(range.elevation?.ascentMeters).toBe(elevationStats(sampleProfileEvery(dem, slice, 50).elevationMeters, 5).ascentMeters);
    expect(range.scenic).not.toBeNull();
  });

  test('ranges across pieces keep the gap; out-of-line ranges give nothing', () => {
    const upLength = lineLengthMeters(up);
    const pieces = sliceLine([up, down], upLength - 1000, upLength + 1500);
    expect(pieces).toHaveLength(2);
    expect(lineLengthMeters(pieces[0])).toBeCloseTo(1000, 3);
    expect(lineLengthMeters(pieces[1])).toBeCloseTo(1500, 3);
    expect(sliceLine(up, upLength + 10, upLength + 20)).toEqual([]);
    expect(scoreRangeCard(up, -50, -10).distanceMeters).toBe(0);
  });
});
