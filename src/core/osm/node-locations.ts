/**
 * Two-pass helper for graph builders: pass 1 reads ways only (node blocks are decompressed
 * but not decoded), the builder collects the node ids its kept ways reference, and pass 2
 * looks up just those nodes' coordinates. Memory is then proportional to the routable network
 * rather than to every node in the file.
 *
 * Contracts:
 * - Ids are given sorted ascending without duplicates (`sortedUniqueIds` makes such a copy);
 *   results are columns parallel to them.
 * - A node absent from the file keeps NaN coordinates; `foundCount` says how many were found.
 *   Extracts cut by a polygon keep complete ways, so all referenced nodes are normally present.
 */
import type { OsmNodeBatch } from './osm-entities';
import { type OsmPbfReadOptions, type OsmPbfSummary, type OsmPbfVisitor, readOsmPbf } from './pbf-reader';

/** A sorted copy of `ids` with duplicates removed. */
export function sortedUniqueIds(ids: Float64Array): Float64Array {
  const sorted = Float64Array.from(ids).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
  }
  return sorted.slice(0, n);
}

/** Coordinates for a fixed set of node ids, filled in while nodes stream past. */
export interface NodeLocator {
  /** Visitor to pass to `readOsmPbf` / `OsmPbfDecoder` / `OsmPbfStreamReader`. */
  readonly visitor: OsmPbfVisitor;
  /** The ids looked up (sorted, unique). */
  readonly ids: Float64Array;
  /** Longitude in degrees of `ids[i]`, NaN until found. */
  readonly lons: Float64Array;
  /** Latitude in degrees of `ids[i]`, NaN until found. */
  readonly lats: Float64Array;
  /** Number of ids found so far. */
  foundCount(): number;
}

/** Creates a locator for `sortedIds` (ascending, unique; see `sortedUniqueIds`). */
export function createNodeLocator(sortedIds: Float64Array): NodeLocator {
  const lons = new Float64Array(sortedIds.length).fill(NaN);
  const lats = new Float64Array(sortedIds.length).fill(NaN);
  let found = 0;
  const nodes = (batch: OsmNodeBatch): void => {
    const { ids } = batch;
    for (let i = 0; i < batch.count; i++) {
      const at = indexOfSorted(sortedIds, ids[i]);
      if (at < 0) continue;
      if (Number.isNaN(lons[at])) found++;
      lons[at] = batch.lons[i];
      lats[at] = batch.lats[i];
    }
  };
  return { visitor: { nodes }, ids: sortedIds, lons, lats, foundCount: () => found };
}

/** Reads the coordinates of `sortedIds` from a PBF file held in memory (ways are skipped). */
export function readNodeLocations(bytes: Uint8Array, sortedIds: Float64Array, options: OsmPbfReadOptions = {}): {
  lons: Float64Array; lats: Float64Array; foundCount: number; summary: OsmPbfSummary;
} {
  const locator = createNodeLocator(sortedIds);
  const summary = readOsmPbf(bytes, locator.visitor, options);
  return { lons: locator.lons, lats: locator.lats, foundCount: locator.foundCount(), summary };
}

/** Binary search: index of `id` in ascending `sorted`, or -1. */
export function indexOfSorted(sorted: Float64Array, id: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = sorted[mid];
    if (value < id) lo = mid + 1;
    else if (value > id) hi = mid - 1;
    else return mid;
  }
  return -1;
}
