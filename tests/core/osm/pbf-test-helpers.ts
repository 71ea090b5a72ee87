/**
 * Shared helpers for the OSM PBF tests: locating the real extracts in ../shared, collecting a
 * whole file into batches, and a tiny protobuf writer for synthesising malformed or unusual
 * files from the real ones.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzlibSync } from 'fflate';
import {
  type OsmHeader, type OsmNodeBatch, type OsmPbfSummary, type OsmRelationBatch, type OsmWayBatch, osmPbfBlobs, readOsmPbf,
} from '../../../src/core/osm/pbf-reader';

const here = path.dirname(fileURLToPath(import.meta.url));
/** `/work/shared/data/osm` seen from the repository: `<repo>/../shared/data/osm`. */
export const OSM_DATA_DIR = path.resolve(here, '../../../../shared/data/osm');

export type ExtractName = 'andorra' | 'monaco';

export function extractPath(name: ExtractName): string {
  return path.join(OSM_DATA_DIR, `${name}.osm.pbf`);
}

/** Bytes of a shared extract; throws a clear error when the shared data is missing. */
export function loadExtract(name: ExtractName): Uint8Array {
  const file = extractPath(name);
  if (!existsSync(file)) {
    throw new Error(`Missing test data ${file}: the OSM extracts live in ../shared/data/osm beside the repository (see shared/data/README.md).`);
  }
  return new Uint8Array(readFileSync(file));
}

/** Runs osmium (osmium-tool); throws a clear error when it is not installed. */
export function runOsmium(args: string[]): string {
  const osmium = ['/usr/bin/osmium', '/usr/local/bin/osmium'].find((candidate) => existsSync(candidate));
  if (!osmium) {
    throw new Error('osmium (osmium-tool) is required for this cross-check but was not found in /usr/bin or /usr/local/bin: install it with `apt-get install osmium-tool`.');
  }
  return execFileSync(osmium, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

export interface CollectedFile {
  header: OsmHeader | undefined;
  nodes: OsmNodeBatch[];
  ways: OsmWayBatch[];
  relations: OsmRelationBatch[];
  summary: OsmPbfSummary;
}

/** Reads every entity type of a file, keeping the batches. */
export function collect(bytes: Uint8Array): CollectedFile {
  const file: Omit<CollectedFile, 'summary'> = { header: undefined, nodes: [], ways: [], relations: [] };
  const summary = readOsmPbf(bytes, {
    header: (header) => { file.header = header; },
    nodes: (batch) => { file.nodes.push(batch); },
    ways: (batch) => { file.ways.push(batch); },
    relations: (batch) => { file.relations.push(batch); },
  });
  return { ...file, summary };
}

/** The batch and index of entity `id`, or undefined. */
export function findEntity<B extends { ids: Float64Array }>(batches: B[], id: number): { batch: B; i: number } | undefined {
  for (const batch of batches) {
    const i = batch.ids.indexOf(id);
    if (i >= 0) return { batch, i };
  }
  return undefined;
}

// ---- a tiny protobuf writer, for synthetic files -------------------------------------------

export function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return bytes;
}

export function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

export function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const arrays = parts.map((part) => (part instanceof Uint8Array ? part : Uint8Array.from(part)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) { out.set(a, at); at += a.length; }
  return out;
}

export function varintField(field: number, value: number): Uint8Array {
  return concat(varint(field * 8), varint(value));
}

export function bytesField(field: number, payload: Uint8Array | string): Uint8Array {
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  return concat(varint(field * 8 + 2), varint(bytes.length), bytes);
}

/** One PBF frame: length prefix, BlobHeader {type, datasize}, then the Blob bytes. */
export function frame(type: string, blob: Uint8Array): Uint8Array {
  const header = concat(bytesField(1, type), varintField(3, blob.length));
  const prefix = [(header.length >>> 24) & 0xff, (header.length >>> 16) & 0xff, (header.length >>> 8) & 0xff, header.length & 0xff];
  return concat(prefix, header, blob);
}

/** A Blob holding `data` uncompressed. */
export function rawBlob(data: Uint8Array): Uint8Array {
  return concat(bytesField(1, data), varintField(2, data.length));
}

/** Decompressed block payloads of a real file, frame by frame (decompressed with fflate). */
export function decompressedFrames(bytes: Uint8Array): { type: string; data: Uint8Array }[] {
  return [...osmPbfBlobs(bytes)].map((blob) => {
    // Blob fields 1 (raw) and 3 (zlib_data), parsed here rather than with decompressBlob so the
    // raw-blob tests do not lean on the code they check.
    const zlib = findBytesField(blob.blob, 3);
    const raw = findBytesField(blob.blob, 1);
    return { type: blob.type, data: raw ?? unzlibSync(zlib ?? new Uint8Array(0)) };
  });
}

/** Re-encodes a real file with uncompressed (raw) blobs. */
export function withRawBlobs(bytes: Uint8Array): Uint8Array {
  return concat(...decompressedFrames(bytes).map(({ type, data }) => frame(type, rawBlob(data))));
}

/** First occurrence of length-delimited `field` at the top level of a message. */
function findBytesField(message: Uint8Array, field: number): Uint8Array | undefined {
  let pos = 0;
  const read = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = message[pos++];
      value += (b & 0x7f) * scale;
      scale *= 0x80;
      if (b < 0x80) return value;
    }
  };
  while (pos < message.length) {
    const key = read();
    const wire = key & 7;
    if (wire === 0) { read(); continue; }
    if (wire !== 2) throw new Error(`unexpected wire type ${wire} in test blob`);
    const length = read();
    if (key >>> 3 === field) return message.subarray(pos, pos + length);
    pos += length;
  }
  return undefined;
}

/** Deterministic PRNG (mulberry32) so fuzz cases are reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
