/**
 * DriveRepository against real IndexedDB in Chromium: drive list CRUD, soft delete and restore,
 * duplicate, typed-array round trips (synthetic and a real OSRM route), history across a reload,
 * settings, and garbage collection of unreferenced routes.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { commands } from 'vitest/browser';
import { segmentKey, segmentKeys, type Drive } from '../../src/core/drive/drive';
import { moveWaypoint, appendWaypoint, renameDrive } from '../../src/core/drive/edits';
import { emptyHistory, record, undo, HISTORY_LIMIT, type History } from '../../src/core/drive/history';
import type { SegmentRoute } from '../../src/core/drive/segment-route';
import { DriveRepository, StorageError, driveDistanceMeters } from '../../src/store';
import { OSRM_AJACCIO, makeAllRoutes, makeDrive, makeSegmentRoute, segmentRouteFromOsrmJson, uniqueDbName, deleteDatabase } from './store-fixtures';

const opened: DriveRepository[] = [];
function repo(label: string, now?: () => number, name = uniqueDbName(label)): DriveRepository {
  const r = new DriveRepository(name, now ? { now } : {});
  opened.push(r);
  return r;
}
afterEach(async () => {
  const repos = opened.splice(0);
  for (const r of repos) r.close();
  for (const name of new Set(repos.map((r) => r.db.name))) await deleteDatabase(name);
});

/** Stores `drive` as an autosave would, with all its routes. */
async function saveWithRoutes(r: DriveRepository, drive: Drive, routes: SegmentRoute[], history: History = emptyHistory) {
  const map = new Map(routes.map((x) => [x.key, x]));
  await r.saveEdit({ drive, history, newRoutes: routes, distanceMeters: driveDistanceMeters(drive, map) });
}

function expectSameRoute(actual: SegmentRoute | undefined, expected: SegmentRoute) {
  expect(actual).toBeDefined();
  const a = actual as SegmentRoute;
  expect(a.coords).toBeInstanceOf(Float64Array);
  expect(Array.from(a.coords)).toEqual(Array.from(expected.coords));
  if (expected.elevationsMeters) {
    expect(a.elevationsMeters).toBeInstanceOf(Float32Array);
    expect(Array.from(a.elevationsMeters as Float32Array)).toEqual(Array.from(expected.elevationsMeters));
  }
  expect(a.distanceMeters).toBe(expected.distanceMeters);
  expect(a.durationSeconds).toBe(expected.durationSeconds);
  expect(a.steps).toEqual(expected.steps);
  expect(a.madeBy).toBe(expected.madeBy);
}

describe('drive list', () => {
  test('createDrive stores an empty drive that listDrives shows; blank names become "Untitled drive"', async () => {
    let t = 1000;
    const r = repo('create', () => t);
    const a = await r.createDrive('  Col de la Botella loop ');
    t = 2000;
    const b = await r.createDrive('   ');
    expect(a.name).toBe('Col de la Botella loop');
    expect(b.name).toBe('Untitled drive');
    const { drives, corrupt } = await r.listDrives();
    expect(corrupt).toEqual([]);
    expect(drives.map((d) => d.id)).toEqual([b.id, a.id]);
    expect(drives[1]).toEqual({ id: a.id, name: 'Col de la Botella loop', createdAt: 1000, updatedAt: 1000, waypointCount: 0, distanceMeters: 0, deletedAt: null });
  });

  test('listDrives is newest edit first and carries waypoint count and distance from the last save', async () => {
    const r = repo('list-order');
    const older = makeDrive('Older', 3, 1, 10_000);
    const newer = makeDrive('Newer', 5, 2, 20_000);
    const olderRoutes = makeAllRoutes(older, 50);
    await saveWithRoutes(r, older, olderRoutes);
    await r.saveEdit({ drive: newer, history: emptyHistory }); // no routes yet: distance unknown
    const { drives } = await r.listDrives();
    expect(drives.map((d) => d.name)).toEqual(['Newer', 'Older']);
    expect(drives[0].waypointCount).toBe(5);
    expect(drives[0].distanceMeters).toBeNull();
    const expectedMeters = olderRoutes.reduce((s, x) => s + x.distanceMeters, 0);
    expect(drives[1].distanceMeters).toBeCloseTo(expectedMeters, 6);
    expect(expectedMeters).toBeGreaterThan(1000);
  });

  test('renameDrive renames a stored drive and bumps updatedAt; unknown ids are a not-found StorageError', async () => {
    let t = 1;
    const r = repo('rename', () => t);
    const d = await r.createDrive('Draft');
    t = 5;
    const renamed = await r.renameDrive(d.id, 'Pyrenees day 1');
    expect(renamed).toMatchObject({ id: d.id, name: 'Pyrenees day 1', updatedAt: 5 });
    expect((await r.listDrives()).drives[0]).toMatchObject({ name: 'Pyrenees day 1', updatedAt: 5 });
    await expect(r.renameDrive('nope', 'x')).rejects.toMatchObject({ name: 'StorageError', kind: 'not-found' });
  });

  test('duplicateDrive makes a new drive with the same waypoints, no history, and routes shared by key', async () => {
    const r = repo('duplicate');
    const drive = makeDrive('Coast road', 4);
    const routes = makeAllRoutes(drive, 200);
    const moved = moveWaypoint(drive, drive.waypoints[1].id, [1.6, 42.6]);
    const movedRoutes = [makeSegmentRoute(moved, 0, 100), makeSegmentRoute(moved, 1, 100)];
    await saveWithRoutes(r, drive, routes);
    await r.saveEdit({ drive: moved, history: record(emptyHistory, drive), newRoutes: movedRoutes });

    const copy = await r.duplicateDrive(drive.id);
    expect(copy.id).not.toBe(drive.id);
    expect(copy.name).toBe('Coast road (copy)');
    expect(copy.waypoints).toEqual(moved.waypoints);
    expect(segmentKeys(copy)).toEqual(segmentKeys(moved));

    const loaded = await r.loadDrive(copy.id);
    expect(loaded.history).toEqual(emptyHistory);
    expect(loaded.missingRouteKeys).toEqual([]);
    expect([...loaded.routes.keys()].sort()).toEqual(segmentKeys(moved).slice().sort());
    expect(await r.db.routes.count()).toBe(routes.length + movedRoutes.length); // nothing copied
    expect((await r.listDrives()).drives).toHaveLength(2);
  });
});

