/**
 * The router that always answers: great-circle lines between the waypoints. It draws segments
 * the user asked to keep straight (a ferry crossing, an off-road stage) and stands in when a real
 * router fails.
 *
 * Each leg is densified every ~1 km along the great circle, so a long line follows the curve the
 * map projection gives it instead of a chord. Leg distance is the haversine distance; duration
 * assumes a constant speed. Each leg has a `depart` and an `arrive` step with true bearings, so
 * turn-by-turn text reads "Head northeast" … "You have arrived at your destination".
 */
import { EARTH_RADIUS_METERS, haversineMeters } from '../geometry/earth';
import { meters, seconds, type LonLat } from '../units';
import type { OsrmStep } from './osrm-types';
import { RoutingError, type RouteLeg, type RouteRequest, type RouteResult, type Router } from './router';

export interface StraightLineRouterOptions {
  /** Assumed travel speed; default 50 km/h. */
  speedKmh?: number;
  /** Longest distance between two vertices of the densified line; default 1000 m. */
  densifyMeters?: number;
}

const RAD = Math.PI / 180;

/** Initial great-circle bearing from the first position to the second, in degrees [0, 360). */
export function initialBearingDegrees(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const phi1 = lat1 * RAD;
  const phi2 = lat2 * RAD;
  const dLambda = (lon2 - lon1) * RAD;
  const y = Math.sin(dLambda) * Math.cos(phi2);
  const x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLambda);
  const bearing = Math.atan2(y, x) / RAD;
  return (bearing + 360) % 360;
}

/** OSRM reports bearings as integers in [0, 359]. */
function osrmBearing(degrees: number): number {
  return Math.round(degrees) % 360;
}

function isValidPosition(p: LonLat | undefined): boolean {
  return !!p && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
}

export class StraightLineRouter implements Router {
  readonly id = 'straight' as const;
  private readonly metersPerSecond: number;
  private readonly densifyMeters: number;

  constructor(options: StraightLineRouterOptions = {}) {
    const speedKmh = options.speedKmh ?? 50;
    const densify = options.densifyMeters ?? 1000;
    if (!(speedKmh > 0) || !(densify > 0)) throw new RangeError('StraightLineRouter: speedKmh and densifyMeters must be positive numbers.');
    this.metersPerSecond = speedKmh / 3.6;
    this.densifyMeters = densify;
  }

  route(request: RouteRequest, signal?: AbortSignal): Promise<RouteResult> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new RoutingError('aborted', 'Route request cancelled.'));
        return;
      }
      try {
        resolve(this.routeSync(request));
      } catch (error) {
        reject(error);
      }
    });
  }

  /** The same result as `route`, computed on the spot. */
  routeSync(request: RouteRequest): RouteResult {
    const waypoints = request.waypoints;
    if (waypoints.length < 2) throw new RoutingError('no-route', 'A route needs at least two waypoints. Add another waypoint.');
    for (let i = 0; i < waypoints.length; i++) {
      if (!isValidPosition(waypoints[i])) {
        throw new RoutingError('no-route', `Waypoint ${i + 1} is not a valid position (longitude −180…180, latitude −90…90). Move it back onto the map.`);
      }
    }

    // Pass 1: how many pieces each leg needs, to size the coordinate array exactly.
    const legCount = waypoints.length - 1;
    const pieces = new Int32Array(legCount);
    const legMeters = new Float64Array(legCount);
    let vertexCount = 1;
    for (let k = 0; k < legCount; k++) {
      const [lon1, lat1] = waypoints[k];
      const [lon2, lat2] = waypoints[k + 1];
      legMeters[k] = haversineMeters(lon1, lat1, lon2, lat2);
      // Zero-length legs still get two (equal) vertices, as OSRM returns them.
      pieces[k] = Math.max(1, Math.ceil(legMeters[k] / this.densifyMeters));
      vertexCount += pieces[k];
    }

    const coords = new Float64Array(vertexCount * 2);
    coords[0] = waypoints[0][0];
    coords[1] = waypoints[0][1];
    const legs: RouteLeg[] = [];
    let vertex = 0;
    let totalMeters = 0;
    for (let k = 0; k < legCount; k++) {
      const from = waypoints[k];
      const to = waypoints[k + 1];
      const firstVertex = vertex;
      vertex = writeGreatCircle(coords, vertex, from, to, pieces[k], legMeters[k]);
      const distance = legMeters[k];
      const duration = distance / this.metersPerSecond;
      totalMeters += distance;
      legs.push({ distance, duration, summary: '', steps: legSteps(from, to, distance, duration), firstVertex, lastVertex: vertex });
    }

    return {
      router: 'straight',
      distanceMeters: meters(totalMeters),
      durationSeconds: seconds(totalMeters / this.metersPerSecond),
      coords,
      legs,
      snappedWaypoints: waypoints.map((p): LonLat => [p[0], p[1]]),
    };
  }
}

