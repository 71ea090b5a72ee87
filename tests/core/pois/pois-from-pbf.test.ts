/**
 * Scenic features read from the real Andorra and Monaco extracts: the counts and places documented
 * in shared/data/README.md, cross-checks against osmium-tool (tag counts, and every area against
 * osmium's own multipolygon assembly), the unsorted-file path and bad input.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kinks, polygon, area as turfArea } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { afterAll, describe, expect, test } from 'vitest';
import { osmPbfBlobs, OsmPbfError, readOsmPbf, tagValue } from '../../../src/core/osm/pbf-reader';
import {
  OSM_RELATION, OSM_WAY, POI_PASS, POI_PEAK, POI_VIEWPOINT, PoiExtractCancelled, SHAPE_COASTLINE, SHAPE_RIVER, SHAPE_ROAD_FAST,
  SHAPE_ROAD_MINOR, SHAPE_ROAD_OTHER, countPointsByKind, isAreaKind, poisFromPbf, readPoisFromPbf,
} from '../../../src/core/pois';
import { ROAD_HIGHWAYS } from '../../../src/core/pois/scenic-tags';
import { runOsmium } from '../osm/pbf-test-helpers';
import { pointRecords, shapeRecords } from './poi-set-records';
import { extractBytes, extractPois, sharedPath, type ExtractName } from './shared-data';

const scratch = mkdtempSync(path.join(tmpdir(), 'switchback-pois-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function pointsOfKind(name: ExtractName, kind: number) {
  return pointRecords(extractPois(name)).filter((p) => p.kind === kind);
}

describe('Andorra extract (shared/data/README.md)', () => {
  test('6 viewpoints, 2 of them named, at the documented places', () => {
    const viewpoints = pointsOfKind('andorra', POI_VIEWPOINT);
    expect(viewpoints).toHaveLength(6);
    const named = viewpoints.filter((v) => v.name !== '').map((v) => ({ name: v.name, lon: v.lon, lat: v.lat }));
    expect(named).toHaveLength(2);
    const ordino = named.find((v) => v.name === "Coll d'Ordino");
    const morus = named.find((v) => v.name === 'Torre dals Morus');
    expect(ordino?.lon).toBeCloseTo(1.57222, 5);
    expect(ordino?.lat).toBeCloseTo(42.55497, 5);
    expect(morus?.lon).toBeCloseTo(1.5872, 5);
    expect(morus?.lat).toBeCloseTo(42.53928, 5);
    // The four unnamed ones of the README.
    const unnamed = viewpoints.filter((v) => v.name === '').map((v) => [Number(v.lon.toFixed(5)), Number(v.lat.toFixed(5))]);
    expect(unnamed.sort()).toEqual([[1.51781, 42.58986], [1.54849, 42.51443], [1.59169, 42.54015], [1.6141, 42.57278]].sort());
  });

  test('106 peaks, 99 with an elevation; Comapedrosa (2944 m) is the highest inside the extract area', () => {
    const peaks = pointsOfKind('andorra', POI_PEAK);
    expect(peaks).toHaveLength(106);
    expect(peaks.filter((p) => p.ele !== null)).toHaveLength(99);
    // The file also keeps nodes outside its polygon (Pica d'Estats, 3143 m, sits on a border way), so look inside the header bbox.
    const [west, south, east, north] = extractPois('andorra').bbox ?? [0, 0, 0, 0];
    const inside = peaks.filter((p) => p.lon >= west && p.lon <= east && p.lat >= south && p.lat <= north);
    const highest = inside.reduce((a, b) => ((b.ele ?? -1) > (a.ele ?? -1) ? b : a));
    expect(highest.ele).toBe(2944);
    expect(highest.lon).toBeCloseTo(1.44367, 4);
    expect(highest.lat).toBeCloseTo(42.5918, 4);
  });

  test('17 passes, including Port d\'Envalira (2408 m) and Coll d\'Ordino (1987 m)', () => {
    const passes = pointsOfKind('andorra', POI_PASS);
    expect(passes).toHaveLength(17);
    const near = (lon: number, lat: number) => passes.find((p) => Math.abs(p.lon - lon) < 1e-4 && Math.abs(p.lat - lat) < 1e-4);
    expect(near(1.71938, 42.54018)?.ele).toBe(2408);
    expect(near(1.57229, 42.55606)?.ele).toBe(1987);
    expect(near(1.56381, 42.50171)).toBeDefined();
  });

  test('the extract header bbox is the set\'s area, and every layer was looked for', () => {
    const pois = extractPois('andorra');
    expect(pois.bbox).toEqual([1.422104, 42.43509, 1.780386, 42.65717]);
    expect(pois.layers).toBe(127);
  });
});

describe('Monaco extract', () => {
  test('25 viewpoints (6 named) and 5 peaks, all with an elevation', () => {
    const viewpoints = pointsOfKind('monaco', POI_VIEWPOINT);
    expect(viewpoints).toHaveLength(25);
    expect(viewpoints.filter((v) => v.name !== '')).toHaveLength(6);
    const eze = viewpoints.find((v) => v.name === "Château d'Eze");
    expect(eze?.lon).toBeCloseTo(7.36101, 5);
    expect(eze?.lat).toBeCloseTo(43.72839, 5);
    const peaks = pointsOfKind('monaco', POI_PEAK);
    expect(peaks).toHaveLength(5);
    expect(peaks.every((p) => p.ele !== null)).toBe(true);
    expect(countPointsByKind(extractPois('monaco')).get(POI_PASS)).toBeUndefined();
  });

  test('the coastline is there (28 ways), as lines', () => {
    const coast = shapeRecords(extractPois('monaco')).filter((s) => s.kind === SHAPE_COASTLINE);
    expect(coast).toHaveLength(Number(osmiumCount('monaco', 'natural=coastline')));
  });
});

/** `osmium tags-count -t way FILE <tag>` for one key=value (0 when absent). */
function osmiumCount(name: ExtractName, tag: string): number {
  const out = runOsmium(['tags-count', '-t', 'way', sharedPath(`data/osm/${name}.osm.pbf`), tag]).trim();
  return out ? Number(out.split('\t')[0]) : 0;
}

