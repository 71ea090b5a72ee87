/**
 * OSRM `/route/v1` JSON ⇄ `RouteResult`.
 *
 * `parseOsrmRoute` validates an untrusted response and takes its first route:
 * - Geometry: when every step carries a geometry, their concatenation (each step starts on the
 *   previous step's last vertex, which is kept once). Step geometries are always full resolution,
 *   while the overview may be `simplified` (OSRM's default: the recorded Ajaccio response has 26
 *   overview vertices against 170 in its steps), and the concatenation gives exact leg ranges.
 *   Without step geometries (`steps=false`), the overview (`polyline`/`polyline6` string or
 *   GeoJSON LineString).
 * - Leg vertex ranges (`firstVertex`/`lastVertex`) over an overview geometry: each leg ends at the
 *   vertex nearest the next snapped waypoint (a snapped waypoint is a vertex of OSRM's geometry,
 *   up to polyline rounding); when several vertices are about as near (a road driven out and
 *   back, a curb approach that passes the waypoint and returns), the one whose distance along the
 *   line best matches the sum of the legs' `distance` wins.
 * - Steps are kept as `OsrmStep` with only the fields of the OSRM spec: step geometries are
 *   dropped (the route geometry already holds every vertex, and the strings would roughly double
 *   what the route cache stores), and so are leg `annotation`s and vendor extras such as Valhalla's
 *   `voiceInstructions`, `bannerInstructions` and `speedLimitSign`.
 * - `snappedWaypoints` come from `waypoints[].location`; if the response lacks them (or their
 *   count does not match the legs), from the legs' end vertices.
 *
 * Failures are `RoutingError`s: `no-route` for `NoRoute`/`NoSegment`, `bad-response` (with the
 * server's message) for any other code and for anything malformed.
 */
import { cumulativeMeters, segmentMeters } from '../geometry/earth';
import { meters, seconds, type LonLat, type LonLatArray } from '../units';
import type { OsrmIntersection, OsrmLane, OsrmLeg, OsrmManeuver, OsrmManeuverType, OsrmModifier, OsrmRouteResponse, OsrmStep, OsrmWaypoint } from './osrm-types';
import { decodePolyline, polylineVertexCount, type PolylinePrecision } from './polyline';
import { RoutingError, type RouteLeg, type RouteResult, type RouterId } from './router';

export interface ParseOsrmOptions {
  /** Precision of the response's encoded polylines: 5 for `geometries=polyline`, 6 for `polyline6`. */
  precision: PolylinePrecision;
  /** The router the result is attributed to; default `osrm`. */
  router?: RouterId;
}

/** An OSRM error body: `{"code": "NoRoute", "message": "Impossible route between points"}`. */
export interface OsrmFailure {
  code: string;
  message?: string;
}

/** A snapped waypoint may sit up to ~0.8 m off its polyline5 vertex; vertices this much farther than the nearest still count as "at" the waypoint. */
const WAYPOINT_MATCH_TOLERANCE_METERS = 2;

type Json = Record<string, unknown>;
type RawGeometry = unknown;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function bad(detail: string): RoutingError {
  return new RoutingError('bad-response', `The routing server sent a response that is not a usable OSRM route (${detail}). Try again, or choose another router in Settings.`);
}

/** The `code` and `message` of a response whose `code` is not `Ok`; undefined otherwise. */
export function readOsrmFailure(json: unknown): OsrmFailure | undefined {
  if (!isRecord(json) || typeof json.code !== 'string' || json.code === 'Ok') return undefined;
  return typeof json.message === 'string' && json.message !== '' ? { code: json.code, message: json.message } : { code: json.code };
}

