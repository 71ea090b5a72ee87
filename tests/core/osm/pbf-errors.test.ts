/**
 * Bad input never crashes the reader: empty, non-PBF, truncated, corrupted and unsupported
 * files end in an `OsmPbfError` whose message says what is wrong and what to do.
 */
import { describe, expect, test } from 'vitest';
import { OsmPbfError, OsmPbfStreamReader, osmPbfBlobs, readOsmPbf } from '../../../src/core/osm/pbf-reader';
import { bytesField, concat, decompressedFrames, frame, loadExtract, mulberry32, rawBlob, varintField, withRawBlobs } from './pbf-test-helpers';

const everything = { nodes: () => {}, ways: () => {}, relations: () => {} };

/** The error thrown by `fn`, checked to be an OsmPbfError. */
function pbfError(fn: () => unknown): OsmPbfError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OsmPbfError);
    return error as OsmPbfError;
  }
  throw new Error('expected an OsmPbfError, but reading succeeded');
}

/** A minimal valid file: an OSMHeader (raw blob) with the given required features, plus `rest`. */
function syntheticFile(requiredFeatures: string[], ...rest: Uint8Array[]): Uint8Array {
  const header = concat(...requiredFeatures.map((feature) => bytesField(4, feature)));
  return concat(frame('OSMHeader', rawBlob(header)), ...rest);
}

describe('input that is not an OSM PBF file', () => {
  test('empty input says the file is empty', () => {
    const error = pbfError(() => readOsmPbf(new Uint8Array(0), everything));
    expect(error.message).toMatch(/empty \(0 bytes\).*\.osm\.pbf/);
    expect(error.offset).toBe(0);
  });

  test('random bytes are "not an OSM PBF file"', () => {
    const random = mulberry32(42);
    for (const size of [1, 3, 4, 17, 1000, 100_000]) {
      const bytes = Uint8Array.from({ length: size }, () => Math.floor(random() * 256));
      const error = pbfError(() => readOsmPbf(bytes, everything));
      expect(error.message, `size ${size}`).toMatch(/^This is not an OSM PBF file/);
    }
  });

  test('OSM XML, gzip and GPX are recognised and named in the message', () => {
    const xml = new TextEncoder().encode('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6"><node id="1" lat="42.5" lon="1.5"/></osm>');
    expect(pbfError(() => readOsmPbf(xml, everything)).message).toMatch(/not an OSM PBF file.*OSM XML.*osmium cat/);
    const gpx = new TextEncoder().encode('<?xml version="1.0"?><gpx version="1.1" creator="x"></gpx>');
    expect(pbfError(() => readOsmPbf(gpx, everything)).message).toMatch(/not an OSM PBF file.*a GPX track or route/);
    const gzip = Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(pbfError(() => readOsmPbf(gzip, everything)).message).toMatch(/not an OSM PBF file.*gzip/);
  });

  test('a file whose first block is data, not OSMHeader, is rejected', () => {
    const [, firstData] = decompressedFrames(loadExtract('andorra'));
    const bytes = frame('OSMData', rawBlob(firstData.data));
    expect(pbfError(() => readOsmPbf(bytes, everything)).message).toMatch(/not an OSM PBF file.*"OSMData", not "OSMHeader"/);
  });
});

describe('truncated files', () => {
  test('a cut anywhere inside a block reports "Truncated" and the byte offset where the file ends', () => {
    const bytes = loadExtract('andorra');
    const frames = [...osmPbfBlobs(bytes)];
    const lastStart = frames[frames.length - 1].fileOffset;
    // Cuts inside the first block's body (its header was seen), at a later block's length
    // prefix, inside a later block's header and body, and one byte short of the end.
    const cuts = [frames[0].frameBytes - 5, frames[1].fileOffset + 2, frames[1].fileOffset + 10, frames[1].fileOffset + 300, lastStart + 100, bytes.length - 1];
    for (const cut of cuts) {
      const error = pbfError(() => readOsmPbf(bytes.subarray(0, cut), everything));
      expect(error.message, `cut at ${cut}`).toMatch(/^Truncated OSM PBF file: it ends at byte \d+/);
      expect(error.message).toMatch(/Download the extract again/);
      expect(error.offset, `cut at ${cut}`).toBe(cut);
    }
  });

  test('blocks before the cut are delivered before the error (the read is streaming)', () => {
    const bytes = loadExtract('andorra');
    let nodes = 0;
    expect(() => readOsmPbf(bytes.subarray(0, bytes.length - 1000), { nodes: (b) => { nodes += b.count; } })).toThrow(/Truncated/);
    expect(nodes).toBe(69_644);
  });

  test('a file cut before its first block header is complete is called not-a-PBF, with the byte count', () => {
    const bytes = loadExtract('andorra');
    for (const cut of [1, 3, 5, 12]) {
      const error = pbfError(() => readOsmPbf(bytes.subarray(0, cut), everything));
      expect(error.message).toMatch(new RegExp(`^This is not an OSM PBF file, or only the first ${cut} bytes of one`));
      expect(error.offset).toBe(cut);
    }
  });

  test('the stream reader reports the same truncation at finish()', () => {
    const bytes = loadExtract('andorra');
    const reader = new OsmPbfStreamReader(everything);
    reader.push(bytes.subarray(0, 300_000));
    const error = pbfError(() => reader.finish());
    expect(error.message).toMatch(/^Truncated OSM PBF file: it ends at byte 300000/);
    expect(error.offset).toBe(300_000);
  });
});

