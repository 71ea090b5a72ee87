/**
 * Builds a region pack from an OSM PBF extract held in memory.
 *
 * Passes over the file:
 * 1. ways and relations (nodes skipped undecoded): drivable ways (road-tags.ts) keep their node
 *    ids and attributes, `amenity=parking` ways their node ids, `type=restriction` relations their
 *    from / via node / to members;
 * 2. nodes: coordinates of the kept ways' nodes, and parking nodes;
 * 3. the scenic features (`readPoisFromPbf`, its own passes).
 * Then ways are cut into links at junctions (a node shared by two drivable ways, or used twice by
 * one) and at way ends, so graph nodes are junctions and dead ends only, with everything between
 * them kept as link shape. RC-1 curvature is scored per whole way (so a curve is seen whole even
 * where a driveway cuts the way into links) and shared out to its links by length. Turn
 * restrictions are resolved to links at their via node; ones that do not fit (a via way, a member
 * missing from the extract, a via node in the middle of the from way) are counted, not applied.
 *
 * Memory is proportional to the drivable network, not to the file.
 */
import {
  type RoadGraph, RoadGraphError, buildRoadGraph, computeLandmarks, withLandmarks, type LandmarkTable,
} from '../graph';
import { cumulativeMeters } from '../geometry/earth';
import { sortedUniqueIds } from '../osm/node-locations';
import {
  type InflateFunction, OSM_MEMBER_NODE, OSM_MEMBER_WAY, type OsmHeader, findTag, readOsmPbf,
} from '../osm/pbf-reader';
import { PoiExtractCancelled, readPoisFromPbf } from '../pois/pois-from-pbf';
import { countPointsByKind, countShapesByKind } from '../pois/poi-set';
import { poiKindName } from '../pois/poi-kinds';
import type { RouteProfile } from '../routing/router';
import { CURVE_LEVEL_WEIGHTS, scoreCurvature } from '../scoring';
import { type ParkingSet, REGION_PACK_VERSION, type RegionPack } from './region-pack';
import { classifyRoad } from './road-tags';
import { tagGetter } from '../osm/osm-entities';
import { indexOfSorted } from '../osm/node-locations';

export type RegionBuildStage = 'roads' | 'nodes' | 'graph' | 'landmarks' | 'pois';

export interface BuildRegionPackOptions {
  /** Region name stored in the pack; default "region". */
  name?: string;
  /** zlib decompressor; Node callers may pass `(data) => zlib.inflateSync(data)` (faster than the default fflate). */
  inflate?: InflateFunction;
  /** Called as the build advances: the stage and the fraction (0..1) of the whole build done. */
  onProgress?: (stage: RegionBuildStage, fraction: number) => void;
  /** Polled between blocks and stages; returning true abandons the build (throws `RegionBuildCancelled`). */
  shouldCancel?: () => boolean;
  /** Landmark tables to precompute (one per profile family that should route fast); default fastest and shortest. */
  landmarkProfiles?: readonly RouteProfile[];
  /** Landmarks per table; default 8. */
  landmarkCount?: number;
}

export class RegionBuildCancelled extends Error {
  constructor() {
    super('Building the region pack was cancelled.');
    this.name = 'RegionBuildCancelled';
  }
}

/** Thrown for an extract that cannot make a pack (e.g. no drivable road); the message says what to do. */
export class RegionBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegionBuildError';
  }
}

const NO_TURN = 0;
const ONLY_TURN = 1;

interface PendingRestriction { fromWay: number; viaNode: number; toWay: number; kind: number }

