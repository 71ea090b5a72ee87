/**
 * Builds a `RoadGraph` from column arrays, in any order: the pack builder pushes links as it meets
 * them in the OSM file, and this turns them into CSR with a counting sort by source node
 * (O(nodes + edges), stable: a node's out-edges keep input link order).
 *
 * Input is by link (a road piece between junctions, with its shape) and a direction code, not by
 * directed edge, so two-way roads carry their attributes once; the builder makes one edge per
 * open direction. Turn restrictions come by link and via node, as OSM states them, and are
 * resolved here to directed edges.
 */
import { segmentMeters } from '../geometry/earth';
import { buildEdgeGridIndex } from './edge-grid-index';
import { DEFAULT_SPEED_KMH, LINK_DIRECTION, ROAD_CLASS, ROAD_CLASS_COUNT } from './road-attributes';
import { COORD_SCALE, EDGE_REVERSED, type RoadGraph, RoadGraphError } from './road-graph';
import { PackedStrings } from './string-table';
import { NO_TURN, ONLY_TURN, deriveTurnRestrictions } from './turn-restrictions';

type Column = ArrayLike<number>;

export interface RoadGraphInput {
  /** Node longitudes and latitudes (degrees), one per node id. */
  nodeLons: Column;
  nodeLats: Column;
  links: LinkColumns;
  /** String table for names and refs; entry 0 must be "" (added when the list is empty). */
  strings?: readonly string[];
  restrictions?: RestrictionColumns;
}

/** One entry per link. Only `from`, `to` and `direction` are required. */
export interface LinkColumns {
  from: Column;
  to: Column;
  /** `LINK_DIRECTION`: 1 forward only, 2 backward only (oneway=-1), 3 both. */
  direction: Column;
  /** Default: `ROAD_CLASS.ROAD`. */
  roadClass?: Column;
  /** Default: measured along the geometry. */
  lengthMeters?: Column;
  /** Default: the class default speed. Rounded and clamped to 1..255. */
  speedKmh?: Column;
  /** `LINK_FLAG` bits; default 0. */
  flags?: Column;
  /** Index into `strings` of the road name; default 0 (none). */
  name?: Column;
  /** Index into `strings` of the road ref (e.g. "CG-2"); default 0 (none). */
  ref?: Column;
  /** RC-1 curvature (weighted metres); default 0. */
  curvature?: Column;
  /** `linkCount + 1` offsets (in points) into `shapeCoords`: the link's interior points, from → to. */
  shapeStart?: Column;
  /** Interior shape points, interleaved `[lon, lat, …]` degrees. */
  shapeCoords?: Column;
}

/** One entry per turn restriction with a via node. */
export interface RestrictionColumns {
  fromLink: Column;
  viaNode: Column;
  toLink: Column;
  /** `NO_TURN` (0) or `ONLY_TURN` (1). */
  kind: Column;
}

export interface BuildRoadGraphOptions {
  /**
   * Called for a restriction that does not fit the graph (its from link cannot arrive at the via
   * node, or its to link cannot leave it, e.g. because of a oneway); that restriction is then
   * skipped. Without it, such a restriction throws `RoadGraphError`.
   */
  onSkippedRestriction?: (row: number, reason: string) => void;
}

