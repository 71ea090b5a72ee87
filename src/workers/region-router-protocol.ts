/**
 * Messages between `WorkerLocalRouter` (region-router-client.ts) and the router worker
 * (region-router.worker.ts), and between the router and its helper instances. See the worker's
 * header for the protocol.
 */
import type { RoundTripProposal, RoundTripRequest } from '../app/region-service';
import type { LonLatBbox } from '../core/elevation/dem-source';
import type { PoiSet } from '../core/pois/poi-set';
import type { RegionPackMeta } from '../core/region';
import type { RouteRequest, RouteResult, RoutingErrorKind } from '../core/routing/router';

/** The two helper roles of a stored-pack `open`. */
export type HelperRole = 'prepare' | 'read-ahead';

export type RegionRouterRequest =
  | { readonly type: 'open'; readonly pack: ArrayBuffer | Blob; readonly helper?: MessagePort; readonly reader?: MessagePort }
  /** To a second instance of this worker: derive the first profile's arrays from `pack`, answer on `port`, stop. */
  | { readonly type: 'prepare'; readonly pack: Blob; readonly port: MessagePort }
  /** To a third instance: read the reverse CSR and first table, then the other tables and the extras, hand each over on `port`, stop. */
  | { readonly type: 'read-ahead'; readonly pack: Blob; readonly port: MessagePort }
  /** A helper of `open` died: do its work here. */
  | { readonly type: 'helper-failed'; readonly role: HelperRole }
  /** Before any pack: run the router's code (a helper's: `role`) on small built-in grids (router-warm-up.ts, `warmUpOpening`) → `warmed`. */
  | { readonly type: 'warm-up'; readonly role?: HelperRole }
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
  /** Reading the graph's bytes and checking them: with helpers, only the sections they do not read. */
  readonly coreMs: number;
  /** Inside `coreMs` with helpers: checking those sections and deriving what needs only them (turn restrictions, bbox). */
  readonly coreCheckMs: number;
  /** Waiting for the helpers' hand-overs (0 without helpers). */
  readonly helperWaitMs: number;
  /** Reading (and checking) here what no helper handed over: the first profile's landmark table, at least (≈ 0 when both helpers did). */
  readonly tableMs: number;
  /** Decoding the graph, adopting the hand-over (or deriving the first profile's arrays here), the bbox. */
  readonly prepareMs: number;
  /** The `prepare` helper's own stages, or null when there was none (or it failed). */
  readonly helper: HelperTimings | null;
  /** The `read-ahead` helper's own stages, or null when there was none (or it failed). */
  readonly reader: HelperTimings | null;
  /** When this worker started on the pack and posted `opened` (ms since the epoch, comparable with the page's clock). */
  readonly startedAt: number;
  readonly postedAt: number;
  /** Bytes this worker read from the file before `opened` (the helpers' own are in theirs). */
  readonly readBytes: number;
}

/** Where a helper spent its time, measured on its own thread. */
export interface HelperTimings {
  /** From the router starting `open` to the helper starting on the pack (negative: the helper started first). */
  readonly startMs: number;
  /** Reading the directory and its sections. */
  readonly readMs: number;
  /** Bytes it read from the file for this hand-over (its directory read aside). */
  readonly readBytes: number;
  /** Its part of the pack checks. */
  readonly checkMs: number;
  /** Deriving (the `prepare` helper: `prepareRouting`; 0 for the reader). */
  readonly deriveMs: number;
  /** From the helper posting its hand-over to the router receiving it. */
  readonly handOverMs: number;
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
