/**
 * The Franco-compatible Mode A oracle against every vector (±0.5 % or ±0.5), and the primitive
 * vectors of scoring-spec §4.2 (circumradius, levels, resampling).
 */
import { describe, expect, test } from 'vitest';
import {
  circumradiusFromSidesMeters, circumradiusMeters, curveLevel, curveLevelOfCurvature, CURVE_LEVEL_WEIGHTS, MODE_A_STRAIGHT_RADIUS_METERS,
  RC1_DEFAULTS, scoreCurvatureModeA, signedCurvature,
} from '../../../src/core/scoring';
import { CurvatureScratch, prepareSamples } from '../../../src/core/scoring/planar-samples';
import { loadScoringVectors, vectorById, vectorCoords, type ScoringVector } from './helpers/scoring-vectors';
import { planarToLonLat } from './helpers/synthetic-route';

const vectors = loadScoringVectors();

describe('Mode A (Franco with exact math) reproduces the spec column A', () => {
  test.each(vectors.map((v) => [`${v.id} ${v.name}`, v] as const))('%s', (_label, v: ScoringVector) => {
    const a = scoreCurvatureModeA(vectorCoords(v));
    const tolerance = Math.max(0.5, 0.005 * v.franco_exact);
    expect(Math.abs(a.curvature - v.franco_exact), `${v.id}: got ${a.curvature}, expected ${v.franco_exact}`).toBeLessThanOrEqual(tolerance);
  });

  test('V08: level lengths {0: 360, 1: 40, 4: 39.21}; the lead segments next to the arc get r = 126.9 by the min rule', () => {
    const a = scoreCurvatureModeA(vectorCoords(vectorById(vectors, 'V08')));
    expect(a.levelMeters[0]).toBeCloseTo(360, 1);
    expect(a.levelMeters[1]).toBeCloseTo(40, 1);
    expect(a.levelMeters[4]).toBeCloseTo(39.21, 1);
    const r = Array.from(a.segmentRadiusMeters);
    expect(r[9]).toBeCloseTo(126.9, 1); // last lead-in segment
    expect(r[18]).toBeCloseTo(126.9, 1); // first lead-out segment
    for (let j = 10; j < 18; j++) expect(r[j]).toBeCloseTo(25, 1);
  });

  test('V19: both 100 m segments get r = 70.7 (level 2), 260 in all', () => {
    const a = scoreCurvatureModeA(vectorCoords(vectorById(vectors, 'V19')));
    expect(a.segmentRadiusMeters[0]).toBeCloseTo(70.71, 1);
    expect(a.segmentRadiusMeters[1]).toBeCloseTo(70.71, 1);
    expect(a.curvature).toBeCloseTo(260, 1);
  });

  test('V31: duplicated vertices hit the straight sentinel everywhere (the artifact RC-1 removes)', () => {
    const a = scoreCurvatureModeA(vectorCoords(vectorById(vectors, 'V31')));
    expect(a.curvature).toBe(0);
    expect(Array.from(a.segmentRadiusMeters).every((r) => r === MODE_A_STRAIGHT_RADIUS_METERS)).toBe(true);
  });
});

