/**
 * A `DemSource` over any number of SRTM tiles, picking the tile by coordinate. Tiles are added
 * from bytes (`addTile`) or loaded on demand through an injected `loadTile` (so the core never
 * does I/O), which makes it an `AsyncDemSource`: `prepare`/`ensureCoverage` load the tiles a
 * bbox or line needs, then sampling is synchronous.
 *
 * Interpolation is bilinear between the four samples around the position. In `skip` mode void
 * corners get weight 0 and the other weights are renormalised; the result is `NaN` when the
 * valid corners carry no weight (all four void, or the position sits exactly on a void sample).
 * Positions outside every loaded tile are `NaN`.
 */
import type { LonLatArray } from '../units';
import { ElevationDataError, type AsyncDemSource, type LonLatBbox } from './dem-source';
import { HGT_VOID, hgtTileNameAt, readHgtTile, type HgtTile, type VoidMode } from './hgt-tile';

/**
 * Loads the bytes of the tile with the given SRTM name (e.g. `N42E001`) as `.hgt` or `.hgt.zip`;
 * resolves `null` when there is no such tile (sea, outside the data set).
 */
export type HgtTileLoader = (tileName: string, signal?: AbortSignal) => Promise<Uint8Array | null>;

export interface HgtDemSourceOptions {
  /** Fill voids at load time (default) or skip void samples while interpolating. */
  voidMode?: VoidMode;
  /** Loads missing tiles in `prepare`/`ensureCoverage`; without it only `addTile` tiles are used. */
  loadTile?: HgtTileLoader;
}

/** Module-local copy for the hot loop (some module transforms turn imported bindings into getters). */
const VOID = HGT_VOID;

/** Tile key of the 1°×1° cell whose south-west corner is (south, west). */
const cellKey = (south: number, west: number): number => (south + 90) * 360 + (west + 180);
/** More 1° tiles than a planning session can sensibly hold (each SRTM3 tile is ~2.9 MB in memory). */
const MAX_TILES_PER_REQUEST = 64;

export class HgtDemSource implements AsyncDemSource {
  readonly voidMode: VoidMode;
  private readonly loadTile?: HgtTileLoader;
  private readonly tiles = new Map<number, HgtTile>();
  /** Cells known to have no tile (loader answered null), so they are not requested again. */
  private readonly missing = new Set<number>();
  private readonly inFlight = new Map<number, Promise<void>>();

  constructor(options: HgtDemSourceOptions = {}) {
    this.voidMode = options.voidMode ?? 'fill';
    this.loadTile = options.loadTile;
  }

  /** Adds (or replaces) a tile from the bytes of a `.hgt` / `.hgt.zip` file. Throws `ElevationDataError` on bad data. */
  addTile(fileBytes: Uint8Array, fileName: string): HgtTile {
    const tile = readHgtTile(fileBytes, fileName, this.voidMode);
    this.addParsedTile(tile);
    return tile;
  }

  /** Adds an already parsed tile (its void handling is whatever it was parsed with). */
  addParsedTile(tile: HgtTile): void {
    const key = cellKey(tile.south, tile.west);
    this.tiles.set(key, tile);
    this.missing.delete(key);
  }

  /** The loaded tiles, in insertion order. */
  loadedTiles(): HgtTile[] {
    return [...this.tiles.values()];
  }

  async prepare(bbox: LonLatBbox, signal?: AbortSignal): Promise<void> {
    const [west, south, east, north] = bbox;
    if (![west, south, east, north].every(Number.isFinite)) {
      throw new ElevationDataError(`Cannot load elevation for bbox [${bbox.join(', ')}]: every edge must be a finite number of degrees.`);
    }
    const keys: Array<[number, number]> = [];
    for (let lat = Math.floor(south); lat <= Math.floor(north); lat++) {
      for (let lon = Math.floor(west); lon <= Math.floor(east); lon++) keys.push([lat, lon]);
    }
    if (keys.length > MAX_TILES_PER_REQUEST) {
      throw new ElevationDataError(
        `The area [${bbox.join(', ')}] needs ${keys.length} SRTM tiles; at most ${MAX_TILES_PER_REQUEST} load at once. ` +
          'Sample a smaller area or a route line (ensureCoverage) instead.',
      );
    }
    await Promise.all(keys.map(([lat, lon]) => this.loadCell(lat, lon, signal)));
  }

  async ensureCoverage(coords: LonLatArray, signal?: AbortSignal): Promise<void> {
    const cells = new Map<number, [number, number]>();
    for (let i = 0; i + 1 < coords.length; i += 2) {
      const lon = coords[i];
      const lat = coords[i + 1];
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
      const south = Math.floor(lat);
      const west = Math.floor(lon);
      cells.set(cellKey(south, west), [south, west]);
    }
    if (cells.size > MAX_TILES_PER_REQUEST) {
      throw new ElevationDataError(
        `This line crosses ${cells.size} SRTM tiles; at most ${MAX_TILES_PER_REQUEST} load at once. Split the drive into shorter parts.`,
      );
    }
    await Promise.all([...cells.values()].map(([south, west]) => this.loadCell(south, west, signal)));
  }

