import { describe, expect, test } from 'vitest';
import { commands } from 'vitest/browser';
import { importGpxFile, GpxImportError } from '../../src/workers/gpx-import-client';
import { syntheticTrackGpx } from '../bench/gpx-synthetic-track';

/** Bytes of a file in ../shared, read through vitest's server (the dev server allows ../shared). */
async function sharedBytes(relativePath: string): Promise<Uint8Array> {
  let base64: string;
  try {
    base64 = await commands.readFile(`../shared/${relativePath}`, { encoding: 'base64' });
  } catch (error) {
    throw new Error(`Shared test data ../shared/${relativePath} could not be read (${(error as Error).message}). The tests need the ../shared folder beside the repository, served by Vite (server.fs.allow).`);
  }
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

const blob = (bytes: Uint8Array) => new Blob([bytes as BlobPart], { type: 'application/gpx+xml' });

describe('importGpxFile (Web Worker)', () => {
  test('imports a Garmin route with 592 shape points, reporting progress up to 1', async () => {
    const fractions: number[] = [];
    const { drive, routes } = await importGpxFile(blob(await sharedBytes('fixtures/gpx/mapsource_route_645_gpxx_rpt_inline_ns.gpx')), { onProgress: (f) => fractions.push(f) });
    expect(drive.name).toBe('Eastern Lakes Ride');
    expect(drive.waypoints).toHaveLength(5);
    expect(drive.segments.map((s) => s.router)).toEqual(['fixed', 'fixed', 'fixed', 'fixed']);
    expect(routes).toHaveLength(4);
    expect(routes.every((r) => r.coords instanceof Float64Array && r.coords.length >= 4)).toBe(true);
    expect(drive.pois).toHaveLength(2);
    expect(fractions.length).toBeGreaterThanOrEqual(2);
    expect(fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= fractions[i - 1]))).toBe(true);
    expect(fractions[fractions.length - 1]).toBe(1);
  });

  test('a File with a BOM: typed arrays arrive, the input buffer is transferred', async () => {
    const file = new File([await sharedBytes('fixtures/gpx/osmand_recorded_multi_segment.gpx') as BlobPart], 'morning ride.gpx');
    const { drive, routes } = await importGpxFile(file);
    expect(routes.map((r) => r.coords.length / 2)).toEqual([16, 13, 14]);
    expect(routes.every((r) => r.elevationsMeters instanceof Float32Array)).toBe(true);
    expect(drive.segments.filter((s) => s.gap)).toHaveLength(2);

    const bytes = await sharedBytes('fixtures/gpx/basecamp_route_viapoints_bom.gpx');
    expect(bytes[0]).toBe(0xef);
    const buffer = bytes.buffer.slice(0) as ArrayBuffer;
    const basecamp = await importGpxFile(buffer, { fileName: 'basecamp.gpx' });
    expect(buffer.byteLength).toBe(0);
    expect(basecamp.drive.waypoints.map((w) => w.kind)).toEqual(['via', 'via', 'via', 'via']);
  });

  test('malformed XML and ITN files reject with the reader\'s message', async () => {
    const malformed = importGpxFile(blob(await sharedBytes('fixtures/gpx/malformed_mismatched_close_tag.gpx')));
    await expect(malformed).rejects.toBeInstanceOf(GpxImportError);
    await expect(malformed).rejects.toThrow(/^Line 13: closing tag <\/ggpx> does not match <gpx>/);
    await expect(importGpxFile(blob(await sharedBytes('fixtures/gpx/tomtom_sample_cp1252.itn')))).rejects.toMatchObject({ kind: 'not-xml', message: expect.stringMatching(/TomTom ITN/) });
  });

  test('imports keep working after an error, a cancel and in parallel (worker reuse)', async () => {
    const good = await sharedBytes('fixtures/gpx/track_with_empty_segment.gpx');
    const bad = await sharedBytes('fixtures/gpx/malformed_mismatched_close_tag.gpx');
    await expect(importGpxFile(blob(bad))).rejects.toThrow(/^Line 13/);
    expect((await importGpxFile(blob(good))).routes).toHaveLength(1);
    const controller = new AbortController();
    const cancelledImport = importGpxFile(blob(good), { signal: controller.signal });
    controller.abort();
    await expect(cancelledImport).rejects.toMatchObject({ name: 'AbortError' });
    const results = await Promise.all([importGpxFile(blob(good)), importGpxFile(blob(good)), importGpxFile(blob(good))]);
    expect(results.map((r) => r.routes[0].coords.length)).toEqual([18, 18, 18]);
    expect(new Set(results.map((r) => r.drive.id)).size).toBe(3);
  });

  test('cancel: aborting during a 20 MB import rejects with AbortError at once and stops progress', async () => {
    const bytes = new TextEncoder().encode(syntheticTrackGpx({ points: 200_000 }));
    const controller = new AbortController();
    const fractions: number[] = [];
    let abortedAt = 0;
    const started = importGpxFile(blob(bytes), {
      signal: controller.signal,
      onProgress: (f) => {
        fractions.push(f);
        if (f > 0 && abortedAt === 0) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    await expect(started).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    const seen = fractions.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(fractions.length).toBe(seen);
    expect(fractions[fractions.length - 1]).toBeLessThan(1);

    const already = new AbortController();
    already.abort();
    await expect(importGpxFile(blob(bytes), { signal: already.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
