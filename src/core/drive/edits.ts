/**
 * Edits of a drive as pure functions: each takes a drive and returns the next one (the same
 * object when nothing changed, so callers can skip saves and renders). Segment specs follow one
 * rule, applied by `withWaypoints`: a pair of waypoints that stays adjacent keeps its spec (unless
 * it was a fixed line whose end moved); a new pair inherits the router of the segment it replaces.
 */
import type { LonLat } from '../units';
import type { RouteProfile, RouterId } from '../routing/router';
import { AVOID_OPTIONS, newId, type AvoidOption, type Drive, type SegmentSpec, type Waypoint, type WaypointKind } from './drive';

function samePosition(a: LonLat, b: LonLat): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** Rebuilds segment specs for a new waypoint list, following the module rule. */
export function withWaypoints(drive: Drive, waypoints: readonly Waypoint[], now = Date.now()): Drive {
  const oldIndex = new Map<string, number>();
  drive.waypoints.forEach((w, i) => oldIndex.set(w.id, i));
  const segments: SegmentSpec[] = [];
  for (let j = 0; j + 1 < waypoints.length; j++) {
    const a = waypoints[j];
    const b = waypoints[j + 1];
    const ia = oldIndex.get(a.id);
    const ib = oldIndex.get(b.id);
    if (ia !== undefined && ib === ia + 1) {
      const spec = drive.segments[ia];
      const moved = !samePosition(drive.waypoints[ia].position, a.position) || !samePosition(drive.waypoints[ib].position, b.position);
      if (!(moved && spec.router === 'fixed')) {
        segments.push(spec);
        continue;
      }
    }
    const inherited = (ia !== undefined ? drive.segments[ia] : undefined) ?? (ib !== undefined ? drive.segments[ib - 1] : undefined);
    const router: RouterId = inherited && inherited.router !== 'fixed' ? inherited.router : drive.defaultRouter;
    segments.push({ router });
  }
  return { ...drive, waypoints, segments, updatedAt: now };
}

export function makeWaypoint(position: LonLat, kind: WaypointKind = 'via', name = ''): Waypoint {
  return { id: newId('w'), position: [position[0], position[1]], name, kind };
}

/** Appends a waypoint at the end of the drive. */
export function appendWaypoint(drive: Drive, position: LonLat, now = Date.now()): Drive {
  return withWaypoints(drive, [...drive.waypoints, makeWaypoint(position)], now);
}

/** Inserts a waypoint so that it becomes `waypoints[index]` (e.g. dragging the line of segment `index - 1`). */
export function insertWaypoint(drive: Drive, index: number, position: LonLat, kind: WaypointKind = 'via', now = Date.now()): Drive {
  const i = Math.max(0, Math.min(index, drive.waypoints.length));
  const next = drive.waypoints.slice();
  next.splice(i, 0, makeWaypoint(position, kind));
  return withWaypoints(drive, next, now);
}

export function moveWaypoint(drive: Drive, id: string, position: LonLat, now = Date.now()): Drive {
  const i = drive.waypoints.findIndex((w) => w.id === id);
  if (i < 0 || samePosition(drive.waypoints[i].position, position)) return drive;
  const next = drive.waypoints.slice();
  next[i] = { ...next[i], position: [position[0], position[1]] };
  return withWaypoints(drive, next, now);
}

export function deleteWaypoint(drive: Drive, id: string, now = Date.now()): Drive {
  if (!drive.waypoints.some((w) => w.id === id)) return drive;
  return withWaypoints(drive, drive.waypoints.filter((w) => w.id !== id), now);
}

/** Moves the waypoint at `from` so that it ends up at index `to`. */
export function reorderWaypoint(drive: Drive, from: number, to: number, now = Date.now()): Drive {
  const n = drive.waypoints.length;
  if (from === to || from < 0 || from >= n || to < 0 || to >= n) return drive;
  const next = drive.waypoints.slice();
  const [w] = next.splice(from, 1);
  next.splice(to, 0, w);
  return withWaypoints(drive, next, now);
}

export function updateWaypoint(drive: Drive, id: string, patch: Partial<Pick<Waypoint, 'name' | 'kind'>>, now = Date.now()): Drive {
  const i = drive.waypoints.findIndex((w) => w.id === id);
  if (i < 0) return drive;
  const w = drive.waypoints[i];
  if ((patch.name ?? w.name) === w.name && (patch.kind ?? w.kind) === w.kind) return drive;
  const waypoints = drive.waypoints.slice();
  waypoints[i] = { ...w, ...patch };
  return { ...drive, waypoints, updatedAt: now };
}

/** Sets the router of one segment (e.g. straight line for a gravel track). */
export function setSegmentRouter(drive: Drive, index: number, router: RouterId, now = Date.now()): Drive {
  const spec = drive.segments[index];
  if (!spec || (spec.router === router && !spec.gap)) return drive;
  const segments = drive.segments.slice();
  segments[index] = { router };
  return { ...drive, segments, updatedAt: now };
}

/** Sets the router for new segments and re-routes every routed (non-fixed, non-gap) segment with it. */
export function setDefaultRouter(drive: Drive, router: RouterId, now = Date.now()): Drive {
  if (drive.defaultRouter === router && drive.segments.every((s) => s.router === router || s.router === 'fixed' || s.gap)) return drive;
  const segments = drive.segments.map((s) => (s.router === 'fixed' || s.gap ? s : s.router === router ? s : { router }));
  return { ...drive, defaultRouter: router, segments, updatedAt: now };
}

export function renameDrive(drive: Drive, name: string, now = Date.now()): Drive {
  const trimmed = name.trim();
  if (!trimmed || trimmed === drive.name) return drive;
  return { ...drive, name: trimmed, updatedAt: now };
}

/** Reverses the drive's direction; fixed lines are re-routed since their geometry runs the other way. */
export function reverseDrive(drive: Drive, now = Date.now()): Drive {
  if (drive.waypoints.length < 2) return drive;
  const waypoints = drive.waypoints.slice().reverse();
  const segments = drive.segments.slice().reverse().map((s) => (s.router === 'fixed' ? { router: drive.defaultRouter, gap: s.gap } : s));
  return { ...drive, waypoints, segments, updatedAt: now };
}

/** Sets the routing profile (fastest, shortest, curvy, extra-curvy); routed segments get new keys and re-route. */
export function setProfile(drive: Drive, profile: RouteProfile, now = Date.now()): Drive {
  if (drive.profile === profile) return drive;
  return { ...drive, profile, updatedAt: now };
}

/** Sets what the local router avoids (order-insensitive). */
export function setAvoid(drive: Drive, avoid: readonly AvoidOption[], now = Date.now()): Drive {
  const next = AVOID_OPTIONS.filter((o) => avoid.includes(o));
  const current = drive.avoid ?? [];
  if (next.length === current.length && next.every((o, i) => o === current[i])) return drive;
  return { ...drive, avoid: next.length ? next : undefined, updatedAt: now };
}
