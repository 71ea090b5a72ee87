/**
 * The one elevation contract. Every digital elevation model (SRTM `.hgt` tiles, terrain-RGB
 * raster tiles, PMTiles archives of them) is a `DemSource`: a synchronous "height at this
 * position" function, so the scoring hot loop never awaits. Sources that must load data first
 * are `AsyncDemSource`s: call `prepare(bbox)` or `ensureCoverage(coords)` once, then sample
 * synchronously.
 *
 * Conventions shared by every implementation:
 * - positions are WGS84 `[lon, lat]` degrees; heights are metres above the source's datum;
 * - interpolation is bilinear between the four grid samples around the position;
 * - "unknown" is `NaN` (no tile loaded, outside coverage, data void): sampling never throws.
 */
import type { LonLatArray } from '../units';

/** A WGS84 bounding box in GeoJSON order: `[west, south, east, north]` in degrees. */
export type LonLatBbox = readonly [west: number, south: number, east: number, north: number];

export interface DemSource {
  /** Height in metres at a position, bilinearly interpolated; `NaN` when unknown. */
  elevationAt(lon: number, lat: number): number;
  /**
   * Heights for every vertex of an interleaved `[lon, lat, …]` line: `out[i]` belongs to vertex
   * `i`. Reuses `out` when it is long enough. Optional: `sampleLine()` below falls back to
   * `elevationAt` per vertex.
   */
  sampleLine?(coords: LonLatArray, out?: Float32Array): Float32Array;
}

/** A source whose data loads asynchronously; sampling stays synchronous once loaded. */
export interface AsyncDemSource extends DemSource {
  /** Loads everything needed to sample anywhere inside `bbox`. */
  prepare(bbox: LonLatBbox, signal?: AbortSignal): Promise<void>;
  /** Loads everything needed to sample every vertex of `coords`; cheaper than a bbox for long thin routes. */
  ensureCoverage(coords: LonLatArray, signal?: AbortSignal): Promise<void>;
}

/** Elevation data could not be read or loaded. The message says what was wrong and what to do. */
export class ElevationDataError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ElevationDataError';
  }
}

/** True when `source` needs `prepare`/`ensureCoverage` before sampling. */
export function isAsyncDemSource(source: DemSource): source is AsyncDemSource {
  const candidate = source as Partial<AsyncDemSource>;
  return typeof candidate.prepare === 'function' && typeof candidate.ensureCoverage === 'function';
}

/** Heights for every vertex of `coords`, using the source's fast path when it has one. */
export function sampleLine(source: DemSource, coords: LonLatArray, out?: Float32Array): Float32Array {
  if (source.sampleLine) return source.sampleLine(coords, out);
  const n = coords.length >> 1;
  const result = out && out.length >= n ? out : new Float32Array(n);
  for (let i = 0; i < n; i++) result[i] = source.elevationAt(coords[2 * i], coords[2 * i + 1]);
  return result;
}

/** Bounding box of an interleaved line; `null` when it has no finite vertex. */
export function lineBbox(coords: LonLatArray): LonLatBbox | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (let i = 0; i + 1 < coords.length; i += 2) {
    const lon = coords[i];
    const lat = coords[i + 1];
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    if (lon < west) west = lon;
    if (lon > east) east = lon;
    if (lat < south) south = lat;
    if (lat > north) north = lat;
  }
  return west <= east ? [west, south, east, north] : null;
}
