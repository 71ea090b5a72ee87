/**
 * Browser side of the GPX import benchmark (loaded by gpx-import-bench.html, driven by
 * gpx-import.bench.mts). On one deterministic 10 MB / 100,000-point recording, in the same page:
 * - our import in a Web Worker (importGpxFile: bytes → worker → drive + transferred arrays),
 *   with a main-thread stall monitor running meanwhile;
 * - our reader on the main thread (readGpx, the same parse without the worker);
 * - a plain DOMParser walk (namespace-aware, direct children) into typed arrays;
 * - gpxparser 3.0.8, the package named in the original brief.
 * DOMParser is not available inside workers, so both baselines run on the main thread, where
 * their whole run is a stall. An "idle page" row measures the stall monitor's noise floor (timer
 * gaps when nothing runs, e.g. from a busy machine). The heap is collected before each run when
 * Chromium exposes `gc` (--js-flags=--expose-gc), so one method's garbage does not pause the next.
 * Only counts are checked; times are reported, never asserted.
 */
import gpxParser from 'gpxparser';
import { readGpx } from '../../src/core/gpx';
import { importGpxFile } from '../../src/workers/gpx-import-client';
import { syntheticTrackGpx } from './gpx-synthetic-track';

const GPX_1_1 = 'http://www.topografix.com/GPX/1/1';

export interface BenchConfig {
  points: number;
  runs: number;
  gpxparserRuns: number;
}

export interface MethodResult {
  label: string;
  times: number[];
  /** Longest gap between main-thread timer ticks during each run (ms). */
  stalls: number[];
  points: number;
}

export interface BenchResult {
  bytes: number;
  userAgent: string;
  results: MethodResult[];
}

declare global {
  interface Window {
    runGpxImportBench(config: BenchConfig): Promise<BenchResult>;
    gpxImportBenchReady: boolean;
  }
}

/** Measures the longest gap between 0 ms timer ticks while `work` runs: how long the page froze. */
async function withStallMonitor<T>(work: () => Promise<T> | T): Promise<{ value: T; ms: number; stallMs: number }> {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  await new Promise((r) => setTimeout(r, 20));
  const start = performance.now();
  last = start;
  longest = 0;
  const value = await work();
  const ms = performance.now() - start;
  // Let the tick that was blocked (if any) run and record the gap.
  await new Promise((r) => setTimeout(r, 0));
  running = false;
  return { value, ms, stallMs: Math.max(longest, performance.now() - last) };
}

/** The obvious DOM way: parse, check parsererror, walk trk/trkseg/trkpt direct children. */
function domParserWalk(text: string): number {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) throw new Error('DOMParser: parsererror');
  let count = 0;
  for (const trk of Array.from(doc.documentElement.children)) {
    if (trk.localName !== 'trk' || trk.namespaceURI !== GPX_1_1) continue;
    for (const seg of Array.from(trk.children)) {
      if (seg.localName !== 'trkseg') continue;
      const n = seg.childElementCount;
      const coords = new Float64Array(2 * n);
      const ele = new Float32Array(n);
      const time = new Float64Array(n);
      let i = 0;
      for (let pt = seg.firstElementChild; pt; pt = pt.nextElementSibling) {
        if (pt.localName !== 'trkpt') continue;
        coords[2 * i] = parseFloat(pt.getAttribute('lon') ?? '');
        coords[2 * i + 1] = parseFloat(pt.getAttribute('lat') ?? '');
        ele[i] = NaN;
        time[i] = NaN;
        for (let c = pt.firstElementChild; c; c = c.nextElementSibling) {
          if (c.namespaceURI !== GPX_1_1) continue;
          if (c.localName === 'ele') ele[i] = parseFloat(c.textContent ?? '');
          else if (c.localName === 'time') time[i] = Date.parse(c.textContent ?? '');
        }
        i++;
      }
      count += i;
    }
  }
  return count;
}

function gpxparserRead(text: string): number {
  // gpxparser assigns the undeclared globals idx/elem, which throws under strict-mode ESM.
  const g = globalThis as unknown as { idx?: unknown; elem?: unknown };
  g.idx = undefined;
  g.elem = undefined;
  const parser = new gpxParser();
  parser.parse(text);
  return parser.tracks.reduce((n, t) => n + t.points.length, 0);
}

window.runGpxImportBench = async ({ points, runs, gpxparserRuns }: BenchConfig): Promise<BenchResult> => {
  const text = syntheticTrackGpx({ points });
  const bytes = new TextEncoder().encode(text);
  const methods: { label: string; runs: number; run: () => Promise<number> | number }[] = [
    { label: 'idle page, 500 ms (stall monitor noise floor)', runs, run: () => new Promise<number>((r) => setTimeout(() => r(points), 500)) },
    {
      label: 'Switchback importGpxFile (Web Worker, bytes → drive)', runs,
      run: async () => {
        const { routes } = await importGpxFile(new Blob([bytes]));
        return routes.reduce((n, r) => n + r.coords.length / 2, 0);
      },
    },
    { label: 'Switchback readGpx on the main thread', runs, run: () => readGpx(new TextDecoder().decode(bytes)).tracks[0].segments[0].coords.length / 2 },
    { label: 'baseline: DOMParser walk (main thread)', runs, run: () => domParserWalk(new TextDecoder().decode(bytes)) },
    { label: 'baseline: gpxparser 3.0.8 (main thread)', runs: gpxparserRuns, run: () => gpxparserRead(new TextDecoder().decode(bytes)) },
  ];
  const results: MethodResult[] = methods.map((m) => ({ label: m.label, times: [], stalls: [], points: 0 }));
  // One warm-up each, then rounds that interleave the methods so machine load hits all alike.
  const rounds = Math.max(...methods.map((m) => m.runs));
  for (let round = -1; round < rounds; round++) {
    for (let k = 0; k < methods.length; k++) {
      if (round >= methods[k].runs) continue;
      (globalThis as { gc?: () => void }).gc?.();
      const { value, ms, stallMs } = await withStallMonitor(methods[k].run);
      if (value !== points) throw new Error(`${methods[k].label} read ${value} points, expected ${points}`);
      if (round < 0) continue;
      results[k].times.push(ms);
      results[k].stalls.push(stallMs);
      results[k].points = value;
    }
  }
  return { bytes: bytes.length, userAgent: navigator.userAgent, results };
};
window.gpxImportBenchReady = true;
