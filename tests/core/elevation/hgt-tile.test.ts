import { describe, expect, test } from 'vitest';
import { ElevationDataError } from '../../../src/core/elevation/dem-source';
import { HGT_VOID, hgtTileNameAt, parseHgt, parseHgtTileName, readHgtTile } from '../../../src/core/elevation/hgt-tile';
import { readSharedData } from './shared-data';

/** Big-endian int16 bytes of a size×size grid whose sample (row, col) is `value(row, col)`. */
function hgtBytes(size: number, value: (row: number, col: number) => number): Uint8Array {
  const bytes = new Uint8Array(size * size * 2);
  const view = new DataView(bytes.buffer);
  for (let row = 0; row < size; row++) for (let col = 0; col < size; col++) view.setInt16((row * size + col) * 2, value(row, col), false);
  return bytes;
}

describe('SRTM tile names', () => {
  test('name the south-west corner, N/E positive and S/W negative', () => {
    expect(parseHgtTileName('N42E001.hgt')).toEqual({ south: 42, west: 1 });
    expect(parseHgtTileName('dem/N43E007.hgt.zip')).toEqual({ south: 43, west: 7 });
    expect(parseHgtTileName('S29W072.hgt')).toEqual({ south: -29, west: -72 });
    expect(parseHgtTileName('n48w125.HGT')).toEqual({ south: 48, west: -125 });
    expect(parseHgtTileName('elevation.bin')).toBeNull();
  });

  test('the tile name of a position is the floor of its coordinates', () => {
    expect(hgtTileNameAt(1.5212, 42.5069)).toBe('N42E001');
    expect(hgtTileNameAt(-71.5, -28.5)).toBe('S29W072');
    expect(hgtTileNameAt(-0.1, 0.1)).toBe('N00W001');
    expect(parseHgtTileName(hgtTileNameAt(-124.2, 48.9))).toEqual({ south: 48, west: -125 });
  });
});

describe('reading real SRTM3 tiles', () => {
  test('N42E001.hgt.zip: 1201×1201, corner from the name, 7,652 voids and 349–3100 m as the data README states', () => {
    const tile = readHgtTile(readSharedData('dem/N42E001.hgt.zip'), 'N42E001.hgt.zip', 'skip');
    expect(tile).toMatchObject({ south: 42, west: 1, size: 1201, voidCountInFile: 7652, voidCount: 7652 });
    let min = Infinity;
    let max = -Infinity;
    for (const h of tile.heights) {
      if (h === HGT_VOID) continue;
      min = Math.min(min, h);
      max = Math.max(max, h);
    }
    expect([min, max]).toEqual([349, 3100]);
  });

  test('N43E007.hgt.zip: whole tile -11 to 2064 m', () => {
    const tile = readHgtTile(readSharedData('dem/N43E007.hgt.zip'), 'N43E007.hgt.zip', 'skip');
    expect(tile).toMatchObject({ south: 43, west: 7, size: 1201 });
    let min = Infinity;
    let max = -Infinity;
    for (const h of tile.heights) {
      if (h === HGT_VOID) continue;
      min = Math.min(min, h);
      max = Math.max(max, h);
    }
    expect([min, max]).toEqual([-11, 2064]);
  });

  test('the name inside the zip is used when the outer file name carries none', () => {
    const tile = readHgtTile(readSharedData('dem/N43E007.hgt.zip'), 'download.zip', 'skip');
    expect([tile.south, tile.west]).toEqual([43, 7]);
  });

  test('row 0 is the north edge and column 0 the west edge', () => {
    const tile = parseHgt(hgtBytes(1201, (row, col) => row - col), -29, -72, 'skip');
    expect(tile.heights[0]).toBe(0);
    expect(tile.heights[1200]).toBe(-1200); // north-east corner
    expect(tile.heights[1200 * 1201]).toBe(1200); // south-west corner
  });

  test('an SRTM1 (3601×3601) tile is accepted', () => {
    const tile = parseHgt(hgtBytes(3601, () => 7), 46, 7, 'fill');
    expect(tile.size).toBe(3601);
    expect(tile.heights[3601 * 3601 - 1]).toBe(7);
  });
});

describe('bad tile files fail with a message that says what to do', () => {
  test('wrong size', () => {
    expect(() => readHgtTile(new Uint8Array(1000), 'N42E001.hgt')).toThrow(ElevationDataError);
    expect(() => readHgtTile(new Uint8Array(1000), 'N42E001.hgt')).toThrow(/1000 bytes.*2,884,802.*download it again/);
  });

  test('a truncated zip', () => {
    const zip = readSharedData('dem/N43E007.hgt.zip');
    expect(() => readHgtTile(zip.subarray(0, 5000), 'N43E007.hgt.zip')).toThrow(/not a readable zip archive.*Download the tile again/);
  });

  test('a file name that does not say where the tile is', () => {
    expect(() => readHgtTile(new Uint8Array(2 * 1201 * 1201), 'heights.bin')).toThrow(/south-west corner.*Keep the original file name/);
  });
});
