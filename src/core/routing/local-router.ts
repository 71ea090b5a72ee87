/**
 * The in-browser router: routes on a region pack's road graph and returns the same OSRM-shaped
 * `RouteResult` as the OSRM HTTP router.
 *
 * Per request:
 * 1. edge costs for (profile, avoid) from `profileWeights`, computed once and cached per router;
 *    avoided features are penalised (×10), not closed, so a route still exists when the only way
 *    in is a toll road or a ferry;
 * 2. every waypoint snaps to the nearest road the profile can drive (`nearestEdge`), at most
 *    `maxSnapMeters` away; a waypoint farther from any road fails with `no-route` saying so;
 * 3. per leg, a bidirectional ALT search between the snapped points (`shortestPath` with
 *    `snapEndpoints`, honouring oneways and turn restrictions), compared with driving straight
 *    along the link when both points lie on the same one;
 * 4. geometry (cut at the snapped points), then OSRM steps (local-steps.ts).
 * Distances are measured along the returned geometry; durations at each link's speed.
 */
import { segmentMeters } from '../geometry/earth';
import {
  EDGE_LINK_MASK, type EdgeSnap, type EdgeWeights, type LandmarkTable, NO_EDGE, type PathEndpoint, type RoadGraph, incomingEdges,
  linkPointCount, linkPointE7, nearestEdge, prepareShortestPath, profileWeights,
  shortestPath, snapEndpoints, withLandmarks,
} from '../graph';
import { meters, seconds, type LonLat } from '../units';
import { type LegPiece, legSteps, legSummary } from './local-steps';
import { type PreparedRouting, linkOpenOf } from './prepared-routing';
import { type RouteLeg, type RouteProfile, type RouteRequest, type RouteResult, type Router, RoutingError } from './router';

export interface LocalRouterOptions {
  /** A waypoint farther than this from every drivable road cannot be routed (default 2000 m). */
  maxSnapMeters?: number;
}

/** A leg as the search found it: what tests and debugging tools inspect beside the OSRM shape. */
export interface LocalLegPath {
  /** Directed edges driven, in order, the partial first and last ones included. */
  edges: number[];
  pieces: LegPiece[];
  cost: number;
}

export interface LocalRoutePlan {
  result: RouteResult;
  legs: LocalLegPath[];
  snaps: EdgeSnap[];
}

type Avoid = NonNullable<RouteRequest['avoid']>;

export class LocalRouter implements Router {
  readonly id = 'local' as const;
  private readonly weightCache = new Map<string, { weights: EdgeWeights; linkOpen: Uint8Array }>();
  private readonly maxSnapMeters: number;

  private currentGraph: RoadGraph;

  constructor(graph: RoadGraph, options: LocalRouterOptions = {}) {
    this.currentGraph = graph;
    this.maxSnapMeters = options.maxSnapMeters ?? 2000;
  }

  get graph(): RoadGraph {
    return this.currentGraph;
  }

  /**
   * Adds landmark tables that arrived after the router started (a pack read in stages); routes
   * asked from now on use them. Edge costs and search state already derived are kept.
   */
  addLandmarkTables(tables: readonly LandmarkTable[]): void {
    const known = new Set(tables.map((t) => t.profile));
    this.currentGraph = withLandmarks(this.currentGraph, [...this.currentGraph.landmarks.filter((t) => !known.has(t.profile)), ...tables]);
  }

  /** Derives now, before the first request, everything a route by `profile` needs (≈ 0.2 s on a 1M-node graph). */
  prepare(profile: RouteProfile = 'fastest'): void {
    prepareShortestPath(this.currentGraph, this.weightsFor(profile).weights);
  }

