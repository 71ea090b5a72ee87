/**
 * The local router's thread: holds one region pack (zero-copy `readRegionPack` over the transferred
 * file) and a `LocalRouter` on its graph, and answers numbered requests.
 *
 * Protocol (region-router-client.ts is the only sender):
 * - `open` (first message, once): the pack as a transferred ArrayBuffer, or a Blob read here so the
 *   page's thread never copies the bytes → `opened` (area, metadata) or `open-error`.
 * - `route` / `curvy-roads` / `pois` with a request id → `*-result` with the same id, or `error`
 *   with the id and a `RoutingErrorKind`. Typed arrays of results are transferred, not copied.
 * - `cancel` with a request id: a request not started yet is dropped without an answer. Requests
 *   run one at a time from a queue drained in separate tasks, so a cancel sent while an earlier
 *   request runs is seen before the cancelled one starts; a running search cannot be interrupted
 *   (the client ignores its late answer).
 */
import { proposeRoundTripsNow } from '../core/routing/round-trip';
import type { RoundTripProposal, RoundTripRequest } from '../app/region-service';
import type { LonLatBbox } from '../core/elevation/dem-source';
import { RoadGraphError, incomingEdges } from '../core/graph';
import type { PoiSet } from '../core/pois/poi-set';
import { type RegionPack, type RegionPackMeta, curvyRoadsOfGraph, readRegionPack } from '../core/region';
import { LocalRouter } from '../core/routing/local-router';
import { type RouteRequest, type RouteResult, RoutingError, type RoutingErrorKind } from '../core/routing/router';
import { roadGraphBbox } from './region-pack-bbox';

export type RegionRouterRequest =
  | { readonly type: 'open'; readonly pack: ArrayBuffer | Blob }
  | { readonly type: 'route'; readonly id: number; readonly request: RouteRequest }
  | { readonly type: 'curvy-roads'; readonly id: number; readonly minCurvature: number }
  | { readonly type: 'pois'; readonly id: number }
  | { readonly type: 'round-trips'; readonly id: number; readonly request: RoundTripRequest }
  | { readonly type: 'cancel'; readonly id: number };

/** Curvy roads as columns: road `i` has `names[i]`, `refs[i]`, … and vertices `vertexStart[i] .. vertexStart[i + 1]` of `coords`. */
export interface CurvyRoadColumns {
  readonly names: string[];
  readonly refs: string[];
  readonly curvature: Float64Array;
  readonly lengthMeters: Float64Array;
  readonly vertexStart: Uint32Array;
  /** Interleaved `[lon, lat, …]` of all roads. */
  readonly coords: Float64Array;
}

/** Where opening a pack spent its time in the worker (diagnostics and benchmarks). */
export interface OpenTimings {
  /** Reading a Blob's bytes into memory; 0 for a transferred ArrayBuffer. */
  readonly readMs: number;
  /** `readRegionPack` (zero copy plus the structural checks) and setting up the router. */
  readonly parseMs: number;
}

export type RegionRouterMessage =
  /** Sent once when the worker's code is loaded, before any request (see `WorkerLocalRouter.warmUp`). */
  | { readonly type: 'ready' }
  | { readonly type: 'opened'; readonly bbox: LonLatBbox; readonly meta: RegionPackMeta; readonly timings: OpenTimings }
  | { readonly type: 'open-error'; readonly message: string }
  | { readonly type: 'route-result'; readonly id: number; readonly result: RouteResult }
  | { readonly type: 'curvy-roads-result'; readonly id: number; readonly roads: CurvyRoadColumns }
  | { readonly type: 'pois-result'; readonly id: number; readonly pois: PoiSet }
  | { readonly type: 'round-trips-result'; readonly id: number; readonly loops: RoundTripProposal[] }
  | { readonly type: 'error'; readonly id: number; readonly kind: RoutingErrorKind; readonly message: string };

type Job = Exclude<RegionRouterRequest, { type: 'open' } | { type: 'cancel' }>;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: RegionRouterMessage, transfer: Transferable[] = []): void => scope.postMessage(message, transfer);

let pack: RegionPack | null = null;
let router: LocalRouter | null = null;
let opening: Promise<void> | null = null;
const queue: Job[] = [];
let drainScheduled = false;

scope.onmessage = (event: MessageEvent<RegionRouterRequest>) => {
  const message = event.data;
  switch (message?.type) {
    case 'open':
      if (opening === null) opening = open(message.pack);
      return;
    case 'cancel': {
      const at = queue.findIndex((job) => job.id === message.id);
      if (at >= 0) queue.splice(at, 1);
      return;
    }
    case 'route': case 'curvy-roads': case 'pois': case 'round-trips':
      queue.push(message);
      scheduleDrain();
      return;
    default:
  }
};

