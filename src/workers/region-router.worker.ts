/**
 * The local router's thread: holds one region pack (read in stages by `RegionPackReader`, zero
 * copy) and a `LocalRouter` on its graph, and answers numbered requests.
 *
 * Protocol (region-router-client.ts is the only sender):
 * - `open` (first message, once): the pack as a transferred ArrayBuffer, or a Blob read here so the
 *   page's thread never copies the bytes → `opened` (area, metadata) or `open-error`. Only the
 *   graph and the fastest profile's landmark table are read before `opened`; a request that needs
 *   a part still being read (another profile's table, the scenic features) waits for it.
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
import { GRAPH_REST_SECTIONS, type RoadGraph, RoadGraphError, type SectionChunk, checkGraphRest, checkRoutingInputs } from '../core/graph';
import type { PoiSet } from '../core/pois/poi-set';
import {
  REGION_PACK_META_SECTIONS, type ReadPackBytes, type RegionPackExtras, type RegionPackMeta, RegionPackReader, curvyRoadsOfGraph,
} from '../core/region';
import { type PreparedRouting, prepareRouting, preparedRoutingBuffers } from '../core/routing/prepared-routing';
import { warmUpRouting } from '../core/routing/router-warm-up';
import { LocalRouter } from '../core/routing/local-router';
import { type RouteProfile, type RouteRequest, type RouteResult, RoutingError, type RoutingErrorKind } from '../core/routing/router';
import { roadGraphBbox } from './region-pack-bbox';

export type RegionRouterRequest =
  | { readonly type: 'open'; readonly pack: ArrayBuffer | Blob; readonly helper?: MessagePort }
  /** To a second instance of this worker: derive the first profile's arrays from `pack`, answer on `port`, stop. */
  | { readonly type: 'prepare'; readonly pack: Blob; readonly port: MessagePort }
  /** The helper of `open` died: derive its arrays here. */
  | { readonly type: 'helper-failed' }
  /** Before any pack: run the router's code on a small built-in grid (router-warm-up.ts) → `warmed`. */
  | { readonly type: 'warm-up' }
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
  /** Reading the header and directory (none for a transferred ArrayBuffer). */
  readonly directoryMs: number;
  /** Reading the graph's bytes and checking them: with a helper, only the sections it does not read. */
  readonly coreMs: number;
  /** Reading the first profile's landmark table. */
  readonly tableMs: number;
  /** Waiting for the helper's bytes and derived arrays (or reading, checking and deriving them here), then adopting them. */
  readonly prepareMs: number;
}

export type RegionRouterMessage =
  /** Sent once when the worker's code is loaded, before any request (see `WorkerLocalRouter.warmUp`). */
  | { readonly type: 'ready' }
  /** The answer to `warm-up`. */
  | { readonly type: 'warmed' }
  | { readonly type: 'opened'; readonly bbox: LonLatBbox; readonly meta: RegionPackMeta; readonly timings: OpenTimings }
  | { readonly type: 'open-error'; readonly message: string }
  | { readonly type: 'route-result'; readonly id: number; readonly result: RouteResult }
  | { readonly type: 'curvy-roads-result'; readonly id: number; readonly roads: CurvyRoadColumns }
  | { readonly type: 'pois-result'; readonly id: number; readonly pois: PoiSet }
  | { readonly type: 'round-trips-result'; readonly id: number; readonly loops: RoundTripProposal[] }
  | { readonly type: 'error'; readonly id: number; readonly kind: RoutingErrorKind; readonly message: string };

type Job = Exclude<RegionRouterRequest, { type: 'open' } | { type: 'prepare' } | { type: 'helper-failed' } | { type: 'warm-up' } | { type: 'cancel' }>;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: RegionRouterMessage, transfer: Transferable[] = []): void => scope.postMessage(message, transfer);

