/**
 * "Open a stored region pack and route" in real Chromium (performance goal G10: load a 1M-node
 * region graph from IndexedDB into a worker ≤ 400 ms). A synthetic pack of side² nodes (the seeded
 * road grid of the graph benchmark, with the builder's default landmark tables: fastest,
 * shortest and curvy, 8 landmarks each) is saved with `RegionPackStore`; each sample then runs until the
 * first route is back on the page:
 *   - blob:   `store.loadBlob(id)` → `WorkerLocalRouter.open(blob)` (the worker reads the bytes) → route;
 *   - buffer: `store.load(id)` (ArrayBuffer on the page) → `WorkerLocalRouter.open(buffer)` (transferred) → route;
 *   - warm:   as blob, on workers started beforehand with `WorkerLocalRouter.warmUp()` (the router
 *             and its two helpers; their start-up, which includes loading the worker's modules from
 *             Vite's dev server here, is printed but not counted);
 *   - alternative storage, for the design choice: the same bytes in an OPFS file (`getFile()` →
 *     open), and (250k only) as an ArrayBuffer record instead of a Blob, read with a Dexie `get`;
 *   - baseline: no pack file: the graph's edge arrays transferred to a fresh worker that builds the
 *     graph (`buildRoadGraph`: CSR + snapping grid, and no landmarks, which would cost seconds
 *     more) and routes (A*, having no landmarks).
 * The blob, buffer and alternative cases start new workers per sample, as `open` does without
 * `warmUp` (for a Blob: the router and one helper). Samples of all cases alternate round by round
 * (the machine is shared, load drifts).
 * Also printed per case: medians of the parts (storage read on the page / open, split into the
 * router's own stages and each helper's, as `OpenTimings` reports them / first route, and the same
 * route asked again, which on a stored pack overlaps the reading of the other tables), and of the
 * longest stall of the page's thread during the sample (a 4 ms timer chain), since a load that
 * blocks the page is worse than a slower one that does not. Prints median and p95; asserts only
 * correctness (all cases route the same distance).
 *
 * Run: npx vitest bench --run --project browser tests/bench/region-load.browser.bench.ts
 *      (250,000 then 1,000,000 nodes; about 5 minutes, 2 GB of memory at the peak)
 *
 * The goal figure (GOAL line, warm case): storage + open + what the first route took beyond the same
 * route on a settled router (asked again after SETTLE_MS, when every table and the extras are in).
 * The search itself has its own goal (G7); work `open` leaves for later is charged through the excess.
 *
 * Last results (2-vCPU VM, quiet: nothing else running; headless Chromium 156, Vite dev server;
 * medians [p95]), session 5, pack format 3 (landmark tables in 16-bit quanta, grid of 8 links per
 * cell, no reordered costs; 241 MB at 1M nodes, was 340), five runs after the last change:
 *   1M nodes:   ready 368 / 345 / 338 / 345 / 351 ms [392 / 404 / 390 / 412 / 389]; warmed-up workers
 *               404 / 372 / 364 / 369 / 385 ms [424 / 435 / 424 / 447 / 413] = storage 9–10 + open 297–327 + first route 54–60 (settled 30–35).
 *               Inside open (third run): router directory 4 + its sections 253 (checks, turn restrictions,
 *               bbox 86) + helper wait 31 + adopt 11; helper: reads 115 + checks 14 + derives 106;
 *               reader: reads 241 + checks 27. Cold worker 1086 ms; baseline (rebuild from edge arrays) 2120 ms.
 *               Bytes read before `opened` (fifth run): router 55.8 MB, helper 26.4, reader 85.0 (167 MB; was ≈ 200).
 *   250k nodes: ready 144–167 ms; warmed-up workers 170–181 ms.
 *   The same bench during the session, one change at a time (ready, median): format 2 at the start
 *   of the session 355–436 (session 4's four runs); 16-bit landmark tables 392; grid 8 links per
 *   cell 374; classes and curvature read by the reader 352; no reordered costs 368 / 345 / 338 / 345 / 351.
 *   Storage alternatives (1M): OPFS getFile → open 1154 ms; OPFS sync access handle, bytes only, 675 ms.
 */
