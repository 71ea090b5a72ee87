/**
 * Searches in ascending Uint32Arrays (restriction slots, via nodes, departing edges). Kept
 * monomorphic on Uint32Array because the route search calls them on its hot path.
 */

/** First index whose value is ≥ `value` (`sorted.length` when none is). */
export function lowerBound(sorted: Uint32Array, value: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Index of `value` in `sorted`, or -1. */
export function binarySearch(sorted: Uint32Array, value: number): number {
  const i = lowerBound(sorted, value);
  return i < sorted.length && sorted[i] === value ? i : -1;
}
