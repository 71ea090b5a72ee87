import { describe, expect, test } from 'vitest';
import { ElevationDataError } from '../../../src/core/elevation/dem-source';
import { encodeMapbox, encodeTerrarium, type RgbaImage, type TerrainEncoding } from '../../../src/core/elevation/terrain-rgb';
import { TerrainTileSource, type TerrainTileSourceOptions } from '../../../src/core/elevation/terrain-tile-source';
import { latToTileY, lonToTileX, tileXToLon, tileYToLat } from '../../../src/core/elevation/web-mercator';

const Z = 11;
const SIZE = 16;
const [X0, Y0] = [1104, 690];

/** Height of the synthetic terrain at global pixel-centre coordinates: a plane, so bilinear is exact. */
const plane = (gx: number, gy: number) => 200 + 0.25 * (gx - X0 * SIZE) - 0.5 * (gy - Y0 * SIZE);

/** A fake tile server: "bytes" name the tile; the fake decoder paints the plane into it. */
function fakeTiles(encoding: TerrainEncoding = 'terrarium', exists = (_x: number, _y: number) => true) {
  const fetched: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetchTile = async (z: number, x: number, y: number) => {
    fetched.push(`${z}/${x}/${y}`);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    inFlight--;
    if (!exists(x, y)) return null;
    return new Uint8Array(new Int32Array([x, y]).buffer);
  };
  const decodeImage = async (bytes: Uint8Array): Promise<RgbaImage> => {
    const [x, y] = new Int32Array(bytes.slice().buffer);
    const data = new Uint8ClampedArray(SIZE * SIZE * 4);
    for (let row = 0; row < SIZE; row++) {
      for (let col = 0; col < SIZE; col++) {
        const h = plane(x * SIZE + col + 0.5, y * SIZE + row + 0.5);
        data.set([...(encoding === 'terrarium' ? encodeTerrarium(h) : encodeMapbox(h)), 255], 4 * (row * SIZE + col));
      }
    }
    return { width: SIZE, height: SIZE, data };
  };
  return { fetchTile, decodeImage, fetched, maxInFlight: () => maxInFlight };
}

function source(options: Partial<TerrainTileSourceOptions> = {}, encoding: TerrainEncoding = 'terrarium') {
  const tiles = fakeTiles(encoding);
  return { tiles, source: new TerrainTileSource({ zoom: Z, encoding, fetchTile: tiles.fetchTile, decodeImage: tiles.decodeImage, ...options }) };
}

/** Position of global pixel coordinates (gx, gy) at zoom Z. */
const at = (gx: number, gy: number): [number, number] => [tileXToLon(gx / SIZE, Z), tileYToLat(gy / SIZE, Z)];