import { bench, describe } from 'vitest';
import { Dexie } from 'dexie';
import type { RouteRequest } from '../../src/core/routing/router';
import { RegionPackStore } from '../../src/store/region-pack-store';
import { type HelperTimings, type OpenTimings, WorkerLocalRouter } from '../../src/workers/region-router-client';
import type { SyntheticRoadGrid } from '../core/graph/helpers/synthetic-road-grid';
import { deleteDatabase, uniqueDbName } from '../store/store-fixtures';
import type { FixtureMessage, FixtureRequest } from './region-load-fixture.worker';

Dexie.debug = false;

/** The ArrayBuffer-record alternative only at 250k: at 1M (a 238 MB record) the put took the renderer down in our runs. */
const SIZES = [
  { side: 500, rounds: 9, baselineRounds: 5, altStorage: true },
  { side: 1000, rounds: 7, baselineRounds: 3, altStorage: false },
];
const WARMUP_ROUNDS = 1;

function fixtureWorker(): Worker {
  return new Worker(new URL('./region-load-fixture.worker.ts', import.meta.url), { type: 'module', name: 'region-load-fixture' });
}

function ask(worker: Worker, request: FixtureRequest, transfer: Transferable[] = []): Promise<FixtureMessage> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<FixtureMessage>) => {
      if (event.data.type === 'error') reject(new Error(event.data.message));
      else resolve(event.data);
    };
    worker.onerror = (event) => reject(new Error(event.message || 'the fixture worker failed'));
    worker.postMessage(request, transfer);
  });
}

/** Copies of the grid's columns that own their buffers, so one measurement can transfer them. */
function copyInput(input: SyntheticRoadGrid): { input: SyntheticRoadGrid; transfer: ArrayBuffer[] } {
  const links = Object.fromEntries(Object.entries(input.links).map(([k, v]) => [k, v.slice()])) as unknown as SyntheticRoadGrid['links'];
  const copy: SyntheticRoadGrid = { ...input, nodeLons: input.nodeLons.slice(), nodeLats: input.nodeLats.slice(), links };
  const transfer = [copy.nodeLons, copy.nodeLats, ...Object.values(links)].map((column) => column.buffer as ArrayBuffer);
  return { input: copy, transfer };
}

/** Longest gap between ticks of a 4 ms timer chain while `body` runs: how long the page's thread was blocked. */
async function withStallMonitor<T>(body: () => Promise<T>): Promise<[T, number]> {
  let last = performance.now(), worst = 0, running = true;
  const tick = () => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
    if (running) setTimeout(tick, 4);
  };
  setTimeout(tick, 4);
  try {
    const result = await body();
    tick();
    return [result, worst];
  } finally {
    running = false;
  }
}

function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i), hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}
const median = (xs: number[]) => quantile(xs.slice().sort((a, b) => a - b), 0.5);
const p95 = (xs: number[]) => quantile(xs.slice().sort((a, b) => a - b), 0.95);
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

interface Sample {
  totalMs: number; readMs: number; openMs: number; routeMs: number; stallMs: number;
  /** Inside `openMs`, as the worker measured it: reading + checking the graph, then preparing the fastest profile. */
  timings?: OpenTimings;
  /** The same route asked again once the first has answered (not part of the sample). */
  againMs?: number;
  /**
   * Warm case only: the same route once the whole pack is in (after SETTLE_MS), median of two;
   * the search alone. What the first route took beyond it is loading left for later.
   */
  settledMs?: number;
  /** Inside `openMs`: the `open` message reaching the worker plus `opened` reaching the page. */
  messageMs?: number;
  startMs?: number;
}

/** Longer than the router's READ_AHEAD_IDLE_MS plus reading the other tables and extras of a 1M-node pack. */
const SETTLE_MS = 2500;

