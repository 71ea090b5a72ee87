/**
 * The spatial queries behind scenic scoring, checked against @turf/turf on the real Andorra
 * features: nearest line within D (`ShapeSegmentGrid`), point in area (`AreaIndex`, even-odd over
 * all rings) and points near a route (`poisNearLine`). Query points are seeded-random around real
 * features so both hits and misses occur.
 */
import { booleanPointInPolygon, lineString, point, pointToLineDistance, polygon } from '@turf/turf';
import { describe, expect, test } from 'vitest';
import {
  AreaIndex, POI_PEAK, POI_VIEWPOINT, SHAPE_GREEN_AREA, SHAPE_PROTECTED_AREA, SHAPE_RIVER, SHAPE_URBAN_AREA, ShapeSegmentGrid,
  isRoadKind, poisNearLine, type PoiSet,
} from '../../../src/core/pois';
import { between, mulberry32 } from '../scoring/helpers/mulberry32';
import { PLACES, extractPois, joinLines, roadThrough } from './shared-data';

const pois = extractPois('andorra');
const { shapes } = pois;

function partCoords(set: PoiSet, s: number): number[][][] {
  const out: number[][][] = [];
  for (let p = set.shapes.partStart[s]; p < set.shapes.partStart[s + 1]; p++) {
    const ring: number[][] = [];
    for (let v = set.shapes.vertexStart[p]; v < set.shapes.vertexStart[p + 1]; v++) ring.push([set.shapes.coords[2 * v], set.shapes.coords[2 * v + 1]]);
    out.push(ring);
  }
  return out;
}

/** Random points around random vertices of the chosen shapes, within `spreadMeters`. */
function pointsAround(chosen: number[], count: number, spreadMeters: number, seed: number): [number, number][] {
  const rand = mulberry32(seed);
  const out: [number, number][] = [];
  for (let k = 0; k < count; k++) {
    const s = chosen[Math.floor(rand() * chosen.length)];
    const first = shapes.vertexStart[shapes.partStart[s]], end = shapes.vertexStart[shapes.partStart[s + 1]];
    const v = first + Math.floor(rand() * (end - first));
    const dLat = between(rand, -spreadMeters, spreadMeters) / 111_195;
    const dLon = between(rand, -spreadMeters, spreadMeters) / (111_195 * Math.cos(shapes.coords[2 * v + 1] * Math.PI / 180));
    out.push([shapes.coords[2 * v] + dLon, shapes.coords[2 * v + 1] + dLat]);
  }
  return out;
}

const select = (test: (s: number) => boolean): number[] => Array.from({ length: shapes.count }, (_, s) => s).filter(test);

describe('ShapeSegmentGrid', () => {
  test.each([
    ['rivers, 150 m', (s: number) => shapes.kind[s] === SHAPE_RIVER, 150, 300],
    ['roads, 30 m', (s: number) => isRoadKind(shapes.kind[s]), 30, 60],
  ])('nearest %s equals the brute-force minimum over every line (turf)', (_, include, radius, spread) => {
    const chosen = select(include);
    const lines = chosen.map((s) => {
      const parts = partCoords(pois, s);
      const all = parts.flat();
      const box = [Math.min(...all.map((c) => c[0])), Math.min(...all.map((c) => c[1])), Math.max(...all.map((c) => c[0])), Math.max(...all.map((c) => c[1]))];
      return { s, box, parts: parts.map((part) => lineString(part)) };
    });
    // Lines whose box is more than 2·radius away cannot be the answer: skipping them only saves time.
    const margin = (2 * radius) / 80_000;
    const grid = ShapeSegmentGrid.build(pois, include, radius * 2);
    let hits = 0, misses = 0;
    for (const [lon, lat] of pointsAround(chosen, 120, spread, 7)) {
      let best = Infinity, bestShape = -1;
      for (const { s, box, parts } of lines) {
        if (lon < box[0] - margin || lon > box[2] + margin || lat < box[1] - margin || lat > box[3] + margin) continue;
        for (const part of parts) {
          const d = pointToLineDistance(point([lon, lat]), part, { units: 'meters' });
          if (d < best) { best = d; bestShape = s; }
        }
      }
      const hit = grid.nearest(lon, lat, radius);
      if (best <= radius * 0.995) {
        hits++;
        expect(hit.shape).toBeGreaterThanOrEqual(0);
        expect(Math.abs(hit.distanceMeters - best)).toBeLessThanOrEqual(0.003 * best + 0.05);
        if (Math.abs(hit.distanceMeters - best) > 0.01) expect(hit.shape).toBe(bestShape);
      } else if (best > radius * 1.005) {
        misses++;
        expect(hit.shape).toBe(-1);
      }
    }
    expect(hits).toBeGreaterThan(10);
    expect(misses).toBeGreaterThan(10);
  });

  test('accept() filters candidates and an empty selection answers nothing', () => {
    const rivers = (s: number) => shapes.kind[s] === SHAPE_RIVER;
    const grid = ShapeSegmentGrid.build(pois, rivers, 200);
    const [lon, lat] = pointsAround(select(rivers), 1, 20, 3)[0];
    expect(grid.nearest(lon, lat, 200).shape).toBeGreaterThanOrEqual(0);
    expect(grid.nearest(lon, lat, 200, undefined, () => false).shape).toBe(-1);
    expect(ShapeSegmentGrid.build(pois, () => false, 200).nearest(lon, lat, 1e6).shape).toBe(-1);
  });
});

