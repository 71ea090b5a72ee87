import { unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { ElevationDataError, lineBbox, sampleLine } from '../../../src/core/elevation/dem-source';
import { bilinearHgt, HgtDemSource } from '../../../src/core/elevation/hgt-dem-source';
import { HGT_VOID, parseHgt, readHgtTile, type HgtTile, type VoidMode } from '../../../src/core/elevation/hgt-tile';
import { readSharedData } from './shared-data';

const ANDORRA = 'dem/N42E001.hgt.zip';
const MONACO = 'dem/N43E007.hgt.zip';

function sourceWith(voidMode: VoidMode, ...files: string[]): HgtDemSource {
  const source = new HgtDemSource({ voidMode });
  for (const file of files) source.addTile(readSharedData(file), file);
  return source;
}

/** Raw big-endian sample of an unzipped .hgt, read independently of the parser. */
function rawSample(hgtBytes: Uint8Array, row: number, col: number): number {
  return new DataView(hgtBytes.buffer, hgtBytes.byteOffset).getInt16((row * 1201 + col) * 2, false);
}

/**
 * Named places with a known elevation. README = ../shared/data/README.md; OSM = the `ele` tag
 * of the node in ../shared/data/osm/*.osm.pbf (read with `osmium tags-filter`).
 */
const KNOWN_PLACES: Array<{ name: string; lon: number; lat: number; meters: number; source: string }> = [
  { name: 'Andorra la Vella', lon: 1.5212467, lat: 42.5069391, meters: 1024, source: 'README spot check; OSM node 58957648 position' },
  { name: 'Pic de Comapedrosa summit', lon: 1.44367, lat: 42.5918, meters: 2899, source: 'README: 2899 m in SRTM (OSM says 2944)' },
  { name: "Port d'Envalira", lon: 1.71938, lat: 42.54018, meters: 2408, source: 'README pass' },
  { name: "Coll d'Ordino", lon: 1.57229, lat: 42.55606, meters: 1987, source: 'README pass' },
  { name: "Coll d'Ordino (second pass node)", lon: 1.5718683, lat: 42.5556039, meters: 1970, source: 'OSM node 1367751728' },
  { name: "Cap de l'Ovella", lon: 1.4279867, lat: 42.5590705, meters: 2541, source: 'OSM node 2188505398' },
  { name: 'Table d’orientation de la Simboula', lon: 7.37277, lat: 43.7356, meters: 675, source: 'README viewpoint' },
  { name: 'Mont Gros', lon: 7.442514, lat: 43.7657459, meters: 688, source: 'OSM node 1080669053' },
  { name: 'Mont Bastide', lon: 7.3502954, lat: 43.7300252, meters: 566, source: 'OSM node 1584068012' },
  { name: 'Cime de la Caussinièra', lon: 7.3870433, lat: 43.7669829, meters: 615, source: 'OSM node 1613251713' },
  { name: 'Cime de la Forna', lon: 7.3876725, lat: 43.7419984, meters: 621, source: 'OSM node 3543252695' },
];

describe('spot heights from the real SRTM3 tiles', () => {
  for (const voidMode of ['fill', 'skip'] as const) {
    const source = sourceWith(voidMode, ANDORRA, MONACO);
    test.each(KNOWN_PLACES)(`${voidMode}: $name is $meters m within 30 m ($source)`, ({ lon, lat, meters }) => {
      expect(Math.abs(source.elevationAt(lon, lat) - meters)).toBeLessThanOrEqual(30);
    });
  }

  test('Andorra la Vella is within 10 m of the README spot check (bilinear, not a neighbouring cell)', () => {
    expect(Math.abs(sourceWith('fill', ANDORRA).elevationAt(1.5212467, 42.5069391) - 1024)).toBeLessThanOrEqual(10);
  });
});

describe('area statistics match the data README', () => {
  /** Samples of the tile whose grid position lies inside [west, south, east, north], by row and column. */
  function windowStats(tile: HgtTile, [west, south, east, north]: number[]) {
    const last = tile.size - 1;
    const row0 = Math.floor((tile.south + 1 - north) * last);
    const row1 = Math.ceil((tile.south + 1 - south) * last);
    const col0 = Math.floor((west - tile.west) * last);
    const col1 = Math.ceil((east - tile.west) * last);
    let voids = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let row = row0; row <= row1; row++) {
      for (let col = col0; col <= col1; col++) {
        const h = tile.heights[row * tile.size + col];
        if (h === HGT_VOID) voids++;
        else {
          min = Math.min(min, h);
          max = Math.max(max, h);
        }
      }
    }
    return { voidPercent: (100 * voids) / ((row1 - row0 + 1) * (col1 - col0 + 1)), min, max };
  }

  test('Andorra window (the extract header bbox): 0.21 % void, valid heights within 835–2911 m and reaching 2911', () => {
    const stats = windowStats(readHgtTile(readSharedData(ANDORRA), ANDORRA, 'skip'), [1.422104, 42.43509, 1.780386, 42.65717]);
    expect(stats.voidPercent.toFixed(2)).toBe('0.21');
    expect(stats.max).toBe(2911);
    expect(stats.min).toBeGreaterThanOrEqual(835);
  });

  test('Monaco window: 0.12 % void, -2 to 1138 m', () => {
    const stats = windowStats(readHgtTile(readSharedData(MONACO), MONACO, 'skip'), [7.349, 43.71, 7.491, 43.77]);
    expect(stats.voidPercent.toFixed(2)).toBe('0.12');
    expect([stats.min, stats.max]).toEqual([-2, 1138]);
  });
});

