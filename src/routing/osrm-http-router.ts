/**
 * `Router` over an OSRM server's HTTP API (`/route/v1/driving`), by default the public demo
 * server. Thin: builds the URL, bounds the request in time, maps HTTP and network failures to
 * `RoutingError` kinds with messages a user can act on, and leaves the JSON to `parseOsrmRoute`.
 *
 * The public server has one car profile, so `RouteRequest.profile` and `avoid` are not sent
 * (OSRM answers 400 to `exclude` classes its profile does not define).
 */
import { parseOsrmRoute, readOsrmFailure, routingErrorForOsrmFailure } from '../core/routing/osrm-response';
import type { PolylinePrecision } from '../core/routing/polyline';
import { RoutingError, type RouteRequest, type RouteResult, type Router } from '../core/routing/router';

export const DEFAULT_OSRM_BASE_URL = 'https://router.project-osrm.org';

export interface OsrmHttpRouterOptions {
  /** Server root, e.g. `https://router.project-osrm.org` (a trailing slash is fine). */
  baseUrl?: string;
  /** Whole-request limit (connect, answer and body), default 10 000 ms. */
  timeoutMs?: number;
  /** Geometry encoding to ask for: 6 (`polyline6`, default) or 5 (`polyline`, OSRM's own default). */
  polylinePrecision?: PolylinePrecision;
  /** Injected for tests; default the global `fetch`. */
  fetch?: typeof fetch;
}

export class OsrmHttpRouter implements Router {
  readonly id = 'osrm' as const;
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly precision: PolylinePrecision;
  private readonly fetchImpl: typeof fetch;

  constructor(options: OsrmHttpRouterOptions = {}) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_OSRM_BASE_URL).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.precision = options.polylinePrecision ?? 6;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** The request URL for `waypoints` (coordinates at 1e-6°, ~0.1 m). */
  routeUrl(request: RouteRequest): string {
    const coordinates = request.waypoints.map(([lon, lat]) => `${lon.toFixed(6)},${lat.toFixed(6)}`).join(';');
    const geometries = this.precision === 6 ? 'polyline6' : 'polyline';
    return `${this.baseUrl}/route/v1/driving/${coordinates}?overview=full&geometries=${geometries}&steps=true`;
  }

  async route(request: RouteRequest, signal?: AbortSignal): Promise<RouteResult> {
    if (signal?.aborted) throw aborted();
    validateWaypoints(request);

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onCallerAbort = () => controller.abort();
    signal?.addEventListener('abort', onCallerAbort, { once: true });

    // Every await below races the same controller, so a hanging body is bounded too.
    const failure = (error: unknown): RoutingError => {
      if (error instanceof RoutingError) return error;
      if (timedOut) {
        return new RoutingError('timeout', `The routing server at ${this.baseUrl} did not answer within ${formatSeconds(this.timeoutMs)}. It may be busy: try again, or choose another router in Settings.`);
      }
      if (signal?.aborted) return aborted();
      return new RoutingError('network', `The routing server at ${this.baseUrl} cannot be reached. Check your connection or choose another router in Settings.`);
    };

    try {
      const response = await this.fetchImpl(this.routeUrl(request), { signal: controller.signal, headers: { Accept: 'application/json' } });
      const body = await response.text();
      if (response.status === 429) {
        const retryAfter = response.headers.get('Retry-After');
        const when = retryAfter ? ` Retry after ${/^\d+$/.test(retryAfter.trim()) ? `${retryAfter.trim()} s` : retryAfter.trim()}.` : ' Wait a minute before retrying.';
        throw new RoutingError('rate-limited', `The routing server at ${this.baseUrl} is limiting requests (HTTP 429).${when} For many edits, choose another router in Settings.`, 429);
      }
      const json = parseJson(body);
      if (!response.ok) {
        const osrm = readOsrmFailure(json);
        // OSRM answers 400 to NoRoute/NoSegment: that is a fact about the map, not a server fault.
        if (osrm && routingErrorForOsrmFailure(osrm).kind === 'no-route') throw routingErrorForOsrmFailure(osrm, response.status);
        const said = osrm?.message ? `: "${osrm.message}"` : response.statusText ? ` (${response.statusText})` : '';
        throw new RoutingError('http', `The routing server at ${this.baseUrl} answered HTTP ${response.status}${said}. Try again later, or choose another router in Settings.`, response.status);
      }
      if (json === undefined) {
        throw new RoutingError('bad-response', `The routing server at ${this.baseUrl} sent a response that is not JSON. Check the server address in Settings.`);
      }
      return parseOsrmRoute(json, { precision: this.precision, router: 'osrm' });
    } catch (error) {
      throw failure(error);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }
}

function aborted(): RoutingError {
  return new RoutingError('aborted', 'Route request cancelled.');
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

function validateWaypoints(request: RouteRequest): void {
  if (request.waypoints.length < 2) throw new RoutingError('no-route', 'A route needs at least two waypoints. Add another waypoint.');
  request.waypoints.forEach(([lon, lat], i) => {
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      throw new RoutingError('no-route', `Waypoint ${i + 1} is not a valid position (longitude −180…180, latitude −90…90). Move it back onto the map.`);
    }
  });
}
