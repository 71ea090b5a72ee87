/**
 * The v1 → v2 upgrade in real IndexedDB: a database is created with the version-1 schema exactly
 * as release 1 declared it (a Dexie instance that knows only version 1), filled with v1-shaped
 * records (geometry inline as nested arrays, including a real OSRM route), closed, then opened
 * with the current code. Drives, routes and settings must come out in the current model.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { commands } from 'vitest/browser';
import { Dexie } from 'dexie';
import { segmentKey } from '../../src/core/drive/drive';
import { moveWaypoint } from '../../src/core/drive/edits';
import { emptyHistory, record } from '../../src/core/drive/history';
import { lineLengthMeters } from '../../src/core/geometry/earth';
import { decodePolyline } from '../../src/core/routing/polyline';
import type { SegmentRoute } from '../../src/core/drive/segment-route';
import { DriveRepository } from '../../src/store';
import { OSRM_AJACCIO, makeLine, uniqueDbName, deleteDatabase } from './store-fixtures';

const dbNames: string[] = [];
const repos: DriveRepository[] = [];
afterEach(async () => {
  for (const r of repos.splice(0)) r.close();
  for (const name of dbNames.splice(0)) await deleteDatabase(name);
});

/** Creates a release-1 database: the schema below is what release 1 shipped, written out literally. */
async function createV1Database(name: string, drives: object[], settings: object[]): Promise<void> {
  dbNames.push(name);
  const v1 = new Dexie(name);
  v1.version(1).stores({ drives: 'id, updatedAt', settings: 'key' });
  await v1.table('drives').bulkPut(drives);
  await v1.table('settings').bulkPut(settings);
  expect(v1.verno).toBe(1);
  v1.close();
}

function nested(coords: Float64Array, ele?: (i: number) => number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < coords.length; i += 2) out.push(ele ? [coords[i], coords[i + 1], ele(i >> 1)] : [coords[i], coords[i + 1]]);
  return out;
}

function expectCoordsClose(route: SegmentRoute | undefined, expected: number[][]) {
  expect(route, 'route missing').toBeDefined();
  const coords = (route as SegmentRoute).coords;
  expect(coords).toBeInstanceOf(Float64Array);
  expect(coords.length).toBe(expected.length * 2);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(coords[2 * i] - expected[i][0]), Math.abs(coords[2 * i + 1] - expected[i][1]));
  }
  expect(worst).toBeLessThanOrEqual(1e-9);
}

