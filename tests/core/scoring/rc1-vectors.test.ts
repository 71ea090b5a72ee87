/**
 * RC-1 against every geometry vector of scoring-spec §4.3 (scoring-vectors.json), with the spec's
 * tolerances, plus the intermediate values the spec lists.
 */
import { describe, expect, test } from 'vitest';
import { scoreCurvature, type CurvatureScore } from '../../../src/core/scoring';
import { loadScoringVectors, vectorById, vectorCoords, type ScoringVector } from './helpers/scoring-vectors';

const vectors = loadScoringVectors();

/** The spec's RC-1 tolerance: ±5 % or ±3, whichever is larger. */
function rc1Tolerance(expected: number): number {
  return Math.max(3, 0.05 * Math.abs(expected));
}

function expectWithin(actual: number, expected: number, tolerance: number, what: string): void {
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`${what}: got ${actual}, expected ${expected} ± ${tolerance}`);
  }
}

describe('RC-1 on the spec vectors (default segment-local projection)', () => {
  test.each(vectors.map((v) => [`${v.id} ${v.name}`, v] as const))('%s', (_label, v: ScoringVector) => {
    const s = scoreCurvature(vectorCoords(v));
    if (v.id === 'V18') {
      // † V18 sits on level boundaries; the spec asks for 35 ≤ RC-1 ≤ 50.
      expect(s.curvature).toBeGreaterThanOrEqual(35);
      expect(s.curvature).toBeLessThanOrEqual(50);
    } else {
      expectWithin(s.curvature, v.robust, rc1Tolerance(v.robust), `${v.id} curvature`);
    }
    expect(s.curves).toBe(v.robust_curves40);
    expect(s.hairpins).toBe(v.robust_hairpins);
    expectWithin(s.distanceMeters, v.length_m, Math.max(0.02, v.length_m * 2e-4), `${v.id} length`);
    if (v.id !== 'V26') {
      // ‡ V26's reference turn flips with a 3 mm change of projection (a sample lands on a vertex);
      // it is checked exactly under the spec's own projection below, and its score here is the
      // alternate value the spec documents.
      expectWithin(s.turnDeg, v.robust_turn_deg, rc1Tolerance(v.robust_turn_deg), `${v.id} turn`);
    }
    const levelSum = s.levelMeters.reduce((a, b) => a + b, 0);
    expect(levelSum).toBeCloseTo(s.scoredMeters, 9);
    expect(s.curviness).toBeCloseTo(Math.min(100, s.curvaturePerKm / 4), 9);
  });

  test('V26 lands on the spec’s documented alternate value 184.8 (‡: other projection reference)', () => {
    const s = scoreCurvature(vectorCoords(vectorById(vectors, 'V26')));
    expectWithin(s.curvature, 184.8, 0.1, 'V26 curvature');
  });
});

describe('RC-1 with the spec’s literal projection reproduces the reference port to ±0.05', () => {
  test.each(vectors.map((v) => [`${v.id} ${v.name}`, v] as const))('%s', (_label, v: ScoringVector) => {
    const s = scoreCurvature(vectorCoords(v), { projection: 'single-reference' });
    expectWithin(s.curvature, v.robust, 0.05, `${v.id} curvature`);
    expectWithin(s.turnDeg, v.robust_turn_deg, 0.05, `${v.id} turn`);
    expect(s.curves).toBe(v.robust_curves40);
    expect(s.hairpins).toBe(v.robust_hairpins);
  });
});

