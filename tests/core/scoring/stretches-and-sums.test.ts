/**
 * Curvy stretches, summing piece scores (tracks with gaps, drives joined at waypoints), and the
 * incremental drive aggregator fuzzed against a from-scratch oracle.
 */
import { describe, expect, test } from 'vitest';
import { DriveCurvature, scoreCurvature, sumScores, type CurvatureScore } from '../../../src/core/scoring';
import { mulberry32 } from './helpers/mulberry32';
import { buildRoad, randomRoadRecipe } from './helpers/random-roads';
import { loadScoringVectors, vectorById, vectorCoords } from './helpers/scoring-vectors';
import { PlanarPen } from './helpers/synthetic-route';

const vectors = loadScoringVectors();
const RAD = Math.PI / 180;

/** `count` 90° R50 bends, alternating, with `gap` m of straight between them and 300 m leads. */
function bends(count: number, gap: number): PlanarPen {
  const pen = new PlanarPen(0).straight(300, 10);
  for (let i = 0; i < count; i++) {
    pen.arc(50, (i % 2 === 0 ? 90 : -90) * RAD, 5);
    pen.straight(i === count - 1 ? 300 : gap, 10);
  }
  return pen;
}

describe('curvy stretches (≥ 3 curves, gaps ≤ 500 m)', () => {
  test('V23: five hairpins 100 m apart form one stretch holding the whole score', () => {
    const s = scoreCurvature(vectorCoords(vectorById(vectors, 'V23')));
    expect(s.stretches).toHaveLength(1);
    const [st] = s.stretches;
    expect(st.curves).toBe(5);
    expect(st.hairpins).toBe(5);
    expect(st.curvature).toBeCloseTo(s.curvature, 9);
    expect(st.label).toBe('moderately twisty');
    expect(st.minRadiusMeters).toBeLessThan(10.3);
    expect(st.firstRun).toBe(0);
    expect(st.lastRun).toBe(4);
    expect(st.curvaturePerKm).toBeCloseTo(st.curvature / (st.lengthMeters / 1000), 9);
  });

  test('three bends 400 m apart are a stretch; 600 m apart, or only two bends, are not', () => {
    expect(scoreCurvature(bends(3, 400).toLonLat()).stretches).toHaveLength(1);
    expect(scoreCurvature(bends(3, 600).toLonLat()).stretches).toHaveLength(0);
    expect(scoreCurvature(bends(2, 100).toLonLat()).stretches).toHaveLength(0);
    const split = scoreCurvature(bends(7, 100).toLonLat()).stretches;
    expect(split).toHaveLength(1);
    expect(split[0].curves).toBe(7);
  });

  test('a gap above 500 m splits one sequence into two stretches', () => {
    const pen = bends(3, 100);
    pen.straight(600, 10);
    for (let i = 0; i < 3; i++) pen.arc(50, (i % 2 === 0 ? 90 : -90) * RAD, 5).straight(100, 10);
    const s = scoreCurvature(pen.toLonLat());
    expect(s.stretches.map((x) => x.curves)).toEqual([3, 3]);
    expect(s.stretches[1].startMeters - s.stretches[0].endMeters).toBeGreaterThan(500);
  });
});

describe('sumScores', () => {
  const parts = [bends(2, 100), bends(2, 100), bends(1, 100)].map((p) => scoreCurvature(p.toLonLat()));

  test('additive totals are exact sums; ratios are recomputed', () => {
    const sum = sumScores(parts);
    let distance = 0, curvature = 0, curves = 0, turn = 0;
    const levels = [0, 0, 0, 0, 0];
    for (const p of parts) {
      distance += p.distanceMeters; curvature += p.curvature; curves += p.curves; turn += p.turnDeg;
      p.levelMeters.forEach((m, l) => { levels[l] += m; });
    }
    expect(sum.distanceMeters).toBe(distance);
    expect(sum.curvature).toBe(curvature);
    expect(sum.curves).toBe(curves);
    expect(sum.turnDeg).toBe(turn);
    expect(sum.levelMeters).toEqual(levels);
    expect(sum.curvaturePerKm).toBeCloseTo(curvature / (distance / 1000), 9);
    expect(sum.partStartMeters[1]).toBe(parts[0].distanceMeters);
    expect(sum.runs).toHaveLength(5);
    expect(sum.runs[2].startMeters).toBeCloseTo(parts[1].runs[0].startMeters + parts[0].distanceMeters, 9);
    expect(sum.runs[2].part).toBe(1);
  });

  test('no stretch spans a gap between track segments; joined drive segments may share one', () => {
    expect(sumScores(parts).stretches).toHaveLength(0);
    const joined = sumScores(parts, { joined: true });
    expect(joined.stretches).toHaveLength(0); // 300 m leads + 300 m leads = 600 m > 500 m between pieces
    // Leads of 100 m: the bends of neighbouring pieces are about 200 m apart across the join.
    const twoBends = new PlanarPen(0).straight(100, 10).arc(50, 90 * RAD, 5).straight(100, 10).arc(50, -90 * RAD, 5).straight(100, 10);
    const close = [scoreCurvature(twoBends.toLonLat()), scoreCurvature(twoBends.toLonLat(7.1, 45))];
    expect(sumScores(close).stretches).toHaveLength(0);
    const across = sumScores(close, { joined: true }).stretches;
    expect(across).toHaveLength(1);
    expect(across[0].curves).toBe(4);
    expect(sumScores(close, { joined: [false, false] }).stretches).toHaveLength(0);
  });

  test('splitting a track on its straights sums to nearly the whole; a cut inside a bend loses the bend', () => {
    const road = buildRoad({ headingRad: 0, pieces: [
      { kind: 'straight', lengthMeters: 300, spacingMeters: 10 },
      { kind: 'arc', radiusMeters: 40, angleRad: 120 * RAD, spacingMeters: 4 },
      { kind: 'straight', lengthMeters: 400, spacingMeters: 10 },
      { kind: 'arc', radiusMeters: 70, angleRad: -100 * RAD, spacingMeters: 5 },
      { kind: 'straight', lengthMeters: 300, spacingMeters: 10 },
    ] });
    const coords = road.toLonLat();
    const whole = scoreCurvature(coords);
    const vertexAt = (meters: number) => {
      let d = 0;
      for (let i = 1; i < road.xs.length; i++) {
        d += Math.hypot(road.xs[i] - road.xs[i - 1], road.ys[i] - road.ys[i - 1]);
        if (d >= meters) return i;
      }
      return road.xs.length - 1;
    };
    const cut = (at: number) => {
      const v = vertexAt(at);
      return sumScores([scoreCurvature(coords.slice(0, 2 * v + 2)), scoreCurvature(coords.slice(2 * v))]);
    };
    // The second piece is resampled from its own start, so samples shift: allow one 5 m segment at weight 2.
    const onStraight = cut(300 + 40 * 120 * RAD + 200);
    expect(Math.abs(onStraight.curvature - whole.curvature)).toBeLessThanOrEqual(10);
    expect(onStraight.curves).toBe(whole.curves);
    const inBend = cut(300 + 40 * 60 * RAD);
    expect(inBend.curvature).toBeLessThan(whole.curvature);
    expect(inBend.distanceMeters).toBeCloseTo(whole.distanceMeters, 6);
  });
});

