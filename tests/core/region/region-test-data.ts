/**
 * Real extracts from ../shared for the region-pack and local-router tests: the pack built once per
 * test file, and an independent view of the same OSM data (way tags, restriction relations) read
 * with the PBF reader, so tests can check a route against what OSM itself says.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { OSM_MEMBER_NODE, OSM_MEMBER_WAY, readOsmPbf, tagsOf } from '../../../src/core/osm/pbf-reader';
import { linkPolyline, nearestEdge } from '../../../src/core/graph';
import { buildRegionPack, type RegionPack } from '../../../src/core/region';
import { LocalRouter } from '../../../src/core/routing/local-router';
import { RoutingError } from '../../../src/core/routing/router';
import type { LonLat } from '../../../src/core/units';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHARED_DIR = path.resolve(repoRoot, '../shared');
export type ExtractName = 'andorra' | 'monaco';

/** Absolute path of a shared extract; throws (failing the test) when it is missing. */
export function extractPath(name: ExtractName): string {
  const file = path.join(SHARED_DIR, `data/osm/${name}.osm.pbf`);
  if (!existsSync(file)) {
    throw new Error(`Shared test data missing: ${file}. These tests need the real OSM extracts in ../shared beside the repository (see shared/data/README.md).`);
  }
  return file;
}

export const extractBytes = (name: ExtractName): Uint8Array => new Uint8Array(readFileSync(extractPath(name)));
export const nodeInflate = (data: Uint8Array): Uint8Array => inflateSync(data);

const packs = new Map<ExtractName, RegionPack>();
export function regionPack(name: ExtractName): RegionPack {
  let pack = packs.get(name);
  if (!pack) packs.set(name, (pack = buildRegionPack(extractBytes(name), { name, inflate: nodeInflate })));
  return pack;
}

export interface OsmRestriction { id: number; value: string; from: number; via: number; to: number; viaIsNode: boolean; tags: Record<string, string> }
export interface OsmFacts {
  /** Tags of every way with a highway or route tag. */
  wayTags: Map<number, Record<string, string>>;
  /** Node ids of those ways. */
  wayNodes: Map<number, number[]>;
  restrictions: OsmRestriction[];
  /** amenity=parking nodes and ways. */
  parkingCount: number;
}

const facts = new Map<ExtractName, OsmFacts>();
export function osmFacts(name: ExtractName): OsmFacts {
  let f = facts.get(name);
  if (f) return f;
  const wayTags = new Map<number, Record<string, string>>(), wayNodes = new Map<number, number[]>();
  const restrictions: OsmRestriction[] = [];
  let parkingCount = 0;
  readOsmPbf(extractBytes(name), {
    nodes(batch) {
      for (let i = 0; i < batch.count; i++) if (tagsOf(batch, i).amenity === 'parking') parkingCount++;
    },
    ways(batch) {
      for (let i = 0; i < batch.count; i++) {
        const tags = tagsOf(batch, i);
        if (tags.amenity === 'parking') parkingCount++;
        if (tags.highway === undefined && tags.route === undefined) continue;
        wayTags.set(batch.ids[i], tags);
        wayNodes.set(batch.ids[i], Array.from(batch.refs.subarray(batch.refStart[i], batch.refStart[i + 1])));
      }
    },
    relations(batch) {
      for (let i = 0; i < batch.count; i++) {
        const tags = tagsOf(batch, i);
        if (tags.type !== 'restriction') continue;
        let from = -1, via = -1, to = -1, viaIsNode = false;
        for (let m = batch.memberStart[i]; m < batch.memberStart[i + 1]; m++) {
          const role = batch.strings.get(batch.memberRoles[m]);
          if (role === 'from' && batch.memberTypes[m] === OSM_MEMBER_WAY) from = batch.memberIds[m];
          if (role === 'to' && batch.memberTypes[m] === OSM_MEMBER_WAY) to = batch.memberIds[m];
          if (role === 'via') { via = batch.memberIds[m]; viaIsNode = batch.memberTypes[m] === OSM_MEMBER_NODE; }
        }
        restrictions.push({ id: batch.ids[i], value: tags['restriction:motorcar'] ?? tags.restriction ?? '', from, via, to, viaIsNode, tags });
      }
    },
  }, { inflate: nodeInflate });
  f = { wayTags, wayNodes, restrictions, parkingCount };
  facts.set(name, f);
  return f;
}