describe('primitive vectors (scoring-spec §4.2)', () => {
  test('circumradius by cross product', () => {
    expect(circumradiusMeters(0, 0, 10, 0, 20, 0)).toBe(Infinity);
    expect(circumradiusMeters(0, 0, 10, 0, 10, 10)).toBeCloseTo(7.0710678, 6);
    expect(signedCurvature(0, 0, 10, 0, 10, 10)).toBeCloseTo(0.1414214, 6);
    const rad = Math.PI / 180;
    const p = (a: number) => [25 * Math.sin(a * rad), 25 - 25 * Math.cos(a * rad)] as const;
    const [a, b, c] = [p(0), p(10), p(20)];
    expect(circumradiusMeters(a[0], a[1], b[0], b[1], c[0], c[1])).toBeCloseTo(25, 6);
    expect(signedCurvature(a[0], a[1], b[0], b[1], c[0], c[1])).toBeCloseTo(0.04, 9);
    expect(circumradiusMeters(0, 0, 10, 0, 5, 5 * Math.sqrt(3))).toBeCloseTo(5.7735027, 6);
    expect(circumradiusMeters(0, 0, 10, 0.01, 20, 0)).toBeCloseTo(5000.005, 2);
    expect(signedCurvature(0, 0, 10, 0.01, 20, 0)).toBeCloseTo(-0.0002, 9);
    expect(signedCurvature(0, 0, 0, 0, 10, 0)).toBe(0);
    expect(circumradiusMeters(0, 0, 10, 0, 0, 0.5)).toBeCloseTo(5.0062461, 6);
  });

  test('circumradius from sides (Mode A, Kahan-stable Heron) agrees and uses the 10 000 sentinel', () => {
    const d = (ax: number, ay: number, bx: number, by: number) => Math.hypot(bx - ax, by - ay);
    expect(circumradiusFromSidesMeters(10, 10, d(0, 0, 10, 10))).toBeCloseTo(7.0710678, 6);
    expect(circumradiusFromSidesMeters(10, 10, 10)).toBeCloseTo(5.7735027, 6);
    expect(circumradiusFromSidesMeters(10, d(10, 0, 0, 0.5), 0.5)).toBeCloseTo(5.0062461, 5);
    expect(circumradiusFromSidesMeters(10, 10, 20)).toBe(MODE_A_STRAIGHT_RADIUS_METERS);
    expect(circumradiusFromSidesMeters(0, 10, 10)).toBe(MODE_A_STRAIGHT_RADIUS_METERS);
  });

  test('level(r) uses strict < at every boundary, with Franco weights', () => {
    const radii = [29.99, 30, 59.99, 60, 99.99, 100, 174.99, 175, 10000];
    expect(radii.map(curveLevel)).toEqual([4, 3, 3, 2, 2, 1, 1, 0, 0]);
    expect(radii.map((r) => CURVE_LEVEL_WEIGHTS[curveLevel(r)])).toEqual([2, 1.6, 1.6, 1.3, 1.3, 1, 1, 0, 0]);
    expect(curveLevel(Infinity)).toBe(0);
    expect(curveLevel(NaN)).toBe(0);
  });

  test('levels decided on the curvature agree with dividing, bit for bit, around every boundary', () => {
    const bits = new Float64Array(1);
    const word = new BigInt64Array(bits.buffer);
    for (const r of [30, 60, 100, 175]) {
      bits[0] = 1 / r;
      word[0] -= 50n;
      for (let i = 0; i < 100; i++, word[0] += 1n) {
        expect(curveLevelOfCurvature(bits[0]), `κ = ${bits[0]}`).toBe(curveLevel(1 / bits[0]));
        expect(curveLevelOfCurvature(-bits[0])).toBe(curveLevel(1 / bits[0]));
      }
    }
    expect([0, 1e-9, 0.01, 0.02, 0.05, 1, Infinity].map(curveLevelOfCurvature)).toEqual([0, 0, 1, 3, 4, 4, 4]);
  });

  function resampled(xs: number[], ys: number[]): number[][] {
    const scratch = new CurvatureScratch();
    const prep = prepareSamples(planarToLonLat(xs, ys, 7, 45), RC1_DEFAULTS, scratch);
    const out: number[][] = [];
    for (let i = 0; i < prep.samples; i++) out.push([scratch.sx[i], scratch.sy[i]]);
    return out;
  }

  test('resample(Δ = 5): (0,0)→(12,0) gives (0,0),(5,0),(10,0),(12,0)', () => {
    const got = resampled([0, 12], [0, 0]);
    const want = [[0, 0], [5, 0], [10, 0], [12, 0]];
    expect(got).toHaveLength(4);
    got.forEach((p, i) => { expect(p[0]).toBeCloseTo(want[i][0], 6); expect(p[1]).toBeCloseTo(want[i][1], 6); });
  });

  test('resample(Δ = 5): (0,0),(7,0),(7,8) gives (0,0),(5,0),(7,3),(7,8), the end point once', () => {
    const got = resampled([0, 7, 7], [0, 0, 8]);
    const want = [[0, 0], [5, 0], [7, 3], [7, 8]];
    expect(got).toHaveLength(4);
    got.forEach((p, i) => { expect(p[0]).toBeCloseTo(want[i][0], 6); expect(p[1]).toBeCloseTo(want[i][1], 6); });
  });
});
