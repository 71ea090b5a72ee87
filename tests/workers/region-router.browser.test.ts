/**
 * The whole in-browser region-pack path in real Chromium, on the real Andorra extract
 * (../shared/data/osm/andorra.osm.pbf): build in the build worker → save in IndexedDB → list →
 * load → `WorkerLocalRouter` → routes, curvy roads and POIs → delete. Every answer of the worker is
 * checked against the same core code run in the page on the same pack bytes, plus OSRM-shape
 * invariants and what a curvy profile must do.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from 'vitest/browser';
import { Dexie } from 'dexie';
import { GRAPH_FORMAT_VERSION, GRAPH_MAGIC, readSectionDirectory } from '../../src/core/graph';
import { asFormat2 } from '../core/graph/helpers/format-2-pack';
import { countPointsByKind } from '../../src/core/pois/poi-set';
import { curvatureColour, curvyRoadsOfGraph, readRegionPack, type RegionPack } from '../../src/core/region';
import { LocalRouter } from '../../src/core/routing/local-router';
import { RoutingError, type RouteResult } from '../../src/core/routing/router';
import { scoreCurvature } from '../../src/core/scoring';
import type { LonLat } from '../../src/core/units';
import { RegionPackStore } from '../../src/store/region-pack-store';
import { buildRegionPackInWorker, type BuiltRegionPack } from '../../src/workers/region-build-client';
import { WorkerLocalRouter } from '../../src/workers/region-router-client';
import { deleteDatabase, uniqueDbName } from '../store/store-fixtures';

Dexie.debug = false;

const ANDORRA_LA_VELLA: LonLat = [1.5218, 42.5063];
const CANILLO: LonLat = [1.5995, 42.5676];
const PORT_D_ENVALIRA: LonLat = [1.71938, 42.54018];

async function sharedBytes(path: string): Promise<Uint8Array> {
  let base64: string;
  try {
    base64 = await commands.readFile(`../shared/${path}`, { encoding: 'base64' });
  } catch (error) {
    throw new Error(`Shared test data ../shared/${path} could not be read (${(error as Error).message}). The tests need the ../shared folder beside the repository, served by Vite (server.fs.allow).`);
  }
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

let built: BuiltRegionPack;
let store: RegionPackStore;
let packId: string;
let router: WorkerLocalRouter;
/** The same pack read in the page, and the core router on it: the reference for every worker answer. */
let reference: RegionPack;
let referenceRouter: LocalRouter;
let savedBetween: [number, number];

beforeAll(async () => {
  const bytes = await sharedBytes('data/osm/andorra.osm.pbf');
  built = await buildRegionPackInWorker(new Blob([bytes as BlobPart]), { name: 'Andorra' });
  reference = readRegionPack(built.buffer.slice(0));
  referenceRouter = new LocalRouter(reference.graph);
  store = new RegionPackStore(uniqueDbName('region-router'));
  const before = Date.now();
  packId = await store.save({ name: 'Andorra', buffer: built.buffer, bbox: built.bbox, stats: built.stats });
  savedBetween = [before, Date.now()];
});

afterAll(async () => {
  router?.dispose();
  store.close();
  await deleteDatabase(store.db.name);
});

/** The worker's answer must equal the in-page router's, with its geometry still a Float64Array. */
function expectSameAsInPage(result: RouteResult, expected: RouteResult) {
  expect(result.coords).toBeInstanceOf(Float64Array);
  expect(Array.from(result.coords)).toEqual(Array.from(expected.coords));
  expect({ ...result, coords: null }).toEqual({ ...expected, coords: null });
}

function expectOsrmShape(result: RouteResult) {
  expect(result.router).toBe('local');
  expect(result.legs).toHaveLength(1);
  const leg = result.legs[0];
  expect(leg.firstVertex).toBe(0);
  expect(leg.lastVertex).toBe(result.coords.length / 2 - 1);
  expect(leg.steps.length).toBeGreaterThanOrEqual(3);
  expect(leg.steps[0].maneuver.type).toBe('depart');
  expect(leg.steps.at(-1)?.maneuver.type).toBe('arrive');
  const stepMeters = leg.steps.reduce((sum, step) => sum + step.distance, 0);
  expect(Math.abs(stepMeters - leg.distance)).toBeLessThan(1);
  expect(leg.distance).toBeCloseTo(result.distanceMeters, 0);
  for (const step of leg.steps) {
    expect(step.mode).toBe('driving');
    expect(step.maneuver.location).toHaveLength(2);
  }
  expect(result.snappedWaypoints).toHaveLength(2);
}

