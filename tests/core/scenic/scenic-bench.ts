/**
 * Scenic benchmarks (not tests: nothing here asserts a time). Prints median and p95 of each case
 * beside a baseline measured in the same run, alternating blocks so background load hits both.
 *
 *   npx tsx tests/core/scenic/scenic-bench.ts            # full run
 *   npx tsx tests/core/scenic/scenic-bench.ts --quick    # fewer iterations
 *
 * S1/S2 scenic features from the Andorra / Monaco extracts (`poisFromPbf`) vs one plain decoding
 * pass over every entity type (`readOsmPbf`). S3 the score card of a 100k-point line over real
 * Andorra roads with SRTM elevation and the extract's features vs RC-1 curvature alone on the same
 * line. S4 building the scenic spatial index of the Andorra set (done once per set).
 */
import { loadavg } from 'node:os';
import { readOsmPbf } from '../../../src/core/osm/pbf-reader';
import { poisFromPbf } from '../../../src/core/pois/pois-from-pbf';
import { ScenicIndex, resolveScenicParameters } from '../../../src/core/scenic';
import { scoreCurvature } from '../../../src/core/scoring/curvature-score';
import { scoreCard } from '../../../src/core/scoring/score-card';
import { extractBytes, extractPois, extractRoads, reversedLine, sharedDem } from '../pois/shared-data';

const quick = process.argv.includes('--quick');

function stats(samples: number[]): { median: number; p95: number; n: number } {
  const s = samples.slice().sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
  return { median: at(0.5), p95: at(0.95), n: s.length };
}

/** Runs case and baseline in alternating blocks of `block`, `iterations` timed runs each after a warm-up. */
function compare(name: string, subject: () => unknown, baselineName: string, baseline: () => unknown, iterations: number, block = 2): void {
  subject();
  baseline();
  const a: number[] = [], b: number[] = [];
  while (a.length < iterations) {
    for (let k = 0; k < block && a.length < iterations; k++) { const t = performance.now(); subject(); a.push(performance.now() - t); }
    for (let k = 0; k < block && b.length < iterations; k++) { const t = performance.now(); baseline(); b.push(performance.now() - t); }
  }
  const sa = stats(a), sb = stats(b);
  const f = (x: number) => x.toFixed(1).padStart(8);
  console.log(`${name.padEnd(52)} median ${f(sa.median)} ms  p95 ${f(sa.p95)} ms  (n=${sa.n})`);
  console.log(`  baseline: ${baselineName.padEnd(40)} median ${f(sb.median)} ms  p95 ${f(sb.p95)} ms  ratio ${(sa.median / sb.median).toFixed(2)}×`);
}

/** Real Andorra roads, each driven there and back (so the line is continuous but for one hop per road), until `points` vertices. */
function longAndorraLine(points: number): Float64Array {
  const roads = extractRoads('andorra').filter((r) => r.lengthMeters > 1000);
  const out = new Float64Array(2 * points);
  let at = 0, k = 0;
  while (at < out.length) {
    const road = roads[Math.floor(k / 2) % roads.length].coords;
    const piece = k % 2 === 0 ? road : reversedLine(road);
    const take = Math.min(piece.length, out.length - at);
    out.set(piece.subarray(0, take), at);
    at += take;
    k++;
  }
  return out;
}

console.log(`scenic benchmarks${quick ? ' (quick)' : ''}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const n = quick ? 5 : 15;
for (const [label, name] of [['S1 scenic features, Andorra (565 kB)', 'andorra'], ['S2 scenic features, Monaco (1.76 MB)', 'monaco']] as const) {
  const bytes = extractBytes(name);
  compare(label, () => poisFromPbf(bytes), 'readOsmPbf, every entity type', () => readOsmPbf(bytes, { nodes() {}, ways() {}, relations() {} }), n);
}

const line = longAndorraLine(100_000);
const dem = sharedDem();
const pois = extractPois('andorra');
const card = scoreCard(line, { dem, pois });
console.log(`S3 line: ${line.length / 2} points, ${(card.distanceMeters / 1000).toFixed(0)} km, scenic ${card.scenic?.scenic?.toFixed(1)}, ascent ${card.elevation?.ascentMeters.toFixed(0)} m`);
compare('S3 scoreCard, 100k points, DEM + features', () => scoreCard(line, { dem, pois }), 'scoreCurvature (RC-1) alone', () => scoreCurvature(line, { profile: false }), quick ? 3 : 9, 1);
compare('S3b scoreCard, 100k points, curvature only', () => scoreCard(line), 'scoreCurvature (RC-1) alone', () => scoreCurvature(line, { profile: false }), quick ? 3 : 9, 1);
const params = resolveScenicParameters();
compare('S4 ScenicIndex.build (Andorra set, once per set)', () => ScenicIndex.build(pois, params), 'scoreCurvature (RC-1), same 100k line', () => scoreCurvature(line, { profile: false }), quick ? 3 : 9, 1);
