/**
 * Keeps a drive's segments routed. Given the latest `Drive`, it asks each segment's router for
 * every segment whose geometry is neither in the route cache nor already on its way, one request
 * per segment, and hands results to `onRoute` (the caller stores them in the cache).
 *
 * Contract:
 * - A request exists only while the latest drive needs its key: every `update` aborts requests
 *   for keys the new drive no longer has (an edit cancels what the edit made obsolete). Results of
 *   aborted requests are never delivered.
 * - At most one request per key at a time; a key is not requested while `cache.has(key)`.
 *   `onRoute` must make `cache.has(key)` true before the next `update` (store synchronously).
 * - `update(drive, { interactive: true })` (during a drag) starts at most one request wave per
 *   `throttleMs`: the first immediately, then the latest drive at the end of each window. A
 *   non-interactive `update` (the drag's end, any other edit) always runs at once.
 * - A failure other than `aborted` falls back to a straight line: the delivered `SegmentRoute` is
 *   `madeBy: 'straight'` with `fallbackReason` set, under the requested segment's key, so it stays
 *   until the segment is edited or `retryFallbacks` asks again. Failures are summed up per router
 *   and error kind, and `onNotice` fires once per such burst (when no request is left in flight)
 *   with a message that says what happened and what to do.
 * - `onPending(count)` reports the number of requests in flight whenever it changes.
 * - Pen-up gaps (`SegmentSpec.gap`) are not driven: they are drawn by the straight-line router
 *   whatever their router says, without asking a server. `fixed` segments are never requested.
 */
import { segmentKey, type Drive } from '../core/drive/drive';
import { segmentRouteFromResult, type SegmentRoute } from '../core/drive/segment-route';
import { RoutingError, type RouteResult, type Router, type RouterId, type RoutingErrorKind } from '../core/routing/router';
import { StraightLineRouter } from '../core/routing/straight-line-router';
import type { LonLat } from '../core/units';

/** What the scheduler reads from the route cache; a `Map<string, SegmentRoute>` is one. */
export interface RouteCacheView {
  has(key: string): boolean;
  get(key: string): SegmentRoute | undefined;
}

/** Why segments fell back: a routing error kind, or `unavailable` when no router is registered for the segment's id. */
export type FallbackKind = Exclude<RoutingErrorKind, 'aborted'> | 'unavailable';

export interface RoutingNotice {
  kind: FallbackKind;
  /** The router that failed. */
  router: RouterId;
  /** Segments of this burst drawn as straight lines (0 when even the straight line failed). */
  segmentCount: number;
  /** Their cache keys. */
  keys: string[];
  /** What happened and what to do, for a toast. */
  message: string;
  /** The first failure's own message (server detail), for a "details" disclosure. */
  detail: string;
  /** HTTP status of the first failure, when there was one. */
  status?: number;
}

export interface SegmentSchedulerOptions {
  routers: Partial<Record<RouterId, Router>>;
  cache: RouteCacheView;
  onRoute: (route: SegmentRoute) => void;
  onPending?: (count: number) => void;
  onNotice?: (notice: RoutingNotice) => void;
  /** Minimum time between request waves during a drag; default 250 ms. */
  throttleMs?: number;
}

export interface UpdateOptions {
  /** True while the user drags: waves are throttled. */
  interactive?: boolean;
}

interface Flight {
  readonly controller: AbortController;
}

interface Burst {
  kind: FallbackKind;
  router: RouterId;
  keys: string[];
  drawn: number;
  detail: string;
  status?: number;
}

const ROUTER_LABELS: Record<RouterId, string> = { osrm: 'OSRM server', local: 'Offline router', straight: 'Straight-line router' };

export class SegmentScheduler {
  private readonly routers: Partial<Record<RouterId, Router>>;
  private readonly fallback: Router;
  private readonly cache: RouteCacheView;
  private readonly onRoute: (route: SegmentRoute) => void;
  private readonly onPending?: (count: number) => void;
  private readonly onNotice?: (notice: RoutingNotice) => void;
  private readonly throttleMs: number;

  private readonly inFlight = new Map<string, Flight>();
  private readonly bursts = new Map<string, Burst>();
  private cooldown: ReturnType<typeof setTimeout> | undefined;
  private queuedDrive: Drive | undefined;
  private reportedPending = 0;
  private disposed = false;