/**
 * Writes vertices `vertex + 1 … vertex + pieces` of the great circle from `from` to `to` (the
 * first is already in place) and returns the index of the last one, which is exactly `to`.
 */
function writeGreatCircle(coords: Float64Array, vertex: number, from: LonLat, to: LonLat, pieces: number, legMeters: number): number {
  const lambda1 = from[0] * RAD;
  const phi1 = from[1] * RAD;
  const lambda2 = to[0] * RAD;
  const phi2 = to[1] * RAD;
  const delta = legMeters / EARTH_RADIUS_METERS;
  const sinDelta = Math.sin(delta);
  // Cartesian unit vectors of both ends; intermediate points by spherical linear interpolation.
  const x1 = Math.cos(phi1) * Math.cos(lambda1);
  const y1 = Math.cos(phi1) * Math.sin(lambda1);
  const z1 = Math.sin(phi1);
  const x2 = Math.cos(phi2) * Math.cos(lambda2);
  const y2 = Math.cos(phi2) * Math.sin(lambda2);
  const z2 = Math.sin(phi2);
  for (let p = 1; p < pieces; p++) {
    const f = p / pieces;
    // Near-antipodal ends have no unique great circle (sinDelta ≈ 0); a chord in degrees is then as good as any.
    let lon: number;
    let lat: number;
    if (sinDelta < 1e-12) {
      lon = from[0] + (to[0] - from[0]) * f;
      lat = from[1] + (to[1] - from[1]) * f;
    } else {
      const a = Math.sin((1 - f) * delta) / sinDelta;
      const b = Math.sin(f * delta) / sinDelta;
      const x = a * x1 + b * x2;
      const y = a * y1 + b * y2;
      const z = a * z1 + b * z2;
      lat = Math.atan2(z, Math.sqrt(x * x + y * y)) / RAD;
      lon = Math.atan2(y, x) / RAD;
    }
    coords[2 * (vertex + p)] = lon;
    coords[2 * (vertex + p) + 1] = lat;
  }
  const last = vertex + pieces;
  coords[2 * last] = to[0];
  coords[2 * last + 1] = to[1];
  return last;
}

function legSteps(from: LonLat, to: LonLat, distance: number, duration: number): OsrmStep[] {
  const moving = distance > 0;
  const departBearing = moving ? osrmBearing(initialBearingDegrees(from[0], from[1], to[0], to[1])) : 0;
  // The heading on arrival is the reverse of the initial bearing from the destination back.
  const arriveBearing = moving ? osrmBearing((initialBearingDegrees(to[0], to[1], from[0], from[1]) + 180) % 360) : 0;
  return [
    {
      distance,
      duration,
      name: '',
      mode: 'driving',
      maneuver: { location: [from[0], from[1]], bearing_before: 0, bearing_after: departBearing, type: 'depart' },
      intersections: [{ location: [from[0], from[1]], bearings: [departBearing], entry: [true], out: 0 }],
    },
    {
      distance: 0,
      duration: 0,
      name: '',
      mode: 'driving',
      maneuver: { location: [to[0], to[1]], bearing_before: arriveBearing, bearing_after: 0, type: 'arrive' },
      intersections: [{ location: [to[0], to[1]], bearings: [(arriveBearing + 180) % 360], entry: [true], in: 0 }],
    },
  ];
}
