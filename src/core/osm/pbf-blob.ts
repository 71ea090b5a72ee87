/**
 * OSM PBF framing: a file is a sequence of frames `[uint32 big-endian header length]
 * [BlobHeader][Blob]`, where the BlobHeader names the blob type and the Blob holds one
 * (usually zlib-compressed) block. See https://wiki.openstreetmap.org/wiki/PBF_Format.
 *
 * Contracts:
 * - `parseFrame` works on any prefix of a file, so the same code frames a whole buffer and a
 *   chunked stream: it returns the frame, or how many bytes it needs before it can.
 * - The first frame decides whether the input is an OSM PBF at all; anything else is rejected
 *   with "not an OSM PBF file" and, when recognisable, what the file looks like instead.
 * - Blobs are decompressed with fflate (pure JS, runs in workers) unless the caller injects an
 *   `inflate` (the Node CLI can pass node:zlib's `inflateSync`).
 */
import { unzlibSync } from 'fflate';
import { ProtobufError, ProtobufReader, WIRE_LENGTH_DELIMITED, WIRE_VARINT, readUint32BigEndian } from './protobuf';
import { OsmPbfError, REDOWNLOAD_HINT, REENCODE_HINT } from './pbf-errors';

/** Spec limits: BlobHeader < 64 KiB, Blob <= 32 MiB (raw and compressed). */
export const MAX_BLOB_HEADER_BYTES = 64 * 1024;
export const MAX_BLOB_BYTES = 32 * 1024 * 1024;

/** One frame of a PBF file, located but not yet decompressed. */
export interface OsmPbfBlob {
  /** 0-based position of the frame in the file. */
  readonly index: number;
  /** "OSMHeader", "OSMData", or a type the decoder skips (the spec allows extensions). */
  readonly type: string;
  /** File offset of the frame's 4-byte length prefix. */
  readonly fileOffset: number;
  /** Total bytes of the frame (prefix + BlobHeader + Blob). */
  readonly frameBytes: number;
  /** The Blob message, still compressed. A view into the input: no copy. */
  readonly blob: Uint8Array;
}

/** Decompresses a zlib stream whose decompressed size is `rawSize` bytes. */
export type InflateFunction = (zlibData: Uint8Array, rawSize: number) => Uint8Array;

export const fflateInflate: InflateFunction = (zlibData, rawSize) => unzlibSync(zlibData, { out: new Uint8Array(rawSize) });

/**
 * Frames the bytes at `bytes[start..end)` whose first byte is at `fileOffset` in the file.
 * Returns the frame, or the number of bytes (from `start`) needed to frame it when the range
 * is too short. Throws `OsmPbfError` on bytes that cannot be a frame.
 */
export function parseFrame(bytes: Uint8Array, start: number, end: number, fileOffset: number, index: number): OsmPbfBlob | number {
  const available = end - start;
  if (available < 4) return 4;
  const headerBytes = readUint32BigEndian(bytes, start);
  if (headerBytes === 0 || headerBytes >= MAX_BLOB_HEADER_BYTES) {
    if (index === 0) throw notPbf(bytes, start, end, `its first 4 bytes are not a plausible block header length (${headerBytes})`);
    throw new OsmPbfError(`Corrupt OSM PBF file: block ${index} at byte ${fileOffset} declares a ${headerBytes}-byte header (the format allows 1 to 65535). ${REDOWNLOAD_HINT}`, fileOffset);
  }
  if (available < 4 + headerBytes) return 4 + headerBytes;
  let type: string;
  let blobBytes: number;
  try {
    ({ type, blobBytes } = readBlobHeader(bytes, start + 4, start + 4 + headerBytes));
  } catch (error) {
    if (index === 0) throw notPbf(bytes, start, end, 'its first block header is not readable');
    throw new OsmPbfError(`Corrupt OSM PBF file: the header of block ${index} at byte ${fileOffset} is unreadable (${errorText(error)}). ${REDOWNLOAD_HINT}`, fileOffset);
  }
  if (index === 0 && type !== 'OSMHeader') throw notPbf(bytes, start, end, `its first block is "${type.slice(0, 40)}", not "OSMHeader"`);
  if (blobBytes > MAX_BLOB_BYTES) {
    throw new OsmPbfError(`Corrupt OSM PBF file: block ${index} at byte ${fileOffset} declares ${blobBytes} bytes (the format allows at most ${MAX_BLOB_BYTES}). ${REDOWNLOAD_HINT}`, fileOffset);
  }
  const frameBytes = 4 + headerBytes + blobBytes;
  if (available < frameBytes) return frameBytes;
  const blobStart = start + 4 + headerBytes;
  return { index, type, fileOffset, frameBytes, blob: bytes.subarray(blobStart, blobStart + blobBytes) };
}

/**
 * The error for input that ends inside the frame at `bytes[start..end)`, which needs `needed`
 * bytes. A file too short to show even its first block header is called not-a-PBF instead:
 * nothing proves it ever was one.
 */
