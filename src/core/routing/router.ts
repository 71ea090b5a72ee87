/**
 * The one routing contract. The OSRM HTTP router, the straight-line router and the local
 * region-pack router all implement `Router`, and all return `RouteResult`: an OSRM-shaped route
 * (legs → steps → maneuvers) whose geometry is a typed array rather than an encoded string or
 * GeoJSON, so it can be transferred between threads and stored without conversion.
 */
import type { LonLat, LonLatArray, Meters, Seconds } from '../units';
import type { OsrmLeg } from './osrm-types';

/** Which engine computes a segment. `local` is the in-browser region-pack router. */
export type RouterId = 'osrm' | 'straight' | 'local';

export type RouteProfile = 'fastest' | 'shortest' | 'curvy' | 'extra-curvy';

export interface RouteRequest {
  /** At least two positions; the route visits them in order. */
  waypoints: readonly LonLat[];
  profile?: RouteProfile;
  avoid?: ReadonlyArray<'motorway' | 'unpaved' | 'ferry' | 'toll'>;
}

/** A leg of a `RouteResult`: the OSRM leg plus where its geometry sits in `RouteResult.coords`. */
export interface RouteLeg extends OsrmLeg {
  /** Index of the leg's first vertex in the route's coordinate array (vertex index, not array index). */
  firstVertex: number;
  /** Index of the leg's last vertex (inclusive). Consecutive legs share their joining vertex. */
  lastVertex: number;
}

export interface RouteResult {
  router: RouterId;
  distanceMeters: Meters;
  durationSeconds: Seconds;
  /** Full-resolution geometry of the whole route, interleaved `[lon, lat, …]`. */
  coords: LonLatArray;
  /** One leg per consecutive waypoint pair. */
  legs: RouteLeg[];
  /** The request's waypoints as the router snapped them to its network, `[lon, lat]`. */
  snappedWaypoints: LonLat[];
}

/** Why a route request failed; the UI turns each into a message that says what to do. */
export type RoutingErrorKind = 'network' | 'timeout' | 'rate-limited' | 'http' | 'no-route' | 'bad-response' | 'aborted';

export class RoutingError extends Error {
  readonly kind: RoutingErrorKind;
  readonly status?: number;
  constructor(kind: RoutingErrorKind, message: string, status?: number) {
    super(message);
    this.name = 'RoutingError';
    this.kind = kind;
    this.status = status;
  }
}

export interface Router {
  readonly id: RouterId;
  /**
   * Routes through `request.waypoints`. Rejects with `RoutingError` (kind `aborted` when `signal`
   * aborts). Never resolves with a partial route.
   */
  route(request: RouteRequest, signal?: AbortSignal): Promise<RouteResult>;
}