describe('real voids in N42E001: fill versus skip', () => {
  const fileBytes = readSharedData(ANDORRA);
  const hgtBytes = unzipSync(fileBytes)['N42E001.hgt'];
  const raw = readHgtTile(fileBytes, ANDORRA, 'skip');
  const filled = readHgtTile(fileBytes, ANDORRA, 'fill');
  const skip = sourceWith('skip', ANDORRA);
  const fill = sourceWith('fill', ANDORRA);
  const lonOf = (col: number) => 1 + col / 1200;
  const latOf = (row: number) => 43 - row / 1200;
  const voidCells: number[] = [];
  for (let i = 0; i < raw.heights.length; i++) if (raw.heights[i] === HGT_VOID) voidCells.push(i);

  test('the file has voids and the fill removes every one of them', () => {
    expect(hgtBytes?.length).toBe(1201 * 1201 * 2);
    expect(voidCells.length).toBe(7652);
    expect(filled.voidCountInFile).toBe(7652);
    expect(filled.voidCount).toBe(0);
  });

  test('filling never changes a valid sample', () => {
    let changed = 0;
    for (let i = 0; i < raw.heights.length; i++) if (raw.heights[i] !== HGT_VOID && raw.heights[i] !== filled.heights[i]) changed++;
    expect(changed).toBe(0);
  });

  test('skip mode answers NaN exactly on a void sample, fill mode a height', () => {
    for (const cell of voidCells) {
      const row = Math.floor(cell / 1201);
      const col = cell % 1201;
      expect(skip.elevationAt(lonOf(col), latOf(row))).toBeNaN();
      expect(fill.elevationAt(lonOf(col), latOf(row))).toBeCloseTo(filled.heights[cell], 6);
    }
  });

  test('sampleLine along a dense line through the voids and out of the tile equals elevationAt point by point', () => {
    // On every void sample, a quarter pixel beside it, then across the tile's east and north edges
    // (whole-degree lines included) and on into a cell with no tile.
    const coords: number[] = [];
    for (const cell of voidCells.slice(0, 400)) {
      const row = Math.floor(cell / 1201), col = cell % 1201;
      coords.push(lonOf(col), latOf(row), lonOf(col + 0.25), latOf(row + 0.25));
    }
    for (let k = 0; k <= 40; k++) coords.push(1.98 + k * 0.001, 42.5);
    coords.push(1.5, 43, 1.5, 42.99999, Number.NaN, 42.5, 1.5, 43.00001, 1.2, 42.2);
    const line = Float64Array.from(coords);
    for (const source of [skip, fill]) {
      const expected = Array.from({ length: line.length / 2 }, (_, i) => Math.fround(source.elevationAt(line[2 * i], line[2 * i + 1])));
      const heights = Array.from(source.sampleLine(line));
      expect(heights).toEqual(expected);
      expect(heights.filter(Number.isNaN).length).toBeGreaterThan(source === skip ? 400 : 0);
    }
  });

  test('every filled value lies within the heights of the valid samples bordering its void region', () => {
    // Independent region search (4-connected) over the raw grid.
    const seen = new Uint8Array(raw.heights.length);
    let regions = 0;
    for (const start of voidCells) {
      if (seen[start]) continue;
      regions++;
      const region = [start];
      seen[start] = 1;
      let borderMin = Infinity;
      let borderMax = -Infinity;
      for (let k = 0; k < region.length; k++) {
        const cell = region[k];
        const row = Math.floor(cell / 1201);
        const col = cell % 1201;
        for (const [r, c] of [[row - 1, col], [row + 1, col], [row, col - 1], [row, col + 1]]) {
          if (r < 0 || r > 1200 || c < 0 || c > 1200) continue;
          const next = r * 1201 + c;
          const h = raw.heights[next];
          if (h !== HGT_VOID) {
            borderMin = Math.min(borderMin, h);
            borderMax = Math.max(borderMax, h);
          } else if (!seen[next]) {
            seen[next] = 1;
            region.push(next);
          }
        }
      }
      for (const cell of region) {
        expect(filled.heights[cell]).toBeGreaterThanOrEqual(borderMin - 1);
        expect(filled.heights[cell]).toBeLessThanOrEqual(borderMax + 1);
      }
    }
    expect(regions).toBeGreaterThan(1);
  });

  test('between a void corner and valid corners, skip mode renormalises the valid corners’ bilinear weights', () => {
    let checked = 0;
    for (const cell of voidCells) {
      const row = Math.floor(cell / 1201);
      const col = cell % 1201;
      if (row >= 1200 || col >= 1200) continue;
      const corners = [rawSample(hgtBytes, row, col), rawSample(hgtBytes, row, col + 1), rawSample(hgtBytes, row + 1, col), rawSample(hgtBytes, row + 1, col + 1)];
      if (corners.filter((h) => h === HGT_VOID).length !== 1) continue;
      const fx = 0.25;
      const fy = 0.6;
      const weights = [(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy];
      let sum = 0;
      let weight = 0;
      corners.forEach((h, k) => {
        if (h !== HGT_VOID) {
          sum += h * weights[k];
          weight += weights[k];
        }
      });
      const lon = lonOf(col + fx);
      const lat = latOf(row + fy);
      expect(skip.elevationAt(lon, lat)).toBeCloseTo(sum / weight, 6);
      // Fill mode uses the filled corner instead, so it is an ordinary bilinear value.
      const f = [filled.heights[row * 1201 + col], filled.heights[row * 1201 + col + 1], filled.heights[(row + 1) * 1201 + col], filled.heights[(row + 1) * 1201 + col + 1]];
      expect(fill.elevationAt(lon, lat)).toBeCloseTo(f.reduce((acc, h, k) => acc + h * weights[k], 0), 6);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  test('a cell whose four corners are all void is NaN in skip mode and finite in fill mode', () => {
    const allVoid = voidCells.find((cell) => {
      const row = Math.floor(cell / 1201);
      const col = cell % 1201;
      return row < 1200 && col < 1200 && [cell + 1, cell + 1201, cell + 1202].every((c) => raw.heights[c] === HGT_VOID);
    });
    expect(allVoid).toBeDefined();
    const row = Math.floor(allVoid! / 1201);
    const col = allVoid! % 1201;
    expect(skip.elevationAt(lonOf(col + 0.5), latOf(row + 0.5))).toBeNaN();
    expect(Number.isFinite(fill.elevationAt(lonOf(col + 0.5), latOf(row + 0.5)))).toBe(true);
  });
});

describe('bilinear interpolation and tile selection', () => {
  /** A synthetic tile holding the plane h = 3·col − 2·row + 100 (bilinear reproduces it exactly). */
  const plane = (south: number, west: number, mode: VoidMode = 'skip') => {
    const bytes = new Uint8Array(1201 * 1201 * 2);
    const view = new DataView(bytes.buffer);
    for (let row = 0; row < 1201; row++) for (let col = 0; col < 1201; col++) view.setInt16((row * 1201 + col) * 2, 3 * col - 2 * row + 100, false);
    return parseHgt(bytes, south, west, mode);
  };

  test('reproduces a plane between samples and works in the southern and western hemispheres', () => {
    const tile = plane(-29, -72);
    const source = new HgtDemSource();
    source.addParsedTile(tile);
    for (const [col, row] of [[0, 0], [10.5, 20.25], [1199.9, 0.1], [600.3, 1199.7], [1200, 1200]]) {
      expect(source.elevationAt(-72 + col / 1200, -28 - row / 1200)).toBeCloseTo(3 * col - 2 * row + 100, 6);
    }
  });

  test('positions on whole-degree lines use whichever tile is loaded', () => {
    const southTile = plane(0, 0);
    const source = new HgtDemSource();
    source.addParsedTile(southTile);
    // lat 1 is row 0 of N00E000 (its north edge) even though floor(1) names N01E000.
    expect(source.elevationAt(0.5, 1)).toBeCloseTo(3 * 600 + 100, 6);
    // lon 1 is the east edge of N00E000.
    expect(source.elevationAt(1, 0.5)).toBeCloseTo(3 * 1200 - 2 * 600 + 100, 6);
    expect(source.elevationAt(1, 1)).toBeCloseTo(3 * 1200 + 100, 6);
    expect(source.elevationAt(1.01, 0.5)).toBeNaN();
  });

  test('unknown and invalid positions are NaN, never an exception', () => {
    const source = sourceWith('fill', ANDORRA);
    expect(source.elevationAt(0, 0)).toBeNaN();
    expect(source.elevationAt(Number.NaN, 42.5)).toBeNaN();
    expect(source.elevationAt(1.5, Number.POSITIVE_INFINITY)).toBeNaN();
    expect(source.elevationAt(1.5, 95)).toBeNaN();
  });

  test('sampleLine equals elevationAt vertex by vertex, across two tiles, gaps and edges', () => {
    const source = sourceWith('skip', ANDORRA, MONACO);
    const coords = new Float64Array([1.5, 42.5, 1.71938, 42.54018, 1, 42, 2, 43, 7.37277, 43.7356, 5, 43, Number.NaN, 1, 1.44367, 42.5918, 1.99999, 42.00001]);
    const expected = Array.from({ length: coords.length / 2 }, (_, i) => source.elevationAt(coords[2 * i], coords[2 * i + 1]));
    expect(Array.from(source.sampleLine(coords))).toEqual(expected.map((v) => Math.fround(v)));
    // The generic helper uses the fast path and reuses a large enough output array.
    const out = new Float32Array(20);
    expect(sampleLine(source, coords, out)).toBe(out);
  });

  test('sampleLine hands a point on the shared edge of two loaded tiles to the tile whose cell it is in, as elevationAt does', () => {
    // Row 0 of N00E000 and row 1200 of N01E000 both lie on lat 1 but hold different heights.
    const source = new HgtDemSource();
    source.addParsedTile(plane(0, 0));
    source.addParsedTile(plane(1, 0));
    const coords = new Float64Array([0.5, 0.9999, 0.5001, 1, 0.5002, 1.0001, 0.5003, 1, 0.5004, 0.9999, 1, 0.5, 0.9999, 0.5]);
    const expected = Array.from({ length: coords.length / 2 }, (_, i) => Math.fround(source.elevationAt(coords[2 * i], coords[2 * i + 1])));
    expect(Array.from(source.sampleLine(coords))).toEqual(expected);
    expect(expected[1]).toBeCloseTo(3 * 600.12 - 2 * 1200 + 100, 3); // lat 1 from N01E000's south row
  });

  test('bilinearHgt skips voids only while the tile still holds voids', () => {
    const bytes = new Uint8Array(1201 * 1201 * 2);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < 1201 * 1201; i++) view.setInt16(i * 2, 500, false);
    view.setInt16(0, HGT_VOID, false);
    const skipTile = parseHgt(bytes, 10, 10, 'skip');
    const fillTile = parseHgt(bytes, 10, 10, 'fill');
    expect(bilinearHgt(skipTile, 10, 11)).toBeNaN();
    expect(bilinearHgt(skipTile, 10 + 0.5 / 1200, 11)).toBe(500);
    expect(bilinearHgt(fillTile, 10, 11)).toBe(500);
  });
});

describe('loading tiles on demand', () => {
  test('ensureCoverage loads the tiles a line touches, once, and remembers absent ones', async () => {
    const requested: string[] = [];
    const source = new HgtDemSource({
      loadTile: async (name) => {
        requested.push(name);
        return name === 'N42E001' ? readSharedData(ANDORRA) : null;
      },
    });
    const line = new Float64Array([1.5212467, 42.5069391, 1.71938, 42.54018, 2.5, 42.5]);
    expect(source.elevationAt(1.71938, 42.54018)).toBeNaN();
    await Promise.all([source.ensureCoverage(line), source.ensureCoverage(line)]);
    await source.prepare(lineBbox(line)!);
    expect(requested.sort()).toEqual(['N42E001', 'N42E002']);
    expect(Math.abs(source.elevationAt(1.71938, 42.54018) - 2408)).toBeLessThanOrEqual(30);
    expect(source.elevationAt(2.5, 42.5)).toBeNaN();
  });

  test('a failing loader rejects with the tile name and what to do', async () => {
    const source = new HgtDemSource({ loadTile: async () => { throw new Error('HTTP 503'); } });
    await expect(source.ensureCoverage(new Float64Array([1.5, 42.5]))).rejects.toThrow(ElevationDataError);
    await expect(source.ensureCoverage(new Float64Array([1.5, 42.5]))).rejects.toThrow(/N42E001: HTTP 503.*try again/);
  });

  test('a corrupt downloaded tile rejects with the parser’s message', async () => {
    const source = new HgtDemSource({ loadTile: async () => new Uint8Array(10) });
    await expect(source.prepare([1.1, 42.1, 1.2, 42.2])).rejects.toThrow(/N42E001.hgt has 10 bytes/);
  });

  test('an absurd area is refused before loading anything', async () => {
    let calls = 0;
    const source = new HgtDemSource({ loadTile: async () => { calls++; return null; } });
    await expect(source.prepare([-10, 40, 10, 50])).rejects.toThrow(/needs 231 SRTM tiles/);
    expect(calls).toBe(0);
  });
});
