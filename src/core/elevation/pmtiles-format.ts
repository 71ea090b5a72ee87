/**
 * The PMTiles v3 binary layout (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md):
 * a fixed 127-byte little-endian header, then a root directory, JSON metadata, optional leaf
 * directories and tile data. A directory is a list of entries {tileId, offset, length,
 * runLength} stored column-wise as unsigned LEB128 varints: tile ids delta-coded, offsets coded
 * as 0 = "right after the previous entry" or offset + 1. An entry with runLength 0 points at a
 * leaf directory instead of tile data. Directories may be compressed (internal compression).
 */
import { ElevationDataError } from './dem-source';

export const PMTILES_HEADER_BYTES = 127;

export type PmtilesCompression = 'unknown' | 'none' | 'gzip' | 'brotli' | 'zstd';
export type PmtilesTileType = 'unknown' | 'mvt' | 'png' | 'jpeg' | 'webp' | 'avif';

const COMPRESSIONS: PmtilesCompression[] = ['unknown', 'none', 'gzip', 'brotli', 'zstd'];
const TILE_TYPES: PmtilesTileType[] = ['unknown', 'mvt', 'png', 'jpeg', 'webp', 'avif'];

export interface PmtilesHeader {
  rootDirectoryOffset: number;
  rootDirectoryLength: number;
  metadataOffset: number;
  metadataLength: number;
  leafDirectoryOffset: number;
  leafDirectoryLength: number;
  tileDataOffset: number;
  tileDataLength: number;
  addressedTilesCount: number;
  tileEntriesCount: number;
  tileContentsCount: number;
  clustered: boolean;
  internalCompression: PmtilesCompression;
  tileCompression: PmtilesCompression;
  tileType: PmtilesTileType;
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number];
  centerZoom: number;
  /** [lon, lat] in degrees. */
  center: [number, number];
}

export interface PmtilesEntry {
  tileId: number;
  /** Offset of the tile (runLength > 0) or leaf directory (runLength 0), relative to its section. */
  offset: number;
  length: number;
  /** Number of consecutive tile ids sharing this tile's bytes; 0 marks a leaf directory. */
  runLength: number;
}

function readUint64(view: DataView, at: number): number {
  // Exact below 2^53, which covers every file size and tile count that fits in memory or HTTP ranges.
  return view.getUint32(at + 4, true) * 2 ** 32 + view.getUint32(at, true);
}

/** Parses the fixed header. Throws `ElevationDataError` for anything that is not a PMTiles v3 archive. */
export function parsePmtilesHeader(bytes: Uint8Array, sourceName = 'archive'): PmtilesHeader {
  const magic = String.fromCharCode(...bytes.subarray(0, 7));
  if (bytes.length < PMTILES_HEADER_BYTES || magic !== 'PMTiles') {
    throw new ElevationDataError(`${sourceName} is not a PMTiles archive (no "PMTiles" header). Check the terrain URL or file.`);
  }
  if (bytes[7] !== 3) {
    throw new ElevationDataError(
      `${sourceName} is PMTiles version ${bytes[7]}; only version 3 is supported. Convert it with \`pmtiles convert\`.`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const e7 = (at: number) => view.getInt32(at, true) / 1e7;
  return {
    rootDirectoryOffset: readUint64(view, 8),
    rootDirectoryLength: readUint64(view, 16),
    metadataOffset: readUint64(view, 24),
    metadataLength: readUint64(view, 32),
    leafDirectoryOffset: readUint64(view, 40),
    leafDirectoryLength: readUint64(view, 48),
    tileDataOffset: readUint64(view, 56),
    tileDataLength: readUint64(view, 64),
    addressedTilesCount: readUint64(view, 72),
    tileEntriesCount: readUint64(view, 80),
    tileContentsCount: readUint64(view, 88),
    clustered: bytes[96] === 1,
    internalCompression: COMPRESSIONS[bytes[97]] ?? 'unknown',
    tileCompression: COMPRESSIONS[bytes[98]] ?? 'unknown',
    tileType: TILE_TYPES[bytes[99]] ?? 'unknown',
    minZoom: bytes[100],
    maxZoom: bytes[101],
    bounds: [e7(102), e7(106), e7(110), e7(114)],
    centerZoom: bytes[118],
    center: [e7(119), e7(123)],
  };
}

/** Reads unsigned LEB128 varints (up to 2^53) from a byte array, advancing `position`. */
export class VarintReader {
  position = 0;
  constructor(private readonly bytes: Uint8Array) {}

  next(): number {
    let result = 0;
    let scale = 1;
    for (let shift = 0; shift < 64; shift += 7) {
      if (this.position >= this.bytes.length) {
        throw new ElevationDataError('A PMTiles directory ends in the middle of a number: the archive is truncated or corrupt.');
      }
      const byte = this.bytes[this.position++];
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    throw new ElevationDataError('A PMTiles directory holds a number longer than 64 bits: the archive is corrupt.');
  }
}

/** Parses an uncompressed directory into entries sorted by tile id. */
export function parsePmtilesDirectory(bytes: Uint8Array): PmtilesEntry[] {
  const reader = new VarintReader(bytes);
  const count = reader.next();
  // Every entry takes at least 4 bytes, which bounds a corrupt count before allocating.
  if (count * 4 > bytes.length) throw new ElevationDataError(`A PMTiles directory claims ${count} entries in ${bytes.length} bytes: the archive is corrupt.`);
  const entries: PmtilesEntry[] = [];
  let tileId = 0;
  for (let i = 0; i < count; i++) {
    tileId += reader.next();
    entries.push({ tileId, offset: 0, length: 0, runLength: 1 });
  }
  for (let i = 0; i < count; i++) entries[i].runLength = reader.next();
  for (let i = 0; i < count; i++) entries[i].length = reader.next();
  for (let i = 0; i < count; i++) {
    const coded = reader.next();
    if (coded === 0 && i > 0) entries[i].offset = entries[i - 1].offset + entries[i - 1].length;
    else entries[i].offset = coded - 1;
  }
  return entries;
}

/**
 * The entry that holds `tileId`: a tile entry whose run covers it, or the leaf directory entry
 * whose range starts at or before it. `undefined` when the directory has neither.
 */
export function findPmtilesEntry(entries: readonly PmtilesEntry[], tileId: number): PmtilesEntry | undefined {
  let low = 0;
  let high = entries.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const diff = tileId - entries[mid].tileId;
    if (diff > 0) low = mid + 1;
    else if (diff < 0) high = mid - 1;
    else return entries[mid];
  }
  // `high` is now the last entry with a smaller tile id.
  if (high >= 0) {
    const entry = entries[high];
    if (entry.runLength === 0) return entry;
    if (tileId - entry.tileId < entry.runLength) return entry;
  }
  return undefined;
}
