/**
 * Region-pack benchmark (not a test: nothing asserts a time). Prints median and p95 beside a
 * baseline measured in the same run, runs interleaved so background load hits both alike:
 * - build the Andorra pack from the PBF in memory (`buildRegionPack`, zlib inflate), beside
 *   `osmium cat` reading the same file (the floor: decompress and decode only, native code), and
 *   MB/s of PBF;
 * - local router queries on Andorra (fastest, curvy, shortest; snap + search + geometry + OSRM
 *   steps), beside a plain Dijkstra search between the same snapped points.
 *
 *   npx tsx tests/bench/region-pack-bench.ts [--builds 7] [--queries 300]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { inflateSync } from 'node:zlib';
import { nearestEdge, profileWeights, shortestPath, snapEndpoints, linkPolyline } from '../../src/core/graph';
import { buildRegionPack } from '../../src/core/region';
import { LocalRouter } from '../../src/core/routing/local-router';
import type { RouteProfile } from '../../src/core/routing/router';
import type { LonLat } from '../../src/core/units';
import { extractPath, mulberry32 } from '../core/region/region-test-data';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const file = extractPath('andorra');
const bytes = readFileSync(file);
const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)].toFixed(2)} ms, p95 ${s[Math.min(s.length - 1, Math.floor(s.length * 0.95))].toFixed(2)} ms`;
};

console.log(`Andorra PBF ${(bytes.length / 1e6).toFixed(2)} MB; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const builds: number[] = [], osmium: number[] = [];
let pack = buildRegionPack(bytes, { inflate: (d) => inflateSync(d) }); // warm-up
for (let i = 0; i < arg('builds', 7); i++) {
  let t = performance.now();
  execFileSync('osmium', ['cat', '-f', 'opl', '-o', '/dev/null', '--overwrite', file]);
  osmium.push(performance.now() - t);
  t = performance.now();
  pack = buildRegionPack(bytes, { inflate: (d) => inflateSync(d) });
  builds.push(performance.now() - t);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`build pack   : ${stats(builds)}  (${(bytes.length / 1e6 / (median(builds) / 1000)).toFixed(2)} MB/s of PBF)`);
console.log(`osmium cat   : ${stats(osmium)}  (floor; includes process start)`);

const router = new LocalRouter(pack.graph);
const graph = pack.graph;
const rand = mulberry32(5);
const point = (): LonLat => {
  const line = linkPolyline(graph, Math.floor(rand() * graph.linkCount));
  return [line[0], line[1]];
};
for (const profile of ['fastest', 'curvy', 'shortest'] as RouteProfile[]) {
  const weights = profileWeights(graph, { profile });
  // Warm-up (not sampled): cost tables, and JIT of search, snapping and step building. V8 needs a
  // few hundred calls to optimise the whole path: with 30 warm-up queries the first sampled round
  // still had p95 ≈ 7 ms, the next rounds 1.2 ms (measured while writing this bench).
  for (let w = 0; w < 300; w++) {
    try { router.plan({ waypoints: [point(), point()], profile }); } catch { /* unroutable pair */ }
  }
  const ours: number[] = [], dijkstra: number[] = [];
  let failed = 0;
  for (let q = 0; q < arg('queries', 300); q++) {
    const a = point(), b = point();
    let t = performance.now();
    try { router.plan({ waypoints: [a, b], profile }); } catch { failed++; }
    ours.push(performance.now() - t);
    t = performance.now();
    const sa = nearestEdge(graph, a[0], a[1]), sb = nearestEdge(graph, b[0], b[1]);
    if (sa && sb) {
      const s = snapEndpoints(graph, sa, weights, 'source'), d = snapEndpoints(graph, sb, weights, 'target');
      if (s.length && d.length) shortestPath(graph, s, d, weights, { algorithm: 'dijkstra', bidirectional: false });
    }
    dijkstra.push(performance.now() - t);
  }
  console.log(`route ${profile.padEnd(8)}: ${stats(ours)} per query (${failed} no-route)  | baseline Dijkstra search only: ${stats(dijkstra)}`);
}