/**
 * The goal's figure: storage + open + what the first route took beyond the same route on a
 * settled router. A route search has its own goal (G7); this bench's query is a long diagonal
 * whose search alone takes ~80 ms at 1M nodes, while the work `open` leaves for later (the other
 * tables, the extras) is charged here through the first route's excess.
 */
const readyMs = (x: Sample): number => x.readMs + x.openMs + Math.max(0, x.routeMs - (x.settledMs ?? 0));
type CaseName = 'blob' | 'buffer' | 'warm' | 'opfs' | 'arraybuffer-record' | 'baseline';
const LABELS: Record<CaseName, string> = {
  blob: 'loadBlob → open(blob) → first route',
  buffer: 'load → open(ArrayBuffer) → first route',
  warm: 'warmed-up worker: loadBlob → open(blob) → first route',
  opfs: 'alt. storage: OPFS file → open(file) → first route',
  'arraybuffer-record': 'alt. storage: ArrayBuffer record → open → first route',
  baseline: 'baseline: edge arrays → buildRoadGraph in worker → route',
};

async function measureSize(side: number, rounds: number, baselineRounds: number, altStorage: boolean): Promise<string[]> {
  const lines: string[] = [];
  const maker = fixtureWorker();
  const log = (what: string) => console.log(`[region-load bench] ${side}²: ${what} (${(performance.now() / 1000).toFixed(1)} s)`);
  log('making the pack');
  const made = await ask(maker, { type: 'make', side, seed: 1 });
  maker.terminate();
  log('made');
  if (made.type !== 'made') throw new Error('the fixture worker did not make a pack');
  const { request, input } = made;
  const packBytes = made.pack.byteLength;

  const dbName = uniqueDbName('region-load-bench');
  const altName = uniqueDbName('region-load-bench-alt');
  const store = new RegionPackStore(dbName);
  const alt = new Dexie(altName);
  const opfsName = `${altName}.pack`;
  alt.version(1).stores({ packs: 'id' });
  try {
    const t0 = performance.now();
    const id = await store.save({ name: `synthetic ${side}²`, buffer: made.pack, bbox: [1.4, 42.4, 1.5 + side * 0.006, 42.5 + side * 0.0045], stats: { nodes: made.nodes, edges: made.edges, links: 0, drivableKm: 0, restrictions: 0, skippedRestrictions: 0, poisByKind: {}, parking: 0, parkingWithCapacity: 0 } });
    const saveMs = performance.now() - t0;
    log('saved');
    const opfsRoot = await navigator.storage.getDirectory();
    const opfsHandle = await opfsRoot.getFileHandle(opfsName, { create: true });
    const writable = await opfsHandle.createWritable();
    await writable.write(made.pack);
    await writable.close();
    log('saved as an OPFS file');
    if (altStorage) {
      await alt.table('packs').put({ id: 'pack', bytes: made.pack });
      log('saved as an ArrayBuffer record');
    }
    lines.push(`[region-load bench] ${made.nodes.toLocaleString('en')} nodes, ${made.edges.toLocaleString('en')} edges, pack ${mb(packBytes)} (made in the worker in ${(made.makeMs / 1000).toFixed(1)} s; RegionPackStore.save ${saveMs.toFixed(0)} ms)`);

    let expectedMeters: number | null = null;
    const check = (meters: number, what: string) => {
      expectedMeters ??= meters;
      if (Math.abs(meters - expectedMeters) > 1e-6 * expectedMeters) throw new Error(`${what} routed ${meters} m, the others ${expectedMeters} m`);
    };
    const viaRouter = async (name: CaseName, read: () => Promise<ArrayBuffer | Blob>, warm = false): Promise<Sample> => {
      let readMs = 0, openMs = 0, routeMs = 0, againMs = 0, messageMs = 0, startMs: number | undefined;
      let timings: OpenTimings | undefined;
      if (warm) {
        // Not part of the sample: the app warms the worker up before the user picks a pack.
        const t = performance.now();
        await WorkerLocalRouter.warmUp();
        startMs = performance.now() - t;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      let opened: WorkerLocalRouter | null = null;
      const start = performance.now();
      const [, stallMs] = await withStallMonitor(async () => {
        const pack = await read();
        const t1 = performance.now();
        const router = await WorkerLocalRouter.open(pack);
        opened = router;
        const t2 = performance.now();
        const epoch = (t: number) => performance.timeOrigin + t;
        messageMs = (router.openTimings.startedAt - epoch(t1)) + (epoch(t2) - router.openTimings.postedAt);
        const result = await router.route(request as RouteRequest);
        const t3 = performance.now();
        readMs = t1 - start; openMs = t2 - t1; routeMs = t3 - t2;
        timings = router.openTimings;
        check(result.distanceMeters, name);
      });
      const router = opened as WorkerLocalRouter | null;
      if (router === null) throw new Error('the router did not open');
      const t4 = performance.now();
      await router.route(request as RouteRequest);
      againMs = performance.now() - t4;
      let settledMs: number | undefined;
      if (warm) {
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        const settled: number[] = [];
        for (let i = 0; i < 2; i++) {
          const t = performance.now();
          await router.route(request as RouteRequest);
          settled.push(performance.now() - t);
        }
        settledMs = (settled[0] + settled[1]) / 2;
      }
      router.dispose();
      return { totalMs: readMs + openMs + routeMs, readMs, openMs, routeMs, stallMs, startMs, timings, againMs, settledMs, messageMs };
    };
    const cases: Partial<Record<CaseName, () => Promise<Sample>>> = {
      blob: () => viaRouter('blob', () => store.loadBlob(id)),
      buffer: () => viaRouter('buffer', () => store.load(id)),
      warm: () => viaRouter('warm', () => store.loadBlob(id), true),
    };
    cases.opfs = () => viaRouter('opfs', () => opfsHandle.getFile());
    if (altStorage) {
      cases['arraybuffer-record'] = () => viaRouter('arraybuffer-record', async () => ((await alt.table('packs').get('pack')) as { bytes: ArrayBuffer }).bytes);
    }
    cases.baseline = async () => {
      const { input: copy, transfer } = copyInput(input);
      const worker = fixtureWorker();
      const start = performance.now();
      const [done, stallMs] = await withStallMonitor(() => ask(worker, { type: 'baseline', input: copy, request: request as RouteRequest }, transfer));
      const totalMs = performance.now() - start;
      worker.terminate();
      if (done.type !== 'baseline-done') throw new Error('the baseline worker did not route');
      check(done.distanceMeters, 'baseline');
      return { totalMs, readMs: 0, openMs: totalMs, routeMs: 0, stallMs };
    };
    const samples = new Map<CaseName, Sample[]>(Object.keys(cases).map((k) => [k as CaseName, []]));
    const order = Object.keys(cases) as CaseName[];
    for (let round = 0; round < WARMUP_ROUNDS + rounds; round++) {
      // Rotate the order each round so no case always runs right after the heavy baseline.
      for (let k = 0; k < order.length; k++) {
        const name = order[(round + k) % order.length];
        if (name === 'baseline' && round >= WARMUP_ROUNDS + baselineRounds) continue;
        const sample = await (cases[name] as () => Promise<Sample>)();
        if (round >= WARMUP_ROUNDS) samples.get(name)?.push(sample);
        // Let the terminated worker's memory go before the next sample.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    // Read speed of the other OPFS API, for the storage choice: a sync access handle in a worker.
    const reader = fixtureWorker();
    const syncReads: number[] = [];
    for (let i = 0; i < 5; i++) {
      const done = await ask(reader, { type: 'opfs-read', fileName: opfsName });
      if (done.type !== 'opfs-read-done' || done.bytes !== packBytes) throw new Error('the OPFS sync read did not return the whole pack');
      syncReads.push(done.readMs);
    }
    reader.terminate();

    const baseline = median((samples.get('baseline') ?? []).map((s) => s.totalMs));
    for (const name of order) {
      const s = samples.get(name) ?? [];
      const total = s.map((x) => x.totalMs);
      const m = (pick: (x: Sample) => number | undefined) => median(s.map((x) => pick(x) ?? 0)).toFixed(0);
      const t = (pick: (x: OpenTimings) => number | undefined) => m((x) => (x.timings === undefined ? undefined : pick(x.timings)));
      const helperParts = (role: 'helper' | 'reader') => {
        if (!s.some((x) => x.timings?.[role])) return '';
        const h = (pick: (x: HelperTimings) => number) => t((x) => { const ht = x[role]; return ht === null ? undefined : pick(ht); });
        const derives = role === 'helper' ? ` + derives ${h((x) => x.deriveMs)}` : '';
        const mb = (median(s.map((x) => x.timings?.[role]?.readBytes ?? 0)) / 1e6).toFixed(1);
        return `; ${role}: starts at ${h((x) => x.startMs)}, reads ${h((x) => x.readMs)} (${mb} MB) + checks ${h((x) => x.checkMs)}${derives} + hand-over ${h((x) => x.handOverMs)}`;
      };
      const parts = name === 'baseline' ? 'build + route in the worker' :
        `read ${m((x) => x.readMs)} / open ${m((x) => x.openMs)} [messages to and from the router ${m((x) => x.messageMs)}; router: directory ${t((x) => x.directoryMs)} + its sections ${t((x) => x.coreMs)} (${(median(s.map((x) => x.timings?.readBytes ?? 0)) / 1e6).toFixed(1)} MB read; of which checks + derived ${t((x) => x.coreCheckMs)}) + helper wait ${t((x) => x.helperWaitMs)} + fastest table ${t((x) => x.tableMs)} + decode/adopt ${t((x) => x.prepareMs)}${helperParts('helper')}${helperParts('reader')}] / first route ${m((x) => x.routeMs)} ms [again: ${m((x) => x.againMs)} ms${name === 'warm' ? `, settled: ${m((x) => x.settledMs)} ms` : ''}]`;
      const ratio = name === 'baseline' ? '' : `  ${(baseline / median(total)).toFixed(1)}× faster than baseline`;
      const starts = s.flatMap((x) => (x.startMs === undefined ? [] : [x.startMs]));
      const start = starts.length ? `; worker start-up before it, not counted: median ${median(starts).toFixed(0)} ms` : '';
      if (name === 'warm') {
        const ready = s.map(readyMs);
        lines.push(`  GOAL ready: storage + open + first-route excess over a settled route  median ${median(ready).toFixed(0).padStart(6)} ms  p95 ${p95(ready).toFixed(0).padStart(6)} ms  n=${s.length}  (warmed-up workers)`);
      }
      lines.push(`  ${LABELS[name].padEnd(56)} median ${median(total).toFixed(0).padStart(6)} ms  p95 ${p95(total).toFixed(0).padStart(6)} ms  n=${s.length}  (${parts}; page stall median ${median(s.map((x) => x.stallMs)).toFixed(0)} ms${start})${ratio}`);
    }
    lines.push(`  for comparison, OPFS read through a sync access handle in a worker (bytes only, no open): median ${median(syncReads).toFixed(0)} ms, p95 ${p95(syncReads).toFixed(0)} ms, n=5`);
  } finally {
    store.close();
    alt.close();
    await deleteDatabase(dbName);
    await deleteDatabase(altName);
    await (await navigator.storage.getDirectory()).removeEntry(opfsName).catch(() => undefined);
  }
  return lines;
}

describe('open a stored region pack in the router worker and route (G10)', () => {
  bench('interleaved samples, 250k and 1M nodes (table printed to the console)', async () => {
    const chromium = navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? '?';
    console.log(`[region-load bench] Chromium ${chromium}, ${navigator.hardwareConcurrency} cores`);
    for (const { side, rounds, baselineRounds, altStorage } of SIZES) {
      const lines = await measureSize(side, rounds, baselineRounds, altStorage);
      console.log(lines.join('\n'));
    }
  }, { time: 0, iterations: 1, warmupTime: 0, warmupIterations: 0 });
});
