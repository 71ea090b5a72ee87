/**
 * The GPX document model produced by `readGpx`: what a GPX 1.0/1.1 file says, with nothing
 * inferred. Point lists that can be long (track segments, Garmin route shapes) are typed arrays;
 * the few points that carry names (waypoints, route points) are objects.
 *
 * Absent values are absent (`undefined` fields); inside typed arrays a missing elevation or time
 * is NaN.
 */
import type { LonLatArray } from '../units';

export interface GpxDocument {
  /** The `version` attribute of `<gpx>` ("1.1", "1.0"), or the one implied by the namespace. */
  readonly version: string;
  /** The `creator` attribute ('' when missing). */
  readonly creator: string;
  readonly metadata: GpxMetadata;
  readonly waypoints: GpxWaypoint[];
  readonly routes: GpxRoute[];
  readonly tracks: GpxTrack[];
}

/** GPX 1.1 `<metadata>`, or the equivalent top-level elements of GPX 1.0. */
export interface GpxMetadata {
  readonly name?: string;
  readonly desc?: string;
  /** Epoch milliseconds. */
  readonly timeMs?: number;
}

/** A `<wpt>`: a named point that is not part of a line. */
export interface GpxWaypoint {
  readonly lon: number;
  readonly lat: number;
  readonly eleMeters?: number;
  /** Epoch milliseconds. */
  readonly timeMs?: number;
  readonly name?: string;
  readonly cmt?: string;
  readonly desc?: string;
  readonly sym?: string;
}

/** Role of a route point on Garmin devices: `trp:ViaPoint` (announced stop) or `trp:ShapingPoint`. */
export type GpxRoutePointKind = 'via' | 'shaping';

/** An `<rtept>`. */
export interface GpxRoutePoint {
  readonly lon: number;
  readonly lat: number;
  readonly eleMeters?: number;
  readonly name?: string;
  /** Set only when the file says so (Garmin trp extensions). */
  readonly kind?: GpxRoutePointKind;
  /**
   * Garmin `gpxx:rpt` shape points under this route point, in file order: the path the planner
   * computed from this route point towards the next one, interleaved `[lon, lat, …]`.
   */
  readonly shape?: LonLatArray;
}

export interface GpxRoute {
  readonly name?: string;
  readonly desc?: string;
  readonly points: GpxRoutePoint[];
}

/** A `<trkseg>`: one unbroken run of recorded points. */
export interface GpxTrackSegment {
  /** Interleaved `[lon, lat, …]`; `coords.length / 2` points. */
  readonly coords: LonLatArray;
  /** One per point, NaN where a point had no `<ele>`; absent when no point had one. */
  readonly elevationsMeters?: Float32Array;
  /** Epoch milliseconds per point, NaN where a point had no `<time>`; absent when no point had one. */
  readonly timesMs?: Float64Array;
}

export interface GpxTrack {
  readonly name?: string;
  readonly desc?: string;
  /** In file order; segments stay separate (a recorder starts a new one after a pause or signal loss). */
  readonly segments: GpxTrackSegment[];
}
