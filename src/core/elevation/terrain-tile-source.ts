/**
 * An `AsyncDemSource` over terrain-RGB raster tiles (XYZ, web mercator) at one fixed zoom.
 * Fetching tile bytes and decoding images are injected, so this module stays pure: the browser
 * adapter passes `fetch` + `createImageBitmap`/`OffscreenCanvas` (src/elevation), tests pass
 * synthetic pixels, and a PMTiles archive can stand in for the HTTP fetcher.
 *
 * Sampling contract:
 * - Bilinear between pixel centres of the tile containing the position. Near a tile border
 *   (within half a pixel) the nearest pixel row/column is held rather than borrowing from the
 *   neighbouring tile, so a result never depends on which tiles happen to be cached.
 * - `NaN` when the tile is not loaded, does not exist (fetcher answered `null`), or the pixel
 *   is transparent.
 * - Decoded tiles live in an LRU cache of `maxTiles`; tiles needed by the current
 *   `prepare`/`ensureCoverage` call are never evicted by that call.
 */
import type { LonLatArray } from '../units';
import { ElevationDataError, type AsyncDemSource, type LonLatBbox } from './dem-source';
import { decodeTerrainRgba, type RgbaImage, type TerrainEncoding } from './terrain-rgb';
import { latToTileY, lonToTileX, MAX_MERCATOR_LAT, mercatorX01, mercatorY01 } from './web-mercator';

/** Bytes of the encoded image for tile (z, x, y); `null` when the tile does not exist. */
export type TerrainTileFetcher = (z: number, x: number, y: number, signal?: AbortSignal) => Promise<Uint8Array | null>;
/** Decodes an encoded PNG/WebP tile to RGBA pixels. */
export type TerrainImageDecoder = (bytes: Uint8Array, signal?: AbortSignal) => Promise<RgbaImage>;

export interface TerrainTileSourceOptions {
  /** Zoom level to sample at; pick the DEM's native zoom (z11–z12 is about 30–75 m per pixel at 512 px). */
  zoom: number;
  encoding: TerrainEncoding;
  fetchTile: TerrainTileFetcher;
  decodeImage: TerrainImageDecoder;
  /** Decoded tiles kept in memory (a 512 px tile is 1 MB). Default 64. */
  maxTiles?: number;
  /** Tiles fetched at the same time. Default 6 (a browser's per-host connection limit). */
  concurrency?: number;
  /** Largest number of tiles one `prepare`/`ensureCoverage` call may need. Default 256. */
  maxTilesPerRequest?: number;
}

interface DecodedTile {
  readonly size: number;
  /** Heights in metres, row-major, `size × size`. */
  readonly heights: Float32Array;
}

// Module-local aliases for the hot loops: some module transforms (CJS interop in tsx/node)
// compile imported bindings to property getters, which costs ~100 ns per point here.
const MAX_LAT = MAX_MERCATOR_LAT;
const toX01 = mercatorX01;
const toY01 = mercatorY01;

/** Marks a tile that does not exist (fetcher answered null). */
const ABSENT: DecodedTile = { size: 0, heights: new Float32Array(0) };

export class TerrainTileSource implements AsyncDemSource {
  readonly zoom: number;
  readonly encoding: TerrainEncoding;
  private readonly fetchTile: TerrainTileFetcher;
  private readonly decodeImage: TerrainImageDecoder;
  private readonly maxTiles: number;
  private readonly concurrency: number;
  private readonly maxTilesPerRequest: number;
  private readonly tilesPerAxis: number;
  /** Decoded tiles by `y * 2^z + x`, least recently used first. */
  private readonly cache = new Map<number, DecodedTile>();
  private readonly inFlight = new Map<number, Promise<void>>();

  constructor(options: TerrainTileSourceOptions) {
    if (!Number.isInteger(options.zoom) || options.zoom < 0 || options.zoom > 24) {
      throw new ElevationDataError(`Terrain zoom ${options.zoom} is not usable: pick a whole zoom level from 0 to 24 (the DEM's native zoom).`);
    }
    this.zoom = options.zoom;
    this.encoding = options.encoding;
    this.fetchTile = options.fetchTile;
    this.decodeImage = options.decodeImage;
    this.maxTiles = Math.max(1, options.maxTiles ?? 64);
    this.concurrency = Math.max(1, options.concurrency ?? 6);
    this.maxTilesPerRequest = options.maxTilesPerRequest ?? 256;
    this.tilesPerAxis = 2 ** options.zoom;
  }

