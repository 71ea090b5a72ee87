/**
 * Routing benchmark on a seeded synthetic road graph (performance-anchors.md §2 and goals G7, G8,
 * G10). Not a test: nothing here asserts a time. It prints median and p95 of ALT beside plain
 * Dijkstra (the baseline) on the same graph, in the same run, query pairs interleaved so that
 * background load hits both alike.
 *
 *   npx tsx tests/bench/graph-route.bench.ts                   # 1,000,000 nodes (G7, G10)
 *   npx tsx tests/bench/graph-route.bench.ts --side 500        # 250,000 nodes (G8)
 *   options: --landmarks 8 --queries 200 --dijkstra 30 --seed 1
 *
 * Steps, each timed: generate the graph (a jittered 1000 × 1000 grid, 12% of links missing, a fast
 * road every 20th row and column, 3% oneways, 10% of links winding, turn restrictions), build the
 * CSR, compute landmark tables for the fastest and the curvy profile, serialize, load the pack
 * back (zero copy), then route random pairs.
 * Wall time and CPU time are both printed: on a shared 2-core machine the gap between them is
 * the time other processes took, and the load average is printed for the same reason.
 *
 * Under `vitest bench` (npm run bench) the same graph is built once and the two searches are
 * registered as vitest benchmarks instead.
 */
import { loadavg } from 'node:os';
import {
  type EdgeWeights, type RoadGraph, type ShortestPathOptions, buildRoadGraph, computeLandmarks, graphFromBuffer, incomingEdges,
  profileWeights, serializeGraph, shortestPath, withLandmarks,
} from '../../src/core/graph';
import { mulberry32 } from '../core/graph/helpers/mulberry32';
import { syntheticRoadGrid } from '../core/graph/helpers/synthetic-road-grid';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const side = arg('side', Number(process.env.GRAPH_BENCH_SIDE ?? 1000));
const landmarkCount = arg('landmarks', 8);
const queryCount = arg('queries', 200);
const dijkstraCount = arg('dijkstra', 30);
const seed = arg('seed', 1);

interface Sample { wallMs: number; cpuMs: number; settled: number }

function timed<T>(run: () => T): [T, number] {
  const t0 = performance.now();
  const result = run();
  return [result, performance.now() - t0];
}

function measure(run: () => { settled: number }): Sample {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const { settled } = run();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, settled };
}

