/**
 * A binary container of typed-array sections behind a versioned header (kdbush / flatbush style),
 * read back with zero copy: every section is a typed-array view on the one ArrayBuffer.
 *
 * Layout (little-endian, every offset a multiple of 8):
 *   0  u32 magic            (caller's 4 ASCII bytes, e.g. "SWRG")
 *   4  u16 format version   (caller's)
 *   6  u16 header version   (this container: 1)
 *   8  u32 section count
 *   12 u32 reserved (0)
 *   16 directory: per section 24 bytes: u32 tag (4 ASCII bytes), u32 element type,
 *      f64 element count, f64 byte offset
 *   …  section data, each starting on an 8-byte boundary, zero padded.
 * Typed arrays use the platform's byte order; every browser platform is little-endian, and a
 * big-endian reader refuses the file rather than misreading it.
 */
export class SectionFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SectionFileError';
  }
}

export type SectionArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

const TYPES = [Uint8Array, Uint16Array, Uint32Array, Int32Array, Float32Array, Float64Array] as const;
const HEADER_BYTES = 16;
const DIRECTORY_ENTRY_BYTES = 24;
const CONTAINER_VERSION = 1;
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function typeCode(array: SectionArray): number {
  for (let i = 0; i < TYPES.length; i++) if (array instanceof TYPES[i]) return i + 1;
  throw new SectionFileError('Unsupported section array type.');
}

export function tagCode(tag: string): number {
  if (!/^[\x20-\x7e]{4}$/.test(tag)) throw new SectionFileError(`Section tag "${tag}" must be 4 printable ASCII characters.`);
  return (tag.charCodeAt(0) | (tag.charCodeAt(1) << 8) | (tag.charCodeAt(2) << 16) | (tag.charCodeAt(3) << 24)) >>> 0;
}

function tagText(code: number): string {
  return String.fromCharCode(code & 0xff, (code >>> 8) & 0xff, (code >>> 16) & 0xff, code >>> 24);
}

const align8 = (n: number) => (n + 7) & ~7;

/** Writes sections (in the given order) into one new ArrayBuffer. */
export function writeSectionFile(magic: string, formatVersion: number, sections: ReadonlyArray<readonly [tag: string, data: SectionArray]>): ArrayBuffer {
  if (!littleEndian) throw new SectionFileError('Writing region packs needs a little-endian platform.');
  let offset = align8(HEADER_BYTES + DIRECTORY_ENTRY_BYTES * sections.length);
  const placed = sections.map(([tag, data]) => {
    const at = offset;
    offset = align8(offset + data.byteLength);
    return { tag: tagCode(tag), type: typeCode(data), data, at };
  });
  const buffer = new ArrayBuffer(offset);
  const view = new DataView(buffer);
  view.setUint32(0, tagCode(magic), true);
  view.setUint16(4, formatVersion, true);
  view.setUint16(6, CONTAINER_VERSION, true);
  view.setUint32(8, sections.length, true);
  const bytes = new Uint8Array(buffer);
  placed.forEach((s, i) => {
    const d = HEADER_BYTES + i * DIRECTORY_ENTRY_BYTES;
    view.setUint32(d, s.tag, true);
    view.setUint32(d + 4, s.type, true);
    view.setFloat64(d + 8, s.data.length, true);
    view.setFloat64(d + 16, s.at, true);
    bytes.set(new Uint8Array(s.data.buffer, s.data.byteOffset, s.data.byteLength), s.at);
  });
  return buffer;
}

/** Sections of a file by tag, as views on the bytes read (no copy). */
export interface SectionFile {
  readonly formatVersion: number;
  /** The section with this tag; throws a SectionFileError naming it when it is missing or of another type. */
  get<T extends SectionArray>(tag: string, type: { new (buffer: ArrayBuffer, byteOffset: number, length: number): T; readonly name: string }): T;
  has(tag: string): boolean;
}

/** Where one section lies in the file. */
export interface SectionEntry {
  readonly tag: string;
  /** Index into the container's type list (1-based). */
  readonly type: number;
  /** Element count. */
  readonly length: number;
  /** Byte offset in the file (a multiple of 8). */
  readonly at: number;
  readonly byteLength: number;
}

/** A container's header and directory: enough to read any section on its own. */
export interface SectionDirectory {
  readonly formatVersion: number;
  /** Size of the file the directory describes. */
  readonly fileBytes: number;
  /** Sections by tag, in file order. */
  readonly entries: ReadonlyMap<string, SectionEntry>;
}

/** Bytes of a chunk of the file, starting at file offset `at` (a multiple of 8). */
export interface SectionChunk {
  readonly at: number;
  readonly buffer: ArrayBuffer;
}

/** How many leading bytes of a file hold its header and directory (from at least its first 16 bytes). */
export function sectionDirectoryBytes(head: ArrayBuffer): number {
  if (head.byteLength < HEADER_BYTES) return HEADER_BYTES;
  return HEADER_BYTES + new DataView(head).getUint32(8, true) * DIRECTORY_ENTRY_BYTES;
}

/**
 * Opens a container from its leading bytes (`head`, at least `sectionDirectoryBytes(head)` long),
 * checking the magic, versions and that every section lies inside a file of `fileBytes`.
 * `what` names the file kind in error messages ("region pack").
 */