describe('TerrainTileSource sampling', () => {
  test('NaN before loading; bilinear between pixel centres after ensureCoverage', async () => {
    const { source: dem } = source();
    const inside = [[X0 * SIZE + 3.2, Y0 * SIZE + 7.9], [X0 * SIZE + 0.5, Y0 * SIZE + 0.5], [X0 * SIZE + 15.5, Y0 * SIZE + 12.01], [(X0 + 1) * SIZE + 8.75, Y0 * SIZE + 1.3]];
    const coords = new Float64Array(inside.flatMap(([gx, gy]) => at(gx, gy)));
    expect(dem.elevationAt(coords[0], coords[1])).toBeNaN();
    await dem.ensureCoverage(coords);
    inside.forEach(([gx, gy], i) => expect(dem.elevationAt(coords[2 * i], coords[2 * i + 1])).toBeCloseTo(plane(gx, gy), 2));
    const sampled = dem.sampleLine(coords);
    inside.forEach((_, i) => expect(sampled[i]).toBe(Math.fround(dem.elevationAt(coords[2 * i], coords[2 * i + 1]))));
  });

  test('within half a pixel of a tile border the outermost pixel centre is held (no borrowing from neighbours)', async () => {
    const { source: dem } = source();
    await dem.prepare([...at(X0 * SIZE, (Y0 + 1) * SIZE), ...at((X0 + 2) * SIZE - 1e-6, Y0 * SIZE)] as [number, number, number, number]);
    const [lon, lat] = at(X0 * SIZE + 15.9, Y0 * SIZE + 4.5); // 0.1 px from the east border
    expect(dem.elevationAt(lon, lat)).toBeCloseTo(plane(X0 * SIZE + 15.5, Y0 * SIZE + 4.5), 2);
  });

  test('mapbox-encoded tiles decode to the same heights', async () => {
    const { source: dem } = source({}, 'mapbox');
    const [lon, lat] = at(X0 * SIZE + 5.3, Y0 * SIZE + 9.6);
    await dem.ensureCoverage(new Float64Array([lon, lat]));
    expect(dem.elevationAt(lon, lat)).toBeCloseTo(plane(X0 * SIZE + 5.3, Y0 * SIZE + 9.6), 1);
  });

  test('positions the tiles cannot hold are NaN', async () => {
    const { source: dem } = source();
    await dem.ensureCoverage(new Float64Array([Number.NaN, 0, 14.2, 89, 200, 50]));
    expect(dem.elevationAt(14.2, 89)).toBeNaN();
    expect(dem.elevationAt(Number.NaN, 50)).toBeNaN();
    expect(Array.from(dem.sampleLine(new Float64Array([14.2, 89, 200, 50])))).toEqual([NaN, NaN]);
  });
});

describe('TerrainTileSource loading', () => {
  test('each tile is fetched once, even for concurrent and repeated requests', async () => {
    const { source: dem, tiles } = source();
    const line = new Float64Array([...at(X0 * SIZE + 1, Y0 * SIZE + 1), ...at((X0 + 1) * SIZE + 1, Y0 * SIZE + 1), ...at(X0 * SIZE + 2, Y0 * SIZE + 2)]);
    await Promise.all([dem.ensureCoverage(line), dem.ensureCoverage(line)]);
    await dem.ensureCoverage(line);
    expect(tiles.fetched.sort()).toEqual([`11/${X0}/${Y0}`, `11/${X0 + 1}/${Y0}`]);
  });

  test('prepare(bbox) fetches exactly the tiles the bbox overlaps, at most `concurrency` at a time', async () => {
    const { source: dem, tiles } = source({ concurrency: 2 });
    const bbox: [number, number, number, number] = [14.1, 50.85, 14.4, 50.95];
    await dem.prepare(bbox);
    const expected: string[] = [];
    for (let y = Math.floor(latToTileY(50.95, Z)); y <= Math.floor(latToTileY(50.85, Z)); y++) {
      for (let x = Math.floor(lonToTileX(14.1, Z)); x <= Math.floor(lonToTileX(14.4, Z)); x++) expected.push(`11/${x}/${y}`);
    }
    expect(tiles.fetched.sort()).toEqual(expected.sort());
    expect(tiles.maxInFlight()).toBeLessThanOrEqual(2);
  });

  test('absent tiles answer NaN and are not requested again', async () => {
    const tiles = fakeTiles('terrarium', () => false);
    const dem = new TerrainTileSource({ zoom: Z, encoding: 'terrarium', fetchTile: tiles.fetchTile, decodeImage: tiles.decodeImage });
    const point = new Float64Array(at(X0 * SIZE + 4, Y0 * SIZE + 4));
    await dem.ensureCoverage(point);
    await dem.ensureCoverage(point);
    expect(tiles.fetched).toHaveLength(1);
    expect(dem.elevationAt(point[0], point[1])).toBeNaN();
  });

  test('least recently used tiles are evicted, but never the ones the current request needs', async () => {
    const { source: dem } = source({ maxTiles: 2 });
    const tile = (dx: number) => new Float64Array(at((X0 + dx) * SIZE + 8, Y0 * SIZE + 8));
    await dem.ensureCoverage(tile(0));
    await dem.ensureCoverage(tile(1));
    await dem.ensureCoverage(tile(0)); // refresh tile 0
    await dem.ensureCoverage(tile(2)); // evicts tile 1
    expect(dem.cachedTileCount).toBe(2);
    expect(dem.elevationAt(tile(1)[0], tile(1)[1])).toBeNaN();
    expect(dem.elevationAt(tile(0)[0], tile(0)[1])).not.toBeNaN();
    const three = new Float64Array([...tile(3), ...tile(4), ...tile(5)]);
    await dem.ensureCoverage(three);
    expect(Array.from(dem.sampleLine(three)).every(Number.isFinite)).toBe(true);
  });
});