export function buildRoadGraph(input: RoadGraphInput, options: BuildRoadGraphOptions = {}): RoadGraph {
  const nodeCount = input.nodeLons.length;
  if (input.nodeLats.length !== nodeCount) {
    throw new RoadGraphError(`nodeLons has ${nodeCount} entries but nodeLats has ${input.nodeLats.length}; give one longitude and one latitude per node.`);
  }
  if (nodeCount >= 0x7fffffff) throw new RoadGraphError(`A graph holds at most 2^31 - 1 nodes; split the region (got ${nodeCount}).`);
  const nodeCoordsE7 = new Int32Array(2 * nodeCount);
  for (let i = 0; i < nodeCount; i++) {
    const lon = input.nodeLons[i], lat = input.nodeLats[i];
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
      throw new RoadGraphError(`Node ${i} has position (${lon}, ${lat}); longitude must be within ±180 and latitude within ±90 degrees.`);
    }
    nodeCoordsE7[2 * i] = Math.round(lon * COORD_SCALE);
    nodeCoordsE7[2 * i + 1] = Math.round(lat * COORD_SCALE);
  }

  const links = input.links;
  const linkCount = links.from.length;
  if (linkCount >= 0x7fffffff) throw new RoadGraphError(`A graph holds at most 2^31 - 1 links; split the region (got ${linkCount}).`);
  const columnLength = (name: keyof LinkColumns, expected: number) => {
    const col = links[name];
    if (col !== undefined && col.length !== expected) {
      throw new RoadGraphError(`links.${name} has ${col.length} entries; expected ${expected} (one per link${name === 'shapeStart' ? ', plus one' : ''}).`);
    }
  };
  for (const name of ['to', 'direction', 'roadClass', 'lengthMeters', 'speedKmh', 'flags', 'name', 'ref', 'curvature'] as const) columnLength(name, linkCount);

  if (input.strings !== undefined && input.strings.length > 0 && input.strings[0] !== '') {
    throw new RoadGraphError(`strings[0] is "${input.strings[0]}"; entry 0 must be the empty string (it means "no name").`);
  }
  const strings = PackedStrings.from(input.strings ?? []);

  // Shapes.
  const linkShapeStart = new Uint32Array(linkCount + 1);
  let shapeCoordsE7: Int32Array;
  if (links.shapeStart !== undefined) {
    columnLength('shapeStart', linkCount + 1);
    const coords = links.shapeCoords ?? [];
    const points = coords.length >> 1;
    if (coords.length % 2 !== 0) throw new RoadGraphError('links.shapeCoords has an odd length; give interleaved [lon, lat] pairs.');
    for (let l = 0; l <= linkCount; l++) {
      const s = links.shapeStart[l];
      if (!(Number.isInteger(s) && s >= 0 && s <= points && (l === 0 ? s === 0 : s >= linkShapeStart[l - 1]))) {
        throw new RoadGraphError(`links.shapeStart[${l}] = ${s} is not a valid offset: offsets start at 0, never decrease and end at the shape point count (${points}).`);
      }
      linkShapeStart[l] = s;
    }
    if (linkShapeStart[linkCount] !== points) {
      throw new RoadGraphError(`links.shapeStart ends at ${linkShapeStart[linkCount]} but shapeCoords holds ${points} points; they must match.`);
    }
    shapeCoordsE7 = new Int32Array(2 * points);
    for (let p = 0; p < points; p++) {
      const lon = coords[2 * p], lat = coords[2 * p + 1];
      if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
        throw new RoadGraphError(`Shape point ${p} has position (${lon}, ${lat}); longitude must be within ±180 and latitude within ±90 degrees.`);
      }
      shapeCoordsE7[2 * p] = Math.round(lon * COORD_SCALE);
      shapeCoordsE7[2 * p + 1] = Math.round(lat * COORD_SCALE);
    }
  } else {
    if (links.shapeCoords !== undefined && links.shapeCoords.length > 0) throw new RoadGraphError('links.shapeCoords needs links.shapeStart to say which points belong to which link.');
    shapeCoordsE7 = new Int32Array(0);
  }

  // Link attributes.
  const linkFrom = new Uint32Array(linkCount);
  const linkTo = new Uint32Array(linkCount);
  const linkLengthMeters = new Float32Array(linkCount);
  const linkSpeedKmh = new Uint8Array(linkCount);
  const linkClass = new Uint8Array(linkCount);
  const linkFlags = new Uint16Array(linkCount);
  const linkNameRef = new Uint32Array(linkCount);
  const linkCurvature = new Float32Array(linkCount);
  const pairIds = new Map<number, number>([[0, 0]]);
  const pairs: number[] = [0, 0];
  const outDegree = new Uint32Array(nodeCount + 1);
  for (let l = 0; l < linkCount; l++) {
    const a = links.from[l], b = links.to[l], dir = links.direction[l];
    if (!(Number.isInteger(a) && a >= 0 && a < nodeCount && Number.isInteger(b) && b >= 0 && b < nodeCount)) {
      throw new RoadGraphError(`Link ${l} joins nodes ${a} and ${b}, but node ids run from 0 to ${nodeCount - 1}.`);
    }
    if (dir !== LINK_DIRECTION.FORWARD && dir !== LINK_DIRECTION.BACKWARD && dir !== LINK_DIRECTION.BOTH) {
      throw new RoadGraphError(`Link ${l} has direction ${dir}; use 1 (forward only), 2 (backward only) or 3 (both).`);
    }
    linkFrom[l] = a;
    linkTo[l] = b;
    const cls = links.roadClass?.[l] ?? ROAD_CLASS.ROAD;
    if (!(Number.isInteger(cls) && cls >= 0 && cls < ROAD_CLASS_COUNT)) throw new RoadGraphError(`Link ${l} has road class ${cls}; use a ROAD_CLASS code (0..${ROAD_CLASS_COUNT - 1}).`);
    linkClass[l] = cls;
    const speed = links.speedKmh?.[l] ?? DEFAULT_SPEED_KMH[cls];
    if (!(speed > 0)) throw new RoadGraphError(`Link ${l} has speed ${speed} km/h; give a positive speed or leave it out for the class default.`);
    linkSpeedKmh[l] = Math.min(255, Math.max(1, Math.round(speed)));
    const length = links.lengthMeters?.[l] ?? measureLink(nodeCoordsE7, shapeCoordsE7, linkShapeStart, a, b, l);
    if (!(length >= 0 && length < Infinity)) throw new RoadGraphError(`Link ${l} has length ${length} m; lengths must be finite and ≥ 0.`);
    linkLengthMeters[l] = length;
    const flags = links.flags?.[l] ?? 0;
    if (!(Number.isInteger(flags) && flags >= 0 && flags <= 0xffff)) throw new RoadGraphError(`Link ${l} has flags ${flags}; flags are LINK_FLAG bits in 0..65535.`);
    linkFlags[l] = flags;
    const curvature = links.curvature?.[l] ?? 0;
    if (!(curvature >= 0 && curvature < Infinity)) throw new RoadGraphError(`Link ${l} has curvature ${curvature}; RC-1 scores are finite and ≥ 0.`);
    linkCurvature[l] = curvature;
    const name = links.name?.[l] ?? 0, ref = links.ref?.[l] ?? 0;
    if (!(Number.isInteger(name) && name >= 0 && name < strings.length && Number.isInteger(ref) && ref >= 0 && ref < strings.length)) {
      throw new RoadGraphError(`Link ${l} names strings ${name} and ${ref}, but the string table has ${strings.length} entries.`);
    }
    const key = name * strings.length + ref;
    let pair = pairIds.get(key);
    if (pair === undefined) {
      pair = pairs.length >> 1;
      pairIds.set(key, pair);
      pairs.push(name, ref);
    }
    linkNameRef[l] = pair;
    if (dir & LINK_DIRECTION.FORWARD) outDegree[a + 1]++;
    if (dir & LINK_DIRECTION.BACKWARD) outDegree[b + 1]++;
  }

  // CSR by counting sort on the source node.
  const firstEdge = outDegree;
  for (let u = 0; u < nodeCount; u++) firstEdge[u + 1] += firstEdge[u];
  const edgeCount = firstEdge[nodeCount];
  const edgeTarget = new Uint32Array(edgeCount);
  const edgeLink = new Uint32Array(edgeCount);
  const fill = firstEdge.slice(0, nodeCount);
  for (let l = 0; l < linkCount; l++) {
    const dir = links.direction[l];
    if (dir & LINK_DIRECTION.FORWARD) {
      const e = fill[linkFrom[l]]++;
      edgeTarget[e] = linkTo[l];
      edgeLink[e] = l;
    }
    if (dir & LINK_DIRECTION.BACKWARD) {
      const e = fill[linkTo[l]]++;
      edgeTarget[e] = linkFrom[l];
      edgeLink[e] = (l | EDGE_REVERSED) >>> 0;
    }
  }

  const resolved = resolveRestrictions(input.restrictions, nodeCount, linkCount, linkFrom, linkTo, firstEdge, edgeLink, options);
  const restrictions = deriveTurnRestrictions(nodeCount, firstEdge, edgeTarget, resolved.fromEdge, resolved.toEdge, resolved.kind);
  const snapIndex = buildEdgeGridIndex({ nodeCoordsE7, linkFrom, linkTo, linkShapeStart, shapeCoordsE7 });

  return {
    nodeCount, edgeCount, linkCount,
    nodeCoordsE7, firstEdge, edgeTarget, edgeLink,
    linkFrom, linkTo, linkLengthMeters, linkSpeedKmh, linkClass, linkFlags, linkNameRef, linkCurvature,
    linkShapeStart, shapeCoordsE7,
    nameRefPairs: Uint32Array.from(pairs), strings,
    restrictions, snapIndex, landmarks: [],
  };
}