describe('unsupported files', () => {
  test('lzma, lz4 and zstd blobs name the compression and how to re-encode', () => {
    for (const [field, name] of [[4, 'lzma'], [6, 'lz4'], [7, 'zstd']] as const) {
      const blob = concat(varintField(2, 10), bytesField(field, Uint8Array.from([1, 2, 3])));
      const bytes = syntheticFile(['OsmSchema-V0.6'], frame('OSMData', blob));
      const error = pbfError(() => readOsmPbf(bytes, everything));
      expect(error.message).toMatch(new RegExp(`is ${name}-compressed.*zlib.*osmium cat`));
      expect(error.offset).toBeGreaterThan(0);
    }
  });

  test('history and locations-on-ways files are rejected before any data is read', () => {
    for (const feature of ['HistoricalInformation', 'LocationsOnWays']) {
      const error = pbfError(() => readOsmPbf(syntheticFile(['OsmSchema-V0.6', 'DenseNodes', feature]), everything));
      expect(error.message).toMatch(new RegExp(`Unsupported OSM PBF file: it requires "${feature}"`));
    }
    expect(pbfError(() => readOsmPbf(syntheticFile(['Foo-Bar']), everything)).message).toMatch(/requires "Foo-Bar"/);
  });

  test('a minimal valid file with supported features and no data reads as empty', () => {
    const summary = readOsmPbf(syntheticFile(['OsmSchema-V0.6', 'DenseNodes']), everything);
    expect(summary).toMatchObject({ nodeCount: 0, wayCount: 0, relationCount: 0, blockCount: 1, cancelled: false });
  });

  test('unknown block types are skipped, as the format requires', () => {
    const bytes = syntheticFile(['OsmSchema-V0.6'], frame('MyIndex', rawBlob(Uint8Array.from([1, 2, 3]))));
    expect(readOsmPbf(bytes, everything).blockCount).toBe(2);
  });
});

describe('corrupted files', () => {
  test('zlib data with flipped bytes ends in an OsmPbfError or a read, never another exception', () => {
    const bytes = loadExtract('andorra');
    const random = mulberry32(7);
    let errors = 0;
    for (let trial = 0; trial < 40; trial++) {
      const damaged = bytes.slice();
      const at = 200 + Math.floor(random() * (bytes.length - 200));
      damaged[at] ^= 1 + Math.floor(random() * 255);
      try {
        readOsmPbf(damaged, everything);
      } catch (error) {
        expect(error, `flip at ${at}`).toBeInstanceOf(OsmPbfError);
        expect((error as Error).message).toMatch(/^(Corrupt|Truncated|This is not)/);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(20);
  });

  test('decompressed block bytes with flipped bytes are caught by the protobuf checks', () => {
    // Raw blobs put the block bytes directly under the decoder, without zlib failing first.
    const bytes = withRawBlobs(loadExtract('andorra'));
    const frames = [...osmPbfBlobs(bytes)];
    const random = mulberry32(11);
    let errors = 0;
    for (let trial = 0; trial < 60; trial++) {
      const target = frames[1 + Math.floor(random() * (frames.length - 1))];
      const damaged = bytes.slice();
      const at = target.fileOffset + 20 + Math.floor(random() * (target.frameBytes - 20));
      damaged[at] ^= 1 + Math.floor(random() * 255);
      try {
        readOsmPbf(damaged, everything);
      } catch (error) {
        expect(error, `flip at ${at}`).toBeInstanceOf(OsmPbfError);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(0);
  });

  test('a zlib blob whose raw_size disagrees with its data is reported as damaged', () => {
    const bytes = loadExtract('andorra');
    const [headerFrame] = osmPbfBlobs(bytes);
    const zlibStart = headerFrame.blob.indexOf(0x1a); // field 3 (zlib_data) key
    const blob = concat(varintField(2, 9999), headerFrame.blob.subarray(zlibStart));
    const error = pbfError(() => readOsmPbf(frame('OSMHeader', blob), everything));
    expect(error.message).toMatch(/Corrupt OSM PBF file: block 0 .* decompresses to \d+ bytes instead of the declared 9999/);
  });
});

test('errors thrown by the visitor pass through unchanged', () => {
  const bytes = loadExtract('andorra');
  class Stop extends Error {}
  expect(() => readOsmPbf(bytes, { ways: () => { throw new Stop('stop here'); } })).toThrow(Stop);
});
