/**
 * `WorkerLocalRouter`: the local region-pack router (`LocalRouter`, id `local`) running in a Web
 * Worker (region-router.worker.ts), behind the same `Router` interface as the OSRM router.
 *
 *   const router = await WorkerLocalRouter.open(await store.loadBlob(id)); // or an ArrayBuffer
 *   const result = await router.route({ waypoints, profile: 'curvy' }, signal);
 *   router.dispose();
 *
 * The pack is read with zero copy in the worker; an ArrayBuffer given to `open` is transferred
 * (empty afterwards), a Blob is read by the worker itself. Requests carry ids, so several may be in
 * flight; aborting one rejects it at once with `RoutingError('aborted')` and tells the worker to
 * drop it if it has not started (a started search finishes and its answer is ignored).
 * Failures are `RoutingError`s: `no-route` for waypoints the pack cannot connect (the message says
 * why), `bad-response` for a damaged pack, a closed router or a worker that died.
 */
import type { RoundTripProposal, RoundTripRequest } from '../app/region-service';
import type { LonLatBbox } from '../core/elevation/dem-source';
import type { PoiSet } from '../core/pois/poi-set';
import { type RegionPackMeta, curvatureColour } from '../core/region';
import { type RouteRequest, type RouteResult, type Router, RoutingError } from '../core/routing/router';
import type { CurvyRoadColumns, HelperRole, OpenTimings, RegionRouterMessage, RegionRouterRequest } from './region-router-protocol';

export type { HelperTimings, OpenTimings } from './region-router-protocol';

/** Properties of a curvy-road feature: the `curvy-roads --json` CLI's. */
export interface CurvyRoadProperties {
  name: string;
  ref: string;
  /** RC-1 curvature, rounded. */
  curvature: number;
  /** Length, metres, rounded. */
  length_m: number;
  /** Franco's colour for the curvature, "#rrggbb". */
  colour: string;
}

type Pending =
  | { kind: 'route'; resolve: (value: RouteResult) => void; reject: (error: Error) => void }
  | { kind: 'round-trips'; resolve: (value: RoundTripProposal[]) => void; reject: (error: Error) => void }
  | { kind: 'curvy-roads'; resolve: (value: CurvyRoadColumns) => void; reject: (error: Error) => void }
  | { kind: 'pois'; resolve: (value: PoiSet) => void; reject: (error: Error) => void };

const CLOSED_MESSAGE = 'This region pack was closed; open it again to route on it.';

interface StartedWorker { worker: Worker; ready: Promise<void>; failed: string | null }

/** A router worker started ahead of `open` by `warmUp`, waiting for a pack. */
let spare: StartedWorker | null = null;
/** Two more instances started by `warmUp`, to help the next `open` of a stored (Blob) pack, by role. */
const spareHelpers = new Map<HelperRole, StartedWorker>();
const HELPER_ROLES: readonly HelperRole[] = ['prepare', 'read-ahead'];

function startWorker(): StartedWorker {
  const worker = new Worker(new URL('./region-router.worker.ts', import.meta.url), { type: 'module', name: 'region-router' });
  const started: StartedWorker = { worker, ready: Promise.resolve(), failed: null };
  started.ready = new Promise<void>((resolve) => {
    const onMessage = (event: MessageEvent<RegionRouterMessage>) => {
      if (event.data?.type !== 'ready') return;
      worker.removeEventListener('message', onMessage);
      resolve();
    };
    worker.addEventListener('message', onMessage);
    // A worker that fails to load is reported by `open`; warming up just ends.
    worker.addEventListener('error', (event) => {
      started.failed = event.message || 'no details';
      resolve();
    }, { once: true });
  });
  return started;
}

/**
 * Has a started worker run its code on small built-in grids (`warm-up`; a helper, its `role`'s
 * code); `ready` then resolves when that is done, so the first real open and route run optimised code.
 */
function warmWorker(started: StartedWorker, role?: HelperRole): StartedWorker {
  const loaded = started.ready;
  started.ready = loaded.then(() => new Promise<void>((resolve) => {
    if (started.failed !== null) { resolve(); return; }
    const onMessage = (event: MessageEvent<RegionRouterMessage>) => {
      if (event.data?.type !== 'warmed') return;
      started.worker.removeEventListener('message', onMessage);
      resolve();
    };
    started.worker.addEventListener('message', onMessage);
    started.worker.addEventListener('error', () => resolve(), { once: true });
    const request: RegionRouterRequest = { type: 'warm-up', role };
    started.worker.postMessage(request);
  }));
  return started;
}

export class WorkerLocalRouter implements Router {
  readonly id = 'local' as const;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closedReason: string | null = null;
  private poisPromise: Promise<PoiSet> | null = null;