describe('soft delete', () => {
  test('deleteDrive hides the drive, restoreDrive brings it back with its history; a deleted drive cannot be opened', async () => {
    let t = 100;
    const r = repo('soft-delete', () => t);
    const drive = makeDrive('To delete', 3);
    const later = renameDrive(drive, 'To delete, renamed', drive.updatedAt + 1);
    await r.saveEdit({ drive: later, history: record(emptyHistory, drive), newRoutes: makeAllRoutes(later, 20) });
    const keep = await r.createDrive('Keep');

    t = 200;
    const token = await r.deleteDrive(drive.id);
    expect(token).toEqual({ driveId: drive.id, deletedAt: 200 });
    expect((await r.listDrives()).drives.map((d) => d.id)).toEqual([keep.id]);
    expect((await r.listDeletedDrives()).drives).toMatchObject([{ id: drive.id, deletedAt: 200 }]);
    await expect(r.loadDrive(drive.id)).rejects.toMatchObject({ kind: 'not-found', message: expect.stringContaining('Recently deleted') });

    t = 300;
    expect(await r.deleteDrive(drive.id)).toEqual(token); // idempotent: keeps the first deletion time
    const restored = await r.restoreDrive(token);
    expect(restored).toEqual(later);
    expect((await r.listDrives()).drives.map((d) => d.id).sort()).toEqual([drive.id, keep.id].sort());
    const loaded = await r.loadDrive(drive.id);
    expect(loaded.history.past).toEqual([drive]);
  });

  test('saving a drive that another tab deleted keeps it in the deleted list', async () => {
    const r = repo('save-deleted');
    const drive = makeDrive('Open elsewhere', 2);
    await r.saveEdit({ drive, history: emptyHistory });
    await r.deleteDrive(drive.id);
    const edited = appendWaypoint(drive, [1.7, 42.55], drive.updatedAt + 10);
    await r.saveEdit({ drive: edited, history: record(emptyHistory, drive) });
    expect((await r.listDrives()).drives).toEqual([]);
    await r.restoreDrive(drive.id);
    expect((await r.loadDrive(drive.id)).drive).toEqual(edited);
  });

  test('purgeDeleted removes old deleted drives, their history and the routes only they used', async () => {
    let t = 1_000_000;
    const r = new DriveRepository(uniqueDbName('purge'), { now: () => t, routeGcGraceMs: 1000 });
    opened.push(r);
    const shared = makeDrive('Shared start', 3, 7);
    const other = { ...shared, id: 'other-drive', name: 'Other' };
    const sharedRoutes = makeAllRoutes(shared, 30);
    const extra = appendWaypoint(shared, [1.9, 42.45], shared.updatedAt + 1);
    const extraRoute = makeSegmentRoute(extra, 2, 30);
    await saveWithRoutes(r, shared, sharedRoutes);
    await r.saveEdit({ drive: extra, history: record(emptyHistory, shared), newRoutes: [extraRoute] });
    await saveWithRoutes(r, other, sharedRoutes); // uses the same keys as `shared`
    const fresh = makeDrive('Deleted just now', 2, 9);
    await saveWithRoutes(r, fresh, makeAllRoutes(fresh, 30));

    t += 10_000;
    await r.deleteDrive(shared.id);
    t += 10_000;
    await r.deleteDrive(fresh.id);
    t += 1;
    const report = await r.purgeDeleted(5_000);
    expect(report).toEqual({ drives: 1, routes: 1 }); // only extraRoute: the others are used by `other` and `fresh`
    expect(await r.db.history.get(shared.id)).toBeUndefined();
    expect((await r.listDeletedDrives()).drives.map((d) => d.id)).toEqual([fresh.id]);
    const loaded = await r.loadDrive(other.id);
    expect(loaded.missingRouteKeys).toEqual([]);
    expect(await r.db.routes.get(extraRoute.key)).toBeUndefined();
  });

  test('collectUnusedRoutes keeps unreferenced routes younger than the grace period', async () => {
    let t = 50_000;
    const r = new DriveRepository(uniqueDbName('gc'), { now: () => t, routeGcGraceMs: 1000 });
    opened.push(r);
    const drive = makeDrive('GC', 2);
    await r.saveRoutes([makeSegmentRoute(drive, 0, 10)]); // routed before the edit that uses it is saved
    expect(await r.collectUnusedRoutes()).toBe(0);
    t += 2000;
    expect(await r.collectUnusedRoutes()).toBe(1);
  });
});

