/**
 * Elevation profiles: distance along the line vs height, as parallel typed arrays, plus a
 * display downsampler that keeps every peak and trough visible.
 */
import { cumulativeMeters } from '../geometry/earth';
import { cumulativeMetersFast } from '../geometry/line-meters';
import type { LonLatArray } from '../units';
import { sampleLine, type DemSource } from './dem-source';

export interface ElevationProfile {
  /** Distance from the start of the line in metres, non-decreasing. */
  distanceMeters: Float64Array;
  /** Height in metres at each distance; NaN where unknown. */
  elevationMeters: Float32Array;
}

/**
 * Pairs per-vertex heights with the cumulative distance of each vertex of `coords`.
 * With `maxPoints`, the result is downsampled for display (see `downsampleProfile`).
 */
export function buildElevationProfile(
  coords: LonLatArray,
  heights: Float32Array,
  options: { maxPoints?: number } = {},
): ElevationProfile {
  const n = Math.min(coords.length >> 1, heights.length);
  const distanceMeters = cumulativeMeters(coords.subarray(0, 2 * n));
  const profile = { distanceMeters, elevationMeters: heights.subarray(0, n) };
  return options.maxPoints !== undefined ? downsampleProfile(profile, options.maxPoints) : profile;
}

/**
 * Reduces a profile to at most `maxPoints` points (minimum 2) for drawing. The first and last
 * points are kept; the rest is cut into equal-distance buckets and each bucket keeps its lowest
 * and highest point, in their original order, so summits and valley floors survive exactly.
 * A bucket with samples but no known height keeps one NaN point, so gaps stay visible.
 * Profiles that already fit are returned unchanged.
 */
export function downsampleProfile(profile: ElevationProfile, maxPoints: number): ElevationProfile {
  const { distanceMeters: dist, elevationMeters: elev } = profile;
  const n = Math.min(dist.length, elev.length);
  const limit = Math.max(2, Math.floor(maxPoints));
  if (n <= limit) return profile;
  const buckets = Math.floor((limit - 2) / 2);
  const keep = new Int32Array(limit);
  let kept = 0;
  keep[kept++] = 0;
  const start = dist[0];
  const span = dist[n - 1] - start;
  let i = 1;
  for (let b = 0; b < buckets && i < n - 1; b++) {
    const bucketEnd = b === buckets - 1 || !(span > 0) ? Infinity : start + (span * (b + 1)) / buckets;
    let minIndex = -1;
    let maxIndex = -1;
    let firstIndex = -1;
    for (; i < n - 1 && dist[i] < bucketEnd; i++) {
      if (firstIndex < 0) firstIndex = i;
      const e = elev[i];
      if (e !== e) continue;
      if (minIndex < 0 || e < elev[minIndex]) minIndex = i;
      if (maxIndex < 0 || e > elev[maxIndex]) maxIndex = i;
    }
    if (firstIndex < 0) continue; // empty bucket
    if (minIndex < 0) keep[kept++] = firstIndex; // all unknown: one gap marker
    else if (minIndex === maxIndex) keep[kept++] = minIndex;
    else {
      keep[kept++] = Math.min(minIndex, maxIndex);
      keep[kept++] = Math.max(minIndex, maxIndex);
    }
  }
  keep[kept++] = n - 1;
  const distanceMeters = new Float64Array(kept);
  const elevationMeters = new Float32Array(kept);
  for (let k = 0; k < kept; k++) {
    distanceMeters[k] = dist[keep[k]];
    elevationMeters[k] = elev[keep[k]];
  }
  return { distanceMeters, elevationMeters };
}

/**
 * Buffers for `sampleProfileEvery` to fill instead of allocating: for callers that only read the
 * profile before their next call (a score card without scenery keeps only the climbing and two points).
 */
export class ProfileScratch {
  coords = new Float64Array(0);
  distanceMeters = new Float64Array(0);
  elevationMeters = new Float32Array(0);

  ensure(count: number): void {
    if (this.distanceMeters.length >= count) return;
    const size = Math.max(count, Math.ceil(this.distanceMeters.length * 1.5));
    this.coords = new Float64Array(2 * size);
    this.distanceMeters = new Float64Array(size);
    this.elevationMeters = new Float32Array(size);
  }
}