  private constructor(
    private readonly worker: Worker,
    /** Extent of the pack's roads, `[west, south, east, north]` degrees. */
    readonly bbox: LonLatBbox,
    /** The pack's name, source extract date and statistics. */
    readonly meta: RegionPackMeta,
    /** How long the worker took to read and open the pack. */
    readonly openTimings: OpenTimings,
    /** The helpers of a stored pack's `open` (the reader may still be reading the other tables). */
    private readonly helpers: readonly Worker[] = [],
  ) {
    worker.onmessage = (event: MessageEvent<RegionRouterMessage>) => this.receive(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.close(`The local router stopped working (${event.message || 'no details'}); the region pack may be too big for this browser's memory. Reopen the region pack.`);
    };
    worker.onmessageerror = () => this.close('The local router sent an answer that could not be read. Reopen the region pack.');
  }

  /**
   * Starts a router worker and its two helpers now, so the next `open` finds their code loaded and
   * compiled and only reads the pack (call it when the user heads for a region pack: the workers
   * cost a few MB while they wait). Resolves when they are ready. Calling it again before `open`
   * does nothing more. Without it, `open` of a stored pack starts the router and one helper cold.
   */
  static warmUp(): Promise<void> {
    spare ??= warmWorker(startWorker());
    for (const role of HELPER_ROLES) if (!spareHelpers.has(role)) spareHelpers.set(role, warmWorker(startWorker(), role));
    return Promise.all([spare.ready, ...[...spareHelpers.values()].map((h) => h.ready)]).then(() => undefined);
  }

