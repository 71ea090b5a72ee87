/**
 * Where scenic features come from. A source answers for a bounding box; adapters implement it over
 * the network (Overpass, `src/pois/overpass-source.ts`) and the core wraps an extract that is
 * already in memory (`StaticPoiSource` over `poisFromPbf`).
 */
import type { LonLatBbox } from '../elevation/dem-source';
import { PoiSetBuilder, type PoiSet } from './poi-set';

export interface PoiSource {
  /** Scenic features in (at least) `bbox` `[west, south, east, north]`. Rejects with a user-facing message. */
  loadPois(bbox: LonLatBbox, signal?: AbortSignal): Promise<PoiSet>;
}

/** Scenic features could not be loaded; the message says what happened and what to do. */
export class PoiSourceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PoiSourceError';
  }
}

/** A source over a set already in memory (e.g. read from an `.osm.pbf` extract); answers with the part in the bbox. */
export class StaticPoiSource implements PoiSource {
  constructor(private readonly pois: PoiSet) {}

  loadPois(bbox: LonLatBbox, signal?: AbortSignal): Promise<PoiSet> {
    if (signal?.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new PoiSourceError('Loading scenic features was cancelled.'));
    return Promise.resolve(clipPoiSet(this.pois, bbox));
  }
}

/**
 * The features of `pois` that touch `bbox`: points inside it, and whole shapes whose bounding box
 * overlaps it (shapes are not cut, so distances near the edge stay right).
 */
export function clipPoiSet(pois: PoiSet, bbox: LonLatBbox): PoiSet {
  const [west, south, east, north] = bbox;
  const builder = new PoiSetBuilder();
  const { points, shapes, names } = pois;
  for (let i = 0; i < points.count; i++) {
    const lon = points.lon[i], lat = points.lat[i];
    if (lon < west || lon > east || lat < south || lat > north) continue;
    builder.addPoint(points.kind[i], lon, lat, points.eleMeters[i], names[points.name[i]], points.osmType[i], points.osmId[i]);
  }
  for (let s = 0; s < shapes.count; s++) {
    let w = Infinity, so = Infinity, e = -Infinity, n = -Infinity;
    const firstVertex = shapes.vertexStart[shapes.partStart[s]], endVertex = shapes.vertexStart[shapes.partStart[s + 1]];
    for (let v = firstVertex; v < endVertex; v++) {
      const lon = shapes.coords[2 * v], lat = shapes.coords[2 * v + 1];
      if (lon < w) w = lon;
      if (lon > e) e = lon;
      if (lat < so) so = lat;
      if (lat > n) n = lat;
    }
    if (e < west || w > east || n < south || so > north) continue;
    const parts = [];
    for (let p = shapes.partStart[s]; p < shapes.partStart[s + 1]; p++) {
      parts.push(shapes.coords.subarray(2 * shapes.vertexStart[p], 2 * shapes.vertexStart[p + 1]));
    }
    builder.addShape(shapes.kind[s], shapes.flags[s], names[shapes.name[s]], names[shapes.detail[s]], shapes.osmType[s], shapes.osmId[s], shapes.areaSquareMeters[s], parts);
  }
  return builder.build(pois.layers, bbox);
}