describe('region pack in the browser: store, load, route', () => {
  test('the stored pack is listed with its size and date, and loads back byte-identical', async () => {
    const listed = await store.list();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: packId, name: 'Andorra', sizeBytes: built.buffer.byteLength, bbox: [...built.bbox], stats: built.stats });
    expect(listed[0].createdAt).toBeGreaterThanOrEqual(savedBetween[0]);
    expect(listed[0].createdAt).toBeLessThanOrEqual(savedBetween[1]);
    const loaded = await store.load(packId);
    const a = new Uint8Array(loaded), b = new Uint8Array(built.buffer);
    expect(a.length).toBe(b.length);
    let same = true;
    for (let i = 0; i < a.length && same; i++) same = a[i] === b[i];
    expect(same).toBe(true);
  });

  test('WorkerLocalRouter opens the loaded pack (the buffer is transferred) and knows its area and statistics', async () => {
    const buffer = await store.load(packId);
    router = await WorkerLocalRouter.open(buffer);
    expect(buffer.byteLength).toBe(0);
    expect(router.id).toBe('local');
    expect(router.bbox).toEqual(built.bbox);
    expect(router.meta).toEqual(reference.meta);
  });

  test('Andorra la Vella → Canillo, fastest and curvy: OSRM-shaped, identical to the in-page router, curvy is curvier', async () => {
    const fastest = await router.route({ waypoints: [ANDORRA_LA_VELLA, CANILLO], profile: 'fastest' });
    const curvy = await router.route({ waypoints: [ANDORRA_LA_VELLA, CANILLO], profile: 'curvy' });
    expectOsrmShape(fastest);
    expectOsrmShape(curvy);
    expectSameAsInPage(fastest, referenceRouter.plan({ waypoints: [ANDORRA_LA_VELLA, CANILLO], profile: 'fastest' }).result);
    expectSameAsInPage(curvy, referenceRouter.plan({ waypoints: [ANDORRA_LA_VELLA, CANILLO], profile: 'curvy' }).result);
    // A real drive up the valley: several km, on the CG-2.
    expect(fastest.distanceMeters).toBeGreaterThan(9000);
    expect(fastest.distanceMeters).toBeLessThan(20000);
    expect(fastest.legs[0].summary).toMatch(/CG-2/);
    // The curvy profile drives a different line, with more curvature per km.
    expect(Array.from(curvy.coords)).not.toEqual(Array.from(fastest.coords));
    const f = scoreCurvature(fastest.coords, { profile: false }), c = scoreCurvature(curvy.coords, { profile: false });
    expect(c.curvaturePerKm).toBeGreaterThan(f.curvaturePerKm);
  });

  test('several requests in flight get their own answers; avoid options reach the router', async () => {
    const requests = [
      { waypoints: [ANDORRA_LA_VELLA, PORT_D_ENVALIRA] as LonLat[], profile: 'fastest' as const },
      { waypoints: [CANILLO, ANDORRA_LA_VELLA] as LonLat[], profile: 'shortest' as const },
      { waypoints: [ANDORRA_LA_VELLA, CANILLO, PORT_D_ENVALIRA] as LonLat[], profile: 'extra-curvy' as const, avoid: ['unpaved'] as const },
    ];
    const results = await Promise.all(requests.map((request) => router.route(request)));
    results.forEach((result, i) => expectSameAsInPage(result, referenceRouter.plan(requests[i]).result));
    expect(results[2].legs).toHaveLength(2);
  });

  test('errors: a waypoint off the pack is no-route with the router\'s message; a bad request is refused', async () => {
    const far = router.route({ waypoints: [[2.35, 48.85], CANILLO] });
    await expect(far).rejects.toBeInstanceOf(RoutingError);
    await expect(far).rejects.toMatchObject({ kind: 'no-route', message: expect.stringMatching(/Waypoint 1 is more than 2000 m from any road of this region pack/) });
    await expect(router.route({ waypoints: [CANILLO] })).rejects.toMatchObject({ kind: 'no-route', message: expect.stringMatching(/at least two waypoints/) });
    await expect(router.route({ waypoints: [CANILLO, [Number.NaN, 42.5]] })).rejects.toMatchObject({ kind: 'no-route', message: expect.stringMatching(/Waypoint 2 .* is not a valid \[lon, lat\]/) });
    const notCloneable = { waypoints: [CANILLO, ANDORRA_LA_VELLA], profile: 'fastest', extra: () => 1 } as unknown as Parameters<WorkerLocalRouter['route']>[0];
    await expect(router.route(notCloneable)).rejects.toMatchObject({ kind: 'bad-response', message: expect.stringMatching(/cannot be sent to the local router/) });
    // The router still works afterwards.
    expectOsrmShape(await router.route({ waypoints: [ANDORRA_LA_VELLA, CANILLO] }));
  });

  test('abort: an aborted request rejects at once with kind aborted; the late answer is dropped and routing goes on', async () => {
    const controller = new AbortController();
    const pending = router.route({ waypoints: [ANDORRA_LA_VELLA, PORT_D_ENVALIRA], profile: 'curvy' }, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'RoutingError', kind: 'aborted' });
    const already = new AbortController();
    already.abort();
    await expect(router.route({ waypoints: [ANDORRA_LA_VELLA, CANILLO] }, already.signal)).rejects.toMatchObject({ kind: 'aborted' });
    const next = await router.route({ waypoints: [ANDORRA_LA_VELLA, PORT_D_ENVALIRA], profile: 'curvy' });
    expectSameAsInPage(next, referenceRouter.plan({ waypoints: [ANDORRA_LA_VELLA, PORT_D_ENVALIRA], profile: 'curvy' }).result);
  });

  test('curvyRoads: the CLI\'s GeoJSON (name, ref, curvature, length_m, colour), curviest first, the same roads as in the page', async () => {
    const collection = await router.curvyRoads(300);
    const expected = curvyRoadsOfGraph(reference.graph, 300);
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.length).toBe(expected.length);
    expect(collection.features.length).toBeGreaterThan(10);
    collection.features.forEach((feature, i) => {
      const road = expected[i];
      expect(feature.geometry.type).toBe('LineString');
      expect(feature.properties).toEqual({
        name: road.name, ref: road.ref, curvature: Math.round(road.curvature), length_m: Math.round(road.lengthMeters), colour: curvatureColour(road.curvature),
      });
      expect(feature.properties.colour).toMatch(/^#[0-9a-f]{6}$/);
      expect(feature.properties.curvature).toBeGreaterThanOrEqual(300);
      if (i > 0) expect(feature.properties.curvature).toBeLessThanOrEqual(collection.features[i - 1].properties.curvature);
      expect(feature.geometry.coordinates.length).toBe(road.coords.length / 2);
      const last = feature.geometry.coordinates.length - 1;
      expect(feature.geometry.coordinates[last][0]).toBeCloseTo(road.coords[2 * last], 7);
    });
    const veryTwisty = await router.curvyRoads(1000);
    expect(veryTwisty.features.length).toBeLessThan(collection.features.length);
    expect(veryTwisty.features.every((f) => f.properties.curvature >= 1000)).toBe(true);
    await expect(router.curvyRoads(Number.NaN)).rejects.toMatchObject({ kind: 'bad-response', message: expect.stringMatching(/not a valid threshold/) });
  });

  test('pois: the pack\'s scenic features as typed arrays, read once', async () => {
    const pois = await router.pois();
    expect(pois.points.count).toBe(reference.pois.points.count);
    expect(pois.shapes.count).toBe(reference.pois.shapes.count);
    expect(pois.points.lon).toBeInstanceOf(Float64Array);
    expect(Array.from(pois.points.lat)).toEqual(Array.from(reference.pois.points.lat));
    expect(Array.from(pois.shapes.vertexStart)).toEqual(Array.from(reference.pois.shapes.vertexStart));
    expect(pois.names).toEqual(reference.pois.names);
    expect(countPointsByKind(pois)).toEqual(countPointsByKind(reference.pois));
    expect(router.pois()).toBe(router.pois());
    // The worker sent copies: routing on the pack still works.
    expectOsrmShape(await router.route({ waypoints: [ANDORRA_LA_VELLA, CANILLO] }));
  });

  test('a router opened from the stored Blob answers the same; dispose rejects what is pending and refuses new requests', async () => {
    await WorkerLocalRouter.warmUp(); // the stored-pack path: a helper worker derives the fastest costs in parallel
    const fromBlob = await WorkerLocalRouter.open(await store.loadBlob(packId));
    const request = { waypoints: [ANDORRA_LA_VELLA, PORT_D_ENVALIRA] as LonLat[] };
    // Asked at once after opening: the curvy table and the scenic features are still being read
    // in the background; these requests wait for them and answer exactly as the in-page router.
    const curvyRequest = { waypoints: [ANDORRA_LA_VELLA, CANILLO] as LonLat[], profile: 'curvy' as const };
    const [fastest, curvy, pois] = await Promise.all([fromBlob.route(request), fromBlob.route(curvyRequest), fromBlob.pois()]);
    expectSameAsInPage(fastest, referenceRouter.plan(request).result);
    expectSameAsInPage(curvy, referenceRouter.plan(curvyRequest).result);
    expect(pois.names).toEqual(reference.pois.names);
    expect(fromBlob.openTimings.coreMs).toBeGreaterThan(0);
    // Both helpers handed their parts over (the router read and checked only the rest itself),
    // and between the three of them they read less than the whole pack before `opened`.
    const { helper, reader } = fromBlob.openTimings;
    expect(helper).not.toBeNull();
    expect(reader).not.toBeNull();
    const readBefore = [fromBlob.openTimings.readBytes, helper?.readBytes ?? 0, reader?.readBytes ?? 0];
    for (const bytes of readBefore) expect(bytes).toBeGreaterThan(0);
    expect(readBefore.reduce((a, b) => a + b, 0)).toBeLessThan((await store.loadBlob(packId)).size);
    const pending = fromBlob.route(request);
    fromBlob.dispose();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted', message: expect.stringMatching(/closed/) });
    await expect(fromBlob.route(request)).rejects.toMatchObject({ kind: 'bad-response', message: expect.stringMatching(/closed; open it again/) });
    await expect(fromBlob.curvyRoads()).rejects.toMatchObject({ kind: 'bad-response' });
  });

  test('opening something that is not a pack fails with bad-response and the reader\'s message', async () => {
    const gpx = await sharedBytes('fixtures/gpx/track_with_empty_segment.gpx');
    await expect(WorkerLocalRouter.open(gpx.slice().buffer)).rejects.toMatchObject({ name: 'RoutingError', kind: 'bad-response' });
    const truncated = (await store.load(packId)).slice(0, 5000);
    await expect(WorkerLocalRouter.open(truncated)).rejects.toMatchObject({ kind: 'bad-response', message: expect.stringMatching(/region pack/i) });
    const aborted = new AbortController();
    aborted.abort();
    await expect(WorkerLocalRouter.open(await store.loadBlob(packId), { signal: aborted.signal })).rejects.toMatchObject({ kind: 'aborted' });
  });

  test('a stored pack damaged in any worker\'s part, or of the previous format, is refused with the reader\'s message', async () => {
    const bytes = await store.load(packId);
    const directory = readSectionDirectory(bytes, bytes.byteLength, GRAPH_MAGIC, [GRAPH_FORMAT_VERSION], 'region pack');
    const damaged = (tag: string) => {
      const copy = bytes.slice(0);
      const entry = directory.entries.get(tag);
      if (entry === undefined) throw new Error(`the pack has no ${tag} section`);
      new Uint32Array(copy, entry.at, entry.length)[3] = 0xfffffff0;
      return new Blob([copy]);
    };
    // One section of the helper's part, of the reader's, of the router's own.
    const cases: [string, RegExp][] = [['ELNK', /damaged: edge 3 points outside/], ['RINS', /damaged: its reverse graph points outside/], ['LTOO', /damaged: link 3 points outside/]];
    await WorkerLocalRouter.warmUp();
    for (const [tag, message] of cases) {
      await expect(WorkerLocalRouter.open(damaged(tag))).rejects.toMatchObject({ kind: 'bad-response', message: expect.stringMatching(message) });
    }
    const previous = bytes.slice(0);
    new DataView(previous).setUint16(4, 1, true);
    await expect(WorkerLocalRouter.open(new Blob([previous]))).rejects.toMatchObject({ kind: 'bad-response', message: expect.stringMatching(/format version 1; this app reads version 2 or 3\. Rebuild/) });
  });

  test('a pack stored by the previous version (format 2, Float32 landmark tables) still opens from its Blob and routes the same', async () => {
    const format2 = asFormat2(await store.load(packId), reference.graph.landmarks);
    await WorkerLocalRouter.warmUp();
    const router = await WorkerLocalRouter.open(new Blob([format2]));
    try {
      for (const request of [{ waypoints: [ANDORRA_LA_VELLA, PORT_D_ENVALIRA] as LonLat[] }, { waypoints: [ANDORRA_LA_VELLA, CANILLO] as LonLat[], profile: 'curvy' as const }]) {
        expectSameAsInPage(await router.route(request), referenceRouter.plan(request).result);
      }
    } finally {
      router.dispose();
    }
  });

  test('a pack file the browser can no longer read is refused with a message saying what to do', async () => {
    // A File snapshot of an OPFS file that changed afterwards: reading it fails (NotReadableError),
    // as a stored Blob does whose file the browser lost.
    const root = await navigator.storage.getDirectory();
    const name = `unreadable-${Date.now()}.pack`;
    const handle = await root.getFileHandle(name, { create: true });
    try {
      const writable = await handle.createWritable();
      await writable.write(await store.load(packId));
      await writable.close();
      const snapshot = await handle.getFile();
      const changed = await handle.createWritable();
      await changed.write(new Uint8Array([1, 2, 3]));
      await changed.close();
      for (const warm of [false, true]) {
        if (warm) await WorkerLocalRouter.warmUp();
        await expect(WorkerLocalRouter.open(snapshot)).rejects.toMatchObject({
          kind: 'bad-response', message: expect.stringMatching(/could not be read \(NotReadableError: .*delete the pack and import its extract again/),
        });
      }
    } finally {
      await root.removeEntry(name);
    }
  });

  test('deleting the pack removes it from the list; loading it then says so', async () => {
    await store.delete(packId);
    expect(await store.list()).toEqual([]);
    await expect(store.load(packId)).rejects.toMatchObject({ kind: 'not-found' });
  });
});
