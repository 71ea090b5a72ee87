/**
 * Roads as drivers name them: OSM ways joined end to end into "collections" by route number or
 * name, the way Adam Franco's `curvature` collector does (scoring-spec §1.1 step 1), so a road
 * can be scored as a whole (RC-1 curvature over the collection sees curves across way joins).
 *
 * - Grouping key, in priority order: `ref`, `official_ref`, `admin_ref`, `highway_ref`,
 *   `highway_authority_ref` (each split on ";", so a way can belong to several routes), else a
 *   non-empty `name`. A way with neither is a collection of its own.
 * - Within a key, ways are tried two-way first, then oneway, then links, then roundabouts; within
 *   those, higher road classes first, then way id.
 * - Chaining is on shared node ids at either end, reversing ways as needed; a way is not added
 *   when its far end is already in the collection (no loops or forks). Leftovers start new
 *   collections (e.g. the other carriageway of a dual carriageway).
 * - `splitAtLongStraights` cuts a collection where RC-1 sees a straight (level 0) longer than
 *   2414 m (scoring-spec §1.1 step 8), so a long straight road with one curvy bit does not rank high.
 * Not done here: the surface/access filters (callers choose which ways to join).
 */
import { readNodeLocations, sortedUniqueIds } from './node-locations';
import { type OsmPbfReadOptions, findTag, readOsmPbf } from './pbf-reader';
import { lineLengthMeters } from '../geometry/earth';
import type { LonLatArray } from '../units';
import { scoreCurvature } from '../scoring/curvature-score';
import { sliceLine } from '../scoring/score-card';
import { tagGetter } from './osm-entities';
import { indexOfSorted } from './node-locations';

/** Tags that name a route number, in the order they are tried. */
export const COLLECTION_REF_KEYS: readonly string[] = ['ref', 'official_ref', 'admin_ref', 'highway_ref', 'highway_authority_ref'];

/** Franco's default highway classes (processing_chains/adams_default.sh), highest class first. */
export const COLLECTION_HIGHWAYS: readonly string[] = [
  'motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'unclassified', 'residential', 'service',
  'motorway_link', 'trunk_link', 'primary_link', 'secondary_link',
];

export interface CollectionWay {
  id: number;
  /** Node ids, parallel to `coords`. */
  nodeIds: Float64Array;
  /** Interleaved `[lon, lat, …]`. */
  coords: LonLatArray;
  highway: string;
  oneway: boolean;
  roundabout: boolean;
  /** Grouping keys (`collectionKeys`); empty for a way with no ref and no name. */
  keys: readonly string[];
}

export interface RoadCollection {
  /** "ref:CG-2", "name:Carretera de Montaup" or "way:123". */
  key: string;
  /** What to show: the ref or the name ("" for an unnamed way). */
  label: string;
  /** Way ids in chain order. */
  wayIds: number[];
  nodeIds: Float64Array;
  coords: LonLatArray;
  lengthMeters: number;
}

/** The grouping keys of a way from its tags (see the module comment). */
export function collectionKeys(tag: (key: string) => string | undefined): string[] {
  const keys: string[] = [];
  for (const refKey of COLLECTION_REF_KEYS) {
    const value = tag(refKey);
    if (!value) continue;
    for (const part of value.split(';')) {
      const ref = part.trim();
      if (ref && !keys.includes(`ref:${ref}`)) keys.push(`ref:${ref}`);
    }
  }
  if (keys.length > 0) return keys;
  const name = tag('name')?.trim();
  return name ? [`name:${name}`] : [];
}

/** Joins ways into collections (see the module comment). Collections come out grouped by key, keys in first-seen order. */
export function joinRoadCollections(ways: readonly CollectionWay[]): RoadCollection[] {
  const groups = new Map<string, number[]>();
  const collections: RoadCollection[] = [];
  ways.forEach((way, i) => {
    if (way.nodeIds.length < 2) return;
    if (way.keys.length === 0) {
      collections.push(makeCollection(`way:${way.id}`, '', [way], [false]));
      return;
    }
    for (const key of way.keys) {
      const group = groups.get(key);
      if (group) group.push(i);
      else groups.set(key, [i]);
    }
  });
  for (const [key, members] of groups) {
    const label = key.slice(key.indexOf(':') + 1);
    members.sort((a, b) => joinRank(ways[a]) - joinRank(ways[b]) || ways[a].id - ways[b].id);
    for (const chain of chainWays(members.map((i) => ways[i]))) collections.push(makeCollection(key, label, chain.ways, chain.reversed));
  }
  return collections;
}

