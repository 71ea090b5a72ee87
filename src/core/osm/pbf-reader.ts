/**
 * Streaming OSM PBF reader (https://wiki.openstreetmap.org/wiki/PBF_Format), pure TypeScript.
 *
 * Three ways in, one decoder underneath:
 * - `readOsmPbf(bytes, visitor, options)`: a whole file in memory, synchronously.
 * - `osmPbfBlobs(bytes)` + `OsmPbfDecoder`: block by block, so a worker can yield to its event
 *   loop between blocks (to report progress and notice a cancel message).
 * - `OsmPbfStreamReader`: chunks from a ReadableStream (`file.stream()`), so a large file never
 *   has to be in memory at once; memory stays at about one compressed + one decompressed block.
 *
 * Visitors receive column batches (osm-entities.ts): one batch per group, typed arrays, string
 * tables decoded lazily. Entities arrive in file order. Files from osmium, osmconvert and
 * Geofabrik are sorted: all nodes, then ways, then relations, ids ascending; the summary
 * reports what was actually observed (`typesInOrder`, `idsAscending`) so callers relying on
 * it can check instead of assuming.
 */
import { ProtobufError } from './protobuf';
import {
  type InflateFunction, type OsmPbfBlob, decompressBlob, emptyInputError, fflateInflate, parseFrame, truncatedError,
} from './pbf-blob';
import { OsmPbfError, REDOWNLOAD_HINT } from './pbf-errors';
import { type OsmHeader, decodeOsmHeader } from './pbf-header';
import { type OsmBatchVisitor, type OsmBlockStats, decodePrimitiveBlock, newBlockStats } from './pbf-primitive-block';

export type { OsmBbox, OsmHeader } from './pbf-header';
export { SUPPORTED_REQUIRED_FEATURES } from './pbf-header';
export type { OsmPbfBlob, InflateFunction } from './pbf-blob';
export type { OsmBatchVisitor } from './pbf-primitive-block';
export { OsmPbfError } from './pbf-errors';
export { OsmStringTable } from './osm-string-table';
export * from './osm-entities';

/** What to do with the file: each callback is optional; omitted entity types are not decoded. */
export interface OsmPbfVisitor extends OsmBatchVisitor {
  /** Called once, before any entity, with the file's OSMHeader. */
  header?(header: OsmHeader): void;
}

export interface OsmPbfReadOptions {
  /** Called after each block with bytes consumed so far and the file size (if known). */
  onProgress?(bytesDone: number, bytesTotal: number): void;
  /** Polled between blocks; returning true stops reading (the summary says `cancelled`). */
  shouldCancel?(): boolean;
  /** zlib decompressor; defaults to fflate. Node callers may pass `(d, n) => zlib.inflateSync(d)`. */
  inflate?: InflateFunction;
}

/** What a read found. Counts include entity types the visitor skipped. */
export interface OsmPbfSummary {
  readonly header: OsmHeader | undefined;
  readonly blockCount: number;
  readonly nodeCount: number;
  readonly wayCount: number;
  readonly relationCount: number;
  /** All node groups came before all way groups, and ways before relations. */
  readonly typesInOrder: boolean;
  /** Ids of each decoded entity type were strictly ascending (skipped types are not checked). */
  readonly idsAscending: boolean;
  /** Bytes of the file consumed. */
  readonly bytesRead: number;
  /** True when `shouldCancel` stopped the read early. */
  readonly cancelled: boolean;
}

/** Reads a whole PBF file held in memory. Throws `OsmPbfError` with a user-facing message. */
export function readOsmPbf(bytes: Uint8Array, visitor: OsmPbfVisitor, options: OsmPbfReadOptions = {}): OsmPbfSummary {
  const decoder = new OsmPbfDecoder(visitor, options);
  for (const blob of osmPbfBlobs(bytes)) {
    if (options.shouldCancel?.()) return decoder.summary(true);
    decoder.decode(blob);
    options.onProgress?.(decoder.bytesRead, bytes.length);
  }
  return decoder.finish();
}

/**
 * The frames of a file held in memory, in order, without decompressing them. Throws on empty,
 * non-PBF or truncated input (a truncated tail throws when the iteration reaches it).
 */
export function* osmPbfBlobs(bytes: Uint8Array): Generator<OsmPbfBlob, void, undefined> {
  if (bytes.length === 0) throw emptyInputError();
  let offset = 0;
  let index = 0;
  while (offset < bytes.length) {
    const frame = parseFrame(bytes, offset, bytes.length, offset, index);
    if (typeof frame === 'number') throw truncatedError(bytes, offset, bytes.length, offset, index, frame);
    yield frame;
    offset += frame.frameBytes;
    index++;
  }
}

/**
 * Decodes frames one at a time and keeps the file-level state (header seen, counts, order).
 * Feed it every frame of a file in order, then call `finish()`.
 */
export class OsmPbfDecoder {
  private readonly stats: OsmBlockStats = newBlockStats();
  private readonly inflate: InflateFunction;
  private header: OsmHeader | undefined;
  private blocks = 0;
  /** Bytes of the file consumed by the frames decoded so far. */
  bytesRead = 0;

  constructor(private readonly visitor: OsmPbfVisitor, options: Pick<OsmPbfReadOptions, 'inflate'> = {}) {
    this.inflate = options.inflate ?? fflateInflate;
  }

