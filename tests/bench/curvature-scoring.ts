/**
 * Curvature scoring benchmarks (not tests: nothing here asserts a time).
 *
 *   npx tsx --expose-gc tests/bench/curvature-scoring.ts            # full run
 *   npx tsx --expose-gc tests/bench/curvature-scoring.ts --quick    # fewer iterations
 *
 * Every case runs in alternating blocks with its baseline on the same seeded data, so background
 * load hits both alike; each prints median, p95 and min wall time over its iterations, and the
 * mean process CPU time per iteration (less sensitive to a shared machine's scheduler; it includes
 * GC threads).
 * Cases: G4 score a 1,000 km / 100k-point route the way the score card does, RC-1 curvature and
 * level lengths plus the 50 m elevation profile from an in-memory DEM (vs @turf/turf `length`),
 * with its parts; G5 re-score one touched segment of a 20-segment drive (vs scoring all 20); G6
 * hover query on 100k points (vs a linear scan).
 *
 * G4 on this 2-vCPU machine (Node 20), quiet (nothing else running), 2026-11-22, session 3:
 *                          median ms     p95 ms     min ms     cpu ms     Turf median (same run)
 *   scoreCard              15.8–16.9     20–23      9.6–10.1   19.1–19.4  26.5–27.5
 *   scoreCurvature alone   13.0–13.6                8.05–8.1
 *   50 m profile + stats   3.4–3.6                  2.15–2.2
 *   flat length reference  3.8                      2.1        (a plain typed-array loop: median ≈ 1.8× its minimum)
 * Alternating in one process with the code at the start of session 3 (one square root per projected
 * point, curvature and gate streamed per chunk, profile buffers reused): median 13.45 → 12.79 ms,
 * min 8.56 → 8.41 ms. On this VM every case's median sits 1.6–1.85× its minimum, even a plain loop,
 * so ≤ 10 ms median needs a minimum near 6 ms: about 40 % less work than now, not tuning.
 * (Session 2: 24.2–25.6 → 11.8–15.9 ms median.)
 * Session 6: the projection and curvature loops take their numbers through their state arrays
 * (V8 re-converted number and boolean arguments at every use in the loop). Alternating in one
 * process with the code before (cards bit for bit equal): scoreCard median 10.6–12.5 → 9.5–10.9 ms,
 * min 8.5 → 7.6 ms. In this benchmark, same day: scoreCard 14.3–15.1 ms median, min 9.0–9.3;
 * the machine runs a plain loop at two speeds, ≈ 1.6× apart, mostly the slower one.
 * Session 7: the last section times a fixed reference loop before each run and splits the runs by
 * it. Two runs: scoreCard 9.4 / 10.3 ms median while the machine ran fast, 14.5 / 14.4 ms while it
 * ran slow (Turf length 19.8 / 21.8 against 27.4 / 25.1 ms).
 */
import { loadavg } from 'node:os';
import { length as turfLength, lineString } from '@turf/turf';
import { HgtDemSource } from '../../src/core/elevation/hgt-dem-source';
import { sampleProfileEvery } from '../../src/core/elevation/elevation-profile';
import { DEFAULT_HYSTERESIS_METERS, elevationStats } from '../../src/core/elevation/elevation-stats';
import { lineLengthMeters } from '../../src/core/geometry/earth';
import { LineIndex } from '../../src/core/geometry/line-index';
import {
  CurvatureHoverIndex, DriveCurvature, emptyHoverReadout, scoreCard, scoreCurvature, scoreCurvatureModeA, sumScores,
} from '../../src/core/scoring';
import { between, mulberry32 } from '../core/scoring/helpers/mulberry32';
import { syntheticRoute } from '../core/scoring/helpers/synthetic-route';

const quick = process.argv.includes('--quick');
const RAD = Math.PI / 180;

interface Stats { median: number; p95: number; min: number; n: number; cpu?: number }
function stats(samples: number[], cpuMs?: number): Stats {
  const s = samples.slice().sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
  return { median: at(0.5), p95: at(0.95), min: s[0], n: s.length, cpu: cpuMs };
}

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Runs the cases in alternating blocks (A×b, B×b, A×b, …) until each has `iterations` timed runs,
 * after `warmup` untimed runs each. Blocks keep one case's garbage (Turf allocates a Feature per
 * segment) from being collected inside another case's timing; alternation spreads background load
 * evenly. With `--expose-gc` a collection runs before every block.
 */
