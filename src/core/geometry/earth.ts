/**
 * Distances on the WGS84 sphere approximation. Per-segment equirectangular distance with the
 * cosine taken at the segment's mean latitude: on segments shorter than a few km it agrees with
 * haversine to ~1e-12 relative error and is ~3× faster (see docs/performance.md).
 */
import type { LonLatArray, Meters } from '../units';

/** Mean Earth radius used by OSRM, Turf and most routers, in metres. */
export const EARTH_RADIUS_METERS = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance between two positions in degrees (haversine). */
export function haversineMeters(lon1: number, lat1: number, lon2: number, lat2: number): Meters {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return (2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(a)))) as Meters;
}

/** Fast distance for short segments (< ~20 km); falls back to haversine for longer ones. */
export function segmentMeters(lon1: number, lat1: number, lon2: number, lat2: number): Meters {
  const dLat = (lat2 - lat1) * RAD;
  let dLonDeg = lon2 - lon1;
  if (dLonDeg > 180) dLonDeg -= 360;
  else if (dLonDeg < -180) dLonDeg += 360;
  if (Math.abs(dLat) > 0.003 || Math.abs(dLonDeg) > 0.2) return haversineMeters(lon1, lat1, lon2, lat2);
  const x = dLonDeg * RAD * Math.cos(((lat1 + lat2) / 2) * RAD);
  return (EARTH_RADIUS_METERS * Math.sqrt(x * x + dLat * dLat)) as Meters;
}

/**
 * Cumulative distance along a polyline: `out[i]` is the distance in metres from the first
 * vertex to vertex `i` (so `out[0] === 0` and the last value is the total length).
 */
export function cumulativeMeters(coords: LonLatArray, out = new Float64Array(coords.length >> 1)): Float64Array {
  const n = coords.length >> 1;
  if (n === 0) return out;
  out[0] = 0;
  let total = 0;
  for (let i = 1; i < n; i++) {
    total += segmentMeters(coords[2 * i - 2], coords[2 * i - 1], coords[2 * i], coords[2 * i + 1]);
    out[i] = total;
  }
  return out;
}

/** Total length of a polyline in metres. */
export function lineLengthMeters(coords: LonLatArray): Meters {
  let total = 0;
  for (let i = 2; i < coords.length; i += 2) {
    total += segmentMeters(coords[i - 2], coords[i - 1], coords[i], coords[i + 1]);
  }
  return total as Meters;
}
