/**
 * The block-level and chunked entry points, and the two-pass node-location helper, must see
 * exactly what a whole-file read sees.
 */
import { describe, expect, test } from 'vitest';
import { inflateSync } from 'node:zlib';
import {
  OsmPbfDecoder, OsmPbfStreamReader, type OsmPbfVisitor, type OsmTagColumns, osmPbfBlobs, readOsmPbf,
} from '../../../src/core/osm/pbf-reader';
import { createNodeLocator, readNodeLocations, sortedUniqueIds } from '../../../src/core/osm/node-locations';
import { type ExtractName, collect, loadExtract, mulberry32, withRawBlobs } from './pbf-test-helpers';

/** An order-sensitive digest of everything a visitor sees: ids, coordinates, refs, members, tags. */
function digestVisitor(): { visitor: OsmPbfVisitor; digest: () => string } {
  let hash = 0;
  let entities = 0;
  const mix = (value: number): void => { hash = (Math.imul(hash ^ (value * 1e7 % 2147483647 | 0), 0x01000193) + entities) | 0; };
  const mixTags = (batch: OsmTagColumns, i: number): void => {
    for (let k = batch.tagStart[i]; k < batch.tagStart[i + 1]; k++) {
      for (const text of [batch.strings.get(batch.tagKeys[k]), batch.strings.get(batch.tagVals[k])]) {
        for (let c = 0; c < text.length; c++) mix(text.charCodeAt(c));
      }
    }
  };
  const visitor: OsmPbfVisitor = {
    nodes: (b) => { for (let i = 0; i < b.count; i++) { entities++; mix(b.ids[i]); mix(b.lons[i]); mix(b.lats[i]); mixTags(b, i); } },
    ways: (b) => {
      for (let i = 0; i < b.count; i++) {
        entities++; mix(b.ids[i]); mixTags(b, i);
        for (let r = b.refStart[i]; r < b.refStart[i + 1]; r++) mix(b.refs[r]);
      }
    },
    relations: (b) => {
      for (let i = 0; i < b.count; i++) {
        entities++; mix(b.ids[i]); mixTags(b, i);
        for (let m = b.memberStart[i]; m < b.memberStart[i + 1]; m++) { mix(b.memberIds[m]); mix(b.memberTypes[m]); mix(b.memberRoles[m]); }
      }
    },
  };
  return { visitor, digest: () => `${entities}:${hash}` };
}

function wholeFileDigest(bytes: Uint8Array): string {
  const { visitor, digest } = digestVisitor();
  readOsmPbf(bytes, visitor);
  return digest();
}

describe.each<ExtractName>(['andorra', 'monaco'])('%s: alternative entry points', (name) => {
  test('chunked stream input gives the same entities and summary as a whole-file read, for any chunk size', () => {
    const bytes = loadExtract(name);
    const expected = wholeFileDigest(bytes);
    const expectedSummary = readOsmPbf(bytes, {});
    const random = mulberry32(3);
    for (const chunkSize of [13, 4096, 65_536, 1_000_003, 0]) {
      const { visitor, digest } = digestVisitor();
      const reader = new OsmPbfStreamReader(visitor, { totalBytes: bytes.length });
      for (let at = 0; at < bytes.length;) {
        // chunkSize 0: random sizes from 1 byte to 200 KB.
        const size = chunkSize || 1 + Math.floor(random() * 200_000);
        reader.push(bytes.subarray(at, at + size));
        at += size;
      }
      const summary = reader.finish();
      expect(digest(), `chunk size ${chunkSize}`).toBe(expected);
      expect({ ...summary, header: undefined }).toEqual({ ...expectedSummary, header: undefined });
    }
  });

  test('blob iterator + decoder gives the same result block by block', () => {
    const bytes = loadExtract(name);
    const { visitor, digest } = digestVisitor();
    const decoder = new OsmPbfDecoder(visitor);
    const offsets: number[] = [];
    for (const blob of osmPbfBlobs(bytes)) {
      offsets.push(blob.fileOffset);
      decoder.decode(blob);
      expect(decoder.bytesRead).toBe(blob.fileOffset + blob.frameBytes);
    }
    expect(offsets[0]).toBe(0);
    expect(decoder.finish().nodeCount).toBeGreaterThan(0);
    expect(digest()).toBe(wholeFileDigest(bytes));
  });

  test('uncompressed (raw) blobs read exactly like zlib blobs', () => {
    const bytes = loadExtract(name);
    const raw = withRawBlobs(bytes);
    expect(raw.length).toBeGreaterThan(bytes.length);
    expect(wholeFileDigest(raw)).toBe(wholeFileDigest(bytes));
  });

  test('an injected inflate (node:zlib) gives the same result as fflate', () => {
    const bytes = loadExtract(name);
    const { visitor, digest } = digestVisitor();
    readOsmPbf(bytes, visitor, { inflate: (data) => new Uint8Array(inflateSync(data)) });
    expect(digest()).toBe(wholeFileDigest(bytes));
  });
});

