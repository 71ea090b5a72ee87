/**
 * SRTM `.hgt` tiles: a square grid of big-endian int16 heights in metres covering one degree
 * of latitude and longitude. The file name names the south-west corner (`N42E001` covers
 * lat 42..43, lon 1..2; `S29W072` covers lat -29..-28, lon -72..-71). Row 0 is the north edge,
 * column 0 the west edge, and the outer rows/columns duplicate the neighbouring tiles' edges.
 * SRTM3 tiles are 1201×1201 (3″ spacing), SRTM1 tiles 3601×3601 (1″). Voids are -32768.
 *
 * `.hgt.zip` archives are unzipped with fflate (pure JS, synchronous).
 */
import { unzipSync } from 'fflate';
import { ElevationDataError } from './dem-source';
import { fillVoids } from './void-fill';

/** The SRTM "no data" value. */
export const HGT_VOID = -32768;

/** What to do with void samples: fill them once at load time, or keep them and skip them while interpolating. */
export type VoidMode = 'fill' | 'skip';

export interface HgtTile {
  /** Latitude of the south edge in whole degrees. */
  readonly south: number;
  /** Longitude of the west edge in whole degrees. */
  readonly west: number;
  /** Samples per row and per column (1201 or 3601). */
  readonly size: number;
  /** Heights in metres, row-major from the north-west corner; `HGT_VOID` where void (in `skip` mode). */
  readonly heights: Int16Array;
  /** Void samples in the file as read, before any fill. */
  readonly voidCountInFile: number;
  /** Void samples left in `heights` (0 after a successful fill). */
  readonly voidCount: number;
}

const TILE_NAME = /([NS])(\d{1,2})([EW])(\d{1,3})/i;
const SUPPORTED_SIZES = [1201, 3601];

/** The south-west corner named by an SRTM file name such as `N42E001.hgt.zip` or `s29w072.hgt`; `null` if none. */
export function parseHgtTileName(fileName: string): { south: number; west: number } | null {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const match = TILE_NAME.exec(base);
  if (!match) return null;
  const lat = Number(match[2]) * (match[1].toUpperCase() === 'S' ? -1 : 1);
  const lon = Number(match[4]) * (match[3].toUpperCase() === 'W' ? -1 : 1);
  if (lat < -90 || lat > 89 || lon < -180 || lon > 179) return null;
  return { south: lat, west: lon };
}

/** The canonical SRTM name of the tile containing a position, e.g. `N42E001`. */
export function hgtTileNameAt(lon: number, lat: number): string {
  const south = Math.floor(lat);
  const west = Math.floor(lon);
  const ns = south < 0 ? 'S' : 'N';
  const ew = west < 0 ? 'W' : 'E';
  return `${ns}${String(Math.abs(south)).padStart(2, '0')}${ew}${String(Math.abs(west)).padStart(3, '0')}`;
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Takes the single `.hgt` out of a `.hgt.zip`. */
export function unzipHgt(zipBytes: Uint8Array, zipName = 'archive'): { name: string; bytes: Uint8Array } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zipBytes, { filter: (file) => /\.hgt$/i.test(file.name) });
  } catch (error) {
    throw new ElevationDataError(
      `${zipName} is not a readable zip archive (${error instanceof Error ? error.message : String(error)}). ` +
        'Download the tile again; SRTM tiles come as N42E001.hgt.zip or N42E001.hgt.',
      { cause: error },
    );
  }
  const names = Object.keys(files);
  if (names.length === 0) {
    throw new ElevationDataError(`${zipName} contains no .hgt file. Use an SRTM tile archive such as N42E001.hgt.zip.`);
  }
  return { name: names[0], bytes: files[names[0]] };
}

/**
 * Reads an SRTM tile from the bytes of a `.hgt` or `.hgt.zip` file (detected by content).
 * The tile corner comes from `fileName`, or from the name of the `.hgt` inside the zip.
 * In `fill` mode voids are filled at load time (see `fillVoids`); in `skip` mode they are kept.
 */
export function readHgtTile(fileBytes: Uint8Array, fileName: string, voidMode: VoidMode = 'fill'): HgtTile {
  let bytes = fileBytes;
  let corner = parseHgtTileName(fileName);
  if (isZip(fileBytes)) {
    const inner = unzipHgt(fileBytes, fileName);
    bytes = inner.bytes;
    corner = corner ?? parseHgtTileName(inner.name);
  }
  if (!corner) {
    throw new ElevationDataError(
      `Cannot tell which area "${fileName}" covers: SRTM tiles are named by their south-west corner, ` +
        'like N42E001.hgt or S29W072.hgt.zip. Keep the original file name.',
    );
  }
  return parseHgt(bytes, corner.south, corner.west, voidMode, fileName);
}

/** Parses raw `.hgt` bytes for the tile whose south-west corner is (`south`, `west`). */
export function parseHgt(bytes: Uint8Array, south: number, west: number, voidMode: VoidMode = 'fill', fileName = 'tile'): HgtTile {
  const samples = bytes.length / 2;
  const size = Math.round(Math.sqrt(samples));
  if (!SUPPORTED_SIZES.includes(size) || size * size * 2 !== bytes.length) {
    throw new ElevationDataError(
      `${fileName} has ${bytes.length} bytes, but an SRTM tile has 2,884,802 (SRTM3, 1201×1201) or ` +
        '25,934,402 (SRTM1, 3601×3601). The file is truncated or not an SRTM .hgt tile; download it again.',
    );
  }
  const heights = new Int16Array(samples);
  let voidCountInFile = 0;
  for (let i = 0, b = 0; i < samples; i++, b += 2) {
    const value = ((bytes[b] << 24) >> 16) | bytes[b + 1]; // big-endian, sign-extended
    heights[i] = value;
    if (value === HGT_VOID) voidCountInFile++;
  }
  const voidCount = voidMode === 'fill' && voidCountInFile > 0 ? fillVoids(heights, size, size, HGT_VOID) : voidCountInFile;
  return { south, west, size, heights, voidCountInFile, voidCount };
}
