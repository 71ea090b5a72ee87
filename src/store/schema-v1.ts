/**
 * Database version 1: what the naive first release stored, and its conversion to version 2.
 *
 * Why this is still here: IndexedDB upgrades run in the browser of every user who still has a
 * version-1 database, at the moment they first open a newer Switchback. Dexie needs the v1 table
 * declaration to know the tables it upgrades from, and the upgrade needs the v1 record shape to
 * read it. Remove neither while any user might still hold a v1 database.
 *
 * Version 1 kept each drive as one record with its routed geometry inline: every leg carried its
 * polyline as nested `[lon, lat]` (or `[lon, lat, ele]`) arrays, waypoints were bare `{lon, lat}`
 * objects without ids, there was no soft delete, no undo history, and settings used older keys.
 * Nested arrays cost one JS array per point to write and to read (about 3× slower than one typed
 * array, see docs/performance.md) and made every autosave rewrite every leg's geometry.
 */
import type { Dexie } from 'dexie';
import type { OsrmStep } from '../core/routing/osrm-types';
import type { RouteProfile, RouterId } from '../core/routing/router';
import type { SegmentSpec, Waypoint, Poi, Drive } from '../core/drive/drive';
import { segmentKey } from '../core/drive/drive';
import { lineLengthMeters } from '../core/geometry/earth';
import type { DriveRecord, RouteRecord } from './records';
import { ROUTE_PROFILES, ROUTER_IDS, driveProblem, segmentRouteProblem } from './record-validation';
import type { DistanceUnits } from './settings';

/** Version 1 table declaration (Dexie `stores()` syntax), exactly as release 1 shipped it. */
export const SCHEMA_V1 = {
  drives: 'id, updatedAt',
  settings: 'key',
} as const;

export function declareSchemaV1(db: Dexie): void {
  db.version(1).stores(SCHEMA_V1);
}

export interface WaypointV1 {
  lon: number;
  lat: number;
  name?: string;
  /** Release 1 only knew via points and shaping points as a flag. */
  shaping?: boolean;
}

export interface LegV1 {
  /** `imported` was release 1's name for a fixed line that came with a GPX. */
  router: RouterId | 'imported';
  /** Routed polyline, `[[lon, lat], …]` or `[[lon, lat, ele], …]`; `null` when the leg was never routed. */
  geometry: number[][] | null;
  /** Metres. */
  distance?: number;
  /** Seconds. */
  duration?: number;
  steps?: OsrmStep[];
  /** Set when a straight line stood in for a failed router. */
  fallback?: string;
  gap?: boolean;
}

export interface PoiV1 {
  id?: string;
  lon: number;
  lat: number;
  name?: string;
  desc?: string;
  sym?: string;
}

export interface DriveRecordV1 {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  waypoints: WaypointV1[];
  /** `legs[i]` joins `waypoints[i]` and `waypoints[i + 1]`. */
  legs: LegV1[];
  pois?: PoiV1[];
  router?: RouterId;
  profile?: RouteProfile;
}

/** Version-1 setting keys and how each maps to a version-2 key and value (`undefined` drops it). */
export const SETTINGS_V1_TO_V2: Record<string, { key: string; value: (v: unknown) => unknown }> = {
  basemap: { key: 'basemapStyleUrl', value: (v) => v },
  osrmUrl: { key: 'osrmBaseUrl', value: (v) => v },
  units: { key: 'distanceUnits', value: (v): DistanceUnits | undefined => (v === 'metric' ? 'km' : v === 'imperial' ? 'mi' : undefined) },
  lastDrive: { key: 'lastOpenedDriveId', value: (v) => v },
};

