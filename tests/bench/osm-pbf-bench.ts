/**
 * Benchmark: full OSM PBF read (all entity types, every tag key/value and member role decoded
 * to strings) of the shared extracts, beside `osmium cat -f opl -o /dev/null` measured in the
 * same run as the native floor. Prints median and p95; asserts nothing.
 *
 *   npx tsx tests/bench/osm-pbf-bench.ts [runs=15]
 *
 * Columns: "read" = the whole pipeline (framing + fflate inflate + decode + strings);
 * "inflate" = fflate alone on the same blobs; "ways only" = the first pass of a two-pass graph
 * build (node blocks inflated but not decoded). MB/s is compressed file bytes per second.
 * The first run of the process is reported separately: it includes JIT warm-up, which is what a
 * worker opening one file actually pays.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decompressBlob } from '../../src/core/osm/pbf-blob';
import { type OsmPbfSummary, type OsmTagColumns, osmPbfBlobs, readOsmPbf } from '../../src/core/osm/pbf-reader';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.resolve(here, '../../../shared/data/osm');
const runs = Math.max(3, Number(process.argv[2] ?? 15));
const OSMIUM = '/usr/bin/osmium';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function stats(times: number[]): { median: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
}

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Lengths of every decoded string, kept so the work cannot be optimised away. */
let sink = 0;

/** Touches every string a consumer could need, so lazy decoding is fully paid for. */
function decodeAllStrings(batch: OsmTagColumns): void {
  for (let k = 0; k < batch.tagKeys.length; k++) sink += batch.strings.get(batch.tagKeys[k]).length + batch.strings.get(batch.tagVals[k]).length;
}

/** A full read; returns the bytes of typed-array columns a consumer keeping every batch would hold. */
function fullRead(bytes: Uint8Array): { summary: OsmPbfSummary; columnBytes: number } {
  let columnBytes = 0;
  const summary = readOsmPbf(bytes, {
    nodes: (b) => {
      decodeAllStrings(b);
      columnBytes += b.ids.byteLength + b.lons.byteLength + b.lats.byteLength + b.tagStart.byteLength + b.tagKeys.byteLength + b.tagVals.byteLength;
    },
    ways: (b) => {
      decodeAllStrings(b);
      columnBytes += b.ids.byteLength + b.refStart.byteLength + b.refs.byteLength + b.tagStart.byteLength + b.tagKeys.byteLength + b.tagVals.byteLength;
    },
    relations: (b) => {
      decodeAllStrings(b);
      for (let m = 0; m < b.memberRoles.length; m++) sink += b.strings.get(b.memberRoles[m]).length;
    },
  });
  return { summary, columnBytes };
}

/** Wall time of one osmium run, or why there is no baseline. */
function osmiumRun(args: string[]): number | string {
  if (!existsSync(OSMIUM)) return `baseline unavailable: ${OSMIUM} not found (apt-get install osmium-tool)`;
  const start = performance.now();
  const result = spawnSync(OSMIUM, args, { stdio: 'ignore' });
  const elapsed = performance.now() - start;
  return result.status === 0 ? elapsed : `baseline unavailable: osmium exited with ${result.status ?? result.error?.message}`;
}

const fmt = (ms: number): string => `${ms.toFixed(1).padStart(7)} ms`;
const mbps = (bytes: number, ms: number): string => `${(bytes / 1e6 / (ms / 1000)).toFixed(1).padStart(6)} MB/s`;

console.log(`OSM PBF read benchmark: ${runs} runs per case, Node ${process.version}, ${new Date().toISOString()}`);
console.log(`machine: ${availableParallelism()} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other processes skew every column alike)`);
for (const name of ['andorra', 'monaco']) {
  const file = path.join(dataDir, `${name}.osm.pbf`);
  if (!existsSync(file)) throw new Error(`Missing ${file}: the shared OSM extracts must sit beside the repository in ../shared/data/osm.`);
  const bytes = new Uint8Array(readFileSync(file));
  let info: ReturnType<typeof fullRead> | undefined;
  const first = time(() => { info = fullRead(bytes); });
  const { summary, columnBytes } = info!;
  const blobs = [...osmPbfBlobs(bytes)];
  const rawBytes = blobs.reduce((n, blob) => n + decompressBlob(blob).length, 0);
  const largestBlock = blobs.reduce((n, blob) => Math.max(n, blob.frameBytes), 0);

  // Interleaved, so load from other processes on the machine hits every column alike.
  const reads: number[] = [];
  const inflates: number[] = [];
  const waysOnly: number[] = [];
  const osmium: number[] = [];
  const spawns: number[] = [];
  let baselineProblem: string | undefined;
  for (let i = 0; i < runs; i++) {
    reads.push(time(() => fullRead(bytes)));
    inflates.push(time(() => { for (const blob of osmPbfBlobs(bytes)) decompressBlob(blob); }));
    waysOnly.push(time(() => readOsmPbf(bytes, { ways: () => {} })));
    const cat = osmiumRun(['cat', '-O', '-f', 'opl', '-o', '/dev/null', file]);
    const spawn = osmiumRun(['--version']);
    if (typeof cat === 'string') baselineProblem = cat; else osmium.push(cat);
    if (typeof spawn === 'number') spawns.push(spawn);
  }
  const heapUsed = process.memoryUsage().heapUsed;

  const read = stats(reads);
  const inflate = stats(inflates);
  const ways = stats(waysOnly);
  console.log(`\n${name}: ${(bytes.length / 1e6).toFixed(2)} MB file, ${(rawBytes / 1e6).toFixed(2)} MB decompressed, ` +
    `${summary.nodeCount} nodes / ${summary.wayCount} ways / ${summary.relationCount} relations, largest block ${(largestBlock / 1e6).toFixed(2)} MB compressed`);
  console.log(`  first read ${fmt(first)}   (${name === 'andorra' ? 'cold: first read in this process, JIT warm-up included' : 'after the andorra runs warmed the JIT'})`);
  console.log(`  read       median ${fmt(read.median)}  p95 ${fmt(read.p95)}  ${mbps(bytes.length, read.median)}`);
  console.log(`  inflate    median ${fmt(inflate.median)}  p95 ${fmt(inflate.p95)}  (fflate share of read: ${((100 * inflate.median) / read.median).toFixed(0)}%)`);
  console.log(`  ways only  median ${fmt(ways.median)}  p95 ${fmt(ways.p95)}`);
  if (baselineProblem) console.log(`  osmium     ${baselineProblem}`);
  else {
    const floor = stats(osmium);
    console.log(`  osmium cat -f opl -o /dev/null  median ${fmt(floor.median)}  p95 ${fmt(floor.p95)}  ${mbps(bytes.length, floor.median)}` +
      `  (includes process start: \`osmium --version\` median ${fmt(stats(spawns).median).trim()})`);
  }
  console.log(`  typed-array columns if every node/way batch were kept: ${(columnBytes / 1e6).toFixed(1)} MB; heap used now ${(heapUsed / 1e6).toFixed(0)} MB`);
}
console.log(`\n(decoded ${sink} string characters in total)`);
