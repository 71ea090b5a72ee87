/**
 * Multipolygon ring assembly and areas, on real rings from the Andorra extract: a ring cut into
 * member ways (some reversed, shuffled) comes back as one closed ring with the same area, holes
 * subtract, and a chain that cannot close is dropped and counted. Areas are checked against turf.
 */
import { area as turfArea, polygon } from '@turf/turf';
import { describe, expect, test } from 'vitest';
import { SHAPE_GREEN_AREA, assembleRings, ringAreaSquareMeters, ScenicFeatureCollector } from '../../../src/core/pois';
import { OSM_WAY } from '../../../src/core/pois/poi-set';
import { extractPois } from './shared-data';

const pois = extractPois('andorra');

/** The largest single-ring green area (a real forest or grassland outline). */
function bigRing(): Float64Array {
  let best = -1;
  for (let s = 0; s < pois.shapes.count; s++) {
    if (pois.shapes.kind[s] !== SHAPE_GREEN_AREA || pois.shapes.osmType[s] !== OSM_WAY) continue;
    if (best < 0 || pois.shapes.areaSquareMeters[s] > pois.shapes.areaSquareMeters[best]) best = s;
  }
  const p = pois.shapes.partStart[best];
  return pois.shapes.coords.slice(2 * pois.shapes.vertexStart[p], 2 * pois.shapes.vertexStart[p + 1]);
}

const toPairs = (ring: Float64Array): number[][] => Array.from({ length: ring.length / 2 }, (_, i) => [ring[2 * i], ring[2 * i + 1]]);

function reversed(line: Float64Array): Float64Array {
  const n = line.length / 2;
  const out = new Float64Array(line.length);
  for (let i = 0; i < n; i++) { out[2 * i] = line[2 * (n - 1 - i)]; out[2 * i + 1] = line[2 * (n - 1 - i) + 1]; }
  return out;
}

/** Cuts a closed ring into `pieces` consecutive member ways sharing their end vertices. */
function cut(ring: Float64Array, pieces: number): Float64Array[] {
  const n = ring.length / 2;
  const out: Float64Array[] = [];
  for (let k = 0; k < pieces; k++) {
    const a = Math.floor((k * (n - 1)) / pieces), b = Math.floor(((k + 1) * (n - 1)) / pieces);
    out.push(ring.slice(2 * a, 2 * b + 2));
  }
  return out;
}

describe('ring areas', () => {
  test('the shoelace area of a real ring matches turf within 0.3 %', () => {
    const ring = bigRing();
    expect(ring.length / 2).toBeGreaterThan(20);
    const theirs = turfArea(polygon([toPairs(ring)]));
    expect(Math.abs(ringAreaSquareMeters(ring) - theirs)).toBeLessThanOrEqual(0.003 * theirs);
  });
});

describe('assembleRings', () => {
  test('a real ring cut into 5 members, 2 reversed and shuffled, closes again with the same area', () => {
    const ring = bigRing();
    const members = cut(ring, 5).map((coords, i) => ({ role: 'outer', coords: i % 2 === 1 ? reversed(coords) : coords }));
    const shuffled = [members[3], members[0], members[4], members[2], members[1]];
    const { rings, inner, openChains } = assembleRings(shuffled);
    expect(openChains).toBe(0);
    expect(rings).toHaveLength(1);
    expect(inner).toEqual([false]);
    expect(rings[0].length).toBe(ring.length);
    // Same vertices from another start: only the mean latitude of the projection moves (by one repeated vertex).
    expect(Math.abs(ringAreaSquareMeters(rings[0]) / ringAreaSquareMeters(ring) - 1)).toBeLessThan(1e-5);
  });

  test('a missing member leaves an open chain that is dropped and counted', () => {
    const members = cut(bigRing(), 4).map((coords) => ({ role: 'outer', coords }));
    const { rings, openChains } = assembleRings(members.slice(1));
    expect(rings).toHaveLength(0);
    expect(openChains).toBe(1);
  });

  test('an inner ring is a hole: the collector subtracts its area', () => {
    const outer = bigRing();
    // The hole: the same ring shrunk by half towards its vertex mean.
    const n = outer.length / 2 - 1;
    let cx = 0, cy = 0;
    for (let i = 0; i < n; i++) { cx += outer[2 * i]; cy += outer[2 * i + 1]; }
    cx /= n; cy /= n;
    const hole = outer.map((v, i) => (i % 2 === 0 ? cx + (v - cx) / 2 : cy + (v - cy) / 2));
    const collector = new ScenicFeatureCollector();
    const tags: Record<string, string> = { type: 'multipolygon', landuse: 'forest', name: 'test forest' };
    collector.addRelation((key) => tags[key], [{ role: 'outer', coords: outer }, { role: 'inner', coords: hole }], 1);
    const set = collector.build(127, null);
    expect(set.shapes.count).toBe(1);
    expect(set.shapes.partStart[1] - set.shapes.partStart[0]).toBe(2);
    const expected = ringAreaSquareMeters(outer) - ringAreaSquareMeters(hole);
    expect(set.shapes.areaSquareMeters[0]).toBeCloseTo(expected, -1);
    expect(ringAreaSquareMeters(hole)).toBeCloseTo(ringAreaSquareMeters(outer) / 4, -2);
  });
});