function interleaved(cases: Record<string, () => unknown>, iterations: number, warmup = 5, block = 5): Record<string, Stats> {
  const names = Object.keys(cases);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const cpuMicros: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  let sink = 0;
  for (const name of names) for (let i = 0; i < warmup; i++) if (cases[name]()) sink++;
  for (let done = 0; done < iterations; done += block) {
    for (const name of names) {
      gc?.();
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < block && done + i < iterations; i++) {
        const t0 = performance.now();
        const r = cases[name]();
        times[name].push(performance.now() - t0);
        if (r) sink++;
      }
      const cpu = process.cpuUsage(cpu0);
      cpuMicros[name] += cpu.user + cpu.system;
    }
  }
  if (sink < 0) console.log(sink);
  return Object.fromEntries(names.map((n) => [n, stats(times[n], cpuMicros[n] / 1000 / times[n].length)]));
}

function print(title: string, rows: Record<string, Stats>, unit: 'ms' | 'µs' = 'ms'): void {
  const f = (ms: number) => (unit === 'ms' ? ms.toFixed(2) : (ms * 1000).toFixed(1)).padStart(9);
  console.log(`\n${title}`);
  console.log(`  ${'case'.padEnd(64)}${`median ${unit}`.padStart(9)}${`p95 ${unit}`.padStart(9)}${`min ${unit}`.padStart(9)}${'cpu ms'.padStart(9)}  n`);
  for (const [name, s] of Object.entries(rows)) {
    const cpu = s.cpu === undefined ? '–'.padStart(9) : s.cpu.toFixed(2).padStart(9);
    console.log(`  ${name.padEnd(64)}${f(s.median)}${f(s.p95)}${f(s.min)}${cpu}  ${s.n}`);
  }
}

// --- data ---------------------------------------------------------------------------------------
const route = syntheticRoute({ seed: 1 });
const points = route.length / 2;
const lengthKm = lineLengthMeters(route) / 1000;
const positions: number[][] = [];
for (let i = 0; i < route.length; i += 2) positions.push([route[i], route[i + 1]]);
const feature = lineString(positions);
const full = scoreCurvature(route);
console.log(`route: ${points.toLocaleString('en')} points, ${lengthKm.toFixed(1)} km (seed 1, ~10 m spacing, straights, bends, S-bends, hairpin flights, ±0.3 m noise)`);
console.log(`score: curvature ${full.curvature.toFixed(0)}, ${full.curvaturePerKm.toFixed(1)}/km, curviness ${full.curviness.toFixed(1)}, ` +
  `${full.curves} curves, ${full.hairpins} hairpins, ${full.turnDegPerKm.toFixed(0)} °/km, ${full.stretches.length} curvy stretches, ` +
  `level km [${full.levelMeters.map((m) => (m / 1000).toFixed(1)).join(', ')}]`);
console.log(`node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${gc ? 'GC between blocks' : 'run with --expose-gc to collect between blocks'}`);

// --- G4: score the whole route -------------------------------------------------------------------
/**
 * A seeded synthetic SRTM3 DEM held in memory: one 1201×1201 tile per 1° cell the route crosses,
 * heights from smooth ridges and valleys (separable sines, so building it is cheap) plus ±2 m noise.
 */
function syntheticDem(line: Float64Array, seed: number): HgtDemSource {
  const rand = mulberry32(seed);
  const dem = new HgtDemSource();
  const size = 1201;
  const [p1, p2, p3, p4] = [rand(), rand(), rand(), rand()].map((r) => r * 2 * Math.PI);
  const cells = new Set<string>();
  for (let i = 0; i + 1 < line.length; i += 2) cells.add(`${Math.floor(line[i + 1])},${Math.floor(line[i])}`);
  for (const cell of cells) {
    const [south, west] = cell.split(',').map(Number);
    const heights = new Int16Array(size * size);
    const colA = new Float64Array(size), colB = new Float64Array(size), rowA = new Float64Array(size), rowB = new Float64Array(size);
    for (let c = 0; c < size; c++) {
      const lon = west + c / (size - 1);
      colA[c] = Math.sin(2.1 * lon + p1);
      colB[c] = 260 * Math.sin(9.3 * lon + p3) + 45 * Math.sin(41 * lon);
    }
    for (let r = 0; r < size; r++) {
      const lat = south + 1 - r / (size - 1);
      rowA[r] = 650 * Math.cos(1.7 * lat + p2);
      rowB[r] = 140 * Math.sin(12.7 * lat + p4) + 35 * Math.cos(53 * lat);
    }
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) heights[r * size + c] = Math.round(1100 + colA[c] * rowA[r] + colB[c] + rowB[r] + between(rand, -2, 2));
    }
    dem.addParsedTile({ south, west, size, heights, voidCountInFile: 0, voidCount: 0 });
  }
  return dem;
}
const dem = syntheticDem(route, 3);
const card = scoreCard(route, { dem });
console.log(`DEM: ${dem.loadedTiles().length} synthetic SRTM3 tiles in memory (seed 3); card elevation: ` +
  `ascent ${card.elevation?.ascentMeters.toFixed(0)} m, descent ${card.elevation?.descentMeters.toFixed(0)} m, ` +
  `${card.elevation?.minMeters.toFixed(0)}–${card.elevation?.maxMeters.toFixed(0)} m, sampled every 50 m`);

