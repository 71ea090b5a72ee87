/**
 * The current (version 2) shape of every stored record, and the codec between records and model
 * objects. Records are the model objects plus a few storage fields; the codec strips those on the
 * way out so the app never sees them, and makes typed arrays safe to store on the way in.
 */
import { AVOID_OPTIONS } from '../core/drive/drive';
import type { Drive } from '../core/drive/drive';
import type { History } from '../core/drive/history';
import { HISTORY_LIMIT } from '../core/drive/history';
import type { SegmentRoute } from '../core/drive/segment-route';
import { segmentKeys } from '../core/drive/drive';

/** A drive as stored in the `drives` table. */
export interface DriveRecord extends Drive {
  /** Epoch ms when the drive was moved to the deleted list; `null` while it is live (null is not indexed). */
  readonly deletedAt: number | null;
  /** Total driven length for the drive list, or `null` when not all segments were routed at save time. */
  readonly distanceMeters: number | null;
}

/** A segment route as stored in the `routes` table: one record per segment, geometry as typed arrays. */
export interface RouteRecord extends SegmentRoute {
  /** Epoch ms of the last write. Unreferenced routes younger than the GC grace period survive garbage collection. */
  readonly savedAt: number;
}

/** The undo/redo stacks of one drive (table `history`, one record per drive). */
export interface HistoryRecord extends History {
  readonly driveId: string;
}

/** One user setting (table `settings`). */
export interface SettingRecord {
  readonly key: string;
  readonly value: unknown;
}

/** A stored record that failed validation and was left unused. */
export interface CorruptRecord {
  readonly table: 'drives' | 'routes' | 'history' | 'settings';
  readonly key: string;
  readonly reason: string;
}

/** The model fields of a drive record, without the storage fields. */
export function driveFromRecord(r: Drive): Drive {
  return {
    id: r.id, name: r.name, createdAt: r.createdAt, updatedAt: r.updatedAt,
    waypoints: r.waypoints, segments: r.segments, pois: r.pois,
    defaultRouter: r.defaultRouter, profile: r.profile,
    ...(Array.isArray(r.avoid) && r.avoid.length ? { avoid: r.avoid.filter((o) => AVOID_OPTIONS.includes(o)) } : {}),
  };
}

export function driveToRecord(drive: Drive, deletedAt: number | null, distanceMeters: number | null): DriveRecord {
  return { ...driveFromRecord(drive), deletedAt, distanceMeters };
}

/**
 * A typed array that owns exactly its buffer. Structured clone stores a view's *whole* buffer, so a
 * 5,000-vertex `subarray()` of a 100,000-vertex route would otherwise cost 20× the bytes on disk;
 * shared buffers cannot be stored at all.
 */
function compact<T extends Float64Array | Float32Array>(a: T): T {
  const ownsBuffer = a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength;
  return ownsBuffer ? a : (a.slice() as T);
}

export function routeToRecord(route: SegmentRoute, savedAt: number): RouteRecord {
  const record: RouteRecord = {
    key: route.key,
    madeBy: route.madeBy,
    coords: compact(route.coords),
    distanceMeters: route.distanceMeters,
    durationSeconds: route.durationSeconds,
    steps: route.steps,
    savedAt,
  };
  // Optional fields are left out rather than stored as undefined.
  if (route.elevationsMeters !== undefined) Object.assign(record, { elevationsMeters: compact(route.elevationsMeters) });
  if (route.fallbackReason !== undefined) Object.assign(record, { fallbackReason: route.fallbackReason });
  return record;
}

export function routeFromRecord(r: SegmentRoute): SegmentRoute {
  const route: SegmentRoute = {
    key: r.key, madeBy: r.madeBy, coords: r.coords,
    distanceMeters: r.distanceMeters, durationSeconds: r.durationSeconds, steps: r.steps,
  };
  if (r.elevationsMeters !== undefined) Object.assign(route, { elevationsMeters: r.elevationsMeters });
  if (r.fallbackReason !== undefined) Object.assign(route, { fallbackReason: r.fallbackReason });
  return route;
}

/** Caps both stacks at `HISTORY_LIMIT` (the oldest undo steps and the farthest redo steps go first). */
export function historyToRecord(driveId: string, history: History, limit = HISTORY_LIMIT): HistoryRecord {
  const past = history.past.length > limit ? history.past.slice(history.past.length - limit) : history.past;
  const future = history.future.length > limit ? history.future.slice(0, limit) : history.future;
  return { driveId, past: past.map(driveFromRecord), future: future.map(driveFromRecord) };
}

export function historyFromRecord(r: History): History {
  return { past: r.past.map(driveFromRecord), future: r.future.map(driveFromRecord) };
}

/**
 * Every route key a drive and its undo/redo snapshots point at, current drive first, without
 * duplicates or the empty key. These are the only routes `loadDrive` reads.
 */
export function referencedRouteKeys(drive: Drive, history?: History): string[] {
  const keys = new Set<string>();
  const add = (d: Drive) => {
    for (const k of segmentKeys(d)) if (k) keys.add(k);
  };
  add(drive);
  if (history) {
    for (const d of history.past) add(d);
    for (const d of history.future) add(d);
  }
  return [...keys];
}

/**
 * Driven length of a drive from a route cache: the sum of its non-gap segments' routes, or `null`
 * when any of them is not in `routes` yet. Pass it to `saveEdit` so the drive list can show it.
 */
export function driveDistanceMeters(drive: Drive, routes: ReadonlyMap<string, SegmentRoute>): number | null {
  const keys = segmentKeys(drive);
  let total = 0;
  for (let i = 0; i < keys.length; i++) {
    if (drive.segments[i].gap) continue;
    const route = routes.get(keys[i]);
    if (!route) return null;
    total += route.distanceMeters;
  }
  return total;
}