describe('AreaIndex', () => {
  test('containing() agrees with turf point-in-polygon, even-odd over every ring', () => {
    const include = (s: number) => shapes.kind[s] === SHAPE_GREEN_AREA || shapes.kind[s] === SHAPE_PROTECTED_AREA || shapes.kind[s] === SHAPE_URBAN_AREA;
    const chosen = select(include);
    const rings = chosen.map((s) => ({ s, rings: partCoords(pois, s).map((ring) => polygon([ring])) }));
    const index = AreaIndex.build(pois, include);
    expect(index.areaCount).toBe(chosen.length);
    let inside = 0, outside = 0;
    for (const [lon, lat] of pointsAround(chosen, 400, 800, 11)) {
      const containing = rings.filter(({ rings: rs }) => rs.reduce((odd, ring) => (booleanPointInPolygon(point([lon, lat]), ring) ? !odd : odd), false)).map(({ s }) => s);
      const expected = containing.length > 0 ? Math.min(...containing) : -1;
      expect(index.containing(lon, lat)).toBe(expected);
      if (expected >= 0) inside++;
      else outside++;
    }
    expect(inside).toBeGreaterThan(20);
    expect(outside).toBeGreaterThan(20);
  });
});

describe('poisNearLine', () => {
  test('finds exactly the viewpoints and peaks within D of the Coll d\'Ordino road (turf distances)', () => {
    const road = joinLines(roadThrough('andorra', 'ref:CS-340', PLACES.collOrdinoPass).coords, roadThrough('andorra', 'ref:CS-240', PLACES.collOrdinoPass).coords);
    const route: number[][] = [];
    for (let i = 0; i < road.length; i += 2) route.push([road[i], road[i + 1]]);
    const line = lineString(route);
    for (const [kind, maxMeters] of [[POI_VIEWPOINT, 1000], [POI_PEAK, 5000]]) {
      const near = poisNearLine(pois, road, maxMeters, (k) => k === kind);
      const expected: number[] = [];
      for (let i = 0; i < pois.points.count; i++) {
        if (pois.points.kind[i] !== kind) continue;
        const d = pointToLineDistance(point([pois.points.lon[i], pois.points.lat[i]]), line, { units: 'meters' });
        if (d <= maxMeters) expected.push(i);
        const k = Array.from(near.index).indexOf(i);
        if (k >= 0) expect(Math.abs(near.offsetMeters[k] - d)).toBeLessThanOrEqual(0.003 * d + 0.05);
      }
      expect(Array.from(near.index)).toEqual(expected);
      expect(near.count).toBeGreaterThan(0);
    }
  });

  test('an empty route finds nothing', () => {
    expect(poisNearLine(pois, new Float64Array(0), 1e6).count).toBe(0);
  });
});
