/**
 * Reads tiles out of a PMTiles v3 archive through an injected byte-range reader, so the same
 * code serves an in-memory file (tests, a user's dropped file) and HTTP range requests (the
 * browser adapter). Directories are cached once parsed; tile bytes are returned as stored,
 * decompressed when the archive declares gzip tile compression.
 *
 * Lookup: tile id (Hilbert, see pmtiles-tile-id) → root directory → up to three levels of leaf
 * directories → tile entry → bytes at tileDataOffset + entry.offset.
 */
import { gunzipSync } from 'fflate';
import { ElevationDataError } from './dem-source';
import {
  findPmtilesEntry,
  parsePmtilesDirectory,
  parsePmtilesHeader,
  PMTILES_HEADER_BYTES,
  type PmtilesCompression,
  type PmtilesEntry,
  type PmtilesHeader,
} from './pmtiles-format';
import { zxyToTileId } from './pmtiles-tile-id';

/** Returns `length` bytes starting at `offset` (fewer only at the end of the archive). */
export type ByteRangeReader = (offset: number, length: number, signal?: AbortSignal) => Promise<Uint8Array>;

/** First read: header plus, usually, the whole root directory (the spec keeps both within 16 KiB). */
const INITIAL_READ_BYTES = 16_384;
const MAX_LEAF_DEPTH = 3;

/** A `ByteRangeReader` over bytes already in memory. */
export function bytesRangeReader(bytes: Uint8Array): ByteRangeReader {
  return async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length));
}

function decompress(bytes: Uint8Array, compression: PmtilesCompression, what: string, sourceName: string): Uint8Array {
  if (compression === 'none') return bytes;
  if (compression === 'gzip') {
    try {
      return gunzipSync(bytes);
    } catch (error) {
      throw new ElevationDataError(`The ${what} in ${sourceName} is not valid gzip data: the archive is corrupt.`, { cause: error });
    }
  }
  throw new ElevationDataError(
    `${sourceName} uses ${compression} compression for its ${what}; only gzip and uncompressed archives are supported. ` +
      'Re-create it with `pmtiles convert` (gzip is the default).',
  );
}

export class PmtilesArchive {
  private readonly leafCache = new Map<number, PmtilesEntry[]>();

  private constructor(
    readonly header: PmtilesHeader,
    private readonly rootEntries: PmtilesEntry[],
    private readonly read: ByteRangeReader,
    readonly sourceName: string,
  ) {}

  /** Reads the header and root directory. Rejects with `ElevationDataError` when the bytes are not a usable PMTiles v3 archive. */
  static async open(read: ByteRangeReader, sourceName = 'PMTiles archive', signal?: AbortSignal): Promise<PmtilesArchive> {
    const first = await read(0, INITIAL_READ_BYTES, signal);
    const header = parsePmtilesHeader(first, sourceName);
    const { rootDirectoryOffset: offset, rootDirectoryLength: length } = header;
    if (offset < PMTILES_HEADER_BYTES || length === 0) {
      throw new ElevationDataError(`${sourceName} has no root directory: the archive is corrupt.`);
    }
    const rootBytes = offset + length <= first.length ? first.subarray(offset, offset + length) : await read(offset, length, signal);
    if (rootBytes.length < length) throw new ElevationDataError(`${sourceName} is truncated: its root directory runs past the end of the file.`);
    const rootEntries = parsePmtilesDirectory(decompress(rootBytes, header.internalCompression, 'root directory', sourceName));
    return new PmtilesArchive(header, rootEntries, read, sourceName);
  }

  /** The archive's JSON metadata (attribution, layers, …); `{}` when empty. */
  async metadata(signal?: AbortSignal): Promise<Record<string, unknown>> {
    const { metadataOffset, metadataLength } = this.header;
    if (metadataLength === 0) return {};
    const raw = decompress(await this.read(metadataOffset, metadataLength, signal), this.header.internalCompression, 'metadata', this.sourceName);
    try {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(raw));
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch (error) {
      throw new ElevationDataError(`The metadata of ${this.sourceName} is not valid JSON: the archive is corrupt.`, { cause: error });
    }
  }

  /** Where tile (z, x, y) is stored, as an absolute byte range; `null` when the archive has no such tile. */
  async locateTile(z: number, x: number, y: number, signal?: AbortSignal): Promise<{ offset: number; length: number } | null> {
    if (z < this.header.minZoom || z > this.header.maxZoom) return null;
    const n = 2 ** z;
    if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= n || y >= n) return null;
    const tileId = zxyToTileId(z, x, y);
    let entries = this.rootEntries;
    for (let depth = 0; depth <= MAX_LEAF_DEPTH; depth++) {
      const entry = findPmtilesEntry(entries, tileId);
      if (!entry) return null;
      if (entry.runLength > 0) return { offset: this.header.tileDataOffset + entry.offset, length: entry.length };
      entries = await this.leafDirectory(entry, signal);
    }
    throw new ElevationDataError(`${this.sourceName} nests leaf directories deeper than ${MAX_LEAF_DEPTH} levels: the archive is corrupt.`);
  }

  /** The bytes of tile (z, x, y) (decompressed if the archive gzips tiles); `null` when absent. */
  async getTile(z: number, x: number, y: number, signal?: AbortSignal): Promise<Uint8Array | null> {
    const location = await this.locateTile(z, x, y, signal);
    if (!location) return null;
    const bytes = await this.read(location.offset, location.length, signal);
    if (bytes.length < location.length) throw new ElevationDataError(`${this.sourceName} is truncated: tile ${z}/${x}/${y} runs past the end of the file.`);
    return decompress(bytes, this.header.tileCompression, `tile ${z}/${x}/${y}`, this.sourceName);
  }

  private async leafDirectory(entry: PmtilesEntry, signal?: AbortSignal): Promise<PmtilesEntry[]> {
    const offset = this.header.leafDirectoryOffset + entry.offset;
    const cached = this.leafCache.get(offset);
    if (cached) return cached;
    const raw = await this.read(offset, entry.length, signal);
    const entries = parsePmtilesDirectory(decompress(raw, this.header.internalCompression, 'leaf directory', this.sourceName));
    this.leafCache.set(offset, entries);
    return entries;
  }
}