function measureLink(nodes: Int32Array, shape: Int32Array, shapeStart: Uint32Array, a: number, b: number, l: number): number {
  let x0 = nodes[2 * a] / COORD_SCALE, y0 = nodes[2 * a + 1] / COORD_SCALE;
  let total = 0;
  for (let p = shapeStart[l]; p <= shapeStart[l + 1]; p++) {
    const last = p === shapeStart[l + 1];
    const x1 = (last ? nodes[2 * b] : shape[2 * p]) / COORD_SCALE;
    const y1 = (last ? nodes[2 * b + 1] : shape[2 * p + 1]) / COORD_SCALE;
    total += segmentMeters(x0, y0, x1, y1);
    x0 = x1; y0 = y1;
  }
  return total;
}

/** Edge of `link` leaving node `from` (forward or reversed), or -1. */
function edgeOfLinkFrom(firstEdge: Uint32Array, edgeLink: Uint32Array, from: number, link: number, reversed: boolean): number {
  const wanted = (reversed ? link | EDGE_REVERSED : link) >>> 0;
  for (let e = firstEdge[from]; e < firstEdge[from + 1]; e++) if (edgeLink[e] === wanted) return e;
  return -1;
}

function resolveRestrictions(
  input: RestrictionColumns | undefined, nodeCount: number, linkCount: number, linkFrom: Uint32Array, linkTo: Uint32Array,
  firstEdge: Uint32Array, edgeLink: Uint32Array, options: BuildRoadGraphOptions,
): { fromEdge: Uint32Array; toEdge: Uint32Array; kind: Uint8Array } {
  const fromEdges: number[] = [], toEdges: number[] = [], kinds: number[] = [];
  const rows = input?.fromLink.length ?? 0;
  if (input !== undefined && (input.viaNode.length !== rows || input.toLink.length !== rows || input.kind.length !== rows)) {
    throw new RoadGraphError('restrictions.fromLink, viaNode, toLink and kind must have one entry per restriction.');
  }
  for (let r = 0; r < rows && input !== undefined; r++) {
    const fl = input.fromLink[r], via = input.viaNode[r], tl = input.toLink[r], kind = input.kind[r];
    if (!(Number.isInteger(fl) && fl >= 0 && fl < linkCount && Number.isInteger(tl) && tl >= 0 && tl < linkCount)) {
      throw new RoadGraphError(`Restriction ${r} names links ${fl} and ${tl}, but link ids run from 0 to ${linkCount - 1}.`);
    }
    if (!(Number.isInteger(via) && via >= 0 && via < nodeCount)) throw new RoadGraphError(`Restriction ${r} has via node ${via}, but node ids run from 0 to ${nodeCount - 1}.`);
    if (kind !== NO_TURN && kind !== ONLY_TURN) throw new RoadGraphError(`Restriction ${r} has kind ${kind}; use 0 (no_*) or 1 (only_*).`);
    // Arrival over the from link: forward if it ends at via, reversed if it starts there.
    const arrivals: number[] = [], departures: number[] = [];
    if (linkTo[fl] === via) arrivals.push(edgeOfLinkFrom(firstEdge, edgeLink, linkFrom[fl], fl, false));
    if (linkFrom[fl] === via) arrivals.push(edgeOfLinkFrom(firstEdge, edgeLink, linkTo[fl], fl, true));
    if (linkFrom[tl] === via) departures.push(edgeOfLinkFrom(firstEdge, edgeLink, via, tl, false));
    if (linkTo[tl] === via) departures.push(edgeOfLinkFrom(firstEdge, edgeLink, via, tl, true));
    const from = arrivals.filter((e) => e >= 0), to = departures.filter((e) => e >= 0);
    let problem = '';
    if (arrivals.length === 0) problem = `from link ${fl} does not touch via node ${via}`;
    else if (departures.length === 0) problem = `to link ${tl} does not touch via node ${via}`;
    else if (from.length === 0) problem = `from link ${fl} cannot be driven towards via node ${via} (oneway)`;
    else if (to.length === 0) problem = `to link ${tl} cannot be driven away from via node ${via} (oneway)`;
    if (problem !== '') {
      if (options.onSkippedRestriction === undefined) {
        throw new RoadGraphError(`Restriction ${r}: ${problem}. Fix the input, or pass onSkippedRestriction to skip such restrictions.`);
      }
      options.onSkippedRestriction(r, problem);
      continue;
    }
    for (const f of from) for (const t of to) { fromEdges.push(f); toEdges.push(t); kinds.push(kind); }
  }
  return { fromEdge: Uint32Array.from(fromEdges), toEdge: Uint32Array.from(toEdges), kind: Uint8Array.from(kinds) };
}
