/**
 * The drivable road graph of a region pack, in typed arrays (CSR, compressed sparse row).
 *
 * Two levels:
 * - **Links** are road pieces between junctions (degree-2 chains already folded in): a polyline
 *   from node `linkFrom` to node `linkTo` with interior shape points, and the attributes of the road
 *   (length, speed, class, flags, name/ref, RC-1 curvature). One link per road piece whatever its
 *   direction, so two-way roads store their attributes and shape once.
 * - **Edges** are what the search walks: one directed edge per drivable direction of a link
 *   (oneway, oneway=-1 and roundabouts are resolved here). Edges are sorted by source node: the
 *   out-edges of node `u` are `firstEdge[u] .. firstEdge[u + 1]`. `edgeLink[e]` names the edge's
 *   link; its top bit (`EDGE_REVERSED`) says the edge runs against the link's geometry (to → from).
 *
 * Coordinates are WGS84 fixed point, 1e-7 degree (OSM's own resolution, ~1 cm), interleaved
 * `[lon, lat, …]` in Int32Array: half the memory of Float64 with no loss for OSM data.
 *
 * Node and edge ids are dense integers in `0 .. count - 1`; `NO_EDGE` (0xffffffff) means none.
 * A graph is immutable once built; it is safe to share between searches.
 */
import type { LandmarkTable } from './landmarks';
import type { EdgeGridIndex } from './edge-grid-index';
import type { PackedStrings } from './string-table';
import type { TurnRestrictions } from './turn-restrictions';

/** Top bit of `edgeLink`: the edge runs from the link's `to` node to its `from` node. */
export const EDGE_REVERSED = 0x80000000;
/** Mask of the link index in `edgeLink`. */
export const EDGE_LINK_MASK = 0x7fffffff;
/** "No edge" in Uint32 edge columns and results. */
export const NO_EDGE = 0xffffffff;
/** Fixed-point scale of coordinates: degrees × 1e7. */
export const COORD_SCALE = 1e7;

export interface RoadGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly linkCount: number;

  /** `[lonE7, latE7]` per node. */
  readonly nodeCoordsE7: Int32Array;
  /** `nodeCount + 1` offsets: out-edges of node `u` are `firstEdge[u] .. firstEdge[u + 1]`. */
  readonly firstEdge: Uint32Array;
  /** Head node of each directed edge. */
  readonly edgeTarget: Uint32Array;
  /** Link of each edge, with `EDGE_REVERSED` set when the edge runs to → from. */
  readonly edgeLink: Uint32Array;

  /** First node of each link's geometry. */
  readonly linkFrom: Uint32Array;
  /** Last node of each link's geometry. */
  readonly linkTo: Uint32Array;
  /** Length along the link's geometry (m). */
  readonly linkLengthMeters: Float32Array;
  /** Travel speed (km/h): maxspeed, or the class default (road-attributes.ts). Always ≥ 1. */
  readonly linkSpeedKmh: Uint8Array;
  /** `ROAD_CLASS` code. */
  readonly linkClass: Uint8Array;
  /** `LINK_FLAG` bits. */
  readonly linkFlags: Uint16Array;
  /** Index into `nameRefPairs` (0 = no name, no ref). */
  readonly linkNameRef: Uint32Array;
  /** RC-1 curvature score of the link: weighted metres of curve (scoring-spec.md §2.2), ≥ 0. */
  readonly linkCurvature: Float32Array;
  /** `linkCount + 1` offsets (in points) into `shapeCoordsE7`: the link's interior shape points, from → to. */
  readonly linkShapeStart: Uint32Array;
  /** Interior shape points of all links, `[lonE7, latE7, …]`. */
  readonly shapeCoordsE7: Int32Array;

  /** Pairs `[nameString, refString]` of indices into `strings`; pair 0 is `[0, 0]` (no name). */
  readonly nameRefPairs: Uint32Array;
  readonly strings: PackedStrings;

  readonly restrictions: TurnRestrictions;
  /** Spatial index over link geometry, for snapping (`nearestEdge`). */
  readonly snapIndex: EdgeGridIndex;
  /** Landmark tables for ALT, one per profile family (`withLandmarks`); empty when none. */
  readonly landmarks: readonly LandmarkTable[];
}

/** Thrown for input that cannot make a valid graph, or a pack that is not one; the message says what to fix. */
export class RoadGraphError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoadGraphError';
  }
}

export function nodeLon(graph: RoadGraph, node: number): number {
  return graph.nodeCoordsE7[2 * node] / COORD_SCALE;
}

export function nodeLat(graph: RoadGraph, node: number): number {
  return graph.nodeCoordsE7[2 * node + 1] / COORD_SCALE;
}

/** Link index of edge `e`. */
export function edgeLinkIndex(graph: RoadGraph, edge: number): number {
  return graph.edgeLink[edge] & EDGE_LINK_MASK;
}

