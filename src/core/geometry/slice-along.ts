/**
 * Distance-addressed access to a polyline with its cumulative distances (`cumulativeMeters`):
 * the point at a distance and the sub-line between two distances, by binary search, without
 * re-walking the line (Turf's `along`/`lineSliceAlong` re-walk it on every call).
 */
import type { LonLatArray } from '../units';

/** Index of the last vertex whose cumulative distance is ≤ `d` (0 when `d` is before the start). */
export function vertexAtOrBefore(cumulative: Float64Array, d: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  if (hi < 0 || d <= cumulative[0]) return 0;
  if (d >= cumulative[hi]) return hi;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cumulative[mid] <= d) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Writes the position at distance `d` (clamped to the line) into `out` as `[lon, lat]`. */
export function pointAlong(coords: LonLatArray, cumulative: Float64Array, d: number, out: [number, number] = [0, 0]): [number, number] {
  const n = cumulative.length;
  if (n === 0) return out;
  const i = vertexAtOrBefore(cumulative, d);
  if (i >= n - 1) { out[0] = coords[2 * (n - 1)]; out[1] = coords[2 * (n - 1) + 1]; return out; }
  const span = cumulative[i + 1] - cumulative[i];
  const t = span > 0 ? Math.min(1, Math.max(0, (d - cumulative[i]) / span)) : 0;
  out[0] = coords[2 * i] + (coords[2 * i + 2] - coords[2 * i]) * t;
  out[1] = coords[2 * i + 1] + (coords[2 * i + 3] - coords[2 * i + 1]) * t;
  return out;
}

/** The part of the line between distances `fromM` and `toM` (clamped), with interpolated ends. */
export function sliceAlong(coords: LonLatArray, cumulative: Float64Array, fromM: number, toM: number): LonLatArray {
  const n = cumulative.length;
  if (n < 2 || toM <= fromM) return new Float64Array(0);
  const a = vertexAtOrBefore(cumulative, fromM);
  const b = vertexAtOrBefore(cumulative, toM);
  const inner = Math.max(0, b - a);
  const out = new Float64Array((inner + 2) * 2);
  const p: [number, number] = [0, 0];
  pointAlong(coords, cumulative, fromM, p);
  out[0] = p[0]; out[1] = p[1];
  let w = 2;
  for (let i = a + 1; i <= b; i++) { out[w++] = coords[2 * i]; out[w++] = coords[2 * i + 1]; }
  pointAlong(coords, cumulative, toM, p);
  out[w++] = p[0]; out[w++] = p[1];
  return w === out.length ? out : out.subarray(0, w);
}