export function readSectionDirectory(head: ArrayBuffer, fileBytes: number, magic: string, supportedVersions: readonly number[], what: string): SectionDirectory {
  if (!(head instanceof ArrayBuffer)) throw new SectionFileError(`A ${what} must be given as an ArrayBuffer.`);
  if (fileBytes < HEADER_BYTES || head.byteLength < HEADER_BYTES) {
    throw new SectionFileError(`This ${what} is truncated: ${fileBytes} bytes is shorter than its ${HEADER_BYTES}-byte header. Download or build it again.`);
  }
  if (!littleEndian) throw new SectionFileError(`Reading a ${what} needs a little-endian platform.`);
  const view = new DataView(head);
  const gotMagic = view.getUint32(0, true);
  if (gotMagic !== tagCode(magic)) {
    throw new SectionFileError(`This is not a ${what}: it starts with "${printable(tagText(gotMagic))}" instead of "${magic}".`);
  }
  const formatVersion = view.getUint16(4, true);
  if (!supportedVersions.includes(formatVersion)) {
    throw new SectionFileError(`This ${what} has format version ${formatVersion}; this app reads version ${supportedVersions.join(' or ')}. Rebuild the ${what} with this version of the app.`);
  }
  const containerVersion = view.getUint16(6, true);
  if (containerVersion !== CONTAINER_VERSION) throw new SectionFileError(`This ${what} has container version ${containerVersion}; expected ${CONTAINER_VERSION}. Rebuild it.`);
  const count = view.getUint32(8, true);
  const directoryEnd = HEADER_BYTES + count * DIRECTORY_ENTRY_BYTES;
  if (directoryEnd > fileBytes) {
    throw new SectionFileError(`This ${what} is truncated: its directory lists ${count} sections but the file ends at byte ${fileBytes}. Download or build it again.`);
  }
  if (directoryEnd > head.byteLength) throw new SectionFileError(`Internal error: read ${directoryEnd} bytes of the ${what} to get its directory (got ${head.byteLength}).`);
  const entries = new Map<string, SectionEntry>();
  for (let i = 0; i < count; i++) {
    const d = HEADER_BYTES + i * DIRECTORY_ENTRY_BYTES;
    const tag = tagText(view.getUint32(d, true));
    const type = view.getUint32(d + 4, true);
    const length = view.getFloat64(d + 8, true);
    const at = view.getFloat64(d + 16, true);
    const T = TYPES[type - 1];
    if (T === undefined) throw new SectionFileError(`This ${what} is damaged: section "${printable(tag)}" has unknown type ${type}. Download or build it again.`);
    if (!(Number.isInteger(length) && length >= 0 && Number.isInteger(at) && at >= directoryEnd && at % 8 === 0)) {
      throw new SectionFileError(`This ${what} is damaged: section "${printable(tag)}" has an invalid position or size. Download or build it again.`);
    }
    const byteLength = length * T.BYTES_PER_ELEMENT;
    if (at + byteLength > fileBytes) {
      throw new SectionFileError(`This ${what} is truncated: section "${printable(tag)}" needs bytes up to ${at + byteLength} but the file has ${fileBytes}. Download or build it again.`);
    }
    entries.set(tag, { tag, type, length, at, byteLength });
  }
  return { formatVersion, fileBytes, entries };
}

/**
 * Byte ranges `[start, end)` that cover the listed sections (those present), one per run of
 * sections that follow each other in the file, so a reader can fetch them in few reads.
 */
export function sectionByteRanges(directory: SectionDirectory, tags: Iterable<string>): [number, number][] {
  const wanted = [...new Set(tags)].flatMap((tag) => {
    const entry = directory.entries.get(tag);
    return entry === undefined ? [] : [entry];
  }).sort((a, b) => a.at - b.at);
  const ranges: [number, number][] = [];
  for (const entry of wanted) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && entry.at <= align8(last[1])) last[1] = Math.max(last[1], entry.at + entry.byteLength);
    else ranges.push([entry.at, entry.at + entry.byteLength]);
  }
  return ranges;
}

/**
 * Sections as zero-copy views on the chunks read so far. A section that lies in no chunk counts
 * as not read: `get` throws naming it (a reader bug, not a damaged file).
 */
export function sectionFileOfChunks(directory: SectionDirectory, chunks: readonly SectionChunk[], what: string): SectionFile {
  return {
    formatVersion: directory.formatVersion,
    has: (tag) => directory.entries.has(tag),
    get(tag, type) {
      const entry = directory.entries.get(tag);
      if (entry === undefined) throw new SectionFileError(`This ${what} is incomplete: section "${tag}" is missing. Rebuild it.`);
      const T = TYPES[entry.type - 1];
      if ((T as unknown) !== type) throw new SectionFileError(`This ${what} is damaged: section "${tag}" holds ${T.name}, expected ${type.name}. Rebuild it.`);
      for (const chunk of chunks) {
        if (entry.at >= chunk.at && entry.at + entry.byteLength <= chunk.at + chunk.buffer.byteLength) {
          return new type(chunk.buffer, entry.at - chunk.at, entry.length);
        }
      }
      throw new SectionFileError(`Internal error: section "${tag}" of the ${what} was used before it was read.`);
    },
  };
}

/**
 * Opens a whole container held in `buffer`, checking the magic, versions and that every section
 * lies inside the buffer. `what` names the file kind in error messages ("region pack").
 */
export function readSectionFile(buffer: ArrayBuffer, magic: string, supportedVersions: readonly number[], what: string): SectionFile {
  if (!(buffer instanceof ArrayBuffer)) throw new SectionFileError(`A ${what} must be given as an ArrayBuffer.`);
  const directory = readSectionDirectory(buffer, buffer.byteLength, magic, supportedVersions, what);
  return sectionFileOfChunks(directory, [{ at: 0, buffer }], what);
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}