  /** Decompresses and decodes one frame, calling the visitor. */
  decode(blob: OsmPbfBlob): void {
    this.bytesRead = blob.fileOffset + blob.frameBytes;
    this.blocks++;
    if (blob.type === 'OSMHeader') {
      if (this.header) throw new OsmPbfError(`Corrupt OSM PBF file: a second OSMHeader block at byte ${blob.fileOffset}. ${REDOWNLOAD_HINT}`, blob.fileOffset);
      const data = decompressBlob(blob, this.inflate);
      this.header = wrapBlockErrors(blob, () => decodeOsmHeader(data, blob.fileOffset));
      this.visitor.header?.(this.header);
    } else if (blob.type === 'OSMData') {
      if (!this.header) throw new OsmPbfError(`This is not an OSM PBF file: data block at byte ${blob.fileOffset} comes before the OSMHeader block. ${REDOWNLOAD_HINT}`, blob.fileOffset);
      const data = decompressBlob(blob, this.inflate);
      wrapBlockErrors(blob, () => decodePrimitiveBlock(data, this.visitor, this.stats));
    }
    // Other block types are extensions; the spec says readers skip them.
  }

  /** The summary so far; `cancelled` marks a read stopped early. */
  summary(cancelled = false): OsmPbfSummary {
    const { nodeCount, wayCount, relationCount, typesInOrder, idsAscending } = this.stats;
    return {
      header: this.header, blockCount: this.blocks, nodeCount, wayCount, relationCount,
      typesInOrder, idsAscending, bytesRead: this.bytesRead, cancelled,
    };
  }

  /** The summary of a complete read; throws if the file had no OSMHeader. */
  finish(): OsmPbfSummary {
    if (!this.header) throw new OsmPbfError('This is not an OSM PBF file: it has no OSMHeader block.', 0);
    return this.summary(false);
  }
}

/**
 * Push-based reader for chunked input (e.g. `for await (const chunk of file.stream())`).
 * Buffers only the current incomplete frame; each complete frame is decoded as soon as its
 * last byte arrives.
 */
export class OsmPbfStreamReader {
  private readonly decoder: OsmPbfDecoder;
  private pending = new Uint8Array(0);
  private pendingLength = 0;
  /** File offset of `pending[0]`. */
  private pendingOffset = 0;
  private frameIndex = 0;
  private cancelled = false;

  constructor(visitor: OsmPbfVisitor, private readonly options: OsmPbfReadOptions & { totalBytes?: number } = {}) {
    this.decoder = new OsmPbfDecoder(visitor, options);
  }

  /** True once `shouldCancel` asked to stop; further chunks are ignored. */
  get isCancelled(): boolean {
    return this.cancelled;
  }

  /**
   * Adds the next chunk of the file and decodes every frame it completes. Do not modify a chunk
   * after pushing it (an uncompressed block's string table may view it). After an error the
   * reader is unusable: the file is bad, so start again with a new one.
   */
  push(chunk: Uint8Array): void {
    if (this.cancelled || chunk.length === 0) return;
    let source = chunk;
    let length = chunk.length;
    if (this.pendingLength > 0) {
      this.append(chunk);
      source = this.pending;
      length = this.pendingLength;
    }
    let start = 0;
    while (start < length) {
      const frame = parseFrame(source, start, length, this.pendingOffset + start, this.frameIndex);
      if (typeof frame === 'number') break;
      if (this.options.shouldCancel?.()) { this.cancelled = true; return; }
      this.decoder.decode(frame);
      this.frameIndex++;
      start += frame.frameBytes;
      this.options.onProgress?.(this.decoder.bytesRead, this.options.totalBytes ?? 0);
    }
    this.keepTail(source, start, length);
  }

  /** Ends the stream: throws if it stopped inside a frame or was empty, else the summary. */
  finish(): OsmPbfSummary {
    if (this.cancelled) return this.decoder.summary(true);
    if (this.pendingOffset === 0 && this.pendingLength === 0) throw emptyInputError();
    if (this.pendingLength > 0) {
      const needed = parseFrame(this.pending, 0, this.pendingLength, this.pendingOffset, this.frameIndex);
      throw truncatedError(this.pending, 0, this.pendingLength, this.pendingOffset, this.frameIndex, typeof needed === 'number' ? needed : this.pendingLength);
    }
    return this.decoder.finish();
  }

  private append(chunk: Uint8Array): void {
    const needed = this.pendingLength + chunk.length;
    if (needed > this.pending.length) {
      const grown = new Uint8Array(Math.max(needed, this.pending.length * 2));
      grown.set(this.pending.subarray(0, this.pendingLength));
      this.pending = grown;
    }
    this.pending.set(chunk, this.pendingLength);
    this.pendingLength = needed;
  }

  /**
   * Keeps `source[start..length)` for the next push. A buffer that frames were decoded from is
   * never written again (raw blobs and string tables may still view it), so a consumed prefix
   * means a fresh copy of the tail, while an untouched pending buffer keeps growing in place.
   */
  private keepTail(source: Uint8Array, start: number, length: number): void {
    if (source === this.pending && start === 0) return;
    const tail = source.slice(start, length);
    this.pendingOffset += start;
    this.pending = tail;
    this.pendingLength = tail.length;
  }
}

/** Turns malformed-data errors into user-facing ones; visitor errors pass through untouched. */
function wrapBlockErrors<T>(blob: OsmPbfBlob, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof ProtobufError) {
      throw new OsmPbfError(`Corrupt OSM PBF file: block ${blob.index} at byte ${blob.fileOffset} is damaged (${error.message}). ${REDOWNLOAD_HINT}`, blob.fileOffset);
    }
    throw error;
  }
}
