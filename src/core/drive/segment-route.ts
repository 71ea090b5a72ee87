/**
 * A computed (or imported) segment geometry as kept in the route cache and in IndexedDB.
 * Keyed by `segmentKey()`; immutable once created.
 */
import type { LonLatArray } from '../units';
import type { RouterId, RouteResult } from '../routing/router';
import type { OsrmStep } from '../routing/osrm-types';

export interface SegmentRoute {
  readonly key: string;
  /** Who made the geometry: the requested router, `straight` when it stood in, or `fixed` for imports. */
  readonly madeBy: RouterId | 'fixed';
  /** `[lon, lat, …]` at full resolution, first and last vertices at the segment's waypoints (or snapped to the road). */
  readonly coords: LonLatArray;
  /** Elevations in metres per vertex, when the source had them (imported tracks). */
  readonly elevationsMeters?: Float32Array;
  readonly distanceMeters: number;
  readonly durationSeconds: number;
  /** OSRM steps for turn-by-turn text (straight lines carry depart/arrive); empty for fixed segments. */
  readonly steps: readonly OsrmStep[];
  /** Set when the requested router failed and a straight line stands in for it. */
  readonly fallbackReason?: string;
}

/** Wraps a one-leg `RouteResult` as the cache entry for `key`. */
export function segmentRouteFromResult(key: string, result: RouteResult, fallbackReason?: string): SegmentRoute {
  const leg = result.legs[0];
  return {
    key,
    madeBy: result.router,
    coords: result.coords,
    distanceMeters: result.distanceMeters,
    durationSeconds: result.durationSeconds,
    steps: leg ? leg.steps : [],
    fallbackReason,
  };
}
