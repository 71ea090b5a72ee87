/**
 * The per-sample profile (map colouring), lookups by distance and by pointer (hover readout), the
 * manoeuvre squash, and what bad input and bad options do.
 */
import { describe, expect, test } from 'vitest';
import {
  CurvatureHoverIndex, CurvatureScratch, curvatureAt, emptyHoverReadout, levelSpans, scoreCurvature, sumScores,
} from '../../../src/core/scoring';
import { cumulativeMeters } from '../../../src/core/geometry/earth';
import { loadScoringVectors, vectorById, vectorCoords } from './helpers/scoring-vectors';
import { PlanarPen } from './helpers/synthetic-route';

const vectors = loadScoringVectors();
const RAD = Math.PI / 180;

describe('curvature profile', () => {
  test('V09: distances ascend from 0 to the line length; per-level lengths agree with levelMeters', () => {
    const s = scoreCurvature(vectorCoords(vectorById(vectors, 'V09')));
    const p = s.profile!;
    const n = p.distanceMeters.length;
    expect(p.radiusMeters).toHaveLength(n);
    expect(p.level).toHaveLength(n);
    expect(p.distanceMeters[0]).toBe(0);
    expect(p.distanceMeters[n - 1]).toBeCloseTo(s.distanceMeters, 9);
    const byLevel = [0, 0, 0, 0, 0];
    for (let i = 0; i + 1 < n; i++) {
      expect(p.distanceMeters[i + 1]).toBeGreaterThan(p.distanceMeters[i]);
      byLevel[p.level[i]] += p.distanceMeters[i + 1] - p.distanceMeters[i];
    }
    byLevel.forEach((m, l) => expect(Math.abs(m - s.levelMeters[l])).toBeLessThan(0.5));
  });

  test('levelSpans merge the profile into spans that tile the line and add up to levelMeters', () => {
    const s = scoreCurvature(vectorCoords(vectorById(vectors, 'V08')));
    const spans = levelSpans(s.profile);
    const n = spans.level.length;
    expect(n).toBeGreaterThan(2);
    expect(spans.startMeters[0]).toBe(0);
    expect(spans.endMeters[n - 1]).toBeCloseTo(s.distanceMeters, 9);
    const byLevel = [0, 0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      if (i > 0) {
        expect(spans.startMeters[i]).toBe(spans.endMeters[i - 1]);
        expect(spans.level[i]).not.toBe(spans.level[i - 1]);
      }
      byLevel[spans.level[i]] += spans.endMeters[i] - spans.startMeters[i];
    }
    byLevel.forEach((m, l) => expect(Math.abs(m - s.levelMeters[l])).toBeLessThan(0.5));
    expect(levelSpans(null).level).toHaveLength(0);
  });

  test('curvatureAt: mid-arc of V09 (R = 50) is tight and bends left; the leads are straight', () => {
    const s = scoreCurvature(vectorCoords(vectorById(vectors, 'V09')));
    const mid = curvatureAt(s, 200 + 78.5 / 2)!;
    expect(mid.radiusMeters).toBeGreaterThan(45);
    expect(mid.radiusMeters).toBeLessThan(55);
    expect(mid.level).toBe(3);
    expect(mid.direction).toBe(1);
    const lead = curvatureAt(s, 50)!;
    expect(lead.level).toBe(0);
    expect(lead.direction).toBe(0);
    expect(curvatureAt(s, -10)!.sample).toBe(0);
    expect(curvatureAt(s, 1e9)!.sample).toBe(s.profile!.distanceMeters.length - 1);
    expect(curvatureAt(scoreCurvature(vectorCoords(vectorById(vectors, 'V09')), { profile: false }), 100)).toBeNull();
  });

  test('curvatureAt on a summed score finds the right part', () => {
    const a = scoreCurvature(vectorCoords(vectorById(vectors, 'V01'))); // 1 km straight
    const b = scoreCurvature(vectorCoords(vectorById(vectors, 'V09')));
    const sum = sumScores([a, b]);
    const at = curvatureAt(sum, 1000 + 200 + 78.5 / 2)!;
    expect(at.part).toBe(1);
    expect(at.level).toBe(3);
    expect(curvatureAt(sum, 500)!.part).toBe(0);
  });
});

