/**
 * The local router's thread: holds one region pack (read in stages by `RegionPackReader`, zero
 * copy) and a `LocalRouter` on its graph, and answers numbered requests.
 *
 * Protocol (region-router-client.ts is the only sender):
 * - `open` (first message, once): the pack as a transferred ArrayBuffer, or a Blob read here so the
 *   page's thread never copies the bytes → `opened` (area, metadata) or `open-error`. Only the
 *   graph and the fastest profile's landmark table are read before `opened`; a request that needs
 *   a part still being read (another profile's table, the scenic features) waits for it.
 *   With a Blob, two more instances of this worker share the work (each reads one run of the
 *   pack's sections and hands the bytes over on a MessagePort, transferred): the helper
 *   (`prepare`) reads the routing inputs and derives the first profile's costs; the reader
 *   (`read-ahead`) reads the reverse CSR, the snapping grid and the first landmark table, then,
 *   after the first job (`go`), the other tables and the extras, so no blob read blocks this thread.
 * - `route` / `curvy-roads` / `pois` with a request id → `*-result` with the same id, or `error`
 *   with the id and a `RoutingErrorKind`. Typed arrays of results are transferred, not copied.
 * - `cancel` with a request id: a request not started yet is dropped without an answer. Requests
 *   run one at a time from a queue drained in separate tasks, so a cancel sent while an earlier
 *   request runs is seen before the cancelled one starts; a running search cannot be interrupted
 *   (the client ignores its late answer).
 */
import { proposeRoundTripsNow } from '../core/routing/round-trip';
import type { RoundTripProposal } from '../app/region-service';
import type { LonLatBbox } from '../core/elevation/dem-source';
import {
  GRAPH_REST_SECTIONS, REVERSE_GRAPH_AND_GRID_SECTIONS, type RoadGraph, RoadGraphError, type SectionChunk, type TurnRestrictions,
  checkGraphRest, checkReverseGraphAndGrid, checkRoutingInputs, decodeTurnRestrictions, roadGraphBbox,
} from '../core/graph';
import type { PoiSet } from '../core/pois/poi-set';
import {
  REGION_PACK_EXTRA_SECTIONS, REGION_PACK_META_SECTIONS, type ReadPackBytes, type RegionPackExtras, RegionPackReader, curvyRoadsOfGraph,
} from '../core/region';
import { type PreparedRouting, prepareRouting, preparedRoutingBuffers } from '../core/routing/prepared-routing';
import { warmUpOpening, warmUpRouting } from '../core/routing/router-warm-up';
import { LocalRouter } from '../core/routing/local-router';
import { type RouteProfile, RoutingError, type RoutingErrorKind } from '../core/routing/router';
import type {
  CurvyRoadColumns, HelperRole, HelperTimings, OpenTimings, RegionRouterMessage, RegionRouterRequest,
} from './region-router-protocol';

export type { CurvyRoadColumns, HelperRole, HelperTimings, OpenTimings, RegionRouterMessage, RegionRouterRequest };

type Job = Exclude<RegionRouterRequest, { type: 'open' } | { type: 'prepare' } | { type: 'read-ahead' } | { type: 'helper-failed' } | { type: 'warm-up' } | { type: 'cancel' }>;

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
/** What to do when a helper of `open` dies, by role. */
const helperFailed = new Map<HelperRole, () => void>();