describe('upgrade from version 1', () => {
  test('drives with inline nested geometry become v2 drives plus typed-array routes that their segment keys resolve', async () => {
    const text = await commands.readFile(OSRM_AJACCIO).catch((err: unknown) => {
      throw new Error(`Missing shared fixture ${OSRM_AJACCIO} (expected beside the repository in ../shared): ${String(err)}`);
    });
    const osrm = JSON.parse(text) as { routes: Array<{ geometry: string; distance: number; duration: number; legs: Array<{ steps: unknown[] }> }> };
    // The real route's geometry, decoded by the (separately tested) polyline decoder, written as release 1 kept it.
    const ajaccio = nested(decodePolyline(osrm.routes[0].geometry, 5));
    const start = ajaccio[0];
    const end = ajaccio[ajaccio.length - 1];
    const viewpoint = [8.78, 41.96];
    const harbour = [8.74, 41.92];
    const importedLine = nested(makeLine([viewpoint[0], viewpoint[1]], [harbour[0], harbour[1]], 500, 3), (i) => 20 + i * 0.5);

    const coastDrive = {
      id: 'v1-coast', name: 'Ajaccio coast', createdAt: 1_600_000_000_000, updatedAt: 1_600_000_500_000,
      waypoints: [
        { lon: start[0], lat: start[1], name: 'Start' },
        { lon: end[0], lat: end[1], name: 'Col', shaping: true },
        { lon: viewpoint[0], lat: viewpoint[1] },
        { lon: harbour[0], lat: harbour[1], name: 'Harbour' },
        { lon: 8.70, lat: 41.91 },
      ],
      legs: [
        { router: 'osrm', geometry: ajaccio, distance: osrm.routes[0].distance, duration: osrm.routes[0].duration, steps: osrm.routes[0].legs[0].steps },
        { router: 'osrm', geometry: [[end[0], end[1]], [viewpoint[0], viewpoint[1]]], fallback: 'OSRM server unreachable' },
        { router: 'imported', geometry: importedLine, distance: 4321, duration: 600 },
        { router: 'osrm', geometry: null },
      ],
      pois: [{ lon: 8.75, lat: 41.93, name: 'Café', desc: 'Good espresso', sym: 'Restaurant' }],
      router: 'osrm', profile: 'curvy',
    };
    const emptyDrive = { id: 'v1-empty', name: 'Empty', createdAt: 1_600_000_000_000, updatedAt: 1_600_000_100_000, waypoints: [], legs: [] };
    const damaged = { id: 'v1-damaged', name: 'Half written', createdAt: 1, updatedAt: 2, waypoints: [{ lon: 1, lat: 42 }, { lon: 1.1, lat: 42 }], legs: [] };
    const name = uniqueDbName('migrate');
    await createV1Database(name, [coastDrive, emptyDrive, damaged], [
      { key: 'units', value: 'imperial' },
      { key: 'basemap', value: 'https://tiles.example.org/style.json' },
      { key: 'osrmUrl', value: 'https://router.example.org' },
      { key: 'lastDrive', value: 'v1-coast' },
      { key: 'experimentalFlag', value: true },
    ]);

    const repo = new DriveRepository(name);
    repos.push(repo);
    const listing = await repo.listDrives();
    expect(repo.db.verno).toBe(3); // v1 → v2 (this migration) → v3 (region packs)
    expect(listing.drives.map((d) => d.id)).toEqual(['v1-coast', 'v1-empty']);
    // The unconvertible record is left untouched and reported, instead of blocking the upgrade.
    expect(listing.corrupt).toEqual([{ table: 'drives', key: 'v1-damaged', reason: 'waypoint 0 has no id' }]);
    expect(listing.drives[0]).toMatchObject({ name: 'Ajaccio coast', waypointCount: 5, distanceMeters: null, updatedAt: 1_600_000_500_000 });

    const { drive, routes, missingRouteKeys, history, corrupt } = await repo.loadDrive('v1-coast');
    expect(corrupt).toEqual([]);
    expect(history).toEqual(emptyHistory);
    expect(drive).toMatchObject({ id: 'v1-coast', name: 'Ajaccio coast', createdAt: 1_600_000_000_000, defaultRouter: 'osrm', profile: 'curvy' });
    expect(drive.waypoints.map((w) => [w.position[0], w.position[1], w.name, w.kind])).toEqual([
      [start[0], start[1], 'Start', 'via'], [end[0], end[1], 'Col', 'shaping'], [viewpoint[0], viewpoint[1], '', 'via'],
      [harbour[0], harbour[1], 'Harbour', 'via'], [8.70, 41.91, '', 'via'],
    ]);
    expect(new Set(drive.waypoints.map((w) => w.id)).size).toBe(5);
    expect(drive.segments).toEqual([{ router: 'osrm' }, { router: 'osrm' }, { router: 'fixed', fixedKey: 'fixed|v1|v1-coast|2' }, { router: 'osrm' }]);
    expect(drive.pois).toEqual([{ id: 'v1p0', position: [8.75, 41.93], name: 'Café', description: 'Good espresso', symbol: 'Restaurant' }]);

    // Segment keys resolve to the migrated geometry.
    const real = routes.get(segmentKey(drive, 0));
    expectCoordsClose(real, ajaccio);
    expect(real).toMatchObject({ madeBy: 'osrm', distanceMeters: 5015, durationSeconds: osrm.routes[0].duration });
    expect(real?.steps).toEqual(osrm.routes[0].legs[0].steps);
    const fallback = routes.get(segmentKey(drive, 1));
    expectCoordsClose(fallback, [[end[0], end[1]], [viewpoint[0], viewpoint[1]]]);
    expect(fallback).toMatchObject({ madeBy: 'straight', fallbackReason: 'OSRM server unreachable', steps: [] });
    expect(fallback?.distanceMeters).toBeCloseTo(lineLengthMeters(new Float64Array([end[0], end[1], viewpoint[0], viewpoint[1]])), 6);
    const imported = routes.get('fixed|v1|v1-coast|2');
    expectCoordsClose(imported, importedLine);
    expect(imported).toMatchObject({ madeBy: 'fixed', distanceMeters: 4321, durationSeconds: 600 });
    expect(imported?.elevationsMeters).toBeInstanceOf(Float32Array);
    expect(imported?.elevationsMeters?.[499]).toBeCloseTo(20 + 499 * 0.5, 3);
    // The never-routed leg has no route: the app routes it on open.
    expect(missingRouteKeys).toEqual([segmentKey(drive, 3)]);
    expect(await repo.db.routes.count()).toBe(3);

    expect(await repo.getSettings()).toEqual({
      distanceUnits: 'mi', basemapStyleUrl: 'https://tiles.example.org/style.json', osrmBaseUrl: 'https://router.example.org', lastOpenedDriveId: 'v1-coast',
    });
    expect((await repo.db.settings.toCollection().primaryKeys()).sort()).toEqual(
      ['basemapStyleUrl', 'distanceUnits', 'experimentalFlag', 'lastOpenedDriveId', 'osrmBaseUrl']);

    // A migrated drive edits and saves like any other.
    const moved = moveWaypoint(drive, drive.waypoints[4].id, [8.69, 41.9]);
    await repo.saveEdit({ drive: moved, history: record(emptyHistory, drive) });
    const reloaded = await repo.loadDrive('v1-coast');
    expect(reloaded.drive).toEqual(moved);
    expect(reloaded.routes.get(segmentKey(drive, 0))?.coords).toBeInstanceOf(Float64Array);
  });

  test('the upgrade converts every drive of a large v1 database (more than one batch) and survives a reopen', async () => {
    const drives = Array.from({ length: 41 }, (_, d) => {
      const a = [1.5 + d * 0.001, 42.5];
      const b = [1.6 + d * 0.001, 42.55];
      return {
        id: `bulk-${d}`, name: `Drive ${d}`, createdAt: 1000 + d, updatedAt: 2000 + d,
        waypoints: [{ lon: a[0], lat: a[1] }, { lon: b[0], lat: b[1] }],
        legs: [{ router: 'osrm', geometry: nested(makeLine([a[0], a[1]], [b[0], b[1]], 200, d + 1)), distance: 9000 + d, duration: 600 }],
      };
    });
    const name = uniqueDbName('migrate-bulk');
    await createV1Database(name, drives, []);
    const first = new DriveRepository(name);
    repos.push(first);
    const { drives: listed, corrupt } = await first.listDrives();
    expect(corrupt).toEqual([]);
    expect(listed).toHaveLength(41);
    expect(listed[0]).toMatchObject({ id: 'bulk-40', distanceMeters: 9040 });
    first.close();

    const second = new DriveRepository(name);
    repos.push(second);
    for (const d of [0, 17, 40]) {
      const loaded = await second.loadDrive(`bulk-${d}`);
      expect(loaded.missingRouteKeys).toEqual([]);
      expectCoordsClose(loaded.routes.get(segmentKey(loaded.drive, 0)), drives[d].legs[0].geometry as number[][]);
    }
    expect(await second.db.routes.count()).toBe(41);
  });
});
