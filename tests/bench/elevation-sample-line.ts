/**
 * Benchmark: sampling heights for a 100,000-vertex line from an in-memory SRTM3 tile
 * (N42E001, Andorra), against a naive baseline measured in the same run. Prints median, p95
 * and min per run and per vertex; asserts nothing. Budget context: the whole scoring pass has
 * ~10 ms for 100k points, so DEM sampling should take ≤ 5 ms.
 *
 *   npx tsx tests/bench/elevation-sample-line.ts [runs=200]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { elevationStats } from '../../src/core/elevation/elevation-stats';
import { HgtDemSource } from '../../src/core/elevation/hgt-dem-source';
import { encodeTerrarium } from '../../src/core/elevation/terrain-rgb';
import { TerrainTileSource } from '../../src/core/elevation/terrain-tile-source';

const POINTS = 100_000;
const RUNS = Number(process.argv[2] ?? 200);
const WARMUP = 30;

const hgtZipPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data/dem/N42E001.hgt.zip');
const zipBytes = new Uint8Array(readFileSync(hgtZipPath));

/** mulberry32, so the line is identical in every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A wandering "road" through Andorra: ~25 m steps with a slowly turning heading, kept inside the window. */
function makeLine(): Float64Array {
  const random = mulberry32(20240601);
  const coords = new Float64Array(2 * POINTS);
  let lon = 1.52;
  let lat = 42.5;
  let heading = 0;
  for (let i = 0; i < POINTS; i++) {
    heading += (random() - 0.5) * 0.6;
    lon += Math.cos(heading) * 0.0003;
    lat += Math.sin(heading) * 0.0002;
    if (lon < 1.43 || lon > 1.77) heading = Math.PI - heading;
    if (lat < 42.44 || lat > 42.65) heading = -heading;
    lon = Math.min(1.77, Math.max(1.43, lon));
    lat = Math.min(42.65, Math.max(42.44, lat));
    coords[2 * i] = lon;
    coords[2 * i + 1] = lat;
  }
  return coords;
}

// --- Naive baseline: GeoJSON-style point arrays, tiles by string name, big-endian reads on the fly.
type NaiveTiles = Map<string, DataView>;
function naiveTileName(lat: number, lon: number): string {
  const la = Math.floor(lat);
  const lo = Math.floor(lon);
  return `${la < 0 ? 'S' : 'N'}${String(Math.abs(la)).padStart(2, '0')}${lo < 0 ? 'W' : 'E'}${String(Math.abs(lo)).padStart(3, '0')}`;
}
function naiveRead(view: DataView, row: number, col: number): number {
  return view.getInt16((row * 1201 + col) * 2, false);
}
function naiveElevation(tiles: NaiveTiles, point: { lon: number; lat: number }): number {
  const view = tiles.get(naiveTileName(point.lat, point.lon));
  if (!view) return NaN;
  const x = (point.lon - Math.floor(point.lon)) * 1200;
  const y = (Math.floor(point.lat) + 1 - point.lat) * 1200;
  const corner = { col: Math.floor(x), row: Math.floor(y) };
  const [nw, ne, sw, se] = [
    naiveRead(view, corner.row, corner.col), naiveRead(view, corner.row, corner.col + 1),
    naiveRead(view, corner.row + 1, corner.col), naiveRead(view, corner.row + 1, corner.col + 1),
  ];
  if ([nw, ne, sw, se].includes(-32768)) return NaN;
  const fx = x - Math.floor(x);
  const fy = y - Math.floor(y);
  return nw * (1 - fx) * (1 - fy) + ne * fx * (1 - fy) + sw * (1 - fx) * fy + se * fx * fy;
}
function naiveSampleLine(tiles: NaiveTiles, coordinates: number[][]): number[] {
  return coordinates.map(([lon, lat]) => naiveElevation(tiles, { lon, lat }));
}

function measure(run: () => void): number[] {
  for (let i = 0; i < WARMUP; i++) run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

function report(name: string, times: number[]): void {
  const quantile = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  const median = quantile(0.5);
  console.log(
    `${name.padEnd(46)} median ${median.toFixed(3).padStart(8)} ms   p95 ${quantile(0.95).toFixed(3).padStart(8)} ms   ` +
      `min ${times[0].toFixed(3).padStart(8)} ms   ${((median * 1e6) / POINTS).toFixed(1).padStart(6)} ns/pt`,
  );
}

async function main(): Promise<void> {
  const coords = makeLine();
  const source = new HgtDemSource({ voidMode: 'fill' });
  source.addTile(zipBytes, 'N42E001.hgt.zip');
  const skipSource = new HgtDemSource({ voidMode: 'skip' });
  skipSource.addTile(zipBytes, 'N42E001.hgt.zip');
  const out = new Float32Array(POINTS);

  const naiveTiles: NaiveTiles = new Map();
  const hgt = unzipSync(zipBytes)['N42E001.hgt'];
  naiveTiles.set('N42E001', new DataView(hgt.buffer, hgt.byteOffset, hgt.byteLength));
  const coordinates: number[][] = Array.from({ length: POINTS }, (_, i) => [coords[2 * i], coords[2 * i + 1]]);

  // Terrain tiles: z12 512 px tiles painted from the same SRTM heights, already decoded in memory.
  const terrain = new TerrainTileSource({
    zoom: 12, encoding: 'terrarium', maxTiles: 512, maxTilesPerRequest: 512,
    fetchTile: async (z, x, y) => new Uint8Array(new Int32Array([x, y]).buffer),
    decodeImage: async () => {
      const data = new Uint8ClampedArray(512 * 512 * 4);
      for (let p = 0; p < 512 * 512; p++) data.set([...encodeTerrarium(1000 + (p % 997)), 255], 4 * p);
      return { width: 512, height: 512, data };
    },
  });
  await terrain.ensureCoverage(coords);

  // Same answers before timing anything.
  const fast = source.sampleLine(coords, out).slice();
  const naive = naiveSampleLine(naiveTiles, coordinates);
  let maxDiff = 0;
  // The baseline answers NaN next to voids, where the fill mode has filled heights: compare elsewhere.
  for (let i = 0; i < POINTS; i++) if (Number.isFinite(naive[i])) maxDiff = Math.max(maxDiff, Math.abs(fast[i] - naive[i]));
  const stats = elevationStats(fast);
  console.log(`line: ${POINTS} vertices in Andorra, ${stats.minMeters.toFixed(0)}–${stats.maxMeters.toFixed(0)} m; ` +
    `max |fast − naive| = ${maxDiff.toFixed(4)} m away from voids; ${RUNS} runs after ${WARMUP} warm-up, Node ${process.version}\n`);

  let sink = 0;
  report('HgtDemSource.sampleLine (fill, reused out)', measure(() => { sink += source.sampleLine(coords, out)[7]; }));
  report('HgtDemSource.sampleLine (skip mode)', measure(() => { sink += skipSource.sampleLine(coords, out)[7]; }));
  report('HgtDemSource.elevationAt per vertex', measure(() => {
    for (let i = 0; i < POINTS; i++) out[i] = source.elevationAt(coords[2 * i], coords[2 * i + 1]);
    sink += out[7];
  }));
  report('baseline: naive objects + string tiles + DataView', measure(() => { sink += naiveSampleLine(naiveTiles, coordinates)[7]; }));
  report('TerrainTileSource.sampleLine (z12, in memory)', measure(() => { sink += terrain.sampleLine(coords, out)[7]; }));
  report('elevationStats (ascent/descent/min/max)', measure(() => { sink += elevationStats(out).ascentMeters; }));
  if (sink === 42) console.log('');
}

void main();
