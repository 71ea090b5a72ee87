/**
 * Builds small synthetic PMTiles v3 archives for tests that the real file cannot cover (leaf
 * directories, run lengths, gzip tile compression). Written from the spec, not from the reader.
 */
import { gzipSync } from 'fflate';

export interface FixtureEntry { tileId: number; offset: number; length: number; runLength: number }

function varint(value: number, out: number[]): void {
  let v = value;
  while (v >= 128) {
    out.push((v % 128) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

/** Serialises a directory; `contiguous` entries are written with offset code 0. */
export function serializeDirectory(entries: FixtureEntry[], contiguous: boolean[] = []): Uint8Array {
  const out: number[] = [];
  varint(entries.length, out);
  let last = 0;
  for (const e of entries) {
    varint(e.tileId - last, out);
    last = e.tileId;
  }
  for (const e of entries) varint(e.runLength, out);
  for (const e of entries) varint(e.length, out);
  entries.forEach((e, i) => varint(i > 0 && contiguous[i] ? 0 : e.offset + 1, out));
  return new Uint8Array(out);
}

export function buildArchive(parts: {
  root: Uint8Array; leaves: Uint8Array; tileData: Uint8Array; metadata: Uint8Array;
  internalCompression: 1 | 2; tileCompression: 1 | 2; tileType: number; minZoom: number; maxZoom: number;
}): Uint8Array {
  const pack = (bytes: Uint8Array) => (parts.internalCompression === 2 ? gzipSync(bytes) : bytes);
  const root = pack(parts.root);
  const metadata = pack(parts.metadata);
  const leaves = parts.leaves; // leaf directories are compressed individually by the caller
  const header = new Uint8Array(127);
  header.set([...'PMTiles'].map((c) => c.charCodeAt(0)));
  header[7] = 3;
  const view = new DataView(header.buffer);
  const sections = [root, metadata, leaves, parts.tileData];
  let offset = 127;
  sections.forEach((section, k) => {
    view.setBigUint64(8 + 16 * k, BigInt(offset), true);
    view.setBigUint64(16 + 16 * k, BigInt(section.length), true);
    offset += section.length;
  });
  header[96] = 1;
  header[97] = parts.internalCompression;
  header[98] = parts.tileCompression;
  header[99] = parts.tileType;
  header[100] = parts.minZoom;
  header[101] = parts.maxZoom;
  const archive = new Uint8Array(offset);
  archive.set(header);
  let at = 127;
  for (const section of sections) {
    archive.set(section, at);
    at += section.length;
  }
  return archive;
}