describe.each<ExtractName>(['andorra', 'monaco'])('%s against osmium-tool', (name) => {
  test('one road shape per drivable highway way, one river shape per river/canal way', () => {
    const shapes = shapeRecords(extractPois(name));
    const roads = shapes.filter((s) => s.kind === SHAPE_ROAD_FAST || s.kind === SHAPE_ROAD_MINOR || s.kind === SHAPE_ROAD_OTHER);
    const expectedRoads = ROAD_HIGHWAYS.reduce((sum, value) => sum + osmiumCount(name, `highway=${value}`), 0);
    // Left out: highway areas (area=yes) and broken one-node ways.
    expect(expectedRoads - roads.length).toBe(countAreaHighways(name) + countOneNodeRoads(name));
    const rivers = shapes.filter((s) => s.kind === SHAPE_RIVER);
    expect(rivers).toHaveLength(osmiumCount(name, 'waterway=river') + osmiumCount(name, 'waterway=canal'));
  });

  test('every area equals osmium\'s multipolygon assembly (area within 0.5 %)', () => {
    const { pois, stats } = readPoisFromPbf(extractBytes(name));
    const exported = osmiumAreas(name);
    const shapes = shapeRecords(pois).filter((s) => isAreaKind(s.kind));
    expect(shapes.length).toBeGreaterThan(10);
    let compared = 0, openRelations = 0;
    for (const shape of shapes) {
      const [type, id] = shape.osm.split('/').map(Number);
      const feature = exported.get(type === OSM_WAY ? 2 * id : 2 * id + 1);
      if (!feature) {
        // osmium drops self-intersecting rings (we keep them: the even-odd test still works) and
        // multipolygons with an open ring (we keep their closed rings, and count them).
        const selfIntersecting = shape.parts.some((ring) => kinks(polygon([pairs(ring)])).features.length > 0);
        expect(selfIntersecting || type === OSM_RELATION, `area ${shape.osm} (${shape.detail}) missing from osmium's export`).toBe(true);
        if (!selfIntersecting) openRelations++;
        continue;
      }
      const theirs = turfArea(feature);
      expect(Math.abs(shape.area - theirs), `${shape.osm} ${shape.detail}: ours ${shape.area}, osmium ${theirs}`).toBeLessThanOrEqual(0.005 * theirs + 1);
      compared++;
    }
    expect(openRelations).toBeLessThanOrEqual(stats.relationsWithOpenRings);
    expect(compared).toBeGreaterThan(0.9 * shapes.length);
  });
});

