/**
 * Terrain-RGB encodings: elevation packed into the colour channels of PNG/WebP raster-dem tiles.
 * Declaring the wrong encoding silently yields wrong heights (terrarium read as mapbox is off
 * by kilometres), so the encoding is always explicit.
 *
 * - terrarium (AWS/Mapzen/Tilezen, Mapterhorn): h = R·256 + G + B/256 − 32768 m
 * - mapbox (Mapbox Terrain-RGB, MapTiler):     h = −10000 + (R·65536 + G·256 + B)·0.1 m
 */

export type TerrainEncoding = 'terrarium' | 'mapbox';

/** Decoded image pixels, 4 bytes per pixel (R, G, B, A), row-major from the top-left. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
}

export function decodeTerrarium(r: number, g: number, b: number): number {
  return r * 256 + g + b / 256 - 32768;
}

export function decodeMapbox(r: number, g: number, b: number): number {
  return -10000 + (r * 65536 + g * 256 + b) * 0.1;
}

/** Height in metres of one pixel. */
export function decodeTerrainPixel(encoding: TerrainEncoding, r: number, g: number, b: number): number {
  return encoding === 'terrarium' ? decodeTerrarium(r, g, b) : decodeMapbox(r, g, b);
}

/**
 * Heights in metres for every pixel of an RGBA buffer, row-major. Fully transparent pixels
 * (alpha 0: "no data" in tiles cut from a larger raster) become NaN.
 */
export function decodeTerrainRgba(rgba: ArrayLike<number>, encoding: TerrainEncoding, out?: Float32Array): Float32Array {
  const pixels = rgba.length >> 2;
  const result = out && out.length >= pixels ? out : new Float32Array(pixels);
  if (encoding === 'terrarium') {
    for (let p = 0, i = 0; p < pixels; p++, i += 4) {
      result[p] = rgba[i + 3] === 0 ? NaN : rgba[i] * 256 + rgba[i + 1] + rgba[i + 2] / 256 - 32768;
    }
  } else {
    for (let p = 0, i = 0; p < pixels; p++, i += 4) {
      result[p] = rgba[i + 3] === 0 ? NaN : -10000 + (rgba[i] * 65536 + rgba[i + 1] * 256 + rgba[i + 2]) * 0.1;
    }
  }
  return result;
}

/** The inverse of `decodeTerrarium` (rounded to the 1/256 m step), for building test tiles and round trips. */
export function encodeTerrarium(heightMeters: number): [r: number, g: number, b: number] {
  const v = Math.round((heightMeters + 32768) * 256);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** The inverse of `decodeMapbox` (rounded to the 0.1 m step). */
export function encodeMapbox(heightMeters: number): [r: number, g: number, b: number] {
  const v = Math.round((heightMeters + 10000) * 10);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