/** What the score card computes for one line with a DEM: RC-1 totals and level lengths, plus the 50 m elevation profile and its climbing. */
function curvatureAndElevation(line: Float64Array): number {
  const curvature = scoreCurvature(line, { profile: false });
  const profile = sampleProfileEvery(dem, line, 50);
  return curvature.curvature + elevationStats(profile.elevationMeters, DEFAULT_HYSTERESIS_METERS).ascentMeters;
}

print('G4 score a 1,000 km / 100k-point route: curvature + level lengths + elevation from an in-memory DEM (target ≤ 10 ms median)', interleaved({
  'baseline: @turf/turf length(lineString)': () => turfLength(feature, { units: 'kilometers' }),
  'reference: flat typed-array length (earth.ts)': () => lineLengthMeters(route),
  'GOAL scoreCard(route, { dem }): curvature + levels + elevation': () => scoreCard(route, { dem }),
  'same, as its parts: scoreCurvature + 50 m profile + stats': () => curvatureAndElevation(route),
  'part: scoreCurvature, totals + runs + stretches': () => scoreCurvature(route, { profile: false }),
  'part: elevation, sampleProfileEvery 50 m + elevationStats': () => elevationStats(sampleProfileEvery(dem, route, 50).elevationMeters),
  'scoreCurvature, + per-sample profile (map, hover)': () => scoreCurvature(route),
  'Mode A oracle (Franco, haversine + Heron)': () => scoreCurvatureModeA(route),
}, quick ? 10 : 40));

/**
 * The same G4 cases, each run timed right after a fixed reference loop (32 KB of Float64 in L1), to
 * show how much of a median is the machine rather than the code: this VM runs that loop at two
 * speeds about 1.55× apart, in phases lasting seconds, with no steal time or other load visible in
 * the guest. Runs are split by the reference loop's time just before them: "fast" within 15 % of
 * its fastest, "slow" above 35 %. The headline figure stays the plain median above.
 */
function byMachineSpeed(cases: Record<string, () => unknown>, iterations: number, block = 5): void {
  const buf = new Float64Array(4096);
  let sink = 0;
  const reference = (): number => {
    const t0 = performance.now();
    let acc = 0;
    for (let r = 0; r < 64; r++) for (let j = 0; j < 4096; j++) acc += buf[j] = buf[j] * 0.5 + j;
    sink += acc;
    return performance.now() - t0;
  };
  const names = Object.keys(cases);
  const runs: Record<string, { ref: number; ms: number }[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let w = 0; w < 20; w++) reference();
  for (let done = 0; done < iterations; done += block) {
    for (const name of names) {
      gc?.();
      for (let i = 0; i < block; i++) {
        const ref = reference();
        const t0 = performance.now();
        if (cases[name]()) sink++;
        runs[name].push({ ref, ms: performance.now() - t0 });
      }
    }
  }
  const fastest = Math.min(...names.flatMap((n) => runs[n].map((r) => r.ref)));
  const median = (xs: number[]) => (xs.length ? stats(xs).median.toFixed(2) : '–').padStart(9);
  console.log(`\nG4 by the machine's speed at the time (reference loop: fastest ${(fastest * 1000).toFixed(0)} µs; fast ≤ 1.15×, slow > 1.35×)`);
  console.log(`  ${'case'.padEnd(64)}${'all'.padStart(9)}${'fast'.padStart(9)}${'slow'.padStart(9)}  runs fast/slow/all`);
  for (const name of names) {
    const rs = runs[name];
    const fast = rs.filter((r) => r.ref <= 1.15 * fastest).map((r) => r.ms);
    const slow = rs.filter((r) => r.ref > 1.35 * fastest).map((r) => r.ms);
    console.log(`  ${name.padEnd(64)}${median(rs.map((r) => r.ms))}${median(fast)}${median(slow)}  ${fast.length}/${slow.length}/${rs.length}`);
  }
  if (sink < 0) console.log(sink);
}
byMachineSpeed({
  'baseline: @turf/turf length(lineString)': () => turfLength(feature, { units: 'kilometers' }),
  'GOAL scoreCard(route, { dem })': () => scoreCard(route, { dem }),
}, quick ? 20 : 100);