scope.onmessage = (event: MessageEvent<RegionRouterRequest>) => {
  const message = event.data;
  switch (message?.type) {
    case 'open':
      if (opening === null) opening = open(message.pack, message.helper ?? null, message.reader ?? null);
      return;
    case 'prepare':
      void prepareFor(message.pack, message.port);
      return;
    case 'read-ahead':
      void readAheadFor(message.pack, message.port);
      return;
    case 'helper-failed':
      helperFailed.get(message.role)?.();
      return;
    case 'warm-up':
      // A helper only reads, checks and derives: it skips the routes.
      void (message.role === undefined ? warmUpRouting() : Promise.resolve()).then(() => warmUpOpening()).then(() => post({ type: 'warmed' }));
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
/** The read-ahead stage that carries the extras (the others are named by table profile). */
const EXTRAS_STAGE = 'extras';
/**
 * The other tables and the extras are read (by the reader helper, or here without one) only once
 * the first job has run, a job needs them, or this long after `opened`: blob reads take CPU (and
 * here, the thread) the first route needs. Reading them right after `opened` made the first route
 * of a 1M-node pack ~1.5–2× slower than the same route asked again.
 */
const READ_AHEAD_IDLE_MS = 1000;
/** Lets the reading of the other tables and the extras start (no-op before `opened` of a Blob, or once started). */
let readAheadGo: () => void = () => undefined;

/**
 * Reads the pack in stages (region-pack-reader.ts) and posts `opened` when a route by the first
 * profile can be answered at full speed. With helpers (a stored pack), three workers each read
 * one run of sections at once: this one the graph's rest (checks it: `checkGraphRest`), the
 * helper the routing inputs, the reader the reverse CSR, the grid and first table; the helpers check their
 * parts, so every check runs once, and this worker adopts their bytes and arrays. The part of a
 * helper that is missing (not started, or failed) is read and checked here. The other tables and
 * the extras come afterwards (from the reader when there is one), while the user looks at the map.
 */
async function open(source: ArrayBuffer | Blob, helperPort: MessagePort | null, readerPort: MessagePort | null): Promise<void> {
  let reader: RegionPackReader;
  const help = helperPort === null ? null : helpFrom(helperPort);
  const ahead = readerPort === null ? null : readAheadFrom(readerPort);
  try {
    const t0 = performance.now();
    const startedAt = epochMs();
    reader = source instanceof Blob ? await RegionPackReader.open(blobBytes(source), source.size) : RegionPackReader.fromBuffer(source);
    const tDirectory = performance.now();
    let restrictions: TurnRestrictions | undefined;
    let earlyBbox: LonLatBbox | null = null;
    let tRead = tDirectory;
    if (help !== null || ahead !== null) {
      const rest = await reader.readSections([...GRAPH_REST_SECTIONS, ...REGION_PACK_META_SECTIONS]);
      tRead = performance.now();
      checkGraphRest(rest);
      // While the helpers work: what needs only these sections.
      restrictions = decodeTurnRestrictions(rest);
      earlyBbox = roadGraphBbox({ nodeCoordsE7: rest.get('NODE', Int32Array), shapeCoordsE7: rest.get('SHPC', Int32Array) });
    }
    const tCore = performance.now();
    const [helped, first] = await Promise.all([help, ahead?.stage(FIRST_PROFILE) ?? null]);
    if (helped !== null) reader.addChunks(helped.chunks);
    if (first !== null) reader.addChunks(first.chunks);
    const tHelped = performance.now();
    const split = help !== null || ahead !== null;
    // A part no helper handed over (none started, or it failed) is read and checked here.
    const table = await reader.readLandmarkTable(FIRST_PROFILE, split && first === null ? REVERSE_GRAPH_AND_GRID_SECTIONS : []);
    if (split && first === null) checkReverseGraphAndGrid(await reader.readSections(REVERSE_GRAPH_AND_GRID_SECTIONS));
    if (split && helped === null) checkRoutingInputs(await reader.readRoutingInputs());
    const tTable = performance.now();
    // Split or not, every part of the checks has run once now.
    const core = await reader.readRouterCore({ checked: split, restrictions });
    const opened = new LocalRouter(core.graph);
    if (table !== null) opened.addLandmarkTables([table]);
    if (helped !== null) opened.adoptPrepared(helped.prepared);
    else opened.prepare(FIRST_PROFILE);
    const bbox = (split ? earlyBbox : roadGraphBbox(opened.graph)) ?? core.meta.bbox;
    if (bbox === null) throw new RoadGraphError('This region pack has no roads. Build it again from an extract that covers roads.');
    router = opened;
    const t2 = performance.now();
    const timings: OpenTimings = {
      directoryMs: tDirectory - t0, coreMs: tCore - tDirectory, coreCheckMs: tCore - tRead, helperWaitMs: tHelped - tCore, tableMs: tTable - tHelped, prepareMs: t2 - tTable,
      helper: helped === null ? null : helperTimings(helped, startedAt), reader: first === null ? null : helperTimings(first, startedAt),
      startedAt, postedAt: epochMs(), readBytes: reader.bytesRead,
    };
    post({ type: 'opened', bbox, meta: core.meta, timings });
    // Blob reads block the reading thread: the rest of the pack waits for the first job (see READ_AHEAD_IDLE_MS).
    const mayRead = source instanceof Blob ? new Promise<void>((resolve) => {
      readAheadGo = () => { resolve(); ahead?.go(); };
      setTimeout(readAheadGo, READ_AHEAD_IDLE_MS);
    }) : Promise.resolve();
    const handedOver = (stage: string) => mayRead.then(() => ahead?.stage(stage)).then((h) => { if (h) reader.addChunks(h.chunks); });
    for (const profile of core.tableProfiles) {
      if (profile === FIRST_PROFILE) continue;
      tablesLoading.set(profile, handedOver(profile).then(() => reader.readLandmarkTable(profile)).then(
        (t) => { if (t !== null) opened.addLandmarkTables([t]); },
        () => undefined, // a table that cannot be read only makes that profile's routes slower
      ).finally(() => tablesLoading.delete(profile)));
    }
    extras = handedOver(EXTRAS_STAGE).then(() => reader.readExtras());
    extras.catch(() => undefined); // reported by the job that needs them
  } catch (error) {
    router = null;
    post({ type: 'open-error', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  scheduleDrain();
}

post({ type: 'ready' });

const blobBytes = (blob: Blob): ReadPackBytes => {
  const sync = typeof FileReaderSync === 'function' ? new FileReaderSync() : null;
  return async (start, end) => {
    try {
      return sync === null ? await blob.slice(start, end).arrayBuffer() : sync.readAsArrayBuffer(blob.slice(start, end));
    } catch (error) {
      throw unreadablePack(error);
    }
  };
};

/** A stored pack whose file the browser can no longer read (cleared site data, a disk error, a changed file). */
function unreadablePack(error: unknown): RoadGraphError {
  const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new RoadGraphError(`The region pack's file could not be read (${why}). The browser may have lost it: delete the pack and import its extract again.`);
}

/** Milliseconds since the epoch, comparable between workers (each has its own `performance` origin). */
const epochMs = (): number => performance.timeOrigin + performance.now();

/** A helper's stage times as it measured them; absolute times are `epochMs`. */
interface HelperStages {
  readonly startedAt: number;
  readonly readMs: number;
  readonly checkMs: number;
  readonly deriveMs: number;
  readonly sentAt: number;
}

/** Bytes a helper read, handed over (transferred) so they are not read twice. */
interface HandOver {
  readonly chunks: SectionChunk[];
  readonly timings: HelperStages;
  /** Set by the receiving router (`epochMs`). */
  readonly receivedAt: number;
}

/** What the `prepare` helper hands over: its derived arrays and the bytes it read. */
interface Help extends HandOver {
  readonly prepared: PreparedRouting;
}

/** One stage of the `read-ahead` helper: the first table (with the reverse CSR), another profile's table, or the extras. */
interface ReadAhead extends HandOver {
  readonly stage: string;
}

function helperTimings(handOver: HandOver, routerStartedAt: number): HelperTimings {
  const h = handOver.timings;
  return {
    // What a helper read is what it handed over.
    startMs: h.startedAt - routerStartedAt, readMs: h.readMs, readBytes: handOver.chunks.reduce((sum, c) => sum + c.buffer.byteLength, 0),
    checkMs: h.checkMs, deriveMs: h.deriveMs,
    handOverMs: handOver.receivedAt - h.sentAt,
  };
}

/** The helper's hand-over, or null when it failed (the router then reads, checks and derives its part itself). */
function helpFrom(port: MessagePort): Promise<Help | null> {
  return new Promise((resolve) => {
    helperFailed.set('prepare', () => resolve(null));
    port.onmessage = (event: MessageEvent<Help | null>) => {
      const receivedAt = epochMs();
      port.close();
      resolve(event.data === null ? null : { ...event.data, receivedAt });
    };
  });
}

/**
 * The reader's stages as they arrive: `stage(name)` resolves with that stage's bytes, or null when
 * the reader could not read them or died (the router then reads them itself). After the first
 * stage the reader waits for `go`.
 */
function readAheadFrom(port: MessagePort): { stage(name: string): Promise<ReadAhead | null>; go(): void } {
  const waiting = new Map<string, (handOver: ReadAhead | null) => void>();
  const arrived = new Map<string, Promise<ReadAhead | null>>();
  let failed = false;
  const promiseOf = (name: string): Promise<ReadAhead | null> => {
    let promise = arrived.get(name);
    if (promise === undefined) {
      promise = failed ? Promise.resolve(null) : new Promise((resolve) => waiting.set(name, resolve));
      arrived.set(name, promise);
    }
    return promise;
  };
  const settle = (name: string, handOver: ReadAhead | null) => {
    promiseOf(name);
    waiting.get(name)?.(handOver);
    waiting.delete(name);
  };
  const fail = () => {
    failed = true;
    port.close();
    for (const name of [...waiting.keys()]) settle(name, null);
  };
  helperFailed.set('read-ahead', fail);
  port.onmessage = (event: MessageEvent<ReadAhead | null>) => {
    const data = event.data;
    if (data === null) { fail(); return; } // the reader is done: anything not handed over is read here
    settle(data.stage, data.chunks.length === 0 ? null : { ...data, receivedAt: epochMs() });
  };
  let going = false;
  const go = () => {
    if (going || failed) return;
    going = true;
    port.postMessage('go');
  };
  return { stage: promiseOf, go };
}

/**
 * The `prepare` helper: reads only the routing inputs, checks them (`checkRoutingInputs`, its part
 * of the pack checks), derives the first profile's arrays, and hands arrays and bytes over.
 */
async function prepareFor(pack: Blob, port: MessagePort): Promise<void> {
  let help: Help | null = null;
  try {
    const startedAt = epochMs();
    const t0 = performance.now();
    const reader = await RegionPackReader.open(blobBytes(pack), pack.size);
    const inputs = await reader.readRoutingInputs();
    const t1 = performance.now();
    checkRoutingInputs(inputs);
    const t2 = performance.now();
    const prepared = prepareRouting(inputs, FIRST_PROFILE);
    const t3 = performance.now();
    const timings: HelperStages = { startedAt, readMs: t1 - t0, checkMs: t2 - t1, deriveMs: t3 - t2, sentAt: epochMs() };
    help = { prepared, chunks: reader.takeChunks(), timings, receivedAt: 0 };
  } catch {
    help = null; // the router reads the same bytes again and reports what is wrong with them
  }
  port.postMessage(help, help === null ? [] : [...preparedRoutingBuffers(help.prepared), ...help.chunks.map((c) => c.buffer)]);
  port.close();
  scope.close();
}

/**
 * The `read-ahead` helper: reads the reverse CSR and the snapping grid with the first profile's
 * landmark table (one read), checks them (`checkReverseGraphAndGrid`, its part of the pack
 * checks) and hands the bytes over; then, once the router says `go`, the other tables and the
 * extras, one hand-over each. A stage it cannot read is handed over empty: the router reads it
 * and reports what is wrong.
 */
async function readAheadFor(pack: Blob, port: MessagePort): Promise<void> {
  const startedAt = epochMs();
  const t0 = performance.now();
  const send = (stage: string, chunks: SectionChunk[], timings: HelperStages) => {
    const message: ReadAhead = { stage, chunks, timings, receivedAt: 0 };
    port.postMessage(message, chunks.map((c) => c.buffer));
  };
  const stagesOf = (readMs: number, checkMs = 0): HelperStages => ({ startedAt, readMs, checkMs, deriveMs: 0, sentAt: epochMs() });
  try {
    const reader = await RegionPackReader.open(blobBytes(pack), pack.size);
    try {
      await reader.readLandmarkTable(FIRST_PROFILE, REVERSE_GRAPH_AND_GRID_SECTIONS);
      const t1 = performance.now();
      checkReverseGraphAndGrid(await reader.readSections(REVERSE_GRAPH_AND_GRID_SECTIONS));
      const t2 = performance.now();
      send(FIRST_PROFILE, reader.takeChunks(), stagesOf(t1 - t0, t2 - t1));
    } catch {
      reader.takeChunks();
      send(FIRST_PROFILE, [], stagesOf(0));
    }
    const profiles = await reader.landmarkTableProfiles();
    await new Promise<void>((resolve) => { port.onmessage = () => resolve(); });
    const later: [string, () => Promise<unknown>][] = profiles
      .filter((profile) => profile !== FIRST_PROFILE)
      .map((profile) => [profile, () => reader.readLandmarkTable(profile)]);
    later.push([EXTRAS_STAGE, () => reader.readSections(REGION_PACK_EXTRA_SECTIONS)]);
    for (const [stage, read] of later) {
      const t = performance.now();
      try {
        await read();
        send(stage, reader.takeChunks(), stagesOf(performance.now() - t));
      } catch {
        reader.takeChunks();
        send(stage, [], stagesOf(0));
      }
    }
  } catch {
    // nothing more to hand over: the router reads what it has not received
  }
  port.postMessage(null);
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
      readAheadGo(); // the first job has run: the rest of the pack can be read now
    }
  }
  scheduleDrain();
}

async function run(job: Job): Promise<void> {
  if (job.type !== 'route' || (job.request.profile ?? FIRST_PROFILE) !== FIRST_PROFILE) readAheadGo();
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
