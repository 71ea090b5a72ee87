/**
 * Benchmark: parsing the recorded Portugal–Korea OSRM response (1.2 MB, 422 steps with polyline5
 * step geometries, 80,313 vertices once joined), beside `JSON.parse` of the same text measured in
 * the same run (the floor every client pays before any OSRM parsing). Also the small Ajaccio
 * response (22 steps), the size of one edited segment. Prints median and p95 per case; asserts
 * nothing.
 *
 *   npx vitest bench --run --project unit tests/core/routing/osrm-parse.bench.ts
 */
import { afterAll, bench, describe } from 'vitest';
import { parseOsrmRoute } from '../../../src/core/routing/osrm-response';
import { decodePolyline } from '../../../src/core/routing/polyline';
import { recordedText } from './recorded-osrm';

const portugalText = recordedText('portugalKorea');
const portugalJson: unknown = JSON.parse(portugalText);
const stepGeometries: string[] = (portugalJson as { routes: Array<{ legs: Array<{ steps: Array<{ geometry: string }> }> }> }).routes[0].legs[0].steps.map((s) => s.geometry);
const ajaccioText = recordedText('ajaccio');
const ajaccioJson: unknown = JSON.parse(ajaccioText);

const samples = new Map<string, number[]>();
/** Runs `fn`, keeping its wall time for the median/p95 summary. */
function timed(name: string, fn: () => unknown): () => void {
  const times: number[] = [];
  samples.set(name, times);
  return () => {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

const options = { time: 600, warmupTime: 100 };

describe('Portugal–Korea response (422 steps, 80k vertices)', () => {
  bench('baseline: JSON.parse of the 1.2 MB text', timed('baseline JSON.parse (1.2 MB)', () => JSON.parse(portugalText)), options);
  bench('parseOsrmRoute (already parsed JSON)', timed('parseOsrmRoute, Portugal', () => parseOsrmRoute(portugalJson, { precision: 5 })), options);
  bench('decodePolyline of the 422 step geometries only', timed('decode 422 step polylines', () => {
    for (const g of stepGeometries) decodePolyline(g, 5);
  }), options);
  bench('JSON.parse + parseOsrmRoute', timed('JSON.parse + parseOsrmRoute, Portugal', () => parseOsrmRoute(JSON.parse(portugalText), { precision: 5 })), options);
});

describe('Ajaccio response (22 steps)', () => {
  bench('JSON.parse + parseOsrmRoute', timed('JSON.parse + parseOsrmRoute, Ajaccio', () => parseOsrmRoute(JSON.parse(ajaccioText), { precision: 5 })), options);
  bench('parseOsrmRoute (already parsed JSON)', timed('parseOsrmRoute, Ajaccio', () => parseOsrmRoute(ajaccioJson, { precision: 5 })), options);
});

afterAll(() => {
  const rows = [...samples].filter(([, times]) => times.length > 0).map(([name, times]) => {
    const sorted = [...times].sort((a, b) => a - b);
    return `  ${name.padEnd(40)} median ${percentile(sorted, 0.5).toFixed(3).padStart(8)} ms   p95 ${percentile(sorted, 0.95).toFixed(3).padStart(8)} ms   (${times.length} runs)`;
  });
  console.log(`\nOSRM response parsing, wall time per run:\n${rows.join('\n')}\n`);
});