  private loadCell(south: number, west: number, signal?: AbortSignal): Promise<void> {
    const key = cellKey(south, west);
    if (!this.loadTile || this.tiles.has(key) || this.missing.has(key)) return Promise.resolve();
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const name = hgtTileNameAt(west + 0.5, south + 0.5);
    const load = this.loadTile(name, signal)
      .then((bytes) => {
        if (bytes === null) this.missing.add(key);
        else this.addParsedTile(readHgtTile(bytes, `${name}.hgt`, this.voidMode));
      })
      .catch((error: unknown) => {
        if (error instanceof ElevationDataError || signal?.aborted) throw error; // keep AbortErrors as they are
        throw new ElevationDataError(
          `Could not load elevation tile ${name}: ${error instanceof Error ? error.message : String(error)}. ` +
            'Check the elevation data setting and your connection, then try again.',
          { cause: error },
        );
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, load);
    return load;
  }

  /** The tile that holds the position, including the shared edge rows of a neighbouring tile. */
  private tileAt(lon: number, lat: number): HgtTile | undefined {
    const south = Math.floor(lat);
    const west = Math.floor(lon);
    const tile = this.tiles.get(cellKey(south, west));
    if (tile) return tile;
    // A position on a whole-degree line is also the north/east edge of the tile below/left of it.
    if (lat === south) {
      const below = this.tiles.get(cellKey(south - 1, west));
      if (below) return below;
    }
    if (lon === west) {
      const left = this.tiles.get(cellKey(south, west - 1)) ?? (lat === south ? this.tiles.get(cellKey(south - 1, west - 1)) : undefined);
      if (left) return left;
    }
    return undefined;
  }

  elevationAt(lon: number, lat: number): number {
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) return NaN; // also rejects NaN
    const tile = this.tileAt(lon, lat);
    return tile ? bilinearHgt(tile, lon, lat) : NaN;
  }

  sampleLine(coords: LonLatArray, out?: Float32Array): Float32Array {
    const n = coords.length >> 1;
    const result = out && out.length >= n ? out : new Float32Array(n);
    for (let i = 0; i < n;) {
      const lon = coords[2 * i];
      const lat = coords[2 * i + 1];
      const tile = lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 ? this.tileAt(lon, lat) : undefined; // also rejects NaN
      if (tile === undefined) {
        result[i++] = NaN;
        continue;
      }
      // This point, then the ones after it inside the tile's own cell (which `tileAt` would give this tile too).
      result[i] = bilinearHgt(tile, lon, lat);
      i = sampleInCell(tile, coords, i + 1, n, result);
    }
    return result;
  }
}

/**
 * Heights at points `from`, `from + 1`, … while they lie inside `tile`'s own cell (south ≤ lat <
 * south + 1, west ≤ lon < west + 1), into `out`; returns the first point not sampled. The tile's
 * fields are read once rather than per point (V8 keeps an object's number fields boxed).
 */
function sampleInCell(tile: HgtTile, coords: LonLatArray, from: number, n: number, out: Float32Array): number {
  const south = tile.south, west = tile.west, size = tile.size, heights = tile.heights;
  const north = south + 1, east = west + 1;
  const withVoids = tile.voidCount !== 0;
  let i = from;
  for (; i < n; i++) {
    const lon = coords[2 * i];
    const lat = coords[2 * i + 1];
    if (!(lat >= south && lat < north && lon >= west && lon < east)) break; // also stops at NaN
    out[i] = bilinearHeight(heights, size, west, north, withVoids, lon, lat);
  }
  return i;
}

/**
 * Bilinear height inside `tile` (the position must lie within the tile, edges included).
 * Void corners are skipped whenever the tile still holds voids (skip mode, or an unfillable tile).
 */
export function bilinearHgt(tile: HgtTile, lon: number, lat: number): number {
  return bilinearHeight(tile.heights, tile.size, tile.west, tile.south + 1, tile.voidCount !== 0, lon, lat);
}

/** `bilinearHgt` over a tile's fields: `size`² heights from the north-west corner at (`west`, `north`). */
function bilinearHeight(h: Int16Array, size: number, west: number, north: number, withVoids: boolean, lon: number, lat: number): number {
  const last = size - 1;
  const x = (lon - west) * last;
  const y = (north - lat) * last;
  let col = x | 0;
  let row = y | 0;
  if (col >= last) col = last - 1;
  if (row >= last) row = last - 1;
  const fx = x - col;
  const fy = y - row;
  const i = row * size + col;
  const nw = h[i];
  const ne = h[i + 1];
  const sw = h[i + size];
  const se = h[i + size + 1];
  if (!withVoids || (nw !== VOID && ne !== VOID && sw !== VOID && se !== VOID)) {
    const northRow = nw + (ne - nw) * fx;
    const southRow = sw + (se - sw) * fx;
    return northRow + (southRow - northRow) * fy;
  }
  // Skip mode with at least one void corner: renormalise over the valid corners.
  let sum = 0;
  let weight = 0;
  const wNw = (1 - fx) * (1 - fy);
  const wNe = fx * (1 - fy);
  const wSw = (1 - fx) * fy;
  const wSe = fx * fy;
  if (nw !== VOID) { sum += nw * wNw; weight += wNw; }
  if (ne !== VOID) { sum += ne * wNe; weight += wNe; }
  if (sw !== VOID) { sum += sw * wSw; weight += wSw; }
  if (se !== VOID) { sum += se * wSe; weight += wSe; }
  return weight > 1e-9 ? sum / weight : NaN;
}