/** Sort rank: group (two-way, oneway, link, roundabout) × 100 + road class. */
function joinRank(way: CollectionWay): number {
  const group = way.roundabout ? 3 : way.highway.endsWith('_link') ? 2 : way.oneway ? 1 : 0;
  const classIndex = COLLECTION_HIGHWAYS.indexOf(way.highway);
  return group * 100 + (classIndex < 0 ? COLLECTION_HIGHWAYS.length : classIndex);
}

/** Chains ways (already in trial order) end to end on shared node ids. */
function chainWays(ways: readonly CollectionWay[]): { ways: CollectionWay[]; reversed: boolean[] }[] {
  const byEnd = new Map<number, number[]>();
  ways.forEach((way, i) => {
    for (const node of [way.nodeIds[0], way.nodeIds[way.nodeIds.length - 1]]) {
      const list = byEnd.get(node);
      if (list) list.push(i);
      else byEnd.set(node, [i]);
    }
  });
  const used = new Uint8Array(ways.length);
  const chains: { ways: CollectionWay[]; reversed: boolean[] }[] = [];
  for (let seed = 0; seed < ways.length; seed++) {
    if (used[seed]) continue;
    used[seed] = 1;
    const seedWay = ways[seed];
    const nodes = new Set<number>(seedWay.nodeIds);
    const tail: { way: CollectionWay; reversed: boolean }[] = [];
    const head: { way: CollectionWay; reversed: boolean }[] = [];
    let tailNode = seedWay.nodeIds[seedWay.nodeIds.length - 1];
    let headNode = seedWay.nodeIds[0];
    // Extend at the tail, then at the head, always with the first eligible way in trial order.
    for (const atTail of [true, false]) {
      for (;;) {
        const end = atTail ? tailNode : headNode;
        let next = -1;
        for (const i of byEnd.get(end) ?? []) {
          if (used[i]) continue;
          const way = ways[i];
          const first = way.nodeIds[0], last = way.nodeIds[way.nodeIds.length - 1];
          const far = first === end ? last : first;
          if (nodes.has(far)) continue;
          if (next < 0 || i < next) next = i;
        }
        if (next < 0) break;
        used[next] = 1;
        const way = ways[next];
        const startsAtEnd = way.nodeIds[0] === end;
        for (const node of way.nodeIds) nodes.add(node);
        if (atTail) {
          tail.push({ way, reversed: !startsAtEnd });
          tailNode = startsAtEnd ? way.nodeIds[way.nodeIds.length - 1] : way.nodeIds[0];
        } else {
          // Prepended ways run towards the head node: forward when they end there.
          head.push({ way, reversed: startsAtEnd });
          headNode = startsAtEnd ? way.nodeIds[way.nodeIds.length - 1] : way.nodeIds[0];
        }
      }
    }
    const ordered = [...head.reverse(), { way: seedWay, reversed: false }, ...tail];
    chains.push({ ways: ordered.map((o) => o.way), reversed: ordered.map((o) => o.reversed) });
  }
  return chains;
}

function makeCollection(key: string, label: string, ways: readonly CollectionWay[], reversed: readonly boolean[]): RoadCollection {
  let vertices = 0;
  ways.forEach((way, i) => { vertices += way.nodeIds.length - (i > 0 ? 1 : 0); });
  const nodeIds = new Float64Array(vertices);
  const coords = new Float64Array(2 * vertices);
  let at = 0;
  ways.forEach((way, w) => {
    const n = way.nodeIds.length;
    for (let k = w > 0 ? 1 : 0; k < n; k++) {
      const v = reversed[w] ? n - 1 - k : k;
      nodeIds[at] = way.nodeIds[v];
      coords[2 * at] = way.coords[2 * v];
      coords[2 * at + 1] = way.coords[2 * v + 1];
      at++;
    }
  });
  return { key, label, wayIds: ways.map((w) => w.id), nodeIds, coords, lengthMeters: lineLengthMeters(coords) };
}

export interface ReadRoadCollectionsOptions {
  /** Highway classes to collect (default `COLLECTION_HIGHWAYS`). */
  highways?: readonly string[];
  inflate?: OsmPbfReadOptions['inflate'];
}