let router: LocalRouter | null = null;
/** The pack's OSM ids, scenery and parking: read after the router is ready, awaited by the jobs that need them. */
let extras: Promise<RegionPackExtras> | null = null;
/** Landmark tables still being read, by profile: a route by that profile waits for its table. */
const tablesLoading = new Map<RouteProfile, Promise<void>>();
let opening: Promise<void> | null = null;
const queue: Job[] = [];
let drainScheduled = false;
let running = false;

scope.onmessage = (event: MessageEvent<RegionRouterRequest>) => {
  const message = event.data;
  switch (message?.type) {
    case 'open':
      if (opening === null) opening = open(message.pack, message.helper ?? null);
      return;
    case 'prepare':
      void prepareFor(message.pack, message.port);
      return;
    case 'helper-failed':
      helperFailed?.();
      return;
    case 'warm-up':
      void warmUpRouting().then(() => post({ type: 'warmed' }));
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

/** The profile whose landmark table is read before `opened`: most sessions route by it first. */
const FIRST_PROFILE: RouteProfile = 'fastest';

/**
 * Reads the pack in stages (region-pack-reader.ts): the graph and metadata, then the first
 * profile's landmark table, whose read overlaps with deriving that profile's edge costs and the
 * reverse graph here; `opened` is posted when a route by that profile can be answered at full
 * speed. The other tables and the extras are read afterwards, while the user looks at the map.
 */
async function open(source: ArrayBuffer | Blob, helper: MessagePort | null): Promise<void> {
  let reader: RegionPackReader;
  const help = helper === null ? null : helpFrom(helper);
  try {
    const t0 = performance.now();
    reader = source instanceof Blob ? await RegionPackReader.open(blobBytes(source), source.size) : RegionPackReader.fromBuffer(source);
    const tDirectory = performance.now();
    let helped: Help | null = null;
    if (help !== null) {
      // The helper reads and checks the routing inputs; this worker reads and checks the rest.
      checkGraphRest(await reader.readSections([...GRAPH_REST_SECTIONS, ...REGION_PACK_META_SECTIONS]));
    }
    const t1 = performance.now();
    const table = await reader.readLandmarkTable(FIRST_PROFILE);
    const tTable = performance.now();
    if (help !== null) {
      helped = await help;
      if (helped !== null) reader.addChunks(helped.chunks);
    }
    const core = await reader.readRouterCore({ checked: helped !== null });
    const opened = new LocalRouter(core.graph);
    if (table !== null) opened.addLandmarkTables([table]);
    if (helped !== null) opened.adoptPrepared(helped.prepared);
    else opened.prepare(FIRST_PROFILE);
    const bbox = roadGraphBbox(opened.graph) ?? core.meta.bbox;
    if (bbox === null) throw new RoadGraphError('This region pack has no roads. Build it again from an extract that covers roads.');
    router = opened;
    const t2 = performance.now();
    post({ type: 'opened', bbox, meta: core.meta, timings: { directoryMs: tDirectory - t0, coreMs: t1 - tDirectory, tableMs: tTable - t1, prepareMs: t2 - tTable } });
    for (const profile of core.tableProfiles) {
      if (profile === FIRST_PROFILE) continue;
      tablesLoading.set(profile, reader.readLandmarkTable(profile).then(
        (t) => { if (t !== null) opened.addLandmarkTables([t]); },
        () => undefined, // a table that cannot be read only makes that profile's routes slower
      ).finally(() => tablesLoading.delete(profile)));
    }
    extras = reader.readExtras();
    extras.catch(() => undefined); // reported by the job that needs them
  } catch (error) {
    router = null;
    post({ type: 'open-error', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  scheduleDrain();
}

post({ type: 'ready' });

const blobBytes = (blob: Blob): ReadPackBytes => (start, end) => blob.slice(start, end).arrayBuffer();

let helperFailed: (() => void) | null = null;

/** What the helper hands over: its derived arrays and the bytes it read (so they are not read twice). */
interface Help {
  readonly prepared: PreparedRouting;
  readonly chunks: SectionChunk[];
}

/** The helper's hand-over, or null when it failed (the router then reads, checks and derives everything itself). */
function helpFrom(port: MessagePort): Promise<Help | null> {
  return new Promise((resolve) => {
    helperFailed = () => resolve(null);
    port.onmessage = (event: MessageEvent<Help | null>) => {
      port.close();
      resolve(event.data);
    };
  });
}

/**
 * The helper role: reads only the routing inputs, checks them (`checkRoutingInputs`, its half of
 * the pack checks), derives the first profile's arrays, and hands arrays and bytes over.
 */
async function prepareFor(pack: Blob, port: MessagePort): Promise<void> {
  let help: Help | null = null;
  try {
    const reader = await RegionPackReader.open(blobBytes(pack), pack.size);
    const inputs = await reader.readRoutingInputs();
    checkRoutingInputs(inputs);
    help = { prepared: prepareRouting(inputs, FIRST_PROFILE), chunks: reader.takeChunks() };
  } catch {
    help = null; // the router reads the same bytes again and reports what is wrong with them
  }
  port.postMessage(help, help === null ? [] : [...preparedRoutingBuffers(help.prepared), ...help.chunks.map((c) => c.buffer)]);
  port.close();
  scope.close();
}

function scheduleDrain(): void {
  if (drainScheduled || running || router === null || queue.length === 0) return;
  drainScheduled = true;
  setTimeout(() => void drain(), 0);
}

/** One job per task, so cancels posted meanwhile are handled before the next job starts. */
async function drain(): Promise<void> {
  drainScheduled = false;
  const job = queue.shift();
  if (job !== undefined) {
    running = true;
    try {
      await run(job);
    } finally {
      running = false;
    }
  }
  scheduleDrain();
}

async function run(job: Job): Promise<void> {
  try {
    if (job.type === 'route') await tablesLoading.get(job.request.profile ?? 'fastest');
    if (job.type === 'round-trips') await tablesLoading.get(job.request.curviness);
    const current = router as LocalRouter;
    if (job.type === 'route') {
      const { result } = current.plan(job.request);
      post({ type: 'route-result', id: job.id, result }, [result.coords.buffer as ArrayBuffer]);
    } else if (job.type === 'curvy-roads') {
      const roads = curvyRoadColumns(current.graph, job.minCurvature);
      post({ type: 'curvy-roads-result', id: job.id, roads }, [roads.curvature.buffer, roads.lengthMeters.buffer, roads.vertexStart.buffer, roads.coords.buffer]);
    } else if (job.type === 'round-trips') {
      const trips = proposeRoundTripsNow(current, { ...job.request, count: 3 });
      const loops: RoundTripProposal[] = trips.map((t) => ({
        waypoints: t.waypoints.map((p) => [p[0], p[1]] as [number, number]), coords: t.route.coords,
        distanceMeters: t.distanceMeters, durationSeconds: t.durationSeconds, overlapShare: t.overlapShare,
      }));
      post({ type: 'round-trips-result', id: job.id, loops }, loops.map((l) => l.coords.buffer as ArrayBuffer));
    } else {
      const pois = copyPoiSet((await (extras as Promise<RegionPackExtras>)).pois);
      post({ type: 'pois-result', id: job.id, pois }, poiBuffers(pois));
    }
  } catch (error) {
    const kind: RoutingErrorKind = error instanceof RoutingError ? error.kind : 'bad-response';
    const message = error instanceof RoutingError || error instanceof RoadGraphError ? error.message
      : `The local router failed unexpectedly: ${error instanceof Error ? error.message : String(error)}. Try again, or reopen the region pack.`;
    post({ type: 'error', id: job.id, kind, message });
  }
}

function curvyRoadColumns(graph: RoadGraph, minCurvature: number): CurvyRoadColumns {
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