  constructor(options: SegmentSchedulerOptions) {
    this.routers = options.routers;
    this.fallback = options.routers.straight ?? new StraightLineRouter();
    this.cache = options.cache;
    this.onRoute = options.onRoute;
    this.onPending = options.onPending;
    this.onNotice = options.onNotice;
    this.throttleMs = options.throttleMs ?? 250;
  }

  /** Requests in flight. */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Brings requests in line with `drive`: aborts the obsolete ones, starts the missing ones (throttled when interactive). */
  update(drive: Drive, options: UpdateOptions = {}): void {
    if (this.disposed) return;
    this.abortObsolete(drive);
    if (!options.interactive) {
      this.queuedDrive = undefined;
      this.wave(drive);
      return;
    }
    if (this.cooldown !== undefined) {
      this.queuedDrive = drive;
      return;
    }
    this.wave(drive);
    this.startCooldown();
  }

  /**
   * Asks again for every segment of `drive` whose cached route is a fallback (`fallbackReason`
   * set), whatever the cache holds. Returns how many requests it started.
   */
  retryFallbacks(drive: Drive): number {
    if (this.disposed) return 0;
    this.abortObsolete(drive);
    let started = 0;
    for (let i = 0; i < drive.segments.length; i++) {
      const spec = drive.segments[i];
      if (spec.router === 'fixed') continue;
      const key = segmentKey(drive, i);
      if (this.inFlight.has(key) || this.cache.get(key)?.fallbackReason === undefined) continue;
      this.start(key, spec.gap ? 'straight' : spec.router, drive, i);
      started++;
    }
    this.reportPending();
    return started;
  }

  /** Aborts everything and ignores later calls. */
  dispose(): void {
    this.disposed = true;
    if (this.cooldown !== undefined) clearTimeout(this.cooldown);
    this.cooldown = undefined;
    this.queuedDrive = undefined;
    for (const flight of this.inFlight.values()) flight.controller.abort();
    this.inFlight.clear();
    this.bursts.clear();
    this.reportPending();
  }

  private startCooldown(): void {
    this.cooldown = setTimeout(() => {
      this.cooldown = undefined;
      const queued = this.queuedDrive;
      if (queued === undefined || this.disposed) return;
      this.queuedDrive = undefined;
      this.wave(queued);
      this.startCooldown();
    }, this.throttleMs);
  }

  private abortObsolete(drive: Drive): void {
    if (this.inFlight.size === 0) return;
    const needed = new Set<string>();
    for (let i = 0; i < drive.segments.length; i++) {
      if (drive.segments[i].router !== 'fixed') needed.add(segmentKey(drive, i));
    }
    for (const [key, flight] of this.inFlight) {
      if (needed.has(key)) continue;
      flight.controller.abort();
      this.inFlight.delete(key);
    }
    this.reportPending();
  }

  private wave(drive: Drive): void {
    for (let i = 0; i < drive.segments.length; i++) {
      const spec = drive.segments[i];
      if (spec.router === 'fixed') continue;
      const key = segmentKey(drive, i);
      if (this.inFlight.has(key) || this.cache.has(key)) continue;
      this.start(key, spec.gap ? 'straight' : spec.router, drive, i);
    }
    this.reportPending();
    // A burst also ends when an edit cancelled its last outstanding request.
    if (this.inFlight.size === 0) this.flushNotices();
  }

  private start(key: string, routerId: RouterId, drive: Drive, segment: number): void {
    const flight: Flight = { controller: new AbortController() };
    this.inFlight.set(key, flight);
    const from = drive.waypoints[segment].position;
    const to = drive.waypoints[segment + 1].position;
    void this.run(key, flight, routerId, [from, to], drive);
  }