describe('DriveCurvature re-scores only touched pieces (fuzzed against a from-scratch sum)', () => {
  function oracle(pieces: { key: string; gap?: boolean }[], geometry: Map<string, Float64Array>): ReturnType<typeof sumScores> {
    const parts: CurvatureScore[] = [];
    const joined: boolean[] = [];
    let prevGap = true;
    for (const p of pieces) {
      if (p.gap) { prevGap = true; continue; }
      parts.push(scoreCurvature(geometry.get(p.key)!));
      joined.push(!prevGap);
      prevGap = false;
    }
    return sumScores(parts, { joined });
  }

  test.each([11, 22, 33, 44, 55])('seed %i: 40 random edits on a 20-segment drive', (seed) => {
    const rand = mulberry32(seed);
    const geometry = new Map<string, Float64Array>();
    let version = 0;
    const newPiece = () => {
      const key = `seg-${version++}`;
      geometry.set(key, buildRoad(randomRoadRecipe(Math.floor(rand() * 1e6))).toLonLat(7 + rand(), 45 + rand()));
      return { key, gap: rand() < 0.1 };
    };
    let pieces = Array.from({ length: 20 }, newPiece);
    const drive = new DriveCurvature();
    const asked: string[] = [];
    const geometryOf = (key: string) => { asked.push(key); return geometry.get(key); };
    const first = drive.update(pieces, geometryOf);
    expect(first.rescoredKeys.length).toBe(pieces.filter((p) => !p.gap).length);

    for (let edit = 0; edit < 40; edit++) {
      // A waypoint drag re-routes the two segments around the waypoint; sometimes one is inserted.
      const i = Math.floor(rand() * pieces.length);
      const touched = new Set<string>();
      pieces = pieces.slice();
      for (const j of [i - 1, i]) if (j >= 0) { pieces[j] = newPiece(); touched.add(pieces[j].key); }
      if (rand() < 0.2) { const p = newPiece(); pieces.splice(i, 0, p); touched.add(p.key); }
      asked.length = 0;
      const got = drive.update(pieces, geometryOf);
      const want = oracle(pieces, geometry);
      const expectedRescored = pieces.filter((p) => !p.gap && touched.has(p.key)).map((p) => p.key);
      expect(got.rescoredKeys).toEqual(expectedRescored);
      expect(asked).toEqual(expectedRescored);
      expect(got.score.curvature).toBe(want.curvature);
      expect(got.score.distanceMeters).toBe(want.distanceMeters);
      expect(got.score.levelMeters).toEqual(want.levelMeters);
      expect(got.score.curves).toBe(want.curves);
      expect(got.score.hairpins).toBe(want.hairpins);
      expect(got.score.turnDeg).toBe(want.turnDeg);
      expect(got.score.stretches).toEqual(want.stretches);
      expect(drive.size).toBe(new Set(pieces.filter((p) => !p.gap).map((p) => p.key)).size);
    }
  });

  test('a piece whose geometry is not there yet counts as missing and breaks stretches', () => {
    const drive = new DriveCurvature();
    const res = drive.update([{ key: 'a' }, { key: 'b' }], (k) => (k === 'a' ? bends(3, 100).toLonLat() : undefined));
    expect(res.missingKeys).toEqual(['b']);
    expect(res.score.parts).toHaveLength(1);
    expect(res.score.curves).toBe(3);
  });

  test('bad options fail at construction with the option named', () => {
    expect(() => new DriveCurvature({ stepMeters: 0 })).toThrow(/stepMeters/);
  });
});