/** What an OSRM failure means for the user: `no-route` for `NoRoute`/`NoSegment`, `bad-response` for any other code. */
export function routingErrorForOsrmFailure(failure: OsrmFailure, status?: number): RoutingError {
  const server = failure.message ? ` The server said: "${failure.message}".` : '';
  if (failure.code === 'NoRoute') {
    return new RoutingError('no-route', `No road route connects these waypoints.${server} Move a waypoint onto a road that connects, or draw this part as a straight line.`, status);
  }
  if (failure.code === 'NoSegment') {
    return new RoutingError('no-route', `A waypoint is too far from any road the router knows.${server} Move it closer to a road, or draw this part as a straight line.`, status);
  }
  return new RoutingError('bad-response', `The routing server refused the request with code "${failure.code}".${server} Try again, or choose another router in Settings.`, status);
}

/** Validates an OSRM `/route/v1` response and converts its first route. See the module comment. */
export function parseOsrmRoute(json: unknown, options: ParseOsrmOptions): RouteResult {
  if (!isRecord(json)) throw bad(`expected a JSON object, got ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`);
  if (json.code !== undefined && typeof json.code !== 'string') throw bad('"code" is not a string');
  const failure = readOsrmFailure(json);
  if (failure) throw routingErrorForOsrmFailure(failure);

  const routes = json.routes;
  if (!Array.isArray(routes)) throw bad('it has no "routes" list');
  if (routes.length === 0) {
    throw new RoutingError('no-route', 'The routing server found no route between these waypoints. Move a waypoint onto a road that connects, or draw this part as a straight line.');
  }
  const route = routes[0];
  if (!isRecord(route)) throw bad('routes[0] is not an object');
  if (!isFiniteNumber(route.distance) || route.distance < 0) throw bad('the route has no valid "distance"');
  if (!isFiniteNumber(route.duration) || route.duration < 0) throw bad('the route has no valid "duration"');
  if (!Array.isArray(route.legs) || route.legs.length === 0) throw bad('the route has no legs');

  const stepGeometries: RawGeometry[][] = [];
  const legs: OsrmLeg[] = route.legs.map((raw, legIndex) => parseLeg(raw, legIndex, (stepGeometries[legIndex] = [])));

  let coords: LonLatArray;
  let legRanges: Array<[first: number, last: number]>;
  const overview = route.geometry ?? undefined;
  if (overview === undefined || stepGeometries.every((geometries) => geometries.length > 0 && geometries.every(isGeometry))) {
    ({ coords, legRanges } = concatenateStepGeometries(stepGeometries, options.precision));
  } else {
    coords = decodeGeometry(overview, options.precision, 'the route geometry');
    if (coords.length < 2) throw bad('the route geometry is empty');
    legRanges = splitAtWaypoints(coords, legs, legEndTargets(json.waypoints, legs));
  }

  const routeLegs: RouteLeg[] = legs.map((leg, i) => ({ ...leg, firstVertex: legRanges[i][0], lastVertex: legRanges[i][1] }));
  return {
    router: options.router ?? 'osrm',
    distanceMeters: meters(route.distance),
    durationSeconds: seconds(route.duration),
    coords,
    legs: routeLegs,
    snappedWaypoints: readWaypoints(json.waypoints, legs.length) ?? waypointsFromLegs(coords, legRanges),
  };
}

function parseLeg(raw: unknown, legIndex: number, geometries: RawGeometry[]): OsrmLeg {
  const where = `leg ${legIndex + 1}`;
  if (!isRecord(raw)) throw bad(`${where} is not an object`);
  if (!isFiniteNumber(raw.distance) || !isFiniteNumber(raw.duration)) throw bad(`${where} has no valid distance or duration`);
  if (raw.steps !== undefined && !Array.isArray(raw.steps)) throw bad(`${where} has a "steps" field that is not a list`);
  const rawSteps: unknown[] = raw.steps ?? [];
  const steps = rawSteps.map((step, i) => parseStep(step, `step ${i + 1} of ${where}`, geometries));
  const leg: OsrmLeg = { distance: raw.distance, duration: raw.duration, summary: typeof raw.summary === 'string' ? raw.summary : '', steps };
  if (isFiniteNumber(raw.weight)) leg.weight = raw.weight;
  return leg;
}

