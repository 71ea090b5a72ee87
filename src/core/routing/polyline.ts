/**
 * Google encoded polylines (https://developers.google.com/maps/documentation/utilities/polylinealgorithm)
 * at precision 5 (OSRM's `geometries=polyline`) and 6 (`geometries=polyline6`).
 *
 * The encoded order is latitude first; Switchback's `LonLatArray` is longitude first, so both
 * functions swap while they copy. Decoding sizes the output exactly with a first pass that only
 * counts value terminators, then fills one `Float64Array`: no per-point objects.
 *
 * Malformed input (characters outside the alphabet, a value cut short, an odd number of values,
 * coordinates outside ±90/±180, which is what a precision mismatch usually produces) throws a
 * `RoutingError` of kind `bad-response`, because an encoded polyline always comes from a server.
 */
import type { LonLatArray } from '../units';
import { RoutingError } from './router';

export type PolylinePrecision = 5 | 6;

/** Smallest and largest character codes of the polyline alphabet (`?` … `~`). */
const MIN_CHAR = 63;
const MAX_CHAR = 126;
/** 7 chunks of 5 bits cover every delta up to 2^35, far above 360° at precision 6 (7.2e8 after zigzag). */
const MAX_CHUNKS = 7;

function malformed(detail: string): RoutingError {
  return new RoutingError('bad-response', `The routing server sent a route geometry that cannot be decoded (${detail}). Try again, or choose another router in Settings.`);
}

/**
 * Decodes an encoded polyline into interleaved `[lon, lat, …]` degrees.
 * @example decodePolyline('_p~iF~ps|U_ulLnnqC', 5) // Float64Array [-120.2, 38.5, -120.95, 40.7]
 */
export function decodePolyline(encoded: string, precision: PolylinePrecision = 5): LonLatArray {
  if (typeof encoded !== 'string') throw malformed('the geometry is not a string');
  const length = encoded.length;
  let values = 0;
  for (let i = 0; i < length; i++) {
    const c = encoded.charCodeAt(i) - MIN_CHAR;
    if (c < 0 || c > MAX_CHAR - MIN_CHAR) {
      throw malformed(`character ${JSON.stringify(encoded[i])} at position ${i} is not part of the polyline alphabet`);
    }
    if (c < 0x20) values++;
  }
  if (length > 0 && encoded.charCodeAt(length - 1) - MIN_CHAR >= 0x20) throw malformed('the last value is cut short');
  if ((values & 1) !== 0) throw malformed(`it holds ${values} numbers, but coordinates come in pairs`);

  const factor = precision === 6 ? 1e6 : 1e5;
  const out = new Float64Array(values);
  let lat = 0;
  let lon = 0;
  let index = 0;
  for (let v = 0; v < values; v += 2) {
    // Two zigzag-encoded deltas per vertex, latitude first. Arithmetic (not bitwise) shifts keep
    // values above 2^31 exact.
    for (let part = 0; part < 2; part++) {
      let result = 0;
      let scale = 1;
      let chunks = 0;
      let c: number;
      do {
        c = encoded.charCodeAt(index++) - MIN_CHAR;
        result += (c & 0x1f) * scale;
        scale *= 32;
        if (++chunks > MAX_CHUNKS) throw malformed(`the number ending at position ${index - 1} is too large`);
      } while (c >= 0x20);
      const delta = result % 2 === 1 ? -(result + 1) / 2 : result / 2;
      if (part === 0) lat += delta;
      else lon += delta;
    }
    const latDegrees = lat / factor;
    const lonDegrees = lon / factor;
    if (latDegrees < -90 || latDegrees > 90 || lonDegrees < -180 || lonDegrees > 180) {
      throw malformed(`vertex ${v >> 1} decodes to longitude ${lonDegrees}, latitude ${latDegrees}, outside the globe; the geometry may use another precision than polyline${precision === 6 ? '6' : '5'}`);
    }
    out[v] = lonDegrees;
    out[v + 1] = latDegrees;
  }
  return out;
}

/**
 * Number of vertices in an encoded polyline without decoding it (malformed input gives a
 * meaningless count; `decodePolyline` is the validating path).
 */
export function polylineVertexCount(encoded: string): number {
  let values = 0;
  for (let i = 0; i < encoded.length; i++) if (encoded.charCodeAt(i) - MIN_CHAR < 0x20) values++;
  return values >> 1;
}

/** Rounds half away from zero, as the reference encoders do, so ±x encode symmetrically. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/**
 * Encodes interleaved `[lon, lat, …]` degrees as a polyline (latitude first, as the format wants).
 * Coordinates are rounded to the precision (1e-5° ≈ 1.1 m, 1e-6° ≈ 0.11 m).
 * @example encodePolyline(new Float64Array([-120.2, 38.5, -120.95, 40.7]), 5) // '_p~iF~ps|U_ulLnnqC'
 */
export function encodePolyline(coords: LonLatArray, precision: PolylinePrecision = 5): string {
  const factor = precision === 6 ? 1e6 : 1e5;
  const codes: number[] = [];
  let prevLat = 0;
  let prevLon = 0;
  for (let i = 0; i + 1 < coords.length; i += 2) {
    const lat = roundHalfAway(coords[i + 1] * factor);
    const lon = roundHalfAway(coords[i] * factor);
    pushValue(codes, lat - prevLat);
    pushValue(codes, lon - prevLon);
    prevLat = lat;
    prevLon = lon;
  }
  let out = '';
  // fromCharCode takes arguments; chunking keeps far below engines' argument-count limits.
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode(...codes.slice(i, i + 8192));
  return out;
}

function pushValue(codes: number[], delta: number): void {
  let value = delta < 0 ? -2 * delta - 1 : 2 * delta;
  while (value >= 0x20) {
    codes.push(((value % 32) | 0x20) + MIN_CHAR);
    value = Math.floor(value / 32);
  }
  codes.push(value + MIN_CHAR);
}