/**
 * Resamples `coords` every `stepMeters` along the line (plus the final vertex) and samples
 * `source` there: the scoring spec samples DEMs every 50 m. Positions are interpolated
 * linearly in lon/lat within each segment, which is exact enough for road segments (< 20 km).
 * The source must already cover the line (`ensureCoverage` for async sources).
 *
 * Distances are `cumulativeMeters`' (to 1e-16, see geometry/line-meters.ts). `cumulative`, when
 * given, must hold them already (e.g. from `scoreCurvature`'s `vertexMeters`), saving a pass.
 * With `scratch`, the profile's arrays are views on its buffers, valid until it is used again.
 */
export function sampleProfileEvery(
  source: DemSource,
  coords: LonLatArray,
  stepMeters: number,
  cumulative?: Float64Array,
  scratch?: ProfileScratch,
): ElevationProfile & { coords: LonLatArray } {
  const n = coords.length >> 1;
  if (n === 0 || !(stepMeters > 0)) {
    const empty = { coords: new Float64Array(0), distanceMeters: new Float64Array(0), elevationMeters: new Float32Array(0) };
    if (n === 0) return empty;
    // No usable step: fall back to the vertices themselves.
    const heights = sampleLine(source, coords);
    return { coords, ...buildElevationProfile(coords, heights) };
  }
  if (!cumulative || cumulative.length < n) {
    if (cumulativeScratch.length < n) cumulativeScratch = new Float64Array(Math.max(n, Math.ceil(cumulativeScratch.length * 1.5)));
    cumulative = cumulativeMetersFast(coords, n, cumulativeScratch);
  }
  const total = cumulative[n - 1];
  const steps = Math.floor(total / stepMeters);
  const endsOnStep = total - steps * stepMeters <= 1e-6;
  const count = steps + 1 + (endsOnStep ? 0 : 1);
  scratch?.ensure(count);
  const out = scratch ? scratch.coords.subarray(0, 2 * count) : new Float64Array(2 * count);
  const distanceMeters = scratch ? scratch.distanceMeters.subarray(0, count) : new Float64Array(count);
  interpolateEvery(coords, n, cumulative, stepMeters, steps, count, out, distanceMeters);
  if (endsOnStep) {
    // The last step landed on the end (within 1 µm): snap it there exactly.
    out[2 * count - 2] = coords[2 * n - 2];
    out[2 * count - 1] = coords[2 * n - 1];
  }
  const elevationMeters = scratch ? sampleLine(source, out, scratch.elevationMeters).subarray(0, count) : sampleLine(source, out);
  return { coords: out, distanceMeters, elevationMeters };
}

/** Cumulative distances of the line being sampled; reused across calls (JS runs one call at a time). */
let cumulativeScratch: Float64Array = new Float64Array(0);

/**
 * The `count` positions `min(k·step, total)` along the line (the last one at `total` when the line
 * does not end on a step) into `out` as [lon, lat] pairs, and their distances into `distanceMeters`.
 * (A hot loop with nothing after it: see the note in scoring/planar-samples.ts.)
 */
function interpolateEvery(
  coords: LonLatArray, n: number, cumulative: Float64Array, stepMeters: number, steps: number, count: number,
  out: Float64Array, distanceMeters: Float64Array,
): void {
  const total = cumulative[n - 1];
  let segment = 0;
  for (let k = 0; k < count; k++) {
    const d = k <= steps ? Math.min(k * stepMeters, total) : total;
    while (segment < n - 2 && cumulative[segment + 1] < d) segment++;
    const segStart = cumulative[segment];
    const segLength = n > 1 ? cumulative[segment + 1] - segStart : 0;
    const t = segLength > 0 ? (d - segStart) / segLength : 0;
    const a = 2 * segment;
    const b = n > 1 ? a + 2 : a;
    out[2 * k] = coords[a] + (coords[b] - coords[a]) * t;
    out[2 * k + 1] = coords[a + 1] + (coords[b + 1] - coords[a + 1]) * t;
    distanceMeters[k] = d;
  }
}