  /** Number of tiles (including known-absent ones) in the cache. */
  get cachedTileCount(): number {
    return this.cache.size;
  }

  async prepare(bbox: LonLatBbox, signal?: AbortSignal): Promise<void> {
    const [west, south, east, north] = bbox;
    if (![west, south, east, north].every(Number.isFinite) || west > east || south > north) {
      throw new ElevationDataError(`Cannot load terrain for bbox [${bbox.join(', ')}]: expected finite [west, south, east, north] with west ≤ east and south ≤ north.`);
    }
    const x0 = this.clampTile(Math.floor(lonToTileX(west, this.zoom)));
    const x1 = this.clampTile(Math.floor(lonToTileX(east, this.zoom)));
    const y0 = this.clampTile(Math.floor(latToTileY(north, this.zoom)));
    const y1 = this.clampTile(Math.floor(latToTileY(south, this.zoom)));
    const count = (x1 - x0 + 1) * (y1 - y0 + 1);
    this.checkRequestSize(count, `the area [${bbox.join(', ')}]`);
    const keys: number[] = [];
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) keys.push(y * this.tilesPerAxis + x);
    await this.load(keys, signal);
  }

  async ensureCoverage(coords: LonLatArray, signal?: AbortSignal): Promise<void> {
    const keys = new Set<number>();
    for (let i = 0; i + 1 < coords.length; i += 2) {
      const key = this.tileKeyAt(coords[i], coords[i + 1]);
      if (key >= 0) keys.add(key);
    }
    this.checkRequestSize(keys.size, 'this line');
    await this.load([...keys], signal);
  }

  elevationAt(lon: number, lat: number): number {
    if (!this.holds(lon, lat)) return NaN;
    const wx = toX01(lon) * this.tilesPerAxis;
    const wy = toY01(lat) * this.tilesPerAxis;
    const tileX = this.clampTile(Math.floor(wx));
    const tileY = this.clampTile(Math.floor(wy));
    const tile = this.cache.get(tileY * this.tilesPerAxis + tileX);
    return !tile || tile === ABSENT ? NaN : bilinearPixels(tile, (wx - tileX) * tile.size, (wy - tileY) * tile.size);
  }

  sampleLine(coords: LonLatArray, out?: Float32Array): Float32Array {
    const n = coords.length >> 1;
    const result = out && out.length >= n ? out : new Float32Array(n);
    const tiles = this.tilesPerAxis;
    let lastKey = -1;
    let tile: DecodedTile | undefined;
    for (let i = 0; i < n; i++) {
      const lon = coords[2 * i];
      const lat = coords[2 * i + 1];
      if (!(lon >= -180 && lon <= 180 && lat >= -MAX_LAT && lat <= MAX_LAT)) {
        result[i] = NaN;
        continue;
      }
      const wx = toX01(lon) * tiles;
      const wy = toY01(lat) * tiles;
      let tileX = wx | 0; // non-negative, so truncation is floor
      let tileY = wy | 0;
      if (tileX >= tiles) tileX = tiles - 1;
      if (tileY >= tiles) tileY = tiles - 1;
      const key = tileY * tiles + tileX;
      if (key !== lastKey) {
        tile = this.cache.get(key);
        lastKey = key;
      }
      result[i] = !tile || tile === ABSENT ? NaN : bilinearPixels(tile, (wx - tileX) * tile.size, (wy - tileY) * tile.size);
    }
    return result;
  }

  /** Whether web-mercator tiles can hold the position at all. */
  private holds(lon: number, lat: number): boolean {
    return lon >= -180 && lon <= 180 && lat >= -MAX_LAT && lat <= MAX_LAT;
  }

  /** Key `y * 2^z + x` of the tile containing the position; -1 for a position the tiles cannot hold. */
  private tileKeyAt(lon: number, lat: number): number {
    if (!this.holds(lon, lat)) return -1;
    const x = this.clampTile(Math.floor(lonToTileX(lon, this.zoom)));
    const y = this.clampTile(Math.floor(latToTileY(lat, this.zoom)));
    return y * this.tilesPerAxis + x;
  }

  private clampTile(index: number): number {
    return index < 0 ? 0 : index >= this.tilesPerAxis ? this.tilesPerAxis - 1 : index;
  }

  private checkRequestSize(count: number, what: string): void {
    if (count > this.maxTilesPerRequest) {
      throw new ElevationDataError(
        `Sampling ${what} at zoom ${this.zoom} needs ${count} terrain tiles; the limit is ${this.maxTilesPerRequest}. ` +
          'Use a lower terrain zoom or a smaller area.',
      );
    }
  }

  private async load(keys: number[], signal?: AbortSignal): Promise<void> {
    const wanted = new Set(keys);
    const todo: number[] = [];
    for (const key of keys) {
      const cached = this.cache.get(key);
      if (cached) {
        this.cache.delete(key); // refresh LRU position
        this.cache.set(key, cached);
      } else todo.push(key);
    }
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < todo.length) {
        if (signal?.aborted) throw signal.reason ?? new ElevationDataError('Terrain loading was cancelled.');
        await this.loadTile(todo[next++], signal);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, todo.length) }, worker));
    this.evict(wanted);
  }

  private loadTile(key: number, signal?: AbortSignal): Promise<void> {
    if (this.cache.has(key)) return Promise.resolve();
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const x = key % this.tilesPerAxis;
    const y = (key - x) / this.tilesPerAxis;
    const z = this.zoom;
    const task = (async () => {
      let bytes: Uint8Array | null;
      try {
        bytes = await this.fetchTile(z, x, y, signal);
      } catch (error) {
        if (signal?.aborted) throw error; // cancellation is not a data problem: keep the AbortError
        throw new ElevationDataError(
          `Could not load terrain tile ${z}/${x}/${y}: ${error instanceof Error ? error.message : String(error)}. ` +
            'Check the terrain tile URL setting and your connection, then try again.',
          { cause: error },
        );
      }
      if (bytes === null || bytes.length === 0) {
        this.cache.set(key, ABSENT);
        return;
      }
      let image: RgbaImage;
      try {
        image = await this.decodeImage(bytes, signal);
      } catch (error) {
        throw new ElevationDataError(
          `Terrain tile ${z}/${x}/${y} is not a readable image (${error instanceof Error ? error.message : String(error)}). ` +
            'Check that the terrain URL points at PNG or WebP raster-dem tiles.',
          { cause: error },
        );
      }
      if (image.width !== image.height || image.width < 2 || image.data.length < image.width * image.height * 4) {
        throw new ElevationDataError(
          `Terrain tile ${z}/${x}/${y} is ${image.width}×${image.height} px; raster-dem tiles are square (256 or 512 px). ` +
            'Check the terrain tile URL setting.',
        );
      }
      this.cache.set(key, { size: image.width, heights: decodeTerrainRgba(image.data, this.encoding) });
    })().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, task);
    return task;
  }

  private evict(keep: Set<number>): void {
    if (this.cache.size <= this.maxTiles) return;
    for (const key of this.cache.keys()) {
      if (this.cache.size <= this.maxTiles) break;
      if (!keep.has(key)) this.cache.delete(key);
    }
  }
}

/**
 * Bilinear height at pixel position (`px`, `py`) in 0..size of a decoded tile, interpolating
 * between pixel centres (p + 0.5) and holding the outermost centres within half a pixel of the border.
 */
function bilinearPixels(tile: DecodedTile, px: number, py: number): number {
  const size = tile.size;
  const max = size - 1;
  let u = px - 0.5;
  let v = py - 0.5;
  if (u < 0) u = 0;
  else if (u > max) u = max;
  if (v < 0) v = 0;
  else if (v > max) v = max;
  let col = u | 0;
  let row = v | 0;
  if (col >= max) col = max - 1;
  if (row >= max) row = max - 1;
  const fx = u - col;
  const fy = v - row;
  const h = tile.heights;
  const i = row * size + col;
  const north = h[i] + (h[i + 1] - h[i]) * fx;
  const south = h[i + size] + (h[i + size + 1] - h[i + size]) * fx;
  return north + (south - north) * fy;
}
