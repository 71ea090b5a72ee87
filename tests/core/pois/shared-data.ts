/**
 * The real test data in ../shared beside the repository (never copied into the repo), loaded once
 * per test file. A missing file fails the test with a message saying what is missing and where.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HgtDemSource } from '../../../src/core/elevation/hgt-dem-source';
import { readRoadCollections, type RoadCollection } from '../../../src/core/osm/road-collections';
import type { PoiSet } from '../../../src/core/pois/poi-set';
import { poisFromPbf } from '../../../src/core/pois/pois-from-pbf';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHARED_DIR = path.resolve(repoRoot, '../shared');
export const DEM_DIR = path.join(SHARED_DIR, 'data/dem');
export const FIXTURE_DIR = path.join(SHARED_DIR, 'fixtures/gpx');

export type ExtractName = 'andorra' | 'monaco';

/** Absolute path of a shared file; throws (failing the test) when it is missing. */
export function sharedPath(relative: string): string {
  const file = path.join(SHARED_DIR, relative);
  if (!existsSync(file)) {
    throw new Error(`Shared test data missing: ${file}. These tests need the real files in ../shared beside the repository (see shared/README.md and shared/data/README.md).`);
  }
  return file;
}

export function readShared(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(sharedPath(relative)));
}

export const extractBytes = (name: ExtractName): Uint8Array => readShared(`data/osm/${name}.osm.pbf`);

const poiCache = new Map<ExtractName, PoiSet>();
/** Scenic features of a real extract (read once per test file). */
export function extractPois(name: ExtractName): PoiSet {
  let pois = poiCache.get(name);
  if (!pois) poiCache.set(name, (pois = poisFromPbf(extractBytes(name))));
  return pois;
}

const roadCache = new Map<ExtractName, RoadCollection[]>();
export function extractRoads(name: ExtractName): RoadCollection[] {
  let roads = roadCache.get(name);
  if (!roads) roadCache.set(name, (roads = readRoadCollections(extractBytes(name))));
  return roads;
}

/** SRTM tiles of Andorra and Monaco as one DEM source. */
export function sharedDem(): HgtDemSource {
  const dem = new HgtDemSource();
  for (const name of ['N42E001', 'N43E007']) dem.addTile(readShared(`data/dem/${name}.hgt.zip`), `${name}.hgt.zip`);
  return dem;
}

/** Known places of shared/data/README.md ([lon, lat]). */
export const PLACES = {
  collOrdinoPass: [1.57229, 42.55606],
  envaliraPass: [1.71938, 42.54018],
  collOrdinoViewpoint: [1.57222, 42.55497],
  torreDalsMorusViewpoint: [1.5872, 42.53928],
} as const;

/** The road collection with `key` that passes closest to `place` (throws when none is within `withinMeters`). */
export function roadThrough(name: ExtractName, key: string, place: readonly [number, number], withinMeters = 200): RoadCollection {
  let best: RoadCollection | undefined;
  let bestMeters = Infinity;
  for (const road of extractRoads(name)) {
    if (road.key !== key) continue;
    for (let i = 0; i < road.coords.length; i += 2) {
      const d = approxMeters(road.coords[i], road.coords[i + 1], place[0], place[1]);
      if (d < bestMeters) {
        bestMeters = d;
        best = road;
      }
    }
  }
  if (!best || bestMeters > withinMeters) throw new Error(`No ${key} road within ${withinMeters} m of ${place.join(', ')} in ${name} (nearest ${Math.round(bestMeters)} m).`);
  return best;
}

function approxMeters(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const k = Math.PI / 180;
  const x = (lon2 - lon1) * Math.cos(((lat1 + lat2) / 2) * k) * 6_371_008.8 * k;
  const y = (lat2 - lat1) * 6_371_008.8 * k;
  return Math.hypot(x, y);
}

/** Joins lines end to start into one (the shared joint vertex kept once when identical). */
export function joinLines(...lines: Float64Array[]): Float64Array {
  const out: number[] = [];
  for (const line of lines) {
    let start = 0;
    if (out.length >= 2 && out[out.length - 2] === line[0] && out[out.length - 1] === line[1]) start = 2;
    for (let i = start; i < line.length; i++) out.push(line[i]);
  }
  return Float64Array.from(out);
}

/** A line reversed (vertex order). */
export function reversedLine(line: Float64Array): Float64Array {
  const n = line.length >> 1;
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = line[2 * (n - 1 - i)];
    out[2 * i + 1] = line[2 * (n - 1 - i) + 1];
  }
  return out;
}
