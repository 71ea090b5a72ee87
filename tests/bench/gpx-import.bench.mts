/**
 * GPX import benchmark in real Chromium: starts a Vite dev server on the repository (the app's
 * own vite.config.ts, so the worker is bundled as in the app), opens
 * tests/bench/gpx-import-bench.html in headless Chromium (playwright-core), and prints median /
 * p95 / min of each method plus the longest main-thread stall. See gpx-import-bench-page.ts for
 * the methods. Never asserts a time. The machine is shared: compare rows of the same run, and
 * read the "idle page" row as the noise floor of the stall column.
 *
 *   node_modules/.bin/tsx tests/bench/gpx-import.bench.mts [runs=7] [points=100000]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { chromiumArgs } from '../../vite.config';
import type { BenchResult } from './gpx-import-bench-page';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runs = Number(process.argv[2] ?? 7);
const points = Number(process.argv[3] ?? 100_000);

const server = await createServer({
  configFile: path.join(repo, 'vite.config.ts'),
  root: repo,
  logLevel: 'error',
  server: { host: '127.0.0.1', port: 5290, strictPort: false, hmr: false },
  optimizeDeps: { include: ['gpxparser'] },
});
await server.listen();
const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5290/';
// --expose-gc lets the page collect garbage between runs (outside the timed region).
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...chromiumArgs, '--js-flags=--expose-gc'] });
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(new URL('tests/bench/gpx-import-bench.html', url).href);
  await page.waitForFunction(() => window.gpxImportBenchReady === true, undefined, { timeout: 120_000 });
  const result: BenchResult = await page.evaluate((config) => window.runGpxImportBench(config), { points, runs, gpxparserRuns: Math.max(3, Math.ceil(runs / 2)) });

  const quantile = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  };
  console.log(`GPX import of ${(result.bytes / 1e6).toFixed(1)} MB, ${points.toLocaleString('en')} track points (seeded synthetic recording)`);
  console.log(`${result.userAgent}`);
  console.log('method'.padEnd(56) + 'runs  median ms   p95 ms   min ms   longest main-thread stall (median / max) ms');
  for (const r of result.results) {
    console.log(`${r.label.padEnd(56)}${String(r.times.length).padStart(4)}${quantile(r.times, 0.5).toFixed(0).padStart(11)}${quantile(r.times, 0.95).toFixed(0).padStart(9)}${Math.min(...r.times).toFixed(0).padStart(9)}   ${quantile(r.stalls, 0.5).toFixed(0)} / ${Math.max(...r.stalls).toFixed(0)}`);
  }
} finally {
  await browser.close();
  await server.close();
}
