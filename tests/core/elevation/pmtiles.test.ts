import { gzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { ElevationDataError } from '../../../src/core/elevation/dem-source';
import { bytesRangeReader, PmtilesArchive } from '../../../src/core/elevation/pmtiles-archive';
import { parsePmtilesDirectory, VarintReader } from '../../../src/core/elevation/pmtiles-format';
import { tileIdToZxy, zxyToTileId } from '../../../src/core/elevation/pmtiles-tile-id';
import { lonLatToTilePixel } from '../../../src/core/elevation/web-mercator';
import { buildArchive, serializeDirectory } from './pmtiles-fixture';
import { readSharedData } from './shared-data';

const TERRAIN_FILE = 'terrain/near-badschandau-z10-11.pmtiles';
const isWebp = (b: Uint8Array) => String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP';

describe('PMTiles tile ids (Hilbert order per zoom)', () => {
  test('the ids the spec lists for zooms 0 and 1, and the start of zoom 2', () => {
    expect(zxyToTileId(0, 0, 0)).toBe(0);
    expect([zxyToTileId(1, 0, 0), zxyToTileId(1, 0, 1), zxyToTileId(1, 1, 1), zxyToTileId(1, 1, 0)]).toEqual([1, 2, 3, 4]);
    expect(zxyToTileId(2, 0, 0)).toBe(5);
    expect(zxyToTileId(26, 2 ** 26 - 1, 2 ** 26 - 1)).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });

  test('ids of one zoom are a permutation of its range, and tileIdToZxy inverts them', () => {
    for (const z of [2, 3, 5]) {
      const n = 2 ** z;
      const ids = new Set<number>();
      for (let x = 0; x < n; x++) for (let y = 0; y < n; y++) {
        const id = zxyToTileId(z, x, y);
        ids.add(id);
        expect(tileIdToZxy(id)).toEqual([z, x, y]);
      }
      expect(ids.size).toBe(n * n);
      expect(Math.min(...ids)).toBe((4 ** z - 1) / 3);
    }
    for (const [z, x, y] of [[11, 1104, 690], [18, 200_000, 90_000], [26, 12_345_678, 45_678_901]]) expect(tileIdToZxy(zxyToTileId(z, x, y))).toEqual([z, x, y]);
  });

  test('neighbouring ids are neighbouring tiles', () => {
    for (let id = zxyToTileId(4, 0, 0); id < zxyToTileId(5, 0, 0) - 1; id++) {
      const [, x1, y1] = tileIdToZxy(id);
      const [, x2, y2] = tileIdToZxy(id + 1);
      expect(Math.abs(x1 - x2) + Math.abs(y1 - y2)).toBe(1);
    }
  });

  test('tiles outside the zoom are refused', () => {
    expect(() => zxyToTileId(3, 8, 0)).toThrow(RangeError);
    expect(() => zxyToTileId(27, 0, 0)).toThrow(/0 to 26/);
  });
});

describe('varints', () => {
  test('LEB128 values up to 2^53', () => {
    const reader = new VarintReader(new Uint8Array([0, 1, 127, 128, 1, 0xac, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]));
    expect([reader.next(), reader.next(), reader.next(), reader.next(), reader.next(), reader.next()]).toEqual([0, 1, 127, 128, 300, 2 ** 53 - 1]);
    expect(() => reader.next()).toThrow(/truncated or corrupt/);
  });
});

describe('the real terrarium archive (near Bad Schandau)', () => {
  const bytes = readSharedData(TERRAIN_FILE);
  const open = () => PmtilesArchive.open(bytesRangeReader(bytes), TERRAIN_FILE);
  const [lon, lat] = [14.204129, 50.905488]; // graphhopper's "Elbe" test point

  test('header: v3, WebP tiles, gzip directories, zooms 10–11, the README bounds', async () => {
    const { header } = await open();
    expect(header).toMatchObject({
      tileType: 'webp', internalCompression: 'gzip', tileCompression: 'none', minZoom: 10, maxZoom: 11,
      addressedTilesCount: 2, tileEntriesCount: 2, tileContentsCount: 2, clustered: true,
    });
    const [west, south, east, north] = header.bounds;
    expect(west).toBeCloseTo(14.203657, 6);
    expect(south).toBeCloseTo(50.905387, 6);
    expect(east).toBeCloseTo(14.208871, 6);
    expect(north).toBeCloseTo(50.912341, 6);
  });

  test('metadata carries the Mapterhorn attribution', async () => {
    const metadata = await (await open()).metadata();
    expect(String(metadata.attribution)).toContain('© Mapterhorn');
  });

  test('z10 and z11 lookups return the WebP bytes of the two tiles, which fill the tile data section', async () => {
    const archive = await open();
    const ranges = [];
    for (const z of [10, 11]) {
      const { x, y } = lonLatToTilePixel(lon, lat, z, 512);
      const tile = await archive.getTile(z, x, y);
      expect(tile).not.toBeNull();
      expect(isWebp(tile!)).toBe(true);
      // A WebP RIFF header states the payload size: file size − 8.
      expect(new DataView(tile!.buffer, tile!.byteOffset).getUint32(4, true)).toBe(tile!.length - 8);
      ranges.push((await archive.locateTile(z, x, y))!);
    }
    ranges.sort((a, b) => a.offset - b.offset);
    expect(ranges[0].offset).toBe(archive.header.tileDataOffset);
    expect(ranges[1].offset).toBe(ranges[0].offset + ranges[0].length);
    expect(ranges[0].length + ranges[1].length).toBe(archive.header.tileDataLength);
  });

  test('the root directory lists exactly the Hilbert ids of those two tiles', async () => {
    const archive = await open();
    const { rootDirectoryOffset: offset, rootDirectoryLength: length } = archive.header;
    const { gunzipSync } = await import('fflate');
    const entries = parsePmtilesDirectory(gunzipSync(bytes.subarray(offset, offset + length)));
    const expected = [10, 11].map((z) => {
      const { x, y } = lonLatToTilePixel(lon, lat, z, 512);
      return zxyToTileId(z, x, y);
    });
    expect(entries.map((e) => e.tileId)).toEqual(expected);
    expect(entries.every((e) => e.runLength === 1)).toBe(true);
  });

  test('tiles that are not in the archive are null: neighbours, other zooms, off-grid', async () => {
    const archive = await open();
    const { x, y } = lonLatToTilePixel(lon, lat, 11, 512);
    expect(await archive.getTile(11, x + 1, y)).toBeNull();
    expect(await archive.getTile(11, x, y - 1)).toBeNull();
    expect(await archive.getTile(12, 2 * x, 2 * y)).toBeNull();
    expect(await archive.getTile(9, x >> 2, y >> 2)).toBeNull();
    expect(await archive.getTile(11, -1, y)).toBeNull();
    expect(await archive.getTile(11, 4096, y)).toBeNull();
  });

  test('one 16 KiB read serves the header and root directory', async () => {
    const reads: Array<[number, number]> = [];
    const inner = bytesRangeReader(bytes);
    await PmtilesArchive.open(async (offset, length) => {
      reads.push([offset, length]);
      return inner(offset, length);
    });
    expect(reads).toEqual([[0, 16_384]]);
  });
});

describe('bad archives fail with a message', () => {
  test('not a PMTiles file', async () => {
    await expect(PmtilesArchive.open(bytesRangeReader(readSharedData('dem/N43E007.hgt.zip')), 'N43E007.hgt.zip')).rejects.toThrow(/N43E007.hgt.zip is not a PMTiles archive/);
  });

  test('another PMTiles version', async () => {
    const bytes = readSharedData(TERRAIN_FILE).slice(0, 1000);
    bytes[7] = 2;
    await expect(PmtilesArchive.open(bytesRangeReader(bytes))).rejects.toThrow(/version 2; only version 3.*pmtiles convert/);
  });

  test('a truncated download', async () => {
    const bytes = readSharedData(TERRAIN_FILE).subarray(0, 2000);
    const archive = await PmtilesArchive.open(bytesRangeReader(bytes), 'partial.pmtiles');
    const { x, y } = lonLatToTilePixel(14.204129, 50.905488, 11, 512);
    await expect(archive.getTile(11, x, y)).rejects.toThrow(ElevationDataError);
    await expect(archive.getTile(11, x, y)).rejects.toThrow(/partial.pmtiles is truncated/);
  });

  test('unsupported directory compression', async () => {
    const bytes = readSharedData(TERRAIN_FILE).slice(0, 1000);
    bytes[97] = 3; // brotli
    await expect(PmtilesArchive.open(bytesRangeReader(bytes), 'brotli.pmtiles')).rejects.toThrow(/brotli compression.*only gzip/);
  });
});

describe('synthetic archives: leaf directories, run lengths, gzip tiles', () => {
  const blobA = new TextEncoder().encode('AAA');
  const blobB = new TextEncoder().encode('BBBB');

  function archiveWithLeaf(internalCompression: 1 | 2, tileCompression: 1 | 2): Uint8Array {
    const a = tileCompression === 2 ? gzipSync(blobA) : blobA;
    const b = tileCompression === 2 ? gzipSync(blobB) : blobB;
    const tileData = new Uint8Array([...a, ...b]);
    const leafRaw = serializeDirectory(
      [{ tileId: 6, offset: 0, length: a.length, runLength: 3 }, { tileId: 12, offset: a.length, length: b.length, runLength: 1 }],
      [false, true],
    );
    const leaf = internalCompression === 2 ? gzipSync(leafRaw) : leafRaw;
    const root = serializeDirectory([{ tileId: 0, offset: 0, length: a.length, runLength: 1 }, { tileId: 5, offset: 0, length: leaf.length, runLength: 0 }]);
    return buildArchive({
      root, leaves: leaf, tileData, metadata: new TextEncoder().encode('{"name":"fixture"}'),
      internalCompression, tileCompression, tileType: 2, minZoom: 0, maxZoom: 2,
    });
  }

  for (const [internal, tiles] of [[1, 1], [2, 1], [2, 2]] as const) {
    test(`directory compression ${internal === 2 ? 'gzip' : 'none'}, tile compression ${tiles === 2 ? 'gzip' : 'none'}`, async () => {
      const archive = await PmtilesArchive.open(bytesRangeReader(archiveWithLeaf(internal, tiles)));
      const text = async (id: number) => {
        const tile = await archive.getTile(...tileIdToZxy(id));
        return tile && new TextDecoder().decode(tile);
      };
      expect(await text(0)).toBe('AAA'); // root entry
      expect([await text(6), await text(7), await text(8)]).toEqual(['AAA', 'AAA', 'AAA']); // run of 3 in the leaf
      expect(await text(9)).toBeNull(); // just after the run
      expect(await text(12)).toBe('BBBB'); // contiguous offset (code 0)
      expect(await text(3)).toBeNull(); // z1 tile not in the root
      expect(await text(20)).toBeNull();
      expect(await archive.metadata()).toEqual({ name: 'fixture' });
    });
  }
});