export function truncatedError(bytes: Uint8Array, start: number, end: number, fileOffset: number, index: number, needed: number): OsmPbfError {
  const available = end - start;
  const headerSeen = available >= 4 && available >= 4 + readUint32BigEndian(bytes, start);
  if (index === 0 && !headerSeen) {
    return new OsmPbfError(`This is not an OSM PBF file, or only the first ${available} bytes of one: it ends before its first block header is complete. Choose an OpenStreetMap extract in .osm.pbf format (for example from download.geofabrik.de).`, available);
  }
  const where = available < 4 ? 'inside the length prefix of' : 'inside';
  return new OsmPbfError(
    `Truncated OSM PBF file: it ends at byte ${fileOffset + available}, ${where} block ${index} (which starts at byte ${fileOffset} and needs ${needed} bytes, only ${available} present). The file was probably cut off while downloading or copying. ${REDOWNLOAD_HINT}`,
    fileOffset + available,
  );
}

/** The error for empty input. */
export function emptyInputError(): OsmPbfError {
  return new OsmPbfError('The file is empty (0 bytes). Choose an OpenStreetMap extract in .osm.pbf format, for example from download.geofabrik.de.', 0);
}

/**
 * Decompresses a frame's Blob: zlib or raw. Other compressions (lzma, bzip2, lz4, zstd) get an
 * error naming the compression and how to re-encode the file.
 */
export function decompressBlob(frame: OsmPbfBlob, inflate: InflateFunction = fflateInflate): Uint8Array {
  const reader = new ProtobufReader(frame.blob);
  let raw: Uint8Array | undefined;
  let zlib: Uint8Array | undefined;
  let rawSize = -1;
  let unsupported: string | undefined;
  try {
    while (reader.more()) {
      const key = reader.readKey();
      const field = key >>> 3;
      if (field === 1 && (key & 7) === WIRE_LENGTH_DELIMITED) raw = reader.readBytes();
      else if (field === 2 && (key & 7) === WIRE_VARINT) rawSize = reader.readVarint();
      else if (field === 3 && (key & 7) === WIRE_LENGTH_DELIMITED) zlib = reader.readBytes();
      else {
        if (field >= 4 && field <= 7) unsupported = ['lzma', 'bzip2', 'lz4', 'zstd'][field - 4];
        reader.skip(key & 7);
      }
    }
    reader.checkConsumed();
  } catch (error) {
    throw corruptBlock(frame, `its blob is unreadable (${errorText(error)})`);
  }
  if (raw) return raw;
  if (zlib) {
    if (rawSize < 0 || rawSize > MAX_BLOB_BYTES) throw corruptBlock(frame, `its zlib data has no valid raw_size (${rawSize})`);
    let data: Uint8Array;
    try {
      data = inflate(zlib, rawSize);
    } catch (error) {
      throw corruptBlock(frame, `its zlib data does not decompress (${errorText(error)})`);
    }
    if (data.length !== rawSize) throw corruptBlock(frame, `it decompresses to ${data.length} bytes instead of the declared ${rawSize}`);
    return data;
  }
  if (unsupported) {
    throw new OsmPbfError(`Unsupported OSM PBF compression: block ${frame.index} at byte ${frame.fileOffset} is ${unsupported}-compressed; Switchback reads zlib-compressed or uncompressed PBF files. ${REENCODE_HINT}`, frame.fileOffset);
  }
  throw corruptBlock(frame, 'its blob holds no data');
}

function readBlobHeader(bytes: Uint8Array, start: number, end: number): { type: string; blobBytes: number } {
  const reader = new ProtobufReader(bytes, start, end);
  let type: string | undefined;
  let blobBytes = -1;
  while (reader.more()) {
    const key = reader.readKey();
    const field = key >>> 3;
    if (field === 1 && (key & 7) === WIRE_LENGTH_DELIMITED) type = asciiText(reader.readBytes());
    else if (field === 3 && (key & 7) === WIRE_VARINT) blobBytes = reader.readVarint();
    else reader.skip(key & 7);
  }
  reader.checkConsumed();
  if (type === undefined || blobBytes < 0) throw new ProtobufError('missing type or datasize', start);
  return { type, blobBytes };
}

function notPbf(bytes: Uint8Array, start: number, end: number, reason: string): OsmPbfError {
  const looksLike = describeNonPbf(bytes.subarray(start, Math.min(end, start + 512)));
  const detail = looksLike ? ` It looks like ${looksLike}.` : '';
  return new OsmPbfError(`This is not an OSM PBF file: ${reason}.${detail} Choose an OpenStreetMap extract in .osm.pbf format (for example from download.geofabrik.de).`, 0);
}

/** Names common look-alikes so the user knows what they picked instead. */
function describeNonPbf(head: Uint8Array): string | undefined {
  const text = asciiText(head.subarray(0, 256)).trimStart();
  if (text.startsWith('<')) {
    if (text.includes('<osm')) return 'OSM XML; convert it with `osmium cat in.osm -o out.osm.pbf`';
    if (text.includes('<gpx')) return 'a GPX track or route, not a map extract';
    return 'an XML file';
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return 'a gzip file; unpack it first';
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return 'a bzip2 file (e.g. .osm.bz2); unpack it and convert it with osmium';
  if (head[0] === 0x50 && head[1] === 0x4b) return 'a zip archive; unpack it first';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'a zstd file; unpack it first';
  if (text.startsWith('{') || text.startsWith('[')) return 'a JSON file';
  return undefined;
}

function asciiText(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
  return text;
}

function corruptBlock(frame: OsmPbfBlob, reason: string): OsmPbfError {
  return new OsmPbfError(`Corrupt OSM PBF file: block ${frame.index} at byte ${frame.fileOffset} is damaged: ${reason}. ${REDOWNLOAD_HINT}`, frame.fileOffset);
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