/** Builds the pack (see the module comment). Throws `OsmPbfError` for a bad file, `RegionBuildCancelled` when cancelled. */
export function buildRegionPack(bytes: Uint8Array, options: BuildRegionPackOptions = {}): RegionPack {
  const progress = options.onProgress ?? (() => undefined);
  const cancelled = options.shouldCancel ?? (() => false);
  const checkCancel = (): void => { if (cancelled()) throw new RegionBuildCancelled(); };
  // Share of the build per stage, for progress.
  const ROADS = 0.2, NODES = 0.15, GRAPH = 0.2, LANDMARKS = 0.15;

  // ---------------------------------------------------------------- pass 1: ways, relations
  const strings: string[] = [''];
  const stringIndex = new Map<string, number>([['', 0]]);
  const intern = (text: string | undefined): number => {
    const t = text?.trim() ?? '';
    if (t === '') return 0;
    let i = stringIndex.get(t);
    if (i === undefined) { i = strings.length; strings.push(t); stringIndex.set(t, i); }
    return i;
  };
  const wayIds: number[] = [], wayRefStart: number[] = [0], wayRefs: number[] = [];
  const wayClass: number[] = [], wayDirection: number[] = [], waySpeed: number[] = [], wayFlags: number[] = [], wayName: number[] = [], wayRef: number[] = [];
  const parkingWays: { id: number; refs: Float64Array; capacity: number }[] = [];
  const restrictions: PendingRestriction[] = [];
  let skippedRestrictions = 0;
  let header: OsmHeader | undefined;

  const summary1 = readOsmPbf(bytes, {
    header(h) { header = h; },
    ways(batch) {
      const kHighway = batch.strings.indexOf('highway'), kRoute = batch.strings.indexOf('route'), kAmenity = batch.strings.indexOf('amenity');
      for (let i = 0; i < batch.count; i++) {
        const h = findTag(batch, i, kHighway), r = findTag(batch, i, kRoute), a = findTag(batch, i, kAmenity);
        if (h < 0 && r < 0 && a < 0) continue;
        const tag = tagGetter(batch, i);
        const refs = batch.refs.subarray(batch.refStart[i], batch.refStart[i + 1]);
        if (a >= 0 && batch.strings.get(batch.tagVals[a]) === 'parking') {
          parkingWays.push({ id: batch.ids[i], refs: refs.slice(), capacity: parseCapacity(tag('capacity')) });
        }
        if (h < 0 && r < 0) continue;
        const road = classifyRoad(tag);
        if (road === null || refs.length < 2) continue;
        wayIds.push(batch.ids[i]);
        for (let k = 0; k < refs.length; k++) wayRefs.push(refs[k]);
        wayRefStart.push(wayRefs.length);
        wayClass.push(road.roadClass);
        wayDirection.push(road.direction);
        waySpeed.push(road.speedKmh);
        wayFlags.push(road.flags);
        wayName.push(intern(tag('name')));
        wayRef.push(intern(tag('ref')));
      }
    },
    relations(batch) {
      const kType = batch.strings.indexOf('type');
      for (let i = 0; i < batch.count; i++) {
        const t = findTag(batch, i, kType);
        if (t < 0 || batch.strings.get(batch.tagVals[t]) !== 'restriction') continue;
        const tag = tagGetter(batch, i);
        const value = tag('restriction:motorcar') ?? tag('restriction');
        if (value === undefined) continue; // e.g. only restriction:hgv or :conditional
        const kind = value.startsWith('no_') ? NO_TURN : value.startsWith('only_') ? ONLY_TURN : -1;
        const except = (tag('except') ?? '').split(';').map((s) => s.trim());
        if (kind < 0 || except.includes('motorcar') || except.includes('motor_vehicle')) continue;
        let from = -1, to = -1, via = -1, viaCount = 0, fromCount = 0, toCount = 0;
        for (let m = batch.memberStart[i]; m < batch.memberStart[i + 1]; m++) {
          const role = batch.strings.get(batch.memberRoles[m]);
          const type = batch.memberTypes[m];
          if (role === 'from' && type === OSM_MEMBER_WAY) { from = batch.memberIds[m]; fromCount++; }
          else if (role === 'to' && type === OSM_MEMBER_WAY) { to = batch.memberIds[m]; toCount++; }
          else if (role === 'via') { viaCount++; if (type === OSM_MEMBER_NODE) via = batch.memberIds[m]; }
        }
        if (fromCount !== 1 || toCount !== 1 || viaCount !== 1 || via < 0) { skippedRestrictions++; continue; }
        restrictions.push({ fromWay: from, viaNode: via, toWay: to, kind });
      }
    },
  }, {
    inflate: options.inflate, shouldCancel: cancelled,
    onProgress: (done, total) => progress('roads', (ROADS * done) / Math.max(1, total)),
  });
  if (summary1.cancelled) throw new RegionBuildCancelled();
  const wayCount = wayIds.length;
  if (wayCount === 0) throw new RegionBuildError('This extract has no road a car may drive (no highway=motorway…service or drivable track). Choose an extract that covers roads.');

  // ---------------------------------------------------------------- pass 2: node coordinates, parking nodes
  const wanted = new Float64Array(wayRefs.length + parkingWays.reduce((n, w) => n + w.refs.length, 0));
  wanted.set(wayRefs);
  let at = wayRefs.length;
  for (const w of parkingWays) { wanted.set(w.refs, at); at += w.refs.length; }
  const ids = sortedUniqueIds(wanted);
  const lons = new Float64Array(ids.length).fill(NaN), lats = new Float64Array(ids.length).fill(NaN);
  const parkingNodes: { lon: number; lat: number; id: number; capacity: number }[] = [];
  const summary2 = readOsmPbf(bytes, {
    nodes(batch) {
      const kAmenity = batch.strings.indexOf('amenity');
      for (let i = 0; i < batch.count; i++) {
        const k = indexOfSorted(ids, batch.ids[i]);
        if (k >= 0) { lons[k] = batch.lons[i]; lats[k] = batch.lats[i]; }
        const a = findTag(batch, i, kAmenity);
        if (a >= 0 && batch.strings.get(batch.tagVals[a]) === 'parking') {
          parkingNodes.push({ lon: batch.lons[i], lat: batch.lats[i], id: batch.ids[i], capacity: parseCapacity(tagGetter(batch, i)('capacity')) });
        }
      }
    },
  }, {
    inflate: options.inflate, shouldCancel: cancelled,
    onProgress: (done, total) => progress('nodes', ROADS + (NODES * done) / Math.max(1, total)),
  });
  if (summary2.cancelled) throw new RegionBuildCancelled();

  // ---------------------------------------------------------------- links
  // Node use count (saturating at 3): ≥ 2 makes a graph node. Way ends count 2.
  const refIndex = new Int32Array(wayRefs.length);
  const uses = new Uint8Array(ids.length);
  for (let w = 0; w < wayCount; w++) {
    let first = -1, last = -1, prev = -1;
    for (let r = wayRefStart[w]; r < wayRefStart[w + 1]; r++) {
      const k = indexOfSorted(ids, wayRefs[r]);
      // Nodes missing from the extract are dropped from their way, and so are immediate repeats.
      const valid = k >= 0 && !Number.isNaN(lons[k]) && k !== prev;
      refIndex[r] = valid ? k : -1;
      if (!valid) continue;
      if (uses[k] < 3) uses[k]++;
      if (first < 0) first = k;
      last = k;
      prev = k;
    }
    if (first >= 0) { uses[first] = Math.max(uses[first], 2); uses[last] = Math.max(uses[last], 2); }
  }
  const graphNodeOf = new Int32Array(ids.length).fill(-1);
  const nodeLons: number[] = [], nodeLats: number[] = [], nodeOsmIds: number[] = [];
  const graphNode = (k: number): number => {
    let g = graphNodeOf[k];
    if (g < 0) {
      g = graphNodeOf[k] = nodeLons.length;
      nodeLons.push(lons[k]); nodeLats.push(lats[k]); nodeOsmIds.push(ids[k]);
    }
    return g;
  };

  const linkFrom: number[] = [], linkTo: number[] = [], linkWay: number[] = [], linkCurvature: number[] = [];
  const shapeStart: number[] = [0], shapeCoords: number[] = [];
  const wayLinkStart = new Uint32Array(wayCount + 1);
  const wayCoords: number[] = [], wayVertex: number[] = [];
  for (let w = 0; w < wayCount; w++) {
    wayLinkStart[w] = linkFrom.length;
    if (w % 256 === 0) {
      checkCancel();
      progress('graph', ROADS + NODES + (GRAPH * w) / wayCount);
    }
    wayCoords.length = 0;
    wayVertex.length = 0;
    for (let r = wayRefStart[w]; r < wayRefStart[w + 1]; r++) {
      const k = refIndex[r];
      if (k < 0) continue;
      wayCoords.push(lons[k], lats[k]);
      wayVertex.push(k);
    }
    const n = wayVertex.length;
    if (n < 2) continue;
    const coords = Float64Array.from(wayCoords);
    const along = cumulativeMeters(coords);
    const score = scoreCurvature(coords);
    const profile = score.profile;
    let sample = 0;
    let start = 0;
    for (let v = 1; v < n; v++) {
      const k = wayVertex[v];
      if (uses[k] < 2 && v < n - 1) continue;
      linkFrom.push(graphNode(wayVertex[start]));
      linkTo.push(graphNode(k));
      linkWay.push(w);
      for (let s = start + 1; s < v; s++) shapeCoords.push(coords[2 * s], coords[2 * s + 1]);
      shapeStart.push(shapeCoords.length >> 1);
      // Weighted metres of the way's curvature profile inside [along[start], along[v]].
      let curvature = 0;
      if (profile !== null && score.curvature > 0) {
        const d = profile.distanceMeters, level = profile.level;
        const a = along[start], b = along[v];
        while (sample < d.length - 2 && d[sample + 1] <= a) sample++;
        for (let j = sample; j < d.length - 1 && d[j] < b; j++) {
          const overlap = Math.min(b, d[j + 1]) - Math.max(a, d[j]);
          if (overlap > 0) curvature += overlap * CURVE_LEVEL_WEIGHTS[level[j]];
        }
      }
      linkCurvature.push(curvature);
      start = v;
    }
    // Scale the shares so the way's links sum to its RC-1 score exactly (the profile counts
    // resampled metres, the score scored metres).
    let shares = 0;
    for (let l = wayLinkStart[w]; l < linkCurvature.length; l++) shares += linkCurvature[l];
    const scale = shares > 0 ? score.curvature / shares : 0;
    for (let l = wayLinkStart[w]; l < linkCurvature.length; l++) linkCurvature[l] *= scale;
  }
  wayLinkStart[wayCount] = linkFrom.length;

  // ---------------------------------------------------------------- turn restrictions
  const wayIndexById = new Map<number, number>();
  for (let w = 0; w < wayCount; w++) wayIndexById.set(wayIds[w], w);
  const touching = (wayId: number, node: number): number => {
    const w = wayIndexById.get(wayId);
    if (w === undefined) return -1;
    let found = -1;
    for (let l = wayLinkStart[w]; l < wayLinkStart[w + 1]; l++) {
      if (linkFrom[l] === node || linkTo[l] === node) {
        if (found >= 0) return -1; // via in the middle of the way: OSM says it must be an end
        found = l;
      }
    }
    return found;
  };
  const rFrom: number[] = [], rVia: number[] = [], rTo: number[] = [], rKind: number[] = [];
  for (const r of restrictions) {
    const k = indexOfSorted(ids, r.viaNode);
    const via = k >= 0 ? graphNodeOf[k] : -1;
    const from = via >= 0 ? touching(r.fromWay, via) : -1;
    const to = via >= 0 ? touching(r.toWay, via) : -1;
    if (from < 0 || to < 0) { skippedRestrictions++; continue; }
    rFrom.push(from); rVia.push(via); rTo.push(to); rKind.push(r.kind);
  }

  const linkCount = linkFrom.length;
  const column = (source: number[]): Float64Array => {
    const out = new Float64Array(linkCount);
    for (let l = 0; l < linkCount; l++) out[l] = source[linkWay[l]];
    return out;
  };
  let graph: RoadGraph;
  let restrictionsApplied = rFrom.length;
  try {
    graph = buildRoadGraph({
      nodeLons: nodeLons, nodeLats: nodeLats, strings,
      links: {
        from: linkFrom, to: linkTo, direction: column(wayDirection), roadClass: column(wayClass), speedKmh: column(waySpeed),
        flags: column(wayFlags), name: column(wayName), ref: column(wayRef), curvature: linkCurvature,
        shapeStart, shapeCoords,
      },
      restrictions: { fromLink: rFrom, viaNode: rVia, toLink: rTo, kind: rKind },
    }, { onSkippedRestriction: () => { skippedRestrictions++; restrictionsApplied--; } });
  } catch (error) {
    if (error instanceof RoadGraphError) throw new RegionBuildError(`The extract's roads do not make a valid graph: ${error.message}`);
    throw error;
  }

  // ---------------------------------------------------------------- landmarks
  const profiles = options.landmarkProfiles ?? ['fastest', 'shortest', 'curvy'];
  const tables: LandmarkTable[] = [];
  profiles.forEach((profile, i) => {
    checkCancel();
    progress('landmarks', ROADS + NODES + GRAPH + (LANDMARKS * i) / profiles.length);
    tables.push(computeLandmarks(graph, { profile, count: options.landmarkCount ?? 8 }));
  });
  if (tables.length > 0) graph = withLandmarks(graph, tables);

  // ---------------------------------------------------------------- scenic features, parking
  checkCancel();
  const before = ROADS + NODES + GRAPH + LANDMARKS;
  let poiResult;
  try {
    poiResult = readPoisFromPbf(bytes, {
      inflate: options.inflate, shouldCancel: cancelled,
      onProgress: (done, total) => progress('pois', before + ((1 - before) * done) / Math.max(1, total)),
    });
  } catch (error) {
    if (error instanceof PoiExtractCancelled) throw new RegionBuildCancelled();
    throw error;
  }
  const pois = poiResult.pois;
  const parking = parkingSet(parkingNodes, parkingWays, ids, lons, lats);

  const poisByKind: Record<string, number> = {};
  for (const [kind, count] of countPointsByKind(pois)) poisByKind[poiKindName(kind)] = (poisByKind[poiKindName(kind)] ?? 0) + count;
  for (const [kind, count] of countShapesByKind(pois)) poisByKind[poiKindName(kind)] = (poisByKind[poiKindName(kind)] ?? 0) + count;
  let drivableMeters = 0;
  for (let l = 0; l < graph.linkCount; l++) drivableMeters += graph.linkLengthMeters[l];
  let withCapacity = 0;
  for (let i = 0; i < parking.count; i++) if (parking.capacity[i] >= 0) withCapacity++;
  const bbox = header?.bbox;
  const timestamp = header?.replicationTimestampSeconds;
  progress('pois', 1);
  return {
    meta: {
      packVersion: REGION_PACK_VERSION,
      name: options.name ?? 'region',
      bbox: bbox ? [bbox.west, bbox.south, bbox.east, bbox.north] : null,
      osmTimestamp: timestamp !== undefined ? new Date(timestamp * 1000).toISOString() : null,
      stats: {
        nodes: graph.nodeCount, edges: graph.edgeCount, links: graph.linkCount,
        drivableKm: drivableMeters / 1000,
        restrictions: restrictionsApplied, skippedRestrictions,
        poisByKind, parking: parking.count, parkingWithCapacity: withCapacity,
      },
    },
    graph,
    linkWayIds: Float64Array.from(linkWay, (w) => wayIds[w]),
    nodeOsmIds: Float64Array.from(nodeOsmIds),
    pois,
    parking,
  };
}

