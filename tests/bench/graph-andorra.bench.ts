/**
 * Routing benchmark on Andorra's real road network (../shared/data/osm/andorra.osm.pbf, © OpenStreetMap
 * contributors, ODbL): the "route on Andorra p95 ≤ 5 ms". Not a test: nothing asserts a time.
 * Prints median and p95 of ALT beside plain Dijkstra on the same random junction pairs, in the same
 * run, plus the pack-building steps.
 *
 *   npx tsx tests/bench/graph-andorra.bench.ts [--queries 1000]
 *
 * Under `vitest bench` the two searches are registered as vitest benchmarks instead.
 */
import { loadavg } from 'node:os';
import {
  type RoadGraph, buildRoadGraph, compactChains, computeLandmarks, graphFromBuffer, profileWeights, serializeGraph, shortestPath,
  withLandmarks,
} from '../../src/core/graph';
import { mulberry32 } from '../core/graph/helpers/mulberry32';
import { osmRoadInput, sharedDataFile } from '../core/graph/helpers/osm-road-input';

const at = process.argv.indexOf('--queries');
const queries = at >= 0 ? Number(process.argv[at + 1]) : 1000;

function timed<T>(run: () => T): [T, number] {
  const t0 = performance.now();
  const result = run();
  return [result, performance.now() - t0];
}

function quantile(values: number[], q: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function prepare(): { graph: RoadGraph; log: string[] } {
  const log: string[] = [];
  const [roads, readMs] = timed(() => osmRoadInput(sharedDataFile('osm/andorra.osm.pbf')));
  const [compacted, compactMs] = timed(() => compactChains(roads.input));
  const [built, buildMs] = timed(() => buildRoadGraph(compacted.input, { onSkippedRestriction: () => undefined }));
  const [tables, lmMs] = timed(() => [computeLandmarks(built, { count: 8 }), computeLandmarks(built, { count: 8, profile: 'curvy' })]);
  const [buffer, serMs] = timed(() => serializeGraph(withLandmarks(built, tables)));
  const [graph, loadMs] = timed(() => graphFromBuffer(buffer));
  log.push(`read PBF ${readMs.toFixed(0)} ms: ${roads.input.nodeLons.length} way nodes, ${roads.input.links.from.length} segments`);
  log.push(`compact ${compactMs.toFixed(0)} ms → ${built.nodeCount} nodes, ${built.linkCount} links, ${built.edgeCount} edges, ${built.restrictions.fromEdge.length} turn restrictions; build ${buildMs.toFixed(0)} ms`);
  log.push(`landmarks (fastest + curvy, 8 each) ${lmMs.toFixed(0)} ms; pack ${(buffer.byteLength / 1024).toFixed(0)} KB, serialize ${serMs.toFixed(1)} ms, load ${loadMs.toFixed(1)} ms`);
  return { graph, log };
}

function main(): void {
  console.log(`Switchback graph routing on Andorra, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const { graph, log } = prepare();
  for (const line of log) console.log(`  ${line}`);
  const rand = mulberry32(1);
  for (const profile of ['fastest', 'curvy'] as const) {
    const w = profileWeights(graph, { profile });
    const alt: number[] = [], dijkstra: number[] = [], altSettled: number[] = [], dijkstraSettled: number[] = [];
    for (let i = 0; i < 20; i++) shortestPath(graph, i, graph.nodeCount - 1 - i, w);
    for (let q = 0; q < queries; q++) {
      const s = Math.floor(rand() * graph.nodeCount), t = Math.floor(rand() * graph.nodeCount);
      let t0 = performance.now();
      altSettled.push(shortestPath(graph, s, t, w).settled);
      alt.push(performance.now() - t0);
      t0 = performance.now();
      dijkstraSettled.push(shortestPath(graph, s, t, w, { algorithm: 'dijkstra', bidirectional: false }).settled);
      dijkstra.push(performance.now() - t0);
    }
    const f = (x: number) => x.toFixed(3).padStart(7);
    console.log(`  ${profile.padEnd(7)} ALT bidirectional: median ${f(quantile(alt, 0.5))} ms, p95 ${f(quantile(alt, 0.95))} ms, settled ${quantile(altSettled, 0.5)} / ${quantile(altSettled, 0.95)}`);
    console.log(`  ${profile.padEnd(7)} Dijkstra:          median ${f(quantile(dijkstra, 0.5))} ms, p95 ${f(quantile(dijkstra, 0.95))} ms, settled ${quantile(dijkstraSettled, 0.5)} / ${quantile(dijkstraSettled, 0.95)}  (${queries} pairs)`);
  }
}

if (process.env.VITEST) {
  const { bench, describe } = await import('vitest');
  const { graph } = prepare();
  const w = profileWeights(graph);
  const rand = mulberry32(1);
  const pair = () => [Math.floor(rand() * graph.nodeCount), Math.floor(rand() * graph.nodeCount)];
  describe('route on Andorra', () => {
    bench('ALT bidirectional', () => { const [s, t] = pair(); shortestPath(graph, s, t, w); });
    bench('Dijkstra (baseline)', () => { const [s, t] = pair(); shortestPath(graph, s, t, w, { algorithm: 'dijkstra', bidirectional: false }); });
  });
} else {
  main();
}