describe('routes and typed arrays', () => {
  test('coords and elevations come back as Float64Array / Float32Array, bit for bit', async () => {
    const r = repo('typed');
    const drive = makeDrive('Typed', 3);
    const routes = [makeSegmentRoute(drive, 0, 5000, 11, true), { ...makeSegmentRoute(drive, 1, 2), fallbackReason: 'OSRM timed out', madeBy: 'straight' as const }];
    await saveWithRoutes(r, drive, routes);
    const loaded = await r.loadDrive(drive.id);
    expect(loaded.missingRouteKeys).toEqual([]);
    expectSameRoute(loaded.routes.get(routes[0].key), routes[0]);
    expectSameRoute(loaded.routes.get(routes[1].key), routes[1]);
    expect(loaded.routes.get(routes[1].key)?.fallbackReason).toBe('OSRM timed out');
    expect('savedAt' in (loaded.routes.get(routes[0].key) as object)).toBe(false);
  });

  test('a route whose coords are a subarray view is stored compactly, not with its whole buffer', async () => {
    const r = repo('subarray');
    const drive = makeDrive('Views', 2);
    const big = new Float64Array(200_000);
    const base = makeSegmentRoute(drive, 0, 1000);
    big.set(base.coords, 50_000);
    const view = big.subarray(50_000, 50_000 + base.coords.length);
    await r.saveRoutes([{ ...base, coords: view }]);
    const stored = await r.db.routes.get(base.key);
    expect(stored?.coords.buffer.byteLength).toBe(base.coords.length * 8);
    expect(Array.from(stored?.coords ?? [])).toEqual(Array.from(base.coords));
  });

  test('a real OSRM route (Ajaccio, polyline5, 26 vertices, 22 steps with intersections) round-trips through IndexedDB unchanged', async () => {
    const text = await commands.readFile(OSRM_AJACCIO).catch((err: unknown) => {
      throw new Error(`Missing shared fixture ${OSRM_AJACCIO} (expected beside the repository in ../shared): ${String(err)}`);
    });
    const r = repo('osrm-real');
    const drive = appendWaypoint(appendWaypoint(makeDrive('Ajaccio', 0), [8.732901, 41.928821]), [8.763831, 41.953897]);
    const route = segmentRouteFromOsrmJson(text, segmentKey(drive, 0), 5);
    expect(route.steps).toHaveLength(22);
    // 26 vertices (simplified overview), first at the start waypoint: checked with an independent decoder.
    expect(route.coords.length / 2).toBe(26);
    expect(Math.abs(route.coords[0] - 8.732901)).toBeLessThan(1e-5);
    await saveWithRoutes(r, drive, [route]);
    const loaded = await r.loadDrive(drive.id);
    expectSameRoute(loaded.routes.get(route.key), route);
    expect((await r.listDrives()).drives[0].distanceMeters).toBe(5015);
  });

  test('loadDrive reads only the routes the drive and its history reference; loadRoutes fetches more on demand', async () => {
    const r = repo('only-referenced');
    const a = makeDrive('A', 3, 1);
    const b = makeDrive('B', 3, 2);
    await saveWithRoutes(r, b, makeAllRoutes(b, 10));
    const a2 = moveWaypoint(a, a.waypoints[2].id, [1.8, 42.7]);
    const aRoutes = makeAllRoutes(a, 10);
    const a2Route = makeSegmentRoute(a2, 1, 10);
    await saveWithRoutes(r, a, aRoutes);
    await r.saveEdit({ drive: a2, history: record(emptyHistory, a), newRoutes: [a2Route] });

    const full = await r.loadDrive(a.id);
    expect([...full.routes.keys()].sort()).toEqual([...new Set([...segmentKeys(a2), ...segmentKeys(a)])].sort());
    const light = await r.loadDrive(a.id, { withHistoryRoutes: false });
    expect([...light.routes.keys()].sort()).toEqual(segmentKeys(a2).slice().sort());
    const more = await r.loadRoutes([aRoutes[1].key, 'osrm|fastest|0.000000,0.000000|1.000000,1.000000']);
    expect([...more.routes.keys()]).toEqual([aRoutes[1].key]);
    expect(more.missingRouteKeys).toEqual(['osrm|fastest|0.000000,0.000000|1.000000,1.000000']);
  });
});