  route(request: RouteRequest, signal?: AbortSignal): Promise<RouteResult> {
    try {
      if (signal?.aborted) throw new RoutingError('aborted', 'Routing was cancelled.');
      return Promise.resolve(this.plan(request).result);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Edge costs (and which links are drivable at all) for a profile and avoid list; cached. */
  weightsFor(profile: RouteProfile = 'fastest', avoid: Avoid = []): { weights: EdgeWeights; linkOpen: Uint8Array } {
    const key = `${profile}|${[...avoid].sort().join(',')}`;
    let entry = this.weightCache.get(key);
    if (entry === undefined) {
      const weights = profileWeights(this.graph, { profile, avoid });
      entry = { weights, linkOpen: linkOpenOf(weights.weights, this.graph.edgeLink, this.graph.linkCount) };
      this.weightCache.set(key, entry);
    }
    return entry;
  }

  /**
   * Takes what `prepareRouting` derived for this graph elsewhere (a helper worker reading the same
   * pack), instead of deriving it on the first route by that profile.
   */
  adoptPrepared(prepared: PreparedRouting): void {
    const graph = this.currentGraph;
    if (prepared.weights.length !== graph.edgeCount || prepared.linkOpen.length !== graph.linkCount) {
      throw new RoutingError('bad-response', 'Internal error: the prepared routing data belongs to another region pack. Reopen the region pack.');
    }
    const weights: EdgeWeights = { weights: prepared.weights, profile: prepared.profile, graphKey: graph.edgeTarget };
    this.weightCache.set(`${prepared.profile}|`, { weights, linkOpen: prepared.linkOpen });
    prepareShortestPath(graph, weights);
  }

  /** Routes synchronously, returning the result with the searched edges. Throws `RoutingError`. */
  plan(request: RouteRequest): LocalRoutePlan {
    const graph = this.graph;
    const waypoints = request.waypoints;
    if (!Array.isArray(waypoints) || waypoints.length < 2) {
      throw new RoutingError('no-route', 'A route needs at least two waypoints; add another point.');
    }
    let profile: RouteProfile, avoid: Avoid;
    let weights: EdgeWeights, linkOpen: Uint8Array;
    try {
      profile = request.profile ?? 'fastest';
      avoid = request.avoid ?? [];
      ({ weights, linkOpen } = this.weightsFor(profile, avoid));
    } catch (error) {
      throw new RoutingError('bad-response', error instanceof Error ? error.message : String(error));
    }
    const snaps = waypoints.map((point, i) => {
      const [lon, lat] = point;
      if (!(Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) {
        throw new RoutingError('no-route', `Waypoint ${i + 1} (${String(lon)}, ${String(lat)}) is not a valid [lon, lat] position.`);
      }
      const snap = nearestEdge(graph, lon, lat, { accept: (l) => linkOpen[l] === 1, maxDistanceMeters: this.maxSnapMeters });
      if (snap === null) {
        throw new RoutingError('no-route', `Waypoint ${i + 1} is more than ${this.maxSnapMeters} m from any road of this region pack. Move it onto a road, or load the pack that covers it.`);
      }
      return snap;
    });

    const coords: number[] = [];
    const legs: RouteLeg[] = [];
    const legPaths: LocalLegPath[] = [];
    let distance = 0, duration = 0;
    const context = { graph, incoming: incomingEdges(graph), weights: weights.weights };
    for (let i = 0; i + 1 < snaps.length; i++) {
      const path = this.legPath(snaps[i], snaps[i + 1], weights, i);
      const firstVertex = coords.length === 0 ? 0 : (coords.length >> 1) - 1;
      const legCoords = legGeometry(graph, snaps[i], snaps[i + 1], path.edges);
      // Consecutive legs share their joining vertex (the snapped waypoint).
      const start = coords.length === 0 ? 0 : 2;
      for (let k = start; k < legCoords.coords.length; k++) coords.push(legCoords.coords[k]);
      const lastVertex = (coords.length >> 1) - 1;
      const pieces = legPieces(graph, legCoords, path.edges, firstVertex);
      path.pieces = pieces;
      legPaths.push(path);
      let legDistance = 0, legDuration = 0;
      for (const p of pieces) { legDistance += p.distanceMeters; legDuration += p.durationSeconds; }
      distance += legDistance;
      duration += legDuration;
      const all = Float64Array.from(coords);
      legs.push({
        distance: round1(legDistance), duration: round1(legDuration), weight: round1(legDuration),
        summary: legSummary(graph, pieces), steps: legSteps(context, all, pieces), firstVertex, lastVertex,
      });
    }
    const snappedWaypoints: LonLat[] = snaps.map((s) => [s.lon, s.lat]);
    return {
      result: {
        router: 'local', distanceMeters: meters(round1(distance)), durationSeconds: seconds(round1(duration)),
        coords: Float64Array.from(coords), legs, snappedWaypoints,
      },
      legs: legPaths,
      snaps,
    };
  }

  /** The cheapest way from snap `a` to snap `b`: searched through the graph, or straight along a shared link. */
  private legPath(a: EdgeSnap, b: EdgeSnap, weights: EdgeWeights, legIndex: number): LocalLegPath {
    const graph = this.graph;
    const w = weights.weights;
    const sources = snapEndpoints(graph, a, weights, 'source');
    const targets = snapEndpoints(graph, b, weights, 'target');
    let best: LocalLegPath | null = null;
    if (a.link === b.link) {
      // Driving along the one link without touching a node.
      const fa = a.fraction, fb = b.fraction;
      if (a.forwardEdge !== NO_EDGE && w[a.forwardEdge] < Infinity && afterOrAt(b, a)) {
        best = { edges: [a.forwardEdge], pieces: [], cost: (fb - fa) * w[a.forwardEdge] };
      }
      if (a.backwardEdge !== NO_EDGE && w[a.backwardEdge] < Infinity && afterOrAt(a, b)) {
        const cost = (fa - fb) * w[a.backwardEdge];
        if (best === null || cost < best.cost) best = { edges: [a.backwardEdge], pieces: [], cost };
      }
    }
    if (sources.length > 0 && targets.length > 0) {
      const found = shortestPath(graph, sources, targets, weights);
      if (found.found && (best === null || found.cost < best.cost)) {
        const first = (sources[found.sourceIndex] as Required<PathEndpoint>).edge;
        const last = (targets[found.targetIndex] as Required<PathEndpoint>).edge;
        best = { edges: [first, ...found.edgePath, last], pieces: [], cost: found.cost };
      }
    }
    if (best === null) {
      throw new RoutingError('no-route', `No road route connects waypoint ${legIndex + 1} to waypoint ${legIndex + 2} in this region (oneways, restrictions or separate road networks). Move a waypoint onto a road that connects, or draw this part as a straight line.`);
    }
    return best;
  }
}

/** Whether snap `p` lies at or after snap `q` along their (shared) link's geometry. */
function afterOrAt(p: EdgeSnap, q: EdgeSnap): boolean {
  return p.segment > q.segment || (p.segment === q.segment && p.segmentFraction >= q.segmentFraction);
}

interface LegCoords {
  coords: Float64Array;
  /** Per edge of the leg, the index of its first vertex in `coords` (the last edge ends at the last vertex). */
  edgeFirstVertex: number[];
}

/**
 * Geometry of a leg: the first edge from snap `a`, the full edges, the last edge up to snap `b`
 * (a single edge when both lie on one link). Repeated points at the joins are kept once.
 */
function legGeometry(graph: RoadGraph, a: EdgeSnap, b: EdgeSnap, edges: readonly number[]): LegCoords {
  const out: number[] = [];
  const starts: number[] = [];
  const point = new Float64Array(2);
  const push = (lon: number, lat: number) => {
    const n = out.length;
    if (n >= 2 && out[n - 2] === lon && out[n - 1] === lat) return;
    out.push(lon, lat);
  };
  const pushVertex = (link: number, i: number) => {
    linkPointE7(graph, link, i, point, 0);
    push(point[0] / 1e7, point[1] / 1e7);
  };
  const single = edges.length === 1;
  edges.forEach((edge, k) => {
    starts.push(Math.max(0, (out.length >> 1) - 1));
    const link = graph.edgeLink[edge] & EDGE_LINK_MASK;
    const reversed = graph.edgeLink[edge] !== link;
    const count = linkPointCount(graph, link);
    // Vertex range of the link to walk, in link order: [lo, hi]; the ends may be snapped points.
    const isFirst = k === 0, isLast = k === edges.length - 1;
    if (isFirst) push(a.lon, a.lat);
    if (!reversed) {
      const lo = isFirst ? a.segment + 1 : 0;
      const hi = isLast ? b.segment : count - 1;
      for (let i = lo; i <= hi; i++) pushVertex(link, i);
    } else {
      const hi = isFirst ? a.segment : count - 1;
      const lo = isLast ? b.segment + 1 : 0;
      for (let i = hi; i >= lo; i--) pushVertex(link, i);
    }
    if (isLast) push(b.lon, b.lat);
    if (single && out.length === 2) push(b.lon, b.lat);
  });
  if (out.length === 2) out.push(out[0], out[1]); // a zero-length leg still has two vertices
  return { coords: Float64Array.from(out), edgeFirstVertex: starts };
}

/** Pieces (one per edge) over the leg's vertices, with measured distance and duration; vertex indices offset by `base`. */
function legPieces(graph: RoadGraph, leg: LegCoords, edges: readonly number[], base: number): LegPiece[] {
  const { coords, edgeFirstVertex } = leg;
  const lastVertex = (coords.length >> 1) - 1;
  return edges.map((edge, k) => {
    const link = graph.edgeLink[edge] & EDGE_LINK_MASK;
    const first = edgeFirstVertex[k];
    const last = k + 1 < edges.length ? edgeFirstVertex[k + 1] : lastVertex;
    let distance = 0;
    for (let v = first; v < last; v++) distance += segmentMeters(coords[2 * v], coords[2 * v + 1], coords[2 * v + 2], coords[2 * v + 3]);
    return {
      edge, link, firstVertex: base + first, lastVertex: base + last,
      distanceMeters: distance, durationSeconds: distance / (graph.linkSpeedKmh[link] / 3.6),
      endNode: k + 1 < edges.length ? graph.edgeTarget[edge] : -1,
    };
  });
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