/** The key under which a v1 imported leg's geometry is stored; stable so a re-run upgrade finds the same record. */
export function fixedKeyFromV1(driveId: string, legIndex: number): string {
  return `fixed|v1|${driveId}|${legIndex}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Nested points to interleaved `[lon, lat, …]`, plus elevations when every point has one.
 * Returns `null` for fewer than two points or any invalid coordinate: that leg is then simply
 * re-routed after the upgrade rather than failing the whole drive.
 */
export function nestedToTypedArrays(points: unknown): { coords: Float64Array; elevationsMeters?: Float32Array } | null {
  if (!Array.isArray(points) || points.length < 2) return null;
  const coords = new Float64Array(points.length * 2);
  const ele = new Float32Array(points.length);
  let allHaveEle = true;
  for (let i = 0; i < points.length; i++) {
    const p: unknown = points[i];
    if (!Array.isArray(p) || p.length < 2) return null;
    const lon: unknown = p[0];
    const lat: unknown = p[1];
    // Negated ranges so NaN is rejected too.
    if (typeof lon !== 'number' || typeof lat !== 'number' || !(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) return null;
    coords[2 * i] = lon;
    coords[2 * i + 1] = lat;
    const e: unknown = p[2];
    if (typeof e === 'number' && Number.isFinite(e)) ele[i] = e;
    else allHaveEle = false;
  }
  return allHaveEle ? { coords, elevationsMeters: ele } : { coords };
}

const finiteOr = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback);

export type DriveV1Conversion =
  | { ok: true; drive: DriveRecord; routes: RouteRecord[] }
  | { ok: false; reason: string };

/**
 * Converts one version-1 drive record to a version-2 drive record plus one route record per leg
 * that had usable geometry, keyed so that `segmentKey(drive, i)` finds it. Pure; `savedAt` stamps
 * the route records. A record that cannot be converted yields a reason and is left as it is.
 */
export function convertDriveV1(value: unknown, savedAt: number): DriveV1Conversion {
  if (!isObject(value)) return { ok: false, reason: 'not an object' };
  const v1 = value as Partial<DriveRecordV1>;
  if (typeof v1.id !== 'string' || !v1.id) return { ok: false, reason: 'no id' };
  if (!Array.isArray(v1.waypoints) || !Array.isArray(v1.legs)) return { ok: false, reason: 'no waypoint or leg list' };
  if (v1.legs.length !== Math.max(0, v1.waypoints.length - 1)) {
    return { ok: false, reason: `${v1.legs.length} legs for ${v1.waypoints.length} waypoints` };
  }
  const defaultRouter: RouterId = typeof v1.router === 'string' && ROUTER_IDS.has(v1.router) ? v1.router : 'osrm';
  const profile: RouteProfile = typeof v1.profile === 'string' && ROUTE_PROFILES.has(v1.profile) ? v1.profile : 'fastest';

  const waypoints: Waypoint[] = v1.waypoints.map((w, i) => ({
    id: `v1w${i}`,
    position: [w?.lon, w?.lat] as unknown as readonly [number, number],
    name: typeof w?.name === 'string' ? w.name : '',
    kind: w?.shaping === true ? 'shaping' : 'via',
  }));
  const pois: Poi[] = (Array.isArray(v1.pois) ? v1.pois : []).map((p, i) => {
    const poi: Poi = { id: typeof p?.id === 'string' && p.id ? p.id : `v1p${i}`, position: [p?.lon, p?.lat] as unknown as readonly [number, number], name: typeof p?.name === 'string' ? p.name : '' };
    if (typeof p?.desc === 'string') Object.assign(poi, { description: p.desc });
    if (typeof p?.sym === 'string') Object.assign(poi, { symbol: p.sym });
    return poi;
  });

  // Geometry first: an imported leg without usable geometry cannot stay fixed and is re-routed.
  const lines = v1.legs.map((leg) => (isObject(leg) ? nestedToTypedArrays(leg.geometry) : null));
  const segments: SegmentSpec[] = v1.legs.map((leg, i) => {
    const gap = isObject(leg) && leg.gap === true ? { gap: true } : {};
    const router: unknown = isObject(leg) ? leg.router : undefined;
    if (router === 'imported' && lines[i]) return { router: 'fixed', fixedKey: fixedKeyFromV1(v1.id as string, i), ...gap };
    return { router: typeof router === 'string' && ROUTER_IDS.has(router) ? (router as RouterId) : defaultRouter, ...gap };
  });

  const createdAt = finiteOr(v1.createdAt, savedAt);
  const drive: Drive = {
    id: v1.id, name: typeof v1.name === 'string' ? v1.name : '', createdAt, updatedAt: finiteOr(v1.updatedAt, createdAt),
    waypoints, segments, pois, defaultRouter, profile,
  };
  const problem = driveProblem(drive);
  if (problem) return { ok: false, reason: problem };

  const routes: RouteRecord[] = [];
  let distanceMeters: number | null = 0;
  for (let i = 0; i < v1.legs.length; i++) {
    const leg = v1.legs[i];
    const line = lines[i];
    if (!line) {
      if (!segments[i].gap) distanceMeters = null;
      continue;
    }
    const fallbackReason = typeof leg.fallback === 'string' ? leg.fallback : undefined;
    const madeBy = segments[i].router === 'fixed' ? 'fixed' : fallbackReason !== undefined ? 'straight' : segments[i].router;
    const route: RouteRecord = {
      key: segmentKey(drive, i),
      madeBy: madeBy as RouteRecord['madeBy'],
      coords: line.coords,
      distanceMeters: finiteOr(leg.distance, lineLengthMeters(line.coords)),
      durationSeconds: finiteOr(leg.duration, 0),
      steps: Array.isArray(leg.steps) && leg.steps.every(isObject) ? leg.steps : [],
      savedAt,
    };
    if (line.elevationsMeters) Object.assign(route, { elevationsMeters: line.elevationsMeters });
    if (fallbackReason !== undefined) Object.assign(route, { fallbackReason });
    const routeProblem = segmentRouteProblem(route);
    if (routeProblem) return { ok: false, reason: `leg ${i}: ${routeProblem}` };
    routes.push(route);
    if (distanceMeters !== null && !segments[i].gap) distanceMeters += route.distanceMeters;
  }
  return { ok: true, drive: { ...drive, deletedAt: null, distanceMeters }, routes };
}