/** Highway values a car may drive without an explicit access tag (track needs one). */
export const CAR_HIGHWAYS = new Set([
  'motorway', 'motorway_link', 'trunk', 'trunk_link', 'primary', 'primary_link', 'secondary', 'secondary_link',
  'tertiary', 'tertiary_link', 'unclassified', 'residential', 'living_street', 'service', 'road',
]);
export const NOT_FOR_CARS = new Set(['footway', 'path', 'steps', 'cycleway', 'pedestrian', 'bridleway', 'construction', 'proposed', 'corridor', 'platform']);

/** Whether OSM tags let a car drive the way (an independent statement of the rule the builder implements). */
export function carMayUse(tags: Record<string, string>): { ok: boolean; why: string } {
  const access = tags.motorcar ?? tags.motor_vehicle ?? tags.vehicle ?? tags.access;
  if (access === 'private' || access === 'no') return { ok: false, why: `access ${access}` };
  if (tags.route === 'ferry' && tags.highway === undefined) return { ok: true, why: '' };
  const highway = tags.highway ?? '';
  if (NOT_FOR_CARS.has(highway)) return { ok: false, why: `highway=${highway}` };
  if (highway === 'track') return access === 'yes' || access === 'permissive' || access === 'designated' || access === 'destination' ? { ok: true, why: '' } : { ok: false, why: 'track without car access' };
  if (!CAR_HIGHWAYS.has(highway)) return { ok: false, why: `highway=${highway}` };
  if (tags.area === 'yes') return { ok: false, why: 'area=yes' };
  return { ok: true, why: '' };
}

/** Direction rule from tags: 1 forward only, 2 backward only, 3 both. */
export function onewayOf(tags: Record<string, string>): number {
  const oneway = tags.oneway;
  if (oneway === 'yes' || oneway === '1' || oneway === 'true') return 1;
  if (oneway === '-1' || oneway === 'reverse') return 2;
  if (oneway === 'no') return 3;
  if (tags.junction === 'roundabout' || tags.junction === 'circular' || tags.highway === 'motorway' || tags.highway === 'motorway_link') return 1;
  return 3;
}

/** Deterministic PRNG (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const routers = new Map<ExtractName, LocalRouter>();
/** One local router per extract's pack (weights cached across tests of a file). */
export function regionRouter(name: ExtractName): LocalRouter {
  let r = routers.get(name);
  if (!r) routers.set(name, (r = new LocalRouter(regionPack(name).graph)));
  return r;
}

/** A point a quarter of the way along a random link (a position on a real road). */
function randomRoadPoint(name: ExtractName, rand: () => number, clearMeters: number): LonLat {
  const { graph } = regionPack(name);
  for (;;) {
    const link = Math.floor(rand() * graph.linkCount);
    const line = linkPolyline(graph, link);
    const i = 2 * Math.floor((line.length / 2 - 1) / 4);
    const point: LonLat = [(line[i] + line[i + 2]) / 2, (line[i + 1] + line[i + 3]) / 2];
    if (clearMeters <= 0) return point;
    // Keep points whose road is unambiguous: no other road (e.g. a tunnel underneath) within clearMeters.
    const other = nearestEdge(graph, point[0], point[1], { accept: (l) => l !== link, maxDistanceMeters: clearMeters });
    if (other === null) return point;
  }
}

/** Seeded origin–destination pairs that route (unroutable ones, e.g. on a private island network, are counted). */
export function routablePairs(name: ExtractName, seed: number, count: number, clearMeters = 0): { pairs: [LonLat, LonLat][]; unroutable: number } {
  const rand = mulberry32(seed);
  const pairs: [LonLat, LonLat][] = [];
  let unroutable = 0;
  while (pairs.length < count) {
    const a = randomRoadPoint(name, rand, clearMeters), b = randomRoadPoint(name, rand, clearMeters);
    try {
      regionRouter(name).plan({ waypoints: [a, b], profile: 'shortest' });
      pairs.push([a, b]);
    } catch (error) {
      if (!(error instanceof RoutingError) || error.kind !== 'no-route') throw error;
      unroutable++;
    }
  }
  return { pairs, unroutable };
}