/**
 * Road collections of a PBF extract held in memory: one pass for the ways, one for their node
 * coordinates. Ways tagged `area=yes` are left out; nodes missing from the file are dropped from
 * their way.
 */
export function readRoadCollections(bytes: Uint8Array, options: ReadRoadCollectionsOptions = {}): RoadCollection[] {
  const highways = new Set(options.highways ?? COLLECTION_HIGHWAYS);
  const pending: { id: number; refs: Float64Array; highway: string; oneway: boolean; roundabout: boolean; keys: string[] }[] = [];
  let refTotal = 0;
  readOsmPbf(bytes, {
    ways(batch) {
      const highwayKey = batch.strings.indexOf('highway');
      if (highwayKey < 0) return;
      for (let i = 0; i < batch.count; i++) {
        const h = findTag(batch, i, highwayKey);
        if (h < 0) continue;
        const highway = batch.strings.get(batch.tagVals[h]);
        const tag = tagGetter(batch, i);
        if (!highways.has(highway) || tag('area') === 'yes') continue;
        const refs = batch.refs.slice(batch.refStart[i], batch.refStart[i + 1]);
        const oneway = tag('oneway');
        const junction = tag('junction');
        pending.push({
          id: batch.ids[i], refs, highway,
          oneway: oneway === 'yes' || oneway === '1' || oneway === 'true' || oneway === '-1',
          roundabout: junction === 'roundabout' || junction === 'circular',
          keys: collectionKeys(tag),
        });
        refTotal += refs.length;
      }
    },
  }, { inflate: options.inflate });

  const all = new Float64Array(refTotal);
  let at = 0;
  for (const way of pending) {
    all.set(way.refs, at);
    at += way.refs.length;
  }
  const ids = sortedUniqueIds(all);
  const { lons, lats } = readNodeLocations(bytes, ids, { inflate: options.inflate });
  const ways: CollectionWay[] = pending.map((way) => {
    const nodeIds: number[] = [];
    const coords: number[] = [];
    for (const ref of way.refs) {
      const index = indexOfSorted(ids, ref);
      if (index < 0 || Number.isNaN(lons[index])) continue;
      nodeIds.push(ref);
      coords.push(lons[index], lats[index]);
    }
    return { id: way.id, nodeIds: Float64Array.from(nodeIds), coords: Float64Array.from(coords), highway: way.highway, oneway: way.oneway, roundabout: way.roundabout, keys: way.keys };
  });
  return joinRoadCollections(ways);
}

/** Franco's split length: straights longer than this (m) are cut out of a collection. */
export const LONG_STRAIGHT_METERS = 2414;

/**
 * The pieces of a collection left when every run of straight road (RC-1 level 0) longer than
 * `minStraightMeters` is cut out, in order; the collection itself (same object) when there is
 * none. Pieces keep the key and label; their `nodeIds` are empty (cuts fall between vertices) and
 * `wayIds` are the collection's.
 */
export function splitAtLongStraights(collection: RoadCollection, minStraightMeters = LONG_STRAIGHT_METERS): RoadCollection[] {
  const profile = scoreCurvature(collection.coords).profile;
  if (profile === null || profile.distanceMeters.length < 2) return [collection];
  const d = profile.distanceMeters, level = profile.level;
  const cuts: [number, number][] = [];
  let runStart = -1;
  for (let j = 0; j < d.length - 1; j++) {
    if (level[j] === 0) {
      if (runStart < 0) runStart = j;
    } else if (runStart >= 0) {
      if (d[j] - d[runStart] > minStraightMeters) cuts.push([d[runStart], d[j]]);
      runStart = -1;
    }
  }
  if (runStart >= 0 && d[d.length - 1] - d[runStart] > minStraightMeters) cuts.push([d[runStart], d[d.length - 1]]);
  if (cuts.length === 0) return [collection];
  const pieces: RoadCollection[] = [];
  let from = 0;
  const end = d[d.length - 1];
  for (const [a, b] of [...cuts, [end, end] as [number, number]]) {
    if (a - from > 1) {
      for (const coords of sliceLine(collection.coords, from, a)) {
        if (coords.length >= 4) pieces.push({ ...collection, nodeIds: new Float64Array(0), coords, lengthMeters: lineLengthMeters(coords) });
      }
    }
    from = b;
  }
  return pieces;
}
