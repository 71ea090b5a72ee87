/**
 * Searches in ascending Uint32Arrays (restriction slots, via nodes, departing edges), and the
 * stable ordering that builds them. Kept monomorphic on Uint32Array because the route search
 * calls them on its hot path.
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

/** The tail node of `edge` in a CSR: the last node `v` with `firstEdge[v] ≤ edge` (`firstEdge` holds nodeCount + 1 offsets). */
export function edgeTailNode(firstEdge: Uint32Array, edge: number): number {
  let lo = 0, hi = firstEdge.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (firstEdge[mid] <= edge) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** Index of `value` in `sorted`, or -1. */
export function binarySearch(sorted: Uint32Array, value: number): number {
  const i = lowerBound(sorted, value);
  return i < sorted.length && sorted[i] === value ? i : -1;
}

/**
 * Indices `0..count-1` ordered by `keys[i]`, ties by index (a stable sort). A numeric sort of
 * key × count + index where that is exact in a double (every real pack), a comparator otherwise.
 */
export function stableOrder(keys: Uint32Array, count: number): Uint32Array {
  const order = new Uint32Array(count);
  let maxKey = 0;
  for (let i = 0; i < count; i++) if (keys[i] > maxKey) maxKey = keys[i];
  if ((maxKey + 1) * count > Number.MAX_SAFE_INTEGER) {
    for (let i = 0; i < count; i++) order[i] = i;
    return order.sort((a, b) => keys[a] - keys[b] || a - b);
  }
  const combined = new Float64Array(count);
  for (let i = 0; i < count; i++) combined[i] = keys[i] * count + i;
  combined.sort();
  for (let i = 0; i < count; i++) order[i] = combined[i] % count;
  return order;
}
