/**
 * Web-mercator (EPSG:3857) tile math for XYZ raster tiles: zoom z has 2^z × 2^z tiles, x grows
 * eastwards from lon −180, y grows southwards from lat ≈ 85.0511. "World tile coordinates" are
 * fractional tile indices: tile (x, y) spans [x, x+1) × [y, y+1); pixel p of a tile of `size`
 * pixels spans [p, p+1)/size, so its centre sits at (p + 0.5)/size.
 */

/** The latitude limit of the web-mercator square, in degrees. */
export const MAX_MERCATOR_LAT = 85.0511287798066;
const RAD = Math.PI / 180;

const INV_4PI = 1 / (4 * Math.PI);

/** Web-mercator x in the unit square: 0 at lon −180, 1 at +180. Hot-path form (no zoom, no clamping). */
export function mercatorX01(lon: number): number {
  return (lon + 180) / 360;
}

/** Web-mercator y in the unit square: 0 at lat +85.05…, 1 at −85.05…. Hot-path form: the caller keeps lat within ±MAX_MERCATOR_LAT. */
export function mercatorY01(lat: number): number {
  const sin = Math.sin(lat * RAD);
  return 0.5 - Math.log((1 + sin) / (1 - sin)) * INV_4PI;
}

/** Fractional world x in tiles at zoom `z` (0 at lon −180, 2^z at +180). */
export function lonToTileX(lon: number, z: number): number {
  return mercatorX01(lon) * 2 ** z;
}

/** Fractional world y in tiles at zoom `z` (0 at the north limit, 2^z at the south limit); latitude is clamped. */
export function latToTileY(lat: number, z: number): number {
  return mercatorY01(Math.max(-MAX_MERCATOR_LAT, Math.min(MAX_MERCATOR_LAT, lat))) * 2 ** z;
}

/** Longitude of a fractional world x at zoom `z`. */
export function tileXToLon(x: number, z: number): number {
  return (x / 2 ** z) * 360 - 180;
}

/** Latitude of a fractional world y at zoom `z`. */
export function tileYToLat(y: number, z: number): number {
  const n = Math.PI - (2 * Math.PI * y) / 2 ** z;
  return Math.atan(Math.sinh(n)) / RAD;
}

export interface TilePixel {
  /** Tile column at zoom z. */
  x: number;
  /** Tile row at zoom z. */
  y: number;
  /** Fractional pixel column inside the tile, 0..size (pixel centres at p + 0.5). */
  px: number;
  /** Fractional pixel row inside the tile, 0..size. */
  py: number;
}

/** The tile containing a position at zoom `z` and where the position falls inside it, for tiles of `tileSize` px. */
export function lonLatToTilePixel(lon: number, lat: number, z: number, tileSize: number): TilePixel {
  const n = 2 ** z;
  const wx = lonToTileX(lon, z);
  const wy = latToTileY(lat, z);
  const x = Math.min(n - 1, Math.max(0, Math.floor(wx)));
  const y = Math.min(n - 1, Math.max(0, Math.floor(wy)));
  return { x, y, px: (wx - x) * tileSize, py: (wy - y) * tileSize };
}

/** The [west, south, east, north] bounds of tile (z, x, y) in degrees. */
export function tileBounds(z: number, x: number, y: number): [west: number, south: number, east: number, north: number] {
  return [tileXToLon(x, z), tileYToLat(y + 1, z), tileXToLon(x + 1, z), tileYToLat(y, z)];
}

/** Ground size of one pixel in metres at a latitude (equatorial circumference 40 075 016.686 m). */
export function pixelSizeMeters(lat: number, z: number, tileSize: number): number {
  return (40_075_016.686 * Math.cos(lat * RAD)) / (2 ** z * tileSize);
}