  private async run(key: string, flight: Flight, routerId: RouterId, waypoints: [LonLat, LonLat], drive: Drive): Promise<void> {
    const signal = flight.controller.signal;
    const request = { waypoints, profile: drive.profile, avoid: drive.avoid };
    let route: SegmentRoute | undefined;
    try {
      const router = routerId === 'straight' ? this.fallback : this.routers[routerId];
      if (!router) {
        throw new UnavailableRouter(`No ${ROUTER_LABELS[routerId]} is set up in this app. Choose another router in Settings.`);
      }
      route = segmentRouteFromResult(key, await router.route(request, signal));
    } catch (error) {
      if (this.inFlight.get(key) !== flight) return; // aborted or superseded: nothing to deliver
      const kind: FallbackKind | 'aborted' = error instanceof UnavailableRouter ? 'unavailable' : error instanceof RoutingError ? error.kind : 'bad-response';
      if (kind === 'aborted') {
        // The router gave up on its own; the segment stays unrouted until the next update.
        this.finish(key, flight, undefined);
        return;
      }
      const message = error instanceof RoutingError || error instanceof UnavailableRouter
        ? error.message
        : `The ${ROUTER_LABELS[routerId]} failed unexpectedly (${error instanceof Error ? error.message : String(error)}).`;
      let straight: RouteResult | undefined;
      if (routerId !== 'straight') {
        try {
          straight = await this.fallback.route(request, signal);
        } catch {
          straight = undefined;
        }
      }
      if (this.inFlight.get(key) !== flight) return;
      if (straight) route = segmentRouteFromResult(key, straight, message);
      this.record(kind, routerId, key, route !== undefined, message, error instanceof RoutingError ? error.status : undefined);
    }
    this.finish(key, flight, route);
  }

  private finish(key: string, flight: Flight, route: SegmentRoute | undefined): void {
    if (this.inFlight.get(key) !== flight) return;
    this.inFlight.delete(key);
    try {
      if (route) this.onRoute(route);
    } finally {
      this.reportPending();
      if (this.inFlight.size === 0) this.flushNotices();
    }
  }

  private record(kind: FallbackKind, router: RouterId, key: string, drawn: boolean, detail: string, status: number | undefined): void {
    const id = `${router}|${kind}`;
    let burst = this.bursts.get(id);
    if (!burst) {
      burst = { kind, router, keys: [], drawn: 0, detail, status };
      this.bursts.set(id, burst);
    }
    burst.keys.push(key);
    if (drawn) burst.drawn++;
  }

  private flushNotices(): void {
    if (this.bursts.size === 0) return;
    const bursts = [...this.bursts.values()];
    this.bursts.clear();
    for (const burst of bursts) {
      this.onNotice?.({
        kind: burst.kind,
        router: burst.router,
        segmentCount: burst.drawn,
        keys: burst.keys,
        message: noticeMessage(burst),
        detail: burst.detail,
        status: burst.status,
      });
    }
  }

  private reportPending(): void {
    const count = this.inFlight.size;
    if (count === this.reportedPending) return;
    this.reportedPending = count;
    this.onPending?.(count);
  }
}

class UnavailableRouter extends Error {}

/** The toast text for a burst of fallbacks. */
export function noticeMessage(burst: Pick<Burst, 'kind' | 'router' | 'keys' | 'drawn' | 'status'>): string {
  const label = ROUTER_LABELS[burst.router];
  const n = burst.drawn;
  if (n === 0) {
    const failed = burst.keys.length;
    return `${label} failed and ${failed === 1 ? '1 segment' : `${failed} segments`} could not be drawn at all. Check the waypoint positions.`;
  }
  const drawn = n === 1 ? '1 segment drawn as a straight line' : `${n} segments drawn as straight lines`;
  const later = n === 1 ? 'It will be re-routed when you edit it, or use Retry.' : 'They will be re-routed when you edit them, or use Retry.';
  switch (burst.kind) {
    case 'rate-limited':
      return `${label} rate limit reached (429): ${drawn}. ${later}`;
    case 'timeout':
      return `${label} did not answer in time: ${drawn}. ${later}`;
    case 'network':
      return `${label} cannot be reached (check your connection): ${drawn}. ${later}`;
    case 'http':
      return `${label} error${burst.status ? ` (HTTP ${burst.status})` : ''}: ${drawn}. ${later}`;
    case 'bad-response':
      return `${label} sent an answer that cannot be read: ${drawn}. ${later}`;
    case 'no-route':
      return `No road route found (a waypoint may be off the road network): ${drawn}. Move the waypoints onto connected roads, or keep the straight lines.`;
    case 'unavailable':
      return `${label} is not available: ${drawn}. Choose another router in Settings.`;
  }
}