function parkingSet(
  nodes: readonly { lon: number; lat: number; id: number; capacity: number }[],
  ways: readonly { id: number; refs: Float64Array; capacity: number }[],
  ids: Float64Array, lons: Float64Array, lats: Float64Array,
): ParkingSet {
  const lon: number[] = [], lat: number[] = [], capacity: number[] = [], osmType: number[] = [], osmId: number[] = [];
  for (const n of nodes) { lon.push(n.lon); lat.push(n.lat); capacity.push(n.capacity); osmType.push(0); osmId.push(n.id); }
  for (const w of ways) {
    // Centre of the outline: mean of its distinct vertices (the closing vertex counted once).
    let sx = 0, sy = 0, count = 0;
    const closed = w.refs.length > 2 && w.refs[0] === w.refs[w.refs.length - 1];
    for (let r = 0; r < w.refs.length - (closed ? 1 : 0); r++) {
      const k = indexOfSorted(ids, w.refs[r]);
      if (k < 0 || Number.isNaN(lons[k])) continue;
      sx += lons[k]; sy += lats[k]; count++;
    }
    if (count === 0) continue;
    lon.push(sx / count); lat.push(sy / count); capacity.push(w.capacity); osmType.push(1); osmId.push(w.id);
  }
  return {
    count: lon.length, lon: Float64Array.from(lon), lat: Float64Array.from(lat), capacity: Int32Array.from(capacity),
    osmType: Uint8Array.from(osmType), osmId: Float64Array.from(osmId),
  };
}

/** `capacity=*` as a car count, -1 when missing or not a number. */
function parseCapacity(value: string | undefined): number {
  if (value === undefined) return -1;
  const n = Number(value.trim());
  return Number.isInteger(n) && n >= 0 && n < 2 ** 31 ? n : -1;
}