  /**
   * Starts a worker on a region pack file (`serializeRegionPack` output). An ArrayBuffer is
   * transferred to the worker (it is empty afterwards); a Blob (`RegionPackStore.loadBlob`) is
   * read by the worker. Rejects with `RoutingError('bad-response')` when the file is not a
   * readable pack (the message says what is wrong), `RoutingError('aborted')` when aborted.
   */
  static open(pack: ArrayBuffer | Blob, options: { signal?: AbortSignal } = {}): Promise<WorkerLocalRouter> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new RoutingError('aborted', 'Opening the region pack was cancelled.'));
    const started = spare ?? startWorker();
    const worker = started.worker;
    spare = null;
    const helpers: Worker[] = [];
    return new Promise<WorkerLocalRouter>((resolve, reject) => {
      const fail = (error: RoutingError) => {
        signal?.removeEventListener('abort', onAbort);
        worker.terminate();
        for (const helper of helpers) helper.terminate();
        reject(error);
      };
      const onAbort = () => fail(new RoutingError('aborted', 'Opening the region pack was cancelled.'));
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.onmessage = (event: MessageEvent<RegionRouterMessage>) => {
        const message = event.data;
        if (message.type === 'opened') {
          signal?.removeEventListener('abort', onAbort);
          resolve(new WorkerLocalRouter(worker, message.bbox, message.meta, message.timings, helpers));
        } else if (message.type === 'open-error') {
          fail(new RoutingError('bad-response', message.message));
        }
      };
      const cannotStart = (details: string) => new RoutingError('bad-response', `The local router could not start (${details}). Reload the page and try again.`);
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        fail(cannotStart(event.message || 'no details'));
      };
      if (started.failed !== null) {
        fail(cannotStart(started.failed));
        return;
      }
      if (pack instanceof ArrayBuffer) {
        const request: RegionRouterRequest = { type: 'open', pack };
        worker.postMessage(request, [pack]);
        return;
      }
      // A stored pack: two more workers read their parts of the same file on the other core (one
      // derives the edge costs, one reads the reverse graph and the landmark tables) while this one
      // reads and checks the rest of the graph, and hand their bytes over directly.
      const ports: { helper?: MessagePort; reader?: MessagePort } = {};
      const transfer: MessagePort[] = [];
      for (const role of HELPER_ROLES) {
        // A reader that would start cold costs more (loading a third worker's code on 2 cores)
        // than the reads it takes over: without a warmed-up one, the router reads its part.
        const spareHelper = spareHelpers.get(role);
        if (spareHelper === undefined && role === 'read-ahead') continue;
        const helper = spareHelper ?? startWorker();
        spareHelpers.delete(role);
        if (helper.failed !== null) {
          helper.worker.terminate();
          continue;
        }
        const channel = new MessageChannel();
        helper.worker.onerror = (event: ErrorEvent) => {
          event.preventDefault();
          const failed: RegionRouterRequest = { type: 'helper-failed', role };
          worker.postMessage(failed);
        };
        helpers.push(helper.worker);
        const job: RegionRouterRequest = role === 'prepare' ? { type: 'prepare', pack, port: channel.port2 } : { type: 'read-ahead', pack, port: channel.port2 };
        helper.worker.postMessage(job, [channel.port2]);
        if (role === 'prepare') ports.helper = channel.port1;
        else ports.reader = channel.port1;
        transfer.push(channel.port1);
      }
      const request: RegionRouterRequest = { type: 'open', pack, ...ports };
      worker.postMessage(request, transfer);
    });
  }

  route(request: RouteRequest, signal?: AbortSignal): Promise<RouteResult> {
    return this.ask<RouteResult>('route', (id) => ({ type: 'route', id, request }), signal);
  }

  /**
   * The pack's curvy roads from `minCurvature` (RC-1, default 300), curviest first, as the
   * `curvy-roads --json` CLI prints them: LineStrings with name, ref, curvature, length_m, colour.
   */
  async curvyRoads(minCurvature = 300): Promise<GeoJSON.FeatureCollection<GeoJSON.LineString, CurvyRoadProperties>> {
    if (!(minCurvature >= 0 && minCurvature < Infinity)) {
      throw new RoutingError('bad-response', `Curvature ${String(minCurvature)} is not a valid threshold; give a number ≥ 0, e.g. 300.`);
    }
    const roads = await this.ask<CurvyRoadColumns>('curvy-roads', (id) => ({ type: 'curvy-roads', id, minCurvature }));
    return curvyRoadFeatures(roads);
  }

  /** The pack's scenic features (viewpoints, peaks, passes, water, forest…); read once, then shared. */
  pois(): Promise<PoiSet> {
    this.poisPromise ??= this.ask<PoiSet>('pois', (id) => ({ type: 'pois', id }));
    const promise = this.poisPromise;
    promise.catch(() => { if (this.poisPromise === promise) this.poisPromise = null; });
    return promise;
  }

  /** Three distinct loops from `request.start` (core `proposeRoundTrips`), run in the worker. */
  roundTrips(request: RoundTripRequest, signal?: AbortSignal): Promise<RoundTripProposal[]> {
    return this.ask<RoundTripProposal[]>('round-trips', (id) => ({ type: 'round-trips', id, request }), signal);
  }

  /** Stops the worker and frees the pack; requests still running reject with `RoutingError('aborted')`. */
  dispose(): void {
    this.close(CLOSED_MESSAGE, 'aborted');
  }

  private close(reason: string, kind: 'aborted' | 'bad-response' = 'bad-response'): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    this.worker.onmessage = null;
    this.worker.onerror = null;
    this.worker.onmessageerror = null;
    this.worker.terminate();
    for (const helper of this.helpers) helper.terminate();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(new RoutingError(kind, reason));
  }

  private ask<T>(kind: Pending['kind'], message: (id: number) => RegionRouterRequest, signal?: AbortSignal): Promise<T> {
    if (this.closedReason !== null) return Promise.reject(new RoutingError('bad-response', this.closedReason));
    if (signal?.aborted) return Promise.reject(new RoutingError('aborted', 'Routing was cancelled.'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        this.worker.postMessage({ type: 'cancel', id } satisfies RegionRouterRequest);
        reject(new RoutingError('aborted', 'Routing was cancelled.'));
      };
      const settle = <A extends unknown[]>(then: (...args: A) => void) => (...args: A) => {
        signal?.removeEventListener('abort', onAbort);
        then(...args);
      };
      this.pending.set(id, { kind, resolve: settle(resolve), reject: settle(reject) } as Pending);
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        this.worker.postMessage(message(id));
      } catch (error) {
        this.pending.delete(id);
        signal?.removeEventListener('abort', onAbort);
        reject(new RoutingError('bad-response', `This request cannot be sent to the local router (${error instanceof Error ? error.message : String(error)}). Waypoints must be plain [lon, lat] pairs.`));
      }
    });
  }

  private receive(message: RegionRouterMessage): void {
    if (message.type === 'ready' || message.type === 'warmed' || message.type === 'opened' || message.type === 'open-error') return;
    const pending = this.pending.get(message.id);
    if (pending === undefined) return; // aborted meanwhile: the late answer is dropped
    this.pending.delete(message.id);
    if (message.type === 'error') pending.reject(new RoutingError(message.kind, message.message));
    else if (message.type === 'route-result' && pending.kind === 'route') pending.resolve(message.result);
    else if (message.type === 'curvy-roads-result' && pending.kind === 'curvy-roads') pending.resolve(message.roads);
    else if (message.type === 'pois-result' && pending.kind === 'pois') pending.resolve(message.pois);
    else if (message.type === 'round-trips-result' && pending.kind === 'round-trips') pending.resolve(message.loops);
    else pending.reject(new RoutingError('bad-response', `The local router answered a ${pending.kind} request with "${message.type}". Reopen the region pack.`));
  }
}

/** Columns from the worker → the CLI's GeoJSON (coordinates rounded to 1e-7°, OSM's resolution). */
function curvyRoadFeatures(roads: CurvyRoadColumns): GeoJSON.FeatureCollection<GeoJSON.LineString, CurvyRoadProperties> {
  const { coords, vertexStart } = roads;
  const features: GeoJSON.Feature<GeoJSON.LineString, CurvyRoadProperties>[] = [];
  for (let i = 0; i < roads.names.length; i++) {
    const coordinates: GeoJSON.Position[] = [];
    for (let v = vertexStart[i]; v < vertexStart[i + 1]; v++) {
      coordinates.push([Math.round(coords[2 * v] * 1e7) / 1e7, Math.round(coords[2 * v + 1] * 1e7) / 1e7]);
    }
    features.push({
      type: 'Feature',
      properties: {
        name: roads.names[i], ref: roads.refs[i], curvature: Math.round(roads.curvature[i]),
        length_m: Math.round(roads.lengthMeters[i]), colour: curvatureColour(roads.curvature[i]),
      },
      geometry: { type: 'LineString', coordinates },
    });
  }
  return { type: 'FeatureCollection', features };
}