describe('progress and cancellation', () => {
  test('onProgress reports increasing byte counts ending at the file size', () => {
    const bytes = loadExtract('andorra');
    const reports: [number, number][] = [];
    readOsmPbf(bytes, {}, { onProgress: (done, total) => reports.push([done, total]) });
    expect(reports.length).toBe([...osmPbfBlobs(bytes)].length);
    for (let i = 1; i < reports.length; i++) expect(reports[i][0]).toBeGreaterThan(reports[i - 1][0]);
    expect(reports[reports.length - 1]).toEqual([bytes.length, bytes.length]);
  });

  test('shouldCancel stops between blocks and the summary says so', () => {
    const bytes = loadExtract('andorra');
    let polls = 0;
    let nodeBatches = 0;
    const summary = readOsmPbf(bytes, { nodes: () => { nodeBatches++; } }, { shouldCancel: () => ++polls > 3 });
    expect(summary.cancelled).toBe(true);
    expect(summary.blockCount).toBe(3);
    expect(nodeBatches).toBe(2);
    expect(summary.bytesRead).toBeLessThan(bytes.length);
  });

  test('a cancelled stream ignores further chunks and finishes without error', () => {
    const bytes = loadExtract('andorra');
    const reader = new OsmPbfStreamReader({}, { shouldCancel: () => true });
    reader.push(bytes.subarray(0, 200_000));
    expect(reader.isCancelled).toBe(true);
    reader.push(bytes.subarray(200_000));
    expect(reader.finish()).toMatchObject({ cancelled: true, blockCount: 0 });
  });

  test('an empty stream is reported as an empty file', () => {
    expect(() => new OsmPbfStreamReader({}).finish()).toThrow(/empty/);
  });
});

describe('two-pass node locations', () => {
  test('ways first, then only the referenced nodes: every highway node is located exactly', () => {
    const bytes = loadExtract('andorra');
    const refs: number[] = [];
    const pass1 = readOsmPbf(bytes, {
      ways: (batch) => {
        const highway = batch.strings.indexOf('highway');
        for (let i = 0; i < batch.count; i++) {
          let k = batch.tagStart[i];
          while (k < batch.tagStart[i + 1] && batch.tagKeys[k] !== highway) k++;
          if (k === batch.tagStart[i + 1]) continue;
          for (let r = batch.refStart[i]; r < batch.refStart[i + 1]; r++) refs.push(batch.refs[r]);
        }
      },
    });
    expect(pass1.nodeCount).toBe(69_644);
    const ids = sortedUniqueIds(Float64Array.from(refs));
    expect(ids.length).toBeLessThan(refs.length);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);

    const { lons, lats, foundCount } = readNodeLocations(bytes, ids);
    expect(foundCount).toBe(ids.length);
    // Oracle: a full read.
    const all = new Map<number, [number, number]>();
    for (const batch of collect(bytes).nodes) for (let i = 0; i < batch.count; i++) all.set(batch.ids[i], [batch.lons[i], batch.lats[i]]);
    const wrong = Array.from(ids).filter((id, i) => {
      const [lon, lat] = all.get(id)!;
      return lons[i] !== lon || lats[i] !== lat;
    });
    expect(wrong).toEqual([]);
  });

  test('ids absent from the file stay NaN and are not counted', () => {
    const locator = createNodeLocator(Float64Array.from([1, 625_022, 9e15]));
    readOsmPbf(loadExtract('andorra'), locator.visitor);
    expect(locator.foundCount()).toBe(1);
    expect(Number.isNaN(locator.lons[0])).toBe(true);
    expect([locator.lons[1], locator.lats[1]]).toEqual([1.5513077, 42.5128977]);
    expect(Number.isNaN(locator.lats[2])).toBe(true);
  });
});
