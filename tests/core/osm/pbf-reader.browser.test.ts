/**
 * The PBF reader in real Chromium: streamed in a module Worker the way the app imports a file,
 * and whole-file on the main thread. The shared extracts are imported with `?url` so Vite
 * serves them from ../shared. Expected counts and places come from shared/data/README.md.
 */
import { expect, test } from 'vitest';
import { readOsmPbf } from '../../../src/core/osm/pbf-reader';
import type { PbfWorkerResult } from './pbf-worker-fixture';
import andorraUrl from '../../../../shared/data/osm/andorra.osm.pbf?url';
import monacoUrl from '../../../../shared/data/osm/monaco.osm.pbf?url';

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Shared test data missing or not served: ${url} answered HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function runWorker(url: string): Promise<PbfWorkerResult> {
  const worker = new Worker(new URL('./pbf-worker-fixture.ts', import.meta.url), { type: 'module' });
  return new Promise<PbfWorkerResult>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<PbfWorkerResult>) => { worker.terminate(); resolve(event.data); };
    worker.onerror = (event) => { worker.terminate(); reject(new Error(`worker failed: ${event.message}`)); };
    worker.postMessage({ url: new URL(url, location.href).href });
  });
}

test('a module Worker streams andorra.osm.pbf chunk by chunk and finds the documented entities', async () => {
  const result = await runWorker(andorraUrl);
  expect(result.error).toBeUndefined();
  expect(result).toMatchObject({ nodeCount: 69_644, wayCount: 2_725, relationCount: 74, typesInOrder: true, primaryWays: 309 });
  expect(result.passes).toHaveLength(17);
  expect(result.passes.find((pass) => pass.name === 'Port d\'Envalira')).toEqual({ id: 206_332_846, lon: 1.719381, lat: 42.5401763, name: 'Port d\'Envalira' });
  expect(result.progressReports).toBe(11);
  expect(result.lastProgress[0]).toBe(565_390);
});

test('a whole-file read on the main thread gives the documented Monaco counts', async () => {
  const summary = readOsmPbf(await fetchBytes(monacoUrl), { nodes: () => {}, ways: () => {}, relations: () => {} });
  expect(summary).toMatchObject({ nodeCount: 180_118, wayCount: 27_377, relationCount: 212, typesInOrder: true, idsAscending: true });
  expect(summary.header?.bbox).toEqual({ west: 7.349, south: 43.71, east: 7.491, north: 43.77 });
});