async function open(source: ArrayBuffer | Blob): Promise<void> {
  try {
    const t0 = performance.now();
    const buffer = source instanceof Blob ? await source.arrayBuffer() : source;
    const t1 = performance.now();
    pack = readRegionPack(buffer);
    router = new LocalRouter(pack.graph);
    const bbox = roadGraphBbox(pack.graph) ?? pack.meta.bbox;
    if (bbox === null) throw new RoadGraphError('This region pack has no roads. Build it again from an extract that covers roads.');
    post({ type: 'opened', bbox, meta: pack.meta, timings: { readMs: t1 - t0, parseMs: performance.now() - t1 } });
  } catch (error) {
    pack = null;
    router = null;
    post({ type: 'open-error', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  // Most sessions route by the fastest profile first: prepare it (edge costs, reverse graph for
  // the backward search) now, while the user is still looking at the map.
  setTimeout(() => {
    if (router === null) return;
    router.weightsFor('fastest');
    incomingEdges(router.graph);
  }, 0);
  scheduleDrain();
}

post({ type: 'ready' });

function scheduleDrain(): void {
  if (drainScheduled || router === null || queue.length === 0) return;
  drainScheduled = true;
  setTimeout(drain, 0);
}

/** One job per task, so cancels posted meanwhile are handled before the next job starts. */
function drain(): void {
  drainScheduled = false;
  const job = queue.shift();
  if (job !== undefined) run(job);
  scheduleDrain();
}

function run(job: Job): void {
  const { graph } = router as LocalRouter;
  try {
    if (job.type === 'route') {
      const { result } = (router as LocalRouter).plan(job.request);
      post({ type: 'route-result', id: job.id, result }, [result.coords.buffer as ArrayBuffer]);
    } else if (job.type === 'curvy-roads') {
      const roads = curvyRoadColumns(graph, job.minCurvature);
      post({ type: 'curvy-roads-result', id: job.id, roads }, [roads.curvature.buffer, roads.lengthMeters.buffer, roads.vertexStart.buffer, roads.coords.buffer]);
    } else if (job.type === 'round-trips') {
      const trips = proposeRoundTripsNow(router as LocalRouter, { ...job.request, count: 3 });
      const loops: RoundTripProposal[] = trips.map((t) => ({
        waypoints: t.waypoints.map((p) => [p[0], p[1]] as [number, number]), coords: t.route.coords,
        distanceMeters: t.distanceMeters, durationSeconds: t.durationSeconds, overlapShare: t.overlapShare,
      }));
      post({ type: 'round-trips-result', id: job.id, loops }, loops.map((l) => l.coords.buffer as ArrayBuffer));
    } else {
      const pois = copyPoiSet((pack as RegionPack).pois);
      post({ type: 'pois-result', id: job.id, pois }, poiBuffers(pois));
    }
  } catch (error) {
    const kind: RoutingErrorKind = error instanceof RoutingError ? error.kind : 'bad-response';
    const message = error instanceof RoutingError || error instanceof RoadGraphError ? error.message
      : `The local router failed unexpectedly: ${error instanceof Error ? error.message : String(error)}. Try again, or reopen the region pack.`;
    post({ type: 'error', id: job.id, kind, message });
  }
}

function curvyRoadColumns(graph: RegionPack['graph'], minCurvature: number): CurvyRoadColumns {
  const roads = curvyRoadsOfGraph(graph, minCurvature);
  const vertexStart = new Uint32Array(roads.length + 1);
  for (let i = 0; i < roads.length; i++) vertexStart[i + 1] = vertexStart[i] + roads[i].coords.length / 2;
  const coords = new Float64Array(2 * vertexStart[roads.length]);
  const curvature = new Float64Array(roads.length), lengthMeters = new Float64Array(roads.length);
  for (let i = 0; i < roads.length; i++) {
    coords.set(roads[i].coords, 2 * vertexStart[i]);
    curvature[i] = roads[i].curvature;
    lengthMeters[i] = roads[i].lengthMeters;
  }
  return { names: roads.map((r) => r.name), refs: roads.map((r) => r.ref), curvature, lengthMeters, vertexStart, coords };
}

/** A copy whose columns own their buffers: the pack's columns are views on the pack file, which must stay here. */
function copyPoiSet(pois: PoiSet): PoiSet {
  const p = pois.points, s = pois.shapes;
  return {
    points: {
      count: p.count, kind: p.kind.slice(), lon: p.lon.slice(), lat: p.lat.slice(), eleMeters: p.eleMeters.slice(),
      name: p.name.slice(), osmType: p.osmType.slice(), osmId: p.osmId.slice(),
    },
    shapes: {
      count: s.count, kind: s.kind.slice(), flags: s.flags.slice(), name: s.name.slice(), detail: s.detail.slice(),
      osmType: s.osmType.slice(), osmId: s.osmId.slice(), areaSquareMeters: s.areaSquareMeters.slice(),
      partStart: s.partStart.slice(), vertexStart: s.vertexStart.slice(), coords: s.coords.slice(),
    },
    names: pois.names, layers: pois.layers, bbox: pois.bbox,
  };
}

function poiBuffers(pois: PoiSet): Transferable[] {
  const buffers: Transferable[] = [];
  for (const column of [...Object.values(pois.points), ...Object.values(pois.shapes)]) {
    if (ArrayBuffer.isView(column)) buffers.push(column.buffer as ArrayBuffer);
  }
  return buffers;
}