function parseStep(raw: unknown, where: string, geometries: RawGeometry[]): OsrmStep {
  if (!isRecord(raw)) throw bad(`${where} is not an object`);
  if (!isFiniteNumber(raw.distance) || !isFiniteNumber(raw.duration)) throw bad(`${where} has no valid distance or duration`);
  const step: OsrmStep = {
    distance: raw.distance,
    duration: raw.duration,
    name: typeof raw.name === 'string' ? raw.name : '',
    mode: typeof raw.mode === 'string' ? raw.mode : 'driving',
    maneuver: parseManeuver(raw.maneuver, where),
  };
  if (isFiniteNumber(raw.weight)) step.weight = raw.weight;
  if (typeof raw.ref === 'string') step.ref = raw.ref;
  if (typeof raw.destinations === 'string') step.destinations = raw.destinations;
  if (typeof raw.exits === 'string') step.exits = raw.exits;
  if (typeof raw.rotary_name === 'string') step.rotary_name = raw.rotary_name;
  if (raw.driving_side === 'left' || raw.driving_side === 'right') step.driving_side = raw.driving_side;
  if (Array.isArray(raw.intersections)) {
    const intersections: OsrmIntersection[] = [];
    for (const item of raw.intersections) {
      const intersection = parseIntersection(item);
      if (intersection) intersections.push(intersection);
    }
    step.intersections = intersections;
  }
  geometries.push(raw.geometry);
  return step;
}

function parseManeuver(raw: unknown, where: string): OsrmManeuver {
  if (!isRecord(raw)) throw bad(`${where} has no maneuver`);
  if (typeof raw.type !== 'string' || raw.type === '') throw bad(`${where} has a maneuver without a type`);
  const location = readLonLat(raw.location);
  if (!location) throw bad(`${where} has a maneuver without a valid location`);
  const maneuver: OsrmManeuver = {
    location,
    bearing_before: isFiniteNumber(raw.bearing_before) ? raw.bearing_before : 0,
    bearing_after: isFiniteNumber(raw.bearing_after) ? raw.bearing_after : 0,
    // Unknown types are kept: the OSRM spec says clients treat them as `turn`.
    type: raw.type as OsrmManeuverType,
  };
  if (typeof raw.modifier === 'string') maneuver.modifier = raw.modifier as OsrmModifier;
  if (isFiniteNumber(raw.exit)) maneuver.exit = raw.exit;
  return maneuver;
}

/** Intersections only decorate a step; a malformed one is dropped rather than failing the route. */
function parseIntersection(raw: unknown): OsrmIntersection | undefined {
  if (!isRecord(raw)) return undefined;
  const location = readLonLat(raw.location);
  if (!location || !Array.isArray(raw.bearings) || !Array.isArray(raw.entry)) return undefined;
  const intersection: OsrmIntersection = {
    location,
    bearings: raw.bearings.filter(isFiniteNumber),
    entry: raw.entry.map((e) => e === true),
  };
  if (isFiniteNumber(raw.in)) intersection.in = raw.in;
  if (isFiniteNumber(raw.out)) intersection.out = raw.out;
  if (Array.isArray(raw.classes)) intersection.classes = raw.classes.filter((c): c is string => typeof c === 'string');
  if (Array.isArray(raw.lanes)) {
    const lanes: OsrmLane[] = [];
    for (const lane of raw.lanes) {
      if (isRecord(lane) && Array.isArray(lane.indications)) {
        lanes.push({ indications: lane.indications.filter((s): s is string => typeof s === 'string'), valid: lane.valid === true });
      }
    }
    intersection.lanes = lanes;
  }
  return intersection;
}