/** Closed highway ways tagged area=yes (left out of the roads layer), counted with osmium. */
function countAreaHighways(name: ExtractName): number {
  const filtered = path.join(scratch, `${name}-highway-areas.osm.pbf`);
  runOsmium(['tags-filter', '-O', '-o', filtered, sharedPath(`data/osm/${name}.osm.pbf`), 'w/area=yes']);
  const out = runOsmium(['tags-count', '-t', 'way', filtered, ...ROAD_HIGHWAYS.map((v) => `highway=${v}`)]).trim();
  return out ? out.split('\n').reduce((sum, line) => sum + Number(line.split('\t')[0]), 0) : 0;
}

/** Drivable highway ways with fewer than two nodes (broken data), counted with a plain reader pass. */
function countOneNodeRoads(name: ExtractName): number {
  let count = 0;
  readOsmPbf(extractBytes(name), {
    ways(batch) {
      for (let i = 0; i < batch.count; i++) {
        const highway = tagValue(batch, i, 'highway');
        if (highway && ROAD_HIGHWAYS.includes(highway) && tagValue(batch, i, 'area') !== 'yes' && batch.refStart[i + 1] - batch.refStart[i] < 2) count++;
      }
    },
  });
  return count;
}

const pairs = (flat: number[]): number[][] => Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i], flat[2 * i + 1]]);

/** osmium's (Multi)Polygons of an extract, by osmium area id (2·way id, 2·relation id + 1). */
function osmiumAreas(name: ExtractName): Map<number, Feature<Polygon | MultiPolygon>> {
  const out = path.join(scratch, `${name}.geojsonseq`);
  runOsmium(['export', sharedPath(`data/osm/${name}.osm.pbf`), '-f', 'geojsonseq', '-u', 'type_id', '-O', '-o', out]);
  const areas = new Map<number, Feature<Polygon | MultiPolygon>>();
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    const text = line.replace(/^\x1e/, '').trim();
    if (!text) continue;
    const feature = JSON.parse(text) as Feature<Polygon | MultiPolygon> & { id: string };
    if (feature.id.startsWith('a')) areas.set(Number(feature.id.slice(1)), feature);
  }
  return areas;
}

describe('file handling', () => {
  test('an unsorted file (relations first) gives the same features as the sorted one', () => {
    const bytes = extractBytes('andorra');
    const frames = [...osmPbfBlobs(bytes)].map((f) => bytes.subarray(f.fileOffset, f.fileOffset + f.frameBytes));
    // Header, then the data blocks in reverse order: relations first, nodes last.
    const reordered = new Uint8Array(bytes.length);
    let at = 0;
    for (const frame of [frames[0], ...frames.slice(1).reverse()]) {
      reordered.set(frame, at);
      at += frame.length;
    }
    const sorted = extractPois('andorra');
    const unsorted = poisFromPbf(reordered);
    expect(pointRecords(unsorted)).toEqual(pointRecords(sorted));
    expect(shapeRecords(unsorted)).toEqual(shapeRecords(sorted));
  });

  test('progress runs to the end and cancelling stops with PoiExtractCancelled', () => {
    const bytes = extractBytes('monaco');
    const seen: number[] = [];
    readPoisFromPbf(bytes, { onProgress: (done, total) => seen.push(done / total) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen[seen.length - 1]).toBe(1);
    expect(seen.every((v, i) => i === 0 || v >= seen[i - 1])).toBe(true);
    let calls = 0;
    expect(() => poisFromPbf(bytes, { shouldCancel: () => ++calls > 3 })).toThrow(PoiExtractCancelled);
  });

  test('bytes that are not a PBF file fail with the reader\'s user-facing error', () => {
    expect(existsSync(sharedPath('fixtures/gpx/gpxstudio_routes.gpx'))).toBe(true);
    const gpx = new Uint8Array(readFileSync(sharedPath('fixtures/gpx/gpxstudio_routes.gpx')));
    expect(() => poisFromPbf(gpx)).toThrow(OsmPbfError);
    expect(() => poisFromPbf(new Uint8Array(0))).toThrow(/empty|no data|0 bytes/i);
  });
});
