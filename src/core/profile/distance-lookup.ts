/**
 * Reading per-sample arrays at a distance along the drive. Binary searches over the ascending
 * `distanceMeters`; O(log n), no allocation.
 */

/**
 * Index of the sample that describes distance `d`: the last `i` with `distances[i] ≤ d`, clamped to
 * the first sample before the start and to the last one past the end. With repeated distances the
 * last of them wins, so zero-length samples are passed over. −1 when there are no samples or `d` is NaN.
 */
export function indexAtDistance(distances: ArrayLike<number>, d: number, count = distances.length): number {
  const n = Math.min(count, distances.length);
  if (n === 0 || d !== d) return -1;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (distances[mid] <= d) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}

/** First index `i` with `distances[i] ≥ d` (n when every sample is before `d`). */
export function firstIndexAtOrAfter(distances: ArrayLike<number>, d: number, count = distances.length): number {
  let lo = 0;
  let hi = Math.min(count, distances.length);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (distances[mid] < d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `values` linearly interpolated at distance `d`. NaN outside the samples' distances, on an empty
 * profile, or between two samples when either is NaN (an unknown elevation stays unknown); exactly
 * on a sample its own value.
 */
export function valueAtDistance(distances: ArrayLike<number>, values: ArrayLike<number>, d: number): number {
  const n = Math.min(distances.length, values.length);
  if (n === 0 || !(d >= distances[0]) || !(d <= distances[n - 1])) return NaN;
  const i = indexAtDistance(distances, d, n);
  const d0 = distances[i];
  if (d0 === d || i === n - 1) return values[i];
  const t = (d - d0) / (distances[i + 1] - d0);
  return values[i] + (values[i + 1] - values[i]) * t;
}
