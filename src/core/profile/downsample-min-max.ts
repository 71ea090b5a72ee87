/**
 * Min/max envelope of a per-sample series over equal-width distance buckets (one per pixel column),
 * so 100,000 samples draw as a few hundred columns without losing a peak or a trough.
 */
import { firstIndexAtOrAfter } from './distance-lookup';

export interface MinMaxBuckets {
  /** Lowest value in each bucket; NaN where nothing in the bucket is known. */
  min: Float32Array;
  /** Highest value in each bucket; NaN where nothing in the bucket is known. */
  max: Float32Array;
}

/**
 * Cuts [fromM, toM) into `buckets` equal buckets and keeps the lowest and highest of `values` in
 * each: the samples inside the bucket plus the series interpolated at both bucket edges, so a
 * bucket narrower than the sample spacing still gets the line passing through it. Unknown (NaN)
 * values are ignored, and interpolation next to one is unknown, so a bucket is NaN only where the
 * series has no known value in it: inside a data gap (at least one bucket wide) or outside the
 * samples' distances. An empty or inverted range gives all-NaN buckets. O(n + buckets).
 */
export function downsampleMinMax(
  distances: ArrayLike<number>,
  values: ArrayLike<number>,
  fromM: number,
  toM: number,
  buckets: number,
): MinMaxBuckets {
  const count = Math.max(0, Math.floor(buckets) || 0);
  const min = new Float32Array(count).fill(NaN);
  const max = new Float32Array(count).fill(NaN);
  const n = Math.min(distances.length, values.length);
  if (n === 0 || count === 0 || !(toM > fromM) || !Number.isFinite(fromM) || !Number.isFinite(toM)) return { min, max };
  const width = (toM - fromM) / count;
  const firstD = distances[0];
  const lastD = distances[n - 1];
  // k: first sample at or after the current bucket edge.
  let k = firstIndexAtOrAfter(distances, fromM, n);
  let edgeValue = edgeAt(distances, values, n, fromM, k, firstD, lastD);
  for (let b = 0; b < count; b++) {
    const end = b === count - 1 ? toM : fromM + (b + 1) * width;
    let lo = edgeValue;
    let hi = edgeValue;
    for (; k < n && distances[k] < end; k++) {
      const v = values[k];
      if (v !== v) continue;
      if (!(v >= lo)) lo = v; // NaN-aware: a NaN lo takes the first known value
      if (!(v <= hi)) hi = v;
    }
    edgeValue = edgeAt(distances, values, n, end, k, firstD, lastD);
    if (edgeValue === edgeValue) {
      if (!(edgeValue >= lo)) lo = edgeValue;
      if (!(edgeValue <= hi)) hi = edgeValue;
    }
    min[b] = lo;
    max[b] = hi;
  }
  return { min, max };
}

/** The series at distance `d`, where `k` is the first sample at or after `d`; NaN outside the samples. */
function edgeAt(distances: ArrayLike<number>, values: ArrayLike<number>, n: number, d: number, k: number, firstD: number, lastD: number): number {
  if (!(d >= firstD) || !(d <= lastD) || k >= n) return NaN;
  const dk = distances[k];
  if (dk === d || k === 0) return values[k];
  const d0 = distances[k - 1];
  return values[k - 1] + (values[k] - values[k - 1]) * ((d - d0) / (dk - d0));
}