/** Nearest-rank quantile of a sorted copy. */
function quantile(values: number[], q: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function row(name: string, samples: Sample[]): string {
  const wall = samples.map((s) => s.wallMs), cpu = samples.map((s) => s.cpuMs), settled = samples.map((s) => s.settled);
  const f = (x: number) => x.toFixed(2).padStart(8);
  return `${name.padEnd(30)} ${String(samples.length).padStart(4)} ${f(quantile(wall, 0.5))} ${f(quantile(wall, 0.95))} ${f(quantile(cpu, 0.5))} ${f(quantile(cpu, 0.95))} ${String(quantile(settled, 0.5)).padStart(9)} ${String(quantile(settled, 0.95)).padStart(9)}`;
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

interface Prepared { graph: RoadGraph; weights: EdgeWeights; pairs: Uint32Array; log: string[] }

function prepare(): Prepared {
  const log: string[] = [];
  const [input, genMs] = timed(() => syntheticRoadGrid({ side, seed, restrictions: side * 10 }));
  let skipped = 0;
  const [built, buildMs] = timed(() => buildRoadGraph(input, { onSkippedRestriction: () => skipped++ }));
  log.push(`graph: ${built.nodeCount.toLocaleString('en')} nodes, ${built.edgeCount.toLocaleString('en')} directed edges, ${built.linkCount.toLocaleString('en')} links, ${built.restrictions.fromEdge.length} turn restrictions (${skipped} generated ones did not fit a oneway)`);
  log.push(`generate ${genMs.toFixed(0)} ms, build CSR + snap grid ${buildMs.toFixed(0)} ms`);
  const [fastestTable, lmMs] = timed(() => computeLandmarks(built, { count: landmarkCount, seed }));
  const [curvyTable, curvyLmMs] = timed(() => computeLandmarks(built, { count: landmarkCount, seed, profile: 'curvy' }));
  log.push(`landmarks: ${landmarkCount} per table (farthest), fastest table ${lmMs.toFixed(0)} ms, curvy table ${curvyLmMs.toFixed(0)} ms, ${mb(fastestTable.distances.byteLength)} each`);
  const [buffer, serMs] = timed(() => serializeGraph(withLandmarks(built, [fastestTable, curvyTable])));
  log.push(`serialize ${serMs.toFixed(0)} ms, pack ${mb(buffer.byteLength)}`);

  // G10: load the stored pack (zero copy + structural checks), five times; then what the first query adds.
  const loads: number[] = [];
  let graph = graphFromBuffer(buffer);
  for (let i = 0; i < 5; i++) {
    const [g, ms] = timed(() => graphFromBuffer(buffer));
    loads.push(ms);
    graph = g;
  }
  const [weights, weightsMs] = timed(() => profileWeights(graph, { profile: 'fastest' }));
  const [, incomingMs] = timed(() => incomingEdges(graph));
  const rand = mulberry32(seed * 7919);
  const pairs = new Uint32Array(2 * queryCount);
  for (let i = 0; i < pairs.length; i++) pairs[i] = Math.floor(rand() * graph.nodeCount);
  const [, firstMs] = timed(() => shortestPath(graph, pairs[0], pairs[1], weights));
  const [, secondMs] = timed(() => shortestPath(graph, pairs[0], pairs[1], weights));
  log.push(`load pack (graphFromBuffer) median ${quantile(loads, 0.5).toFixed(1)} ms (min ${Math.min(...loads).toFixed(1)}); then, once per worker: incoming CSR ${incomingMs.toFixed(0)} ms, profile weights ${weightsMs.toFixed(0)} ms, first query ${firstMs.toFixed(0)} ms (same query again ${secondMs.toFixed(1)} ms)`);
  return { graph, weights, pairs, log };
}

function main(): void {
  const started = performance.now();
  console.log(`Switchback graph routing benchmark: ${side}² grid, seed ${seed}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const { graph, weights, pairs, log } = prepare();
  for (const line of log) console.log(`  ${line}`);
  const curvy = profileWeights(graph, { profile: 'curvy' });
  const fastestTableOnly = withLandmarks(graph, graph.landmarks.filter((t) => t.profile === 'fastest'));

  const cases: [string, RoadGraph, EdgeWeights, ShortestPathOptions, number][] = [
    ['ALT bidirectional (default)', graph, weights, { algorithm: 'alt', bidirectional: true }, queryCount],
    ['ALT one-way', graph, weights, { algorithm: 'alt', bidirectional: false }, queryCount],
    ['ALT bidir., curvy, own table', graph, curvy, { algorithm: 'alt', bidirectional: true }, queryCount],
    ['ALT bidir., curvy, fastest tbl', fastestTableOnly, curvy, { algorithm: 'alt', bidirectional: true }, dijkstraCount],
    ['A* bidirectional (no landmarks)', graph, weights, { algorithm: 'astar', bidirectional: true }, dijkstraCount],
    ['Dijkstra (baseline)', graph, weights, { algorithm: 'dijkstra', bidirectional: false }, dijkstraCount],
  ];
  const DIJKSTRA = cases.length - 1;
  const samples = cases.map(() => [] as Sample[]);
  const costs = cases.map(() => [] as number[]);
  // Warm-up: a few queries of each kind, not timed.
  for (let i = 0; i < 5; i++) for (const [, g, w, options] of cases) shortestPath(g, pairs[2 * i], pairs[2 * i + 1], w, options);
  for (let q = 0; q < queryCount; q++) {
    const s = pairs[2 * q], t = pairs[2 * q + 1];
    cases.forEach(([, g, w, options, count], k) => {
      if (q >= count) return;
      let cost = 0;
      samples[k].push(measure(() => {
        const r = shortestPath(g, s, t, w, options);
        cost = r.cost;
        return r;
      }));
      costs[k].push(cost);
    });
  }

  // Same answers: every fastest variant agrees with Dijkstra, and both curvy variants with each other.
  let mismatches = 0;
  const differ = (a: number, b: number) => Math.abs(a - b) > 1e-9 * b;
  for (const k of [0, 1, 4]) for (let q = 0; q < dijkstraCount; q++) if (differ(costs[k][q], costs[DIJKSTRA][q])) mismatches++;
  for (let q = 0; q < dijkstraCount; q++) if (differ(costs[2][q], costs[3][q])) mismatches++;

  console.log(`\n  ${'case'.padEnd(30)} ${'n'.padStart(4)} ${'wall p50'.padStart(8)} ${'wall p95'.padStart(8)} ${'cpu p50'.padStart(8)} ${'cpu p95'.padStart(8)} ${'settled50'.padStart(9)} ${'settled95'.padStart(9)}   (ms; settled = states taken off the queues)`);
  cases.forEach(([name], k) => console.log(`  ${row(name, samples[k])}`));
  const speedup = quantile(samples[DIJKSTRA].map((s) => s.wallMs), 0.5) / quantile(samples[0].slice(0, dijkstraCount).map((s) => s.wallMs), 0.5);
  console.log(`\n  ALT vs Dijkstra on the same ${dijkstraCount} pairs: ${speedup.toFixed(0)}× faster (median wall), cost mismatches ${mismatches}`);
  const memory = process.memoryUsage();
  console.log(`  memory: rss ${mb(memory.rss)}, array buffers ${mb(memory.arrayBuffers)}; load average now ${loadavg().map((x) => x.toFixed(1)).join(' ')}; total ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

if (process.env.VITEST) {
  const { bench, describe } = await import('vitest');
  const { graph, weights, pairs } = prepare();
  let q = 0;
  const next = () => { q = (q + 1) % (pairs.length / 2); return [pairs[2 * q], pairs[2 * q + 1]]; };
  describe(`route on a ${side}² synthetic grid`, () => {
    bench('ALT bidirectional', () => { const [s, t] = next(); shortestPath(graph, s, t, weights); }, { iterations: 100, time: 0 });
    bench('Dijkstra (baseline)', () => { const [s, t] = next(); shortestPath(graph, s, t, weights, { algorithm: 'dijkstra', bidirectional: false }); }, { iterations: 10, time: 0 });
  });
} else {
  main();
}