// --- G5: re-score one touched segment of a 20-segment drive --------------------------------------
const SEGMENTS = 20;
const per = Math.ceil(points / SEGMENTS);
const segmentCoords: Float64Array[] = [];
for (let s = 0; s < SEGMENTS; s++) segmentCoords.push(route.slice(2 * s * per, 2 * Math.min(points, (s + 1) * per + 1)));
const geometry = new Map<string, Float64Array>();
const pieces = segmentCoords.map((c, s) => { geometry.set(`s${s}-v0`, c); return { key: `s${s}-v0` }; });
const drive = new DriveCurvature({ profile: true });
drive.update(pieces, (k) => geometry.get(k));
let version = 0;
const rand = mulberry32(7);
print(`G5 re-score after a waypoint drag: 1 of ${SEGMENTS} segments (${per.toLocaleString('en')} pts) touched (target ≤ 2 ms)`, interleaved({
  'baseline: score all 20 segments and sum': () => sumScores(segmentCoords.map((c) => scoreCurvature(c)), { joined: true }),
  'DriveCurvature.update, one new segment key': () => {
    const s = Math.floor(rand() * SEGMENTS);
    const key = `s${s}-v${++version}`;
    geometry.set(key, segmentCoords[s]);
    pieces[s] = { key };
    return drive.update(pieces, (k) => geometry.get(k));
  },
}, quick ? 20 : 100));

// --- G6: hover readout ------------------------------------------------------------------------------
const build = interleaved({ 'CurvatureHoverIndex.build (packed index over 100k segments)': () => CurvatureHoverIndex.build(route, full) }, quick ? 5 : 15, 2);
print('G6 hover index build (target ≤ 40 ms)', build);
const hover = CurvatureHoverIndex.build(route, full);
const index: LineIndex = hover.index;
const queries: number[] = [];
for (let q = 0; q < 20_000; q++) {
  const v = Math.floor(rand() * points);
  queries.push(route[2 * v] + between(rand, -1, 1) * 0.003, route[2 * v + 1] + between(rand, -1, 1) * 0.002);
}
function linearScan(lon: number, lat: number): number {
  const kx = Math.cos(lat * RAD), kx2 = kx * kx;
  let best = Infinity;
  for (let v = 0; v + 1 < points; v++) {
    const ax = route[2 * v] - lon, ay = route[2 * v + 1] - lat;
    const dx = route[2 * v + 2] - route[2 * v], dy = route[2 * v + 3] - route[2 * v + 1];
    const len2 = dx * dx * kx2 + dy * dy;
    let t = len2 > 0 ? -(ax * dx * kx2 + ay * dy) / len2 : 0;
    if (t < 0) t = 0; else if (t > 1) t = 1;
    const px = ax + t * dx, py = ay + t * dy;
    const d = px * px * kx2 + py * py;
    if (d < best) best = d;
  }
  return best;
}
const out = emptyHoverReadout();
const perQuery: number[] = [];
const scan: number[] = [];
for (let q = 0; q < queries.length / 2; q++) {
  const t0 = performance.now();
  hover.query(queries[2 * q], queries[2 * q + 1], out);
  perQuery.push(performance.now() - t0);
  if (q % 50 === 0) {
    const t1 = performance.now();
    linearScan(queries[2 * q], queries[2 * q + 1]);
    scan.push(performance.now() - t1);
  }
}
print(`G6 hover query on ${points.toLocaleString('en')} points (target ≤ 50 µs), ${index.numItems.toLocaleString('en')} segments indexed`, {
  'baseline: linear scan over every segment': stats(scan),
  'CurvatureHoverIndex.query (nearest + radius + level)': stats(perQuery.slice(200)),
}, 'µs');
console.log(`\nload average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