describe('history', () => {
  test('undo state survives a reload: close the db, open a new instance, undo returns the previous drive', async () => {
    const name = uniqueDbName('history-reload');
    const first = repo('history-reload', undefined, name);
    let drive = makeDrive('Undo me', 3);
    let history: History = emptyHistory;
    const states: Drive[] = [drive];
    for (let i = 0; i < 4; i++) {
      const next = moveWaypoint(drive, drive.waypoints[2].id, [1.6 + i * 0.01, 42.6], drive.updatedAt + 1);
      history = record(history, drive);
      drive = next;
      states.push(drive);
      await first.saveEdit({ drive, history, newRoutes: [makeSegmentRoute(drive, 1, 20, i)] });
    }
    const stepped = undo(history, drive);
    if (!stepped) throw new Error('expected an undo step');
    await first.saveEdit({ drive: stepped.drive, history: stepped.history });
    first.close();

    const second = repo('history-reload', undefined, name);
    const loaded = await second.loadDrive(drive.id);
    expect(loaded.drive).toEqual(states[3]);
    expect(loaded.history.past).toEqual(states.slice(0, 3));
    expect(loaded.history.future).toEqual([states[4]]);
    const again = undo(loaded.history, loaded.drive);
    expect(again?.drive).toEqual(states[2]);
    // The redo target's route is loaded too, so redo after reload draws without routing.
    expect(loaded.routes.has(segmentKey(states[4], 1))).toBe(true);
  });

  test('history is capped at HISTORY_LIMIT on each side when saved', async () => {
    const r = repo('history-cap');
    const drive = makeDrive('Long session', 2);
    const snapshots = Array.from({ length: HISTORY_LIMIT + 30 }, (_, i) => ({ ...drive, updatedAt: drive.updatedAt + i }));
    await r.saveEdit({ drive, history: { past: snapshots, future: snapshots } });
    const { history } = await r.loadDrive(drive.id);
    expect(history.past).toHaveLength(HISTORY_LIMIT);
    expect(history.past[0].updatedAt).toBe(drive.updatedAt + 30); // oldest dropped
    expect(history.future).toHaveLength(HISTORY_LIMIT);
    expect(history.future[0].updatedAt).toBe(drive.updatedAt); // nearest kept
  });
});

describe('settings', () => {
  test('settings round-trip; unset reads undefined; invalid values are refused and store nothing', async () => {
    const r = repo('settings');
    expect(await r.getSetting('distanceUnits')).toBeUndefined();
    await r.setSetting('distanceUnits', 'mi');
    await r.setSetting('basemapStyleUrl', 'https://tiles.example.org/style.json');
    await r.setSetting('osrmBaseUrl', 'http://127.0.0.1:5000');
    await r.setSetting('lastOpenedDriveId', 'd123');
    expect(await r.getSetting('distanceUnits')).toBe('mi');
    expect(await r.getSettings()).toEqual({
      distanceUnits: 'mi', basemapStyleUrl: 'https://tiles.example.org/style.json', osrmBaseUrl: 'http://127.0.0.1:5000', lastOpenedDriveId: 'd123',
    });
    await r.setSetting('lastOpenedDriveId', null);
    expect(await r.getSetting('lastOpenedDriveId')).toBeNull();
    const bad = r.setSetting('distanceUnits', 'furlongs' as 'km');
    await expect(bad).rejects.toBeInstanceOf(StorageError);
    await expect(bad).rejects.toMatchObject({ kind: 'invalid-data', message: expect.stringContaining("'km' or 'mi'") });
    await expect(r.setSetting('osrmBaseUrl', 'javascript:alert(1)')).rejects.toMatchObject({ kind: 'invalid-data' });
    expect(await r.getSetting('distanceUnits')).toBe('mi');
    expect(await r.getSetting('osrmBaseUrl')).toBe('http://127.0.0.1:5000');
  });
});