describe('TerrainTileSource errors say what to do', () => {
  test('a failing fetch names the tile and is retried next time', async () => {
    let fail = true;
    const tiles = fakeTiles();
    const dem = new TerrainTileSource({
      zoom: Z, encoding: 'terrarium', decodeImage: tiles.decodeImage,
      fetchTile: async (z, x, y) => {
        if (fail) throw new Error('HTTP 500 Internal Server Error');
        return tiles.fetchTile(z, x, y);
      },
    });
    const point = new Float64Array(at(X0 * SIZE + 4, Y0 * SIZE + 4));
    await expect(dem.ensureCoverage(point)).rejects.toThrow(ElevationDataError);
    await expect(dem.ensureCoverage(point)).rejects.toThrow(`terrain tile 11/${X0}/${Y0}: HTTP 500`);
    fail = false;
    await dem.ensureCoverage(point);
    expect(dem.elevationAt(point[0], point[1])).toBeCloseTo(plane(X0 * SIZE + 4, Y0 * SIZE + 4), 2);
  });

  test('cancelling keeps the AbortError instead of reporting a data problem', async () => {
    const controller = new AbortController();
    const tiles = fakeTiles();
    const dem = new TerrainTileSource({
      zoom: Z, encoding: 'terrarium', decodeImage: tiles.decodeImage,
      fetchTile: (_z, _x, _y, signal) => new Promise((_, reject) => signal!.addEventListener('abort', () => reject(signal!.reason))),
    });
    const loading = dem.ensureCoverage(new Float64Array(at(X0 * SIZE + 4, Y0 * SIZE + 4)), controller.signal);
    controller.abort();
    await expect(loading).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('undecodable and non-square images', async () => {
    const point = new Float64Array(at(X0 * SIZE + 4, Y0 * SIZE + 4));
    const broken = new TerrainTileSource({
      zoom: Z, encoding: 'terrarium', fetchTile: async () => new Uint8Array([1, 2, 3]),
      decodeImage: async () => { throw new Error('The source image cannot be decoded.'); },
    });
    await expect(broken.ensureCoverage(point)).rejects.toThrow(/not a readable image.*PNG or WebP raster-dem/);
    const oblong = new TerrainTileSource({
      zoom: Z, encoding: 'terrarium', fetchTile: async () => new Uint8Array([1]),
      decodeImage: async () => ({ width: 256, height: 128, data: new Uint8ClampedArray(256 * 128 * 4) }),
    });
    await expect(oblong.ensureCoverage(point)).rejects.toThrow(/256×128 px; raster-dem tiles are square/);
  });

  test('requests that need too many tiles, bad bboxes and bad zooms', async () => {
    const { source: dem, tiles } = source();
    await expect(dem.prepare([0, 40, 20, 55])).rejects.toThrow(/needs \d+ terrain tiles; the limit is 256.*lower terrain zoom/);
    await expect(dem.prepare([14, Number.NaN, 15, 51])).rejects.toThrow(/finite \[west, south, east, north\]/);
    expect(tiles.fetched).toHaveLength(0);
    expect(() => new TerrainTileSource({ zoom: 2.5, encoding: 'terrarium', fetchTile: tiles.fetchTile, decodeImage: tiles.decodeImage })).toThrow(/whole zoom level/);
  });
});