describe('RC-1 intermediate values (scoring-spec §4.3)', () => {
  const score = (id: string): CurvatureScore => scoreCurvature(vectorCoords(vectorById(vectors, id)));

  test('V08: level lengths {0: 379.2, 1: 10, 2: 10, 3: 15, 4: 25}; one run of 84.6°, r_min 25.0, 59.9 m', () => {
    const s = score('V08');
    const expected = [379.2, 10, 10, 15, 25];
    s.levelMeters.forEach((m, l) => expectWithin(m, expected[l], 0.1, `V08 level ${l} metres`));
    expect(s.runs).toHaveLength(1);
    expectWithin(s.runs[0].turnDeg, 84.6, 0.05, 'V08 run turn');
    expectWithin(s.runs[0].minRadiusMeters, 25.0, 0.05, 'V08 run r_min');
    expectWithin(s.runs[0].lengthMeters, 59.9, 0.05, 'V08 run length');
  });

  test('V19: one run of 79.6°, r_min 21.6, levels {2: 10, 3: 10, 4: 30} m', () => {
    const s = score('V19');
    expect(s.runs).toHaveLength(1);
    expectWithin(s.runs[0].turnDeg, 79.6, 0.05, 'V19 run turn');
    expectWithin(s.runs[0].minRadiusMeters, 21.6, 0.05, 'V19 run r_min');
    expectWithin(s.levelMeters[2], 10, 0.01, 'V19 level 2');
    expectWithin(s.levelMeters[3], 10, 0.01, 'V19 level 3');
    expectWithin(s.levelMeters[4], 30, 0.01, 'V19 level 4');
    expectWithin(s.levelMeters[1], 0, 0.01, 'V19 level 1');
  });

  test('V21: one hairpin run of 177.3°, r_min 12.0', () => {
    const s = score('V21');
    expect(s.runs).toHaveLength(1);
    expectWithin(s.runs[0].turnDeg, 177.3, 0.05, 'V21 run turn');
    expectWithin(s.runs[0].minRadiusMeters, 12.0, 0.05, 'V21 r_min');
    expect(s.runs[0].isHairpin).toBe(true);
  });

  test('V22: six runs turning 66.7–75.6°, r_min 39.7–40.0, alternating direction', () => {
    const s = score('V22');
    expect(s.runs).toHaveLength(6);
    for (const [i, run] of s.runs.entries()) {
      expect(run.turnDeg).toBeGreaterThanOrEqual(66.7 - 0.05);
      expect(run.turnDeg).toBeLessThanOrEqual(75.6 + 0.05);
      expect(run.minRadiusMeters).toBeGreaterThanOrEqual(39.7 - 0.05);
      expect(run.minRadiusMeters).toBeLessThanOrEqual(40.0 + 0.05);
      expect(run.direction).toBe(i % 2 === 0 ? 1 : -1);
    }
  });

  test('V23: five hairpin runs turning 173.5–177.9°, r_min 10.1–10.2', () => {
    const s = score('V23');
    expect(s.runs).toHaveLength(5);
    for (const run of s.runs) {
      expect(run.turnDeg).toBeGreaterThanOrEqual(173.5 - 0.05);
      expect(run.turnDeg).toBeLessThanOrEqual(177.9 + 0.05);
      expect(run.minRadiusMeters).toBeGreaterThanOrEqual(10.1 - 0.05);
      expect(run.minRadiusMeters).toBeLessThanOrEqual(10.2 + 0.05);
      expect(run.isHairpin).toBe(true);
    }
  });

  test('V13–V17: zig-zag and jitter keep no run and score exactly 0', () => {
    for (const id of ['V13', 'V14', 'V15', 'V16', 'V17']) {
      const s = score(id);
      expect(s.curvature, id).toBe(0);
      expect(s.runs, id).toHaveLength(0);
      expect(s.levelMeters[0], id).toBeCloseTo(s.scoredMeters, 9);
    }
  });

  test('V31: removing the duplicated vertices restores V04 exactly', () => {
    const dup = score('V31');
    const clean = score('V04');
    expect(dup.curvature).toBe(clean.curvature);
    expect(dup.turnDeg).toBe(clean.turnDeg);
  });

  test('V33: the spike vertex is cut, the rest is straight', () => {
    const s = score('V33');
    expect(s.curvature).toBe(0);
    expect(s.distanceMeters).toBeCloseTo(250, 1);
    expect(s.scoredMeters).toBeCloseTo(150, 1);
  });

  test('Kurvigkeit: V23 ≈ 1160 °/km and V22 ≈ 1114 °/km (scoring-spec §1.4)', () => {
    expectWithin(score('V23').turnDegPerKm, 1160, 0.01 * 1160, 'V23 °/km');
    expectWithin(score('V22').turnDegPerKm, 1114, 0.01 * 1114, 'V22 °/km');
  });
});