function readLonLat(raw: unknown): LonLat | undefined {
  if (!Array.isArray(raw) || raw.length < 2) return undefined;
  const lon = raw[0];
  const lat = raw[1];
  if (!isFiniteNumber(lon) || !isFiniteNumber(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) return undefined;
  return [lon, lat];
}

/** Whether `raw` has the shape of a geometry (its content is validated when decoded). */
function isGeometry(raw: unknown): boolean {
  return typeof raw === 'string' || (isRecord(raw) && Array.isArray(raw.coordinates));
}

function decodeGeometry(raw: unknown, precision: PolylinePrecision, what: string): LonLatArray {
  if (typeof raw === 'string') return decodePolyline(raw, precision);
  if (isRecord(raw) && raw.type === 'LineString' && Array.isArray(raw.coordinates)) {
    const positions = raw.coordinates;
    const coords = new Float64Array(positions.length * 2);
    for (let i = 0; i < positions.length; i++) {
      const position = readLonLat(positions[i]);
      if (!position) throw bad(`position ${i} of ${what} is not a valid [lon, lat]`);
      coords[2 * i] = position[0];
      coords[2 * i + 1] = position[1];
    }
    return coords;
  }
  throw bad(`${what} is neither an encoded polyline nor a GeoJSON LineString`);
}

/** Builds the route geometry of an `overview=false` response from its step geometries. */
function concatenateStepGeometries(stepGeometries: RawGeometry[][], precision: PolylinePrecision): { coords: LonLatArray; legRanges: Array<[number, number]> } {
  let capacity = 0;
  for (let leg = 0; leg < stepGeometries.length; leg++) {
    const geometries = stepGeometries[leg];
    if (geometries.length === 0) throw bad('it has neither an overview geometry nor steps; request overview=full');
    for (let s = 0; s < geometries.length; s++) {
      const g = geometries[s];
      if (typeof g === 'string') capacity += polylineVertexCount(g);
      else if (isRecord(g) && Array.isArray(g.coordinates)) capacity += g.coordinates.length;
      else throw bad(`step ${s + 1} of leg ${leg + 1} has no geometry and there is no overview geometry; request overview=full`);
    }
  }
  const coords = new Float64Array(capacity * 2);
  const legRanges: Array<[number, number]> = [];
  let count = 0;
  for (let leg = 0; leg < stepGeometries.length; leg++) {
    let first = -1;
    for (let s = 0; s < stepGeometries[leg].length; s++) {
      const part = decodeGeometry(stepGeometries[leg][s], precision, `the geometry of step ${s + 1} of leg ${leg + 1}`);
      if (part.length === 0) continue;
      // Leading vertices equal to the last one kept: the join, and zero-length steps such as
      // Valhalla's two-vertex `arrive` ([P, P]).
      let skip = 0;
      while (count > 0 && skip < part.length && part[skip] === coords[2 * count - 2] && part[skip + 1] === coords[2 * count - 1]) skip += 2;
      if (first < 0) first = skip > 0 ? count - 1 : count;
      coords.set(skip === 0 ? part : part.subarray(skip), 2 * count);
      count += (part.length - skip) >> 1;
    }
    if (first < 0) throw bad(`the steps of leg ${leg + 1} have empty geometries`);
    legRanges.push([first, count - 1]);
  }
  if (count < 1) throw bad('the step geometries are empty');
  return { coords: count * 2 === coords.length ? coords : coords.slice(0, count * 2), legRanges };
}

/** Where each leg but the last should end: the next snapped waypoint, else the leg's arrive maneuver. */
function legEndTargets(rawWaypoints: unknown, legs: OsrmLeg[]): Array<LonLat | undefined> {
  const waypoints = readWaypoints(rawWaypoints, legs.length);
  const targets: Array<LonLat | undefined> = [];
  for (let k = 0; k < legs.length - 1; k++) {
    const steps = legs[k].steps;
    targets.push(waypoints ? waypoints[k + 1] : steps.length > 0 ? steps[steps.length - 1].maneuver.location : undefined);
  }
  return targets;
}

function splitAtWaypoints(coords: LonLatArray, legs: OsrmLeg[], targets: Array<LonLat | undefined>): Array<[number, number]> {
  const n = coords.length >> 1;
  if (legs.length === 1) return [[0, n - 1]];
  const along = cumulativeMeters(coords);
  let legSum = 0;
  for (const leg of legs) legSum += leg.distance;
  // Our distances and the server's differ by a fraction of a percent (earth model, rounding);
  // scaling the server's leg distances to our line length cancels that drift.
  const scale = legSum > 0 ? along[n - 1] / legSum : 0;

  const ranges: Array<[number, number]> = [];
  let start = 0;
  let legEndMeters = 0;
  for (let k = 0; k < legs.length - 1; k++) {
    legEndMeters += legs[k].distance;
    const expectedAlong = legEndMeters * scale;
    const target = targets[k];
    let nearest = Infinity;
    if (target) {
      for (let i = start; i < n; i++) {
        const d = segmentMeters(coords[2 * i], coords[2 * i + 1], target[0], target[1]);
        if (d < nearest) nearest = d;
      }
    }
    let end = start;
    let bestMismatch = Infinity;
    for (let i = start; i < n; i++) {
      if (target && segmentMeters(coords[2 * i], coords[2 * i + 1], target[0], target[1]) > nearest + WAYPOINT_MATCH_TOLERANCE_METERS) continue;
      const mismatch = Math.abs(along[i] - expectedAlong);
      if (mismatch < bestMismatch) {
        bestMismatch = mismatch;
        end = i;
      }
    }
    ranges.push([start, end]);
    start = end;
  }
  ranges.push([start, n - 1]);
  return ranges;
}

function readWaypoints(raw: unknown, legCount: number): LonLat[] | undefined {
  if (!Array.isArray(raw) || raw.length !== legCount + 1) return undefined;
  const out: LonLat[] = [];
  for (const waypoint of raw) {
    const location = isRecord(waypoint) ? readLonLat(waypoint.location) : undefined;
    if (!location) return undefined;
    out.push(location);
  }
  return out;
}

function waypointsFromLegs(coords: LonLatArray, ranges: Array<[number, number]>): LonLat[] {
  const out: LonLat[] = ranges.map(([first]) => [coords[2 * first], coords[2 * first + 1]]);
  const last = ranges[ranges.length - 1][1];
  out.push([coords[2 * last], coords[2 * last + 1]]);
  return out;
}

/** Rounds to 1e-6° (~0.1 m), the precision Switchback stores and exports. */
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * The OSRM JSON of a `RouteResult` (GeoJSON LineString geometry, coordinates at 1e-6°), as
 * `/route/v1?geometries=geojson` would answer. Steps carry no geometry of their own. Waypoint
 * names are the names of the roads the legs start and end on.
 */
export function toOsrmRouteResponse(result: RouteResult): OsrmRouteResponse {
  const n = result.coords.length >> 1;
  const coordinates: number[][] = new Array(n);
  for (let i = 0; i < n; i++) coordinates[i] = [round6(result.coords[2 * i]), round6(result.coords[2 * i + 1])];
  const legs: OsrmLeg[] = result.legs.map((leg) => {
    const out: OsrmLeg = { distance: leg.distance, duration: leg.duration, summary: leg.summary, steps: leg.steps };
    if (leg.weight !== undefined) out.weight = leg.weight;
    if (leg.annotation !== undefined) out.annotation = leg.annotation;
    return out;
  });
  const waypoints: OsrmWaypoint[] = result.snappedWaypoints.map((location, i) => {
    const leg = result.legs[Math.min(i, result.legs.length - 1)];
    const step = leg && leg.steps.length > 0 ? leg.steps[i < result.legs.length ? 0 : leg.steps.length - 1] : undefined;
    return { name: step ? step.name : '', location: [round6(location[0]), round6(location[1])] };
  });
  return {
    code: 'Ok',
    routes: [{ distance: result.distanceMeters, duration: result.durationSeconds, geometry: { type: 'LineString', coordinates }, legs }],
    waypoints,
  };
}
