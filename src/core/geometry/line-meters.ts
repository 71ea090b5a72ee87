/**
 * Cumulative distance along a line in the metric of `cumulativeMeters` (geometry/earth.ts), fast.
 *
 * `cumulativeMeters` spends most of its time in `Math.cos` of each segment's mean latitude. Here the
 * cosine comes from a 4th-order Taylor expansion about a reference latitude refreshed every
 * COS_BAND_RAD, whose truncation error (< 5e-18) is below double rounding, so every segment length
 * matches `segmentMeters` to a few ulps (1e-16 relative). Everything else, the antimeridian wrap and
 * haversine for long segments, is `segmentMeters` operation for operation.
 *
 * RC-1's projection (planar-samples.ts) computes its distances along the input line with exactly
 * these operations in the same order, so for a line without invalid points the distances it reports
 * through `ScoreCurvatureOptions.vertexMeters` are bit for bit `cumulativeMetersFast`'s, and the
 * score card hands them to the elevation profile instead of measuring the line twice.
 */
import { EARTH_RADIUS_METERS, haversineMeters } from './earth';
import type { LonLatArray } from '../units';

const RAD = Math.PI / 180;

/** Half-width (rad, ≈ 0.05°) of the latitude band served by one Math.cos/Math.sin pair. */
export const COS_BAND_RAD = 8.7e-4;

/** cos(φ0 + δ) from cos φ0 and sin φ0, for |δ| < COS_BAND_RAD (4th-order Taylor expansion). */
export function cosNear(delta: number, cos0: number, sin0: number): number {
  const d2 = delta * delta;
  return cos0 * (1 - d2 * 0.5 + d2 * d2 * (1 / 24)) - sin0 * (delta - d2 * delta * (1 / 6));
}

/** State of `cumulativeMetersFast` between its calls of `cumulativeCommon`: total, band latitude, cos, sin. */
const state = new Float64Array(4);

/**
 * `cumulativeMeters(coords)` for the first `n` vertices, into `out` (returned): `out[i]` is the
 * distance in metres from vertex 0 to vertex `i`. A non-finite coordinate makes the rest NaN, as
 * there.
 *
 * Written like RC-1's projection (see the notes on hot loops in planar-samples.ts): the common
 * segments in chunks through a tight loop, which stops at any other (a new cosine band, a long or
 * non-finite segment) and leaves it to `cumulativeGeneral`.
 */
export function cumulativeMetersFast(coords: LonLatArray, n: number, out: Float64Array): Float64Array {
  if (n <= 0) return out;
  out[0] = 0;
  state[0] = 0; state[1] = NaN; state[2] = 0; state[3] = 0;
  for (let i = 1; i < n;) {
    const to = Math.min(n, i + (i === 1 ? 64 : 2048));
    i = cumulativeCommon(coords, out, state, i, to);
    if (i < to) cumulativeGeneral(coords, out, state, i++);
  }
  return out;
}

/** Segments `from..to-1` (ending at those vertices) while they are short and in the current band; returns where it stopped. */
function cumulativeCommon(coords: LonLatArray, out: Float64Array, st: Float64Array, from: number, to: number): number {
  // Constants as locals: V8 reloads and rechecks a module-level const on every use in a loop.
  const rad = RAD, band = COS_BAND_RAD, earthRadius = EARTH_RADIUS_METERS;
  let total = st[0];
  const refPhi = st[1], refCos = st[2], refSin = st[3];
  let i = from;
  for (; i < to; i++) {
    const lon1 = coords[2 * i - 2], lat1 = coords[2 * i - 1], lon2 = coords[2 * i], lat2 = coords[2 * i + 1];
    let dLonDeg = lon2 - lon1;
    if (dLonDeg > 180) dLonDeg -= 360;
    else if (dLonDeg < -180) dLonDeg += 360;
    const dLat = (lat2 - lat1) * rad;
    if (dLat > 0.003 || dLat < -0.003 || dLonDeg > 0.2 || dLonDeg < -0.2) break;
    const phi = (lat2 + lat1) * 0.5 * rad;
    const delta = phi - refPhi;
    if (!(delta < band && delta > -band)) break;
    // cosNear(delta, refCos, refSin), written out: a call that V8 does not inline boxes every number.
    const d2 = delta * delta;
    const cos = refCos * (1 - d2 * 0.5 + d2 * d2 * (1 / 24)) - refSin * (delta - d2 * delta * (1 / 6));
    const x = dLonDeg * rad * cos;
    total += earthRadius * Math.sqrt(x * x + dLat * dLat);
    out[i] = total;
  }
  st[0] = total;
  return i;
}

/** The segment ending at vertex `i`, any case: starts a new cosine band where needed; haversine for long segments. */
function cumulativeGeneral(coords: LonLatArray, out: Float64Array, st: Float64Array, i: number): void {
  const lon1 = coords[2 * i - 2], lat1 = coords[2 * i - 1], lon2 = coords[2 * i], lat2 = coords[2 * i + 1];
  let dLonDeg = lon2 - lon1;
  if (dLonDeg > 180) dLonDeg -= 360;
  else if (dLonDeg < -180) dLonDeg += 360;
  const dLat = (lat2 - lat1) * RAD;
  const phi = (lat2 + lat1) * 0.5 * RAD;
  let delta = phi - st[1];
  if (!(delta < COS_BAND_RAD && delta > -COS_BAND_RAD)) {
    st[1] = phi; st[2] = Math.cos(phi); st[3] = Math.sin(phi); delta = 0;
  }
  if (dLat > 0.003 || dLat < -0.003 || dLonDeg > 0.2 || dLonDeg < -0.2) {
    st[0] += haversineMeters(lon1, lat1, lon2, lat2);
  } else {
    const x = dLonDeg * RAD * cosNear(delta, st[2], st[3]);
    st[0] += EARTH_RADIUS_METERS * Math.sqrt(x * x + dLat * dLat);
  }
  out[i] = st[0];
}
