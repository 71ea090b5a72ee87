/**
 * Runtime validation of what comes out of (and goes into) IndexedDB. Stored data outlives the code
 * that wrote it and can be damaged (a crash mid-upgrade, a bug in an older release, a user poking
 * at DevTools), so nothing read back is trusted: each check returns `null` when the value is a
 * well-formed model object, or a short English reason naming the first problem found.
 *
 * Checks are structural and cheap (no per-point allocation): a 5,000-vertex route costs one pass
 * over its typed array. OSRM steps are checked shallowly (an array of objects): they only feed
 * turn-by-turn text, whose builder tolerates missing fields.
 */
import type { Drive, Poi, SegmentSpec, Waypoint } from '../core/drive/drive';
import type { History } from '../core/drive/history';
import type { SegmentRoute } from '../core/drive/segment-route';

export const ROUTER_IDS: ReadonlySet<string> = new Set(['osrm', 'straight', 'local']);
export const ROUTE_PROFILES: ReadonlySet<string> = new Set(['fastest', 'shortest', 'curvy', 'extra-curvy']);
const WAYPOINT_KINDS: ReadonlySet<string> = new Set(['via', 'shaping']);

type Problem = string | null;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}

function optional(v: unknown, check: (v: unknown) => boolean): boolean {
  return v === undefined || check(v);
}

/** `[lon, lat]` in degrees, inside the WGS84 range. */
export function lonLatProblem(v: unknown): Problem {
  if (!Array.isArray(v) || v.length !== 2) return 'position is not a [lon, lat] pair';
  const [lon, lat] = v;
  if (!isFiniteNumber(lon) || !isFiniteNumber(lat)) return 'position has a non-numeric coordinate';
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return `position [${lon}, ${lat}] is outside WGS84 range`;
  return null;
}

function waypointProblem(v: unknown, i: number): Problem {
  if (!isObject(v)) return `waypoint ${i} is not an object`;
  const w = v as Partial<Record<keyof Waypoint, unknown>>;
  if (!isNonEmptyString(w.id)) return `waypoint ${i} has no id`;
  const p = lonLatProblem(w.position);
  if (p) return `waypoint ${i}: ${p}`;
  if (typeof w.name !== 'string') return `waypoint ${i} has no name string`;
  if (typeof w.kind !== 'string' || !WAYPOINT_KINDS.has(w.kind)) return `waypoint ${i} has an unknown kind`;
  return null;
}

function segmentProblem(v: unknown, i: number): Problem {
  if (!isObject(v)) return `segment ${i} is not an object`;
  const s = v as Partial<Record<keyof SegmentSpec, unknown>>;
  if (s.router === 'fixed') {
    if (!isNonEmptyString(s.fixedKey)) return `fixed segment ${i} has no fixedKey`;
  } else if (typeof s.router !== 'string' || !ROUTER_IDS.has(s.router)) {
    return `segment ${i} has an unknown router`;
  }
  if (!optional(s.gap, (g) => typeof g === 'boolean')) return `segment ${i} has a non-boolean gap flag`;
  return null;
}

function poiProblem(v: unknown, i: number): Problem {
  if (!isObject(v)) return `POI ${i} is not an object`;
  const p = v as Partial<Record<keyof Poi, unknown>>;
  if (!isNonEmptyString(p.id)) return `POI ${i} has no id`;
  const pos = lonLatProblem(p.position);
  if (pos) return `POI ${i}: ${pos}`;
  if (typeof p.name !== 'string') return `POI ${i} has no name string`;
  if (!optional(p.description, (d) => typeof d === 'string') || !optional(p.symbol, (d) => typeof d === 'string')) {
    return `POI ${i} has a non-string description or symbol`;
  }
  return null;
}

function listProblem(v: unknown, what: string, item: (v: unknown, i: number) => Problem): Problem {
  if (!Array.isArray(v)) return `${what} is not a list`;
  for (let i = 0; i < v.length; i++) {
    const p = item(v[i], i);
    if (p) return p;
  }
  return null;
}

/** Checks a `Drive` (the model fields only; extra fields are ignored). */
export function driveProblem(v: unknown): Problem {
  if (!isObject(v)) return 'drive is not an object';
  const d = v as Partial<Record<keyof Drive, unknown>>;
  if (!isNonEmptyString(d.id)) return 'drive has no id';
  if (typeof d.name !== 'string') return 'drive has no name string';
  if (!isFiniteNumber(d.createdAt) || !isFiniteNumber(d.updatedAt)) return 'drive has no valid createdAt/updatedAt';
  const problem = listProblem(d.waypoints, 'waypoints', waypointProblem)
    ?? listProblem(d.segments, 'segments', segmentProblem)
    ?? listProblem(d.pois, 'POIs', poiProblem);
  if (problem) return problem;
  const waypoints = d.waypoints as unknown[];
  const segments = d.segments as unknown[];
  if (segments.length !== Math.max(0, waypoints.length - 1)) {
    return `drive has ${segments.length} segments for ${waypoints.length} waypoints`;
  }
  if (typeof d.defaultRouter !== 'string' || !ROUTER_IDS.has(d.defaultRouter)) return 'drive has an unknown default router';
  if (typeof d.profile !== 'string' || !ROUTE_PROFILES.has(d.profile)) return 'drive has an unknown route profile';
  return null;
}

/** Checks a `SegmentRoute` (the model fields only; extra fields are ignored). */
export function segmentRouteProblem(v: unknown): Problem {
  if (!isObject(v)) return 'route is not an object';
  const r = v as Partial<Record<keyof SegmentRoute, unknown>>;
  if (!isNonEmptyString(r.key)) return 'route has no key';
  if (r.madeBy !== 'fixed' && !(typeof r.madeBy === 'string' && ROUTER_IDS.has(r.madeBy))) return 'route has an unknown maker';
  const coords = r.coords;
  if (!(coords instanceof Float64Array)) return 'route coordinates are not a Float64Array';
  if (coords.length < 4 || coords.length % 2 !== 0) return `route has ${coords.length} coordinate values (needs an even count, at least 2 vertices)`;
  for (let i = 0; i < coords.length; i += 2) {
    const lon = coords[i];
    const lat = coords[i + 1];
    // Written as negated ranges so NaN fails too.
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) return `route vertex ${i >> 1} is not a valid [lon, lat]`;
  }
  const ele = r.elevationsMeters;
  if (ele !== undefined) {
    if (!(ele instanceof Float32Array)) return 'route elevations are not a Float32Array';
    if (ele.length !== coords.length >> 1) return 'route has a different number of elevations and vertices';
  }
  if (!isFiniteNumber(r.distanceMeters) || r.distanceMeters < 0) return 'route has no valid distance';
  if (!isFiniteNumber(r.durationSeconds) || r.durationSeconds < 0) return 'route has no valid duration';
  if (!Array.isArray(r.steps) || !r.steps.every(isObject)) return 'route steps are not a list of objects';
  if (!optional(r.fallbackReason, (f) => typeof f === 'string')) return 'route fallback reason is not a string';
  return null;
}

/** Checks a `History`: both stacks are lists of valid drives. */
export function historyProblem(v: unknown): Problem {
  if (!isObject(v)) return 'history is not an object';
  const h = v as Partial<Record<keyof History, unknown>>;
  return listProblem(h.past, 'undo list', (d, i) => {
    const p = driveProblem(d);
    return p && `undo step ${i}: ${p}`;
  }) ?? listProblem(h.future, 'redo list', (d, i) => {
    const p = driveProblem(d);
    return p && `redo step ${i}: ${p}`;
  });
}