/** Whether edge `e` runs against its link's geometry (to → from). */
export function isEdgeReversed(graph: RoadGraph, edge: number): boolean {
  return (graph.edgeLink[edge] & EDGE_REVERSED) !== 0;
}

/** Tail node of edge `e` (binary search over `firstEdge`, O(log n)). */
export function edgeSource(graph: RoadGraph, edge: number): number {
  const first = graph.firstEdge;
  let lo = 0, hi = graph.nodeCount - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (first[mid] <= edge) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** The directed edges of a link: `forward` runs from → to, `backward` to → from; `NO_EDGE` when that direction is closed. */
export function linkEdges(graph: RoadGraph, link: number): { forward: number; backward: number } {
  return { forward: findLinkEdge(graph, graph.linkFrom[link], link, 0), backward: findLinkEdge(graph, graph.linkTo[link], link, EDGE_REVERSED) };
}

function findLinkEdge(graph: RoadGraph, from: number, link: number, reversedBit: number): number {
  const wanted = (link | reversedBit) >>> 0;
  for (let e = graph.firstEdge[from], end = graph.firstEdge[from + 1]; e < end; e++) {
    if (graph.edgeLink[e] === wanted) return e;
  }
  return NO_EDGE;
}

/** Number of points of a link's polyline, its two nodes included. */
export function linkPointCount(graph: RoadGraph, link: number): number {
  return graph.linkShapeStart[link + 1] - graph.linkShapeStart[link] + 2;
}

/**
 * Point `i` (0 = `linkFrom`, last = `linkTo`) of a link's polyline, written as E7 integers into
 * `out[at]`, `out[at + 1]`.
 */
export function linkPointE7(graph: RoadGraph, link: number, i: number, out: Int32Array | Float64Array, at = 0): void {
  const shapeStart = graph.linkShapeStart[link];
  const interior = graph.linkShapeStart[link + 1] - shapeStart;
  if (i === 0) {
    const n = graph.linkFrom[link];
    out[at] = graph.nodeCoordsE7[2 * n];
    out[at + 1] = graph.nodeCoordsE7[2 * n + 1];
  } else if (i > interior) {
    const n = graph.linkTo[link];
    out[at] = graph.nodeCoordsE7[2 * n];
    out[at + 1] = graph.nodeCoordsE7[2 * n + 1];
  } else {
    const p = shapeStart + i - 1;
    out[at] = graph.shapeCoordsE7[2 * p];
    out[at + 1] = graph.shapeCoordsE7[2 * p + 1];
  }
}

/** A link's polyline in degrees, `[lon, lat, …]`, from → to. */
export function linkPolyline(graph: RoadGraph, link: number): Float64Array {
  const count = linkPointCount(graph, link);
  const out = new Float64Array(2 * count);
  for (let i = 0; i < count; i++) linkPointE7(graph, link, i, out, 2 * i);
  for (let k = 0; k < out.length; k++) out[k] /= COORD_SCALE;
  return out;
}

/** An edge's polyline in degrees, in its direction of travel. */
export function edgePolyline(graph: RoadGraph, edge: number): Float64Array {
  const line = linkPolyline(graph, edgeLinkIndex(graph, edge));
  if (!isEdgeReversed(graph, edge)) return line;
  const out = new Float64Array(line.length);
  for (let i = 0, n = line.length >> 1; i < n; i++) {
    out[2 * i] = line[2 * (n - 1 - i)];
    out[2 * i + 1] = line[2 * (n - 1 - i) + 1];
  }
  return out;
}

/** Road name and ref of a link ("" when untagged). */
export function linkNameAndRef(graph: RoadGraph, link: number): { name: string; ref: string } {
  const pair = graph.linkNameRef[link];
  return { name: graph.strings.get(graph.nameRefPairs[2 * pair]), ref: graph.strings.get(graph.nameRefPairs[2 * pair + 1]) };
}

/** Replaces (or drops, with null or []) the landmark tables; all other arrays are shared, not copied. */
export function withLandmarks(graph: RoadGraph, landmarks: LandmarkTable | readonly LandmarkTable[] | null): RoadGraph {
  const tables = landmarks === null ? [] : 'distances' in landmarks ? [landmarks] : [...landmarks];
  for (const table of tables) {
    if (table.distances.length !== graph.nodeCount * table.count * 2) {
      throw new RoadGraphError(`This landmark table was computed for a graph of ${table.distances.length / (2 * table.count)} nodes, not ${graph.nodeCount}; compute it for this graph.`);
    }
  }
  if (new Set(tables.map((t) => t.profile)).size !== tables.length) {
    throw new RoadGraphError('Two landmark tables are for the same profile; keep one per profile.');
  }
  return { ...graph, landmarks: tables };
}
