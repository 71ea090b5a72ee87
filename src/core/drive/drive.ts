/**
 * The drive model. A drive is an ordered list of waypoints; between each consecutive pair sits a
 * segment that says *how* to get from one to the next (which router, or a fixed imported line).
 * Routed geometry is not part of the drive: it lives in a content-addressed route cache keyed by
 * `segmentKey()`, so drive states are small (cheap undo snapshots), and a saved drive reopens with
 * its geometry without asking any router again.
 *
 * Drive values are immutable: edits return new objects and share what did not change.
 */
import type { LonLat } from '../units';
import type { RouteProfile, RouterId } from '../routing/router';

/** How a waypoint behaves on a navigation device: a via is announced, a shaping point only steers. */
export type WaypointKind = 'via' | 'shaping';

export interface Waypoint {
  /** Stable id, unique within the drive; map features and list rows key on it. */
  readonly id: string;
  readonly position: LonLat;
  readonly name: string;
  readonly kind: WaypointKind;
}

/**
 * How the stretch from `waypoints[i]` to `waypoints[i + 1]` is made.
 * - a `RouterId`: computed by that router (the result is cached by `segmentKey`);
 * - `fixed`: a line that came with the drive (an imported track or a route's shape points),
 *   stored in the route cache under `fixedKey`; moving either end turns it back into a routed segment.
 */
export interface SegmentSpec {
  readonly router: RouterId | 'fixed';
  readonly fixedKey?: string;
  /** A pen-up gap (e.g. between two recorded track segments): drawn dashed, not driven, not exported as track. */
  readonly gap?: boolean;
}

/** A point of interest carried by the drive (imported GPX `<wpt>`, planned stop); not routed through. */
export interface Poi {
  readonly id: string;
  readonly position: LonLat;
  readonly name: string;
  readonly description?: string;
  readonly symbol?: string;
}

export interface Drive {
  readonly id: string;
  readonly name: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  /** Epoch milliseconds of the last edit. */
  readonly updatedAt: number;
  readonly waypoints: readonly Waypoint[];
  /** `segments.length === max(0, waypoints.length - 1)`. */
  readonly segments: readonly SegmentSpec[];
  readonly pois: readonly Poi[];
  /** Router used for segments created by new edits. */
  readonly defaultRouter: RouterId;
  readonly profile: RouteProfile;
  /** Road kinds the local router avoids (sorted); absent means none. */
  readonly avoid?: readonly AvoidOption[];
}

export type AvoidOption = 'motorway' | 'unpaved' | 'ferry' | 'toll';
export const AVOID_OPTIONS: readonly AvoidOption[] = ['motorway', 'unpaved', 'ferry', 'toll'];

let idCounter = 0;
/** A short unique id (time + counter + random), good enough for client-side records. */
export function newId(prefix = ''): string {
  idCounter = (idCounter + 1) % 1_679_616;
  return prefix + Date.now().toString(36) + idCounter.toString(36).padStart(4, '0') + Math.floor(Math.random() * 1_679_616).toString(36).padStart(4, '0');
}

export function createDrive(name: string, now = Date.now(), defaultRouter: RouterId = 'osrm'): Drive {
  return { id: newId('d'), name, createdAt: now, updatedAt: now, waypoints: [], segments: [], pois: [], defaultRouter, profile: 'fastest' };
}

/** Positions are keyed at 1e-6° (~0.1 m), the precision we export and store. */
export function positionKey(p: LonLat): string {
  return `${p[0].toFixed(6)},${p[1].toFixed(6)}`;
}

/**
 * The route-cache key of segment `i`: the same endpoints with the same router and profile always
 * map to the same geometry, so undo, redo, duplicate and reload reuse it without a request.
 */
export function segmentKey(drive: Drive, i: number): string {
  const spec = drive.segments[i];
  if (spec.router === 'fixed') return spec.fixedKey ?? '';
  const from = drive.waypoints[i].position;
  const to = drive.waypoints[i + 1].position;
  const profile = spec.router === 'straight' ? '' : drive.profile;
  // The OSRM server takes no profile or avoid options; the local router honours both.
  const avoid = spec.router === 'local' && drive.avoid && drive.avoid.length ? `!${drive.avoid.join(',')}` : '';
  return `${spec.router}|${profile}${avoid}|${positionKey(from)}|${positionKey(to)}`;
}

export function segmentKeys(drive: Drive): string[] {
  const keys: string[] = new Array(drive.segments.length);
  for (let i = 0; i < drive.segments.length; i++) keys[i] = segmentKey(drive, i);
  return keys;
}
