/**
 * Where a round trip's via points go before snapping: on a circle through the start, so the loop
 * start → v1 → … → vn → start is a regular polygon inscribed in it, pointing along a heading.
 */
import { EARTH_RADIUS_METERS } from '../geometry/earth';
import type { LonLat } from '../units';

const RAD = Math.PI / 180;

/** Deterministic PRNG (mulberry32): the same seed gives the same sequence in [0, 1) on every engine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The point `distanceMeters` from `[lon, lat]` along the initial bearing `bearingDeg` (great circle). */
export function destinationPoint(lon: number, lat: number, bearingDeg: number, distanceMeters: number): LonLat {
  const d = distanceMeters / EARTH_RADIUS_METERS, b = bearingDeg * RAD;
  const phi1 = lat * RAD, lambda1 = lon * RAD;
  const sinPhi2 = Math.sin(phi1) * Math.cos(d) + Math.cos(phi1) * Math.sin(d) * Math.cos(b);
  const phi2 = Math.asin(Math.max(-1, Math.min(1, sinPhi2)));
  const lambda2 = lambda1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(phi1), Math.cos(d) - Math.sin(phi1) * sinPhi2);
  return [((lambda2 / RAD + 540) % 360) - 180, phi2 / RAD];
}

/** Initial bearing (° clockwise from north, 0–360) of the great circle from the first point to the second. */
export function initialBearing(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const phi1 = lat1 * RAD, phi2 = lat2 * RAD, dLambda = (lon2 - lon1) * RAD;
  const y = Math.sin(dLambda) * Math.cos(phi2);
  const x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLambda);
  return ((Math.atan2(y, x) / RAD) % 360 + 360) % 360;
}

/**
 * Perimeter of the loop polygon (start plus `viaCount` vias, regular, inscribed in a circle) per
 * metre of the circle's radius: 2k·sin(π/k) for k = viaCount + 1 corners.
 */
export function loopPerimeterPerRadius(viaCount: number): number {
  const corners = viaCount + 1;
  return 2 * corners * Math.sin(Math.PI / corners);
}

/**
 * The via points of a loop polygon: the circle of radius `radiusMeters` passes through `start` and
 * has its centre `radiusMeters` along `headingDeg`; the vias are the polygon's other corners,
 * counter-clockwise seen from above unless `clockwise`.
 */
export function loopViaPoints(start: LonLat, headingDeg: number, radiusMeters: number, viaCount: number, clockwise: boolean): LonLat[] {
  const [centreLon, centreLat] = destinationPoint(start[0], start[1], headingDeg, radiusMeters);
  const step = (clockwise ? 360 : -360) / (viaCount + 1);
  // Seen from the centre, the start lies at about heading + 180° (exactly: meridians converge).
  const startBearing = initialBearing(centreLon, centreLat, start[0], start[1]);
  const vias: LonLat[] = [];
  for (let k = 1; k <= viaCount; k++) vias.push(destinationPoint(centreLon, centreLat, startBearing + k * step, radiusMeters));
  return vias;
}