describe('hover readout', () => {
  test('the pointer beside the bend of V09 reads the bend; beside the lead reads straight', () => {
    const coords = vectorCoords(vectorById(vectors, 'V09'));
    const s = scoreCurvature(coords);
    const hover = CurvatureHoverIndex.build(coords, s);
    const out = emptyHoverReadout();
    // Arc centre is (0, 50) m from the start; the arc's midpoint is at 45° on the circle (plus the 200 m lead).
    const x = 200 + 50 * Math.sin(45 * RAD), y = 50 - 50 * Math.cos(45 * RAD);
    const lon = 7 + (x + 8) / (6_371_008.8 * Math.cos(45 * RAD)) / RAD;
    const lat = 45 + (y - 8) / 6_371_008.8 / RAD;
    const r = hover.query(lon, lat, out)!;
    expect(r).toBe(out);
    expect(r.level).toBe(3);
    expect(r.radiusMeters).toBeGreaterThan(45);
    expect(r.distanceMeters).toBeGreaterThan(200);
    expect(r.distanceMeters).toBeLessThan(280);
    expect(r.offsetMeters).toBeGreaterThan(5);
    const onLead = hover.query(7 + 100 / (6_371_008.8 * Math.cos(45 * RAD)) / RAD, 45.0001)!;
    expect(onLead.level).toBe(0);
    expect(onLead.distanceMeters).toBeCloseTo(100, 0);
  });

  test('a summed score needs the same pieces; distances match the pieces’ cumulative metres', () => {
    const a = vectorCoords(vectorById(vectors, 'V01'));
    const b = vectorCoords(vectorById(vectors, 'V09'));
    const sum = sumScores([scoreCurvature(a), scoreCurvature(b)]);
    expect(() => CurvatureHoverIndex.build([a], sum)).toThrow(/same pieces/);
    const hover = CurvatureHoverIndex.build([a, b], sum);
    const end = hover.query(b[b.length - 2], b[b.length - 1])!;
    const cumB = cumulativeMeters(b);
    expect(end.part).toBe(1);
    expect(end.distanceMeters).toBeCloseTo(cumulativeMeters(a)[a.length / 2 - 1] + cumB[cumB.length - 1], 6);
  });
});

describe('squash near manoeuvres', () => {
  test('a 90° corner at a junction (V19) is not a curve when a manoeuvre sits there', () => {
    const coords = vectorCoords(vectorById(vectors, 'V19'));
    const free = scoreCurvature(coords);
    expect(free.curves).toBe(1);
    const squashed = scoreCurvature(coords, { squashAtMeters: [100] });
    expect(squashed.curvature).toBe(0);
    expect(squashed.curves).toBe(0);
    expect(squashed.runs).toHaveLength(0);
    expect(squashed.levelMeters[0]).toBeCloseTo(squashed.scoredMeters, 9);
    expect(squashed.profile!.level.every((l) => l === 0)).toBe(true);
    // A manoeuvre more than 30 m beyond the run leaves it alone.
    expect(scoreCurvature(coords, { squashAtMeters: [195] }).curvature).toBe(free.curvature);
  });
});

describe('bad input never crashes', () => {
  test('empty, single point, odd length, non-finite and out-of-range points', () => {
    expect(scoreCurvature(new Float64Array(0)).curvature).toBe(0);
    expect(scoreCurvature(new Float64Array([7, 45])).distanceMeters).toBe(0);
    const odd = scoreCurvature(new Float64Array([7, 45, 7.001, 45, 7.002]));
    expect(odd.distanceMeters).toBeGreaterThan(70);
    const v09 = vectorCoords(vectorById(vectors, 'V09'));
    const clean = scoreCurvature(v09);
    const dirty = new Float64Array(v09.length + 8);
    dirty.set([NaN, 45, 7, Infinity], 0);
    dirty.set(v09, 4);
    dirty.set([7, 95, -Infinity, 45], v09.length + 4);
    const s = scoreCurvature(dirty);
    expect(s.droppedPoints).toBe(4);
    expect(s.curvature).toBe(clean.curvature);
    expect(s.distanceMeters).toBe(clean.distanceMeters);
    expect(scoreCurvature(new Float64Array([NaN, NaN, NaN, NaN]), { projection: 'single-reference' }).droppedPoints).toBe(2);
  });

  test('a track crossing the antimeridian scores like the same track elsewhere', () => {
    const pen = new PlanarPen(0).straight(200, 10).arc(40, 120 * RAD, 4).straight(200, 10);
    const here = scoreCurvature(pen.toLonLat(7, 45)).curvature;
    const wrapped = pen.toLonLat(179.999, 45);
    for (let i = 0; i < wrapped.length; i += 2) if (wrapped[i] > 180) wrapped[i] -= 360;
    expect(scoreCurvature(wrapped).curvature).toBeCloseTo(here, 6);
  });

  test('bad options throw a RangeError naming the option and the default', () => {
    const c = vectorCoords(vectorById(vectors, 'V09'));
    expect(() => scoreCurvature(c, { stepMeters: 0 })).toThrow(/stepMeters.*default 5/);
    expect(() => scoreCurvature(c, { minRunTurnDeg: -1 })).toThrow(RangeError);
    expect(() => scoreCurvature(c, { halfWindowMinMeters: 40 })).toThrow(/halfWindowMaxMeters/);
    expect(() => scoreCurvature(c, { runGapMeters: NaN })).toThrow(/runGapMeters/);
    expect(scoreCurvature(c, { runGapMeters: 30, profile: false, scratch: new CurvatureScratch() }).curvature).toBe(scoreCurvature(c).curvature);
  });

  test('a shared scratch grows and is reused without changing results', () => {
    const scratch = new CurvatureScratch();
    const small = vectorCoords(vectorById(vectors, 'V03'));
    const big = vectorCoords(vectorById(vectors, 'V23'));
    const a = scoreCurvature(small, { scratch }).curvature;
    const b = scoreCurvature(big, { scratch }).curvature;
    expect(scoreCurvature(small, { scratch }).curvature).toBe(a);
    expect(scoreCurvature(big, { scratch }).curvature).toBe(b);
  });
});
