/**
 * buildRegionPackInWorker in real Chromium with the real Andorra extract
 * (../shared/data/osm/andorra.osm.pbf): the pack the worker returns is byte for byte the pack the
 * same builder makes in the page, progress is ordered and ends at 1, cancelling stops the worker
 * at once, and files that are not extracts fail with the builder's message.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { commands } from 'vitest/browser';
import { buildRegionPack, readRegionPack, serializeRegionPack, type RegionBuildStage } from '../../src/core/region';
import { RegionPackBuildError, buildRegionPackInWorker } from '../../src/workers/region-build-client';

async function sharedBytes(path: string): Promise<Uint8Array> {
  let base64: string;
  try {
    base64 = await commands.readFile(`../shared/${path}`, { encoding: 'base64' });
  } catch (error) {
    throw new Error(`Shared test data ../shared/${path} could not be read (${(error as Error).message}). The tests need the ../shared folder beside the repository, served by Vite (server.fs.allow).`);
  }
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function firstDifference(a: ArrayBuffer, b: ArrayBuffer): number {
  const x = new Uint8Array(a), y = new Uint8Array(b);
  if (x.length !== y.length) return Math.min(x.length, y.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

const STAGES: RegionBuildStage[] = ['roads', 'nodes', 'graph', 'landmarks', 'pois'];
let andorraBytes: Uint8Array;
beforeAll(async () => {
  andorraBytes = await sharedBytes('data/osm/andorra.osm.pbf');
});

describe('buildRegionPackInWorker', () => {
  test('builds the Andorra pack: the same bytes as an in-page build, ordered progress up to 1, the area of its roads', async () => {
    const progress: [number, RegionBuildStage][] = [];
    const file = new File([andorraBytes as BlobPart], 'andorra.osm.pbf');
    const built = await buildRegionPackInWorker(file, { onProgress: (fraction, stage) => progress.push([fraction, stage]) });

    const inPage = buildRegionPack(andorraBytes, { name: 'andorra' });
    expect(built.buffer).toBeInstanceOf(ArrayBuffer);
    expect(firstDifference(built.buffer, serializeRegionPack(inPage))).toBe(-1);
    expect(built.stats).toEqual(inPage.meta.stats);
    // The default name is the file's, without .osm.pbf.
    expect(readRegionPack(built.buffer).meta.name).toBe('andorra');

    // The extent of the roads: every graph node inside it, each side touched by one.
    const [w, s, e, n] = built.bbox;
    const lons: number[] = [], lats: number[] = [];
    for (let i = 0; i < inPage.graph.nodeCount; i++) { lons.push(inPage.graph.nodeCoordsE7[2 * i] / 1e7); lats.push(inPage.graph.nodeCoordsE7[2 * i + 1] / 1e7); }
    expect(Math.min(...lons)).toBeGreaterThanOrEqual(w);
    expect(Math.max(...lons)).toBeLessThanOrEqual(e);
    expect(Math.min(...lats)).toBeGreaterThanOrEqual(s);
    expect(Math.max(...lats)).toBeLessThanOrEqual(n);
    // Andorra la Vella and Canillo are inside; the roads reach a little beyond the extract's declared bbox.
    for (const [lon, lat] of [[1.5218, 42.5063], [1.5995, 42.5676]]) expect(lon > w && lon < e && lat > s && lat < n).toBe(true);

    expect(progress.length).toBeGreaterThanOrEqual(10);
    expect(progress.length).toBeLessThanOrEqual(150);
    expect(progress.every(([f], i) => f >= 0 && f <= 1 && (i === 0 || f >= progress[i - 1][0]))).toBe(true);
    expect(progress.at(-1)?.[0]).toBe(1);
    const stageOrder = progress.map(([, stage]) => STAGES.indexOf(stage));
    expect(stageOrder.every((k, i) => k >= 0 && (i === 0 || k >= stageOrder[i - 1]))).toBe(true);
    expect(new Set(progress.map(([, stage]) => stage))).toEqual(new Set(STAGES));
    // The input Blob is untouched: the worker got a transferred copy of its bytes.
    expect(file.size).toBe(andorraBytes.length);
  });

  test('cancel: aborting mid-build rejects with AbortError at once and no progress follows', async () => {
    const controller = new AbortController();
    const fractions: number[] = [];
    let abortedAt = 0;
    const started = buildRegionPackInWorker(new Blob([andorraBytes as BlobPart]), {
      name: 'Andorra', signal: controller.signal,
      onProgress: (fraction) => {
        fractions.push(fraction);
        if (fraction > 0.1 && abortedAt === 0) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    await expect(started).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - abortedAt).toBeLessThan(500);
    const seen = fractions.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fractions.length).toBe(seen);
    expect(fractions.at(-1)).toBeLessThan(1);

    const already = new AbortController();
    already.abort();
    await expect(buildRegionPackInWorker(new Blob([andorraBytes as BlobPart]), { signal: already.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('a GPX file, a truncated extract and an empty file fail with the reader\'s message for the user', async () => {
    const gpx = buildRegionPackInWorker(new Blob([await sharedBytes('fixtures/gpx/track_with_empty_segment.gpx') as BlobPart]));
    await expect(gpx).rejects.toBeInstanceOf(RegionPackBuildError);
    await expect(gpx).rejects.toMatchObject({ kind: 'bad-file', message: expect.stringMatching(/^This is not an OSM PBF file.*GPX.*Choose an OpenStreetMap extract/) });
    const truncated = buildRegionPackInWorker(new Blob([andorraBytes.subarray(0, 200_000) as BlobPart]));
    await expect(truncated).rejects.toMatchObject({ kind: 'bad-file', message: expect.stringMatching(/^Truncated OSM PBF file.*Download the extract again/) });
    await expect(buildRegionPackInWorker(new Blob([]))).rejects.toMatchObject({ kind: 'bad-file', message: expect.stringMatching(/empty \(0 bytes\)/) });
  });
});
