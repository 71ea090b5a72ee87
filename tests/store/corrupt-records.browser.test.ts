/**
 * Damaged records in real IndexedDB (written straight into the tables, bypassing the repository's
 * validation, as an older buggy release or a crash could leave them): they are skipped and
 * reported, never crash a listing, an open or garbage collection.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { Dexie } from 'dexie';
import { segmentKeys } from '../../src/core/drive/drive';
import { emptyHistory, record } from '../../src/core/drive/history';
import { DriveRepository, StorageError } from '../../src/store';
import type { DriveRecord, HistoryRecord, RouteRecord, SettingRecord } from '../../src/store/records';
import { makeAllRoutes, makeDrive, uniqueDbName, deleteDatabase } from './store-fixtures';

// Dexie's debug mode (on for localhost) traces every failed request; these tests fail on purpose.
Dexie.debug = false;

const opened: DriveRepository[] = [];
function repo(label: string, routeGcGraceMs?: number): DriveRepository {
  const r = new DriveRepository(uniqueDbName(label), routeGcGraceMs === undefined ? {} : { routeGcGraceMs });
  opened.push(r);
  return r;
}
afterEach(async () => {
  const repos = opened.splice(0);
  for (const r of repos) r.close();
  for (const name of new Set(repos.map((r) => r.db.name))) await deleteDatabase(name);
});

describe('damaged drive records', () => {
  test('listDrives skips damaged drives and reports each with its key and reason', async () => {
    const r = repo('corrupt-list');
    const good = await r.createDrive('Good drive');
    const wrongCount = { ...makeDrive('Wrong count', 3), id: 'wrong-count', segments: [] };
    const badPosition = makeDrive('Bad position', 2);
    const nanPosition = { ...badPosition, id: 'nan-position', waypoints: [{ ...badPosition.waypoints[0], position: [Number.NaN, 42] }, badPosition.waypoints[1]] };
    await r.db.drives.bulkPut([
      wrongCount as unknown as DriveRecord,
      nanPosition as unknown as DriveRecord,
      { id: 'no-fields' } as unknown as DriveRecord,
      { id: 'bad-time', name: 'x', createdAt: 'yesterday' } as unknown as DriveRecord,
    ]);
    const { drives, corrupt } = await r.listDrives();
    expect(drives.map((d) => d.id)).toEqual([good.id]);
    expect(corrupt.map((c) => c.key).sort()).toEqual(['bad-time', 'nan-position', 'no-fields', 'wrong-count']);
    expect(corrupt.find((c) => c.key === 'wrong-count')).toEqual({ table: 'drives', key: 'wrong-count', reason: 'drive has 0 segments for 3 waypoints' });
    expect(corrupt.find((c) => c.key === 'nan-position')?.reason).toMatch(/waypoint 0: position has a non-numeric coordinate/);
    expect((await r.listDeletedDrives()).corrupt).toHaveLength(4);
  });

  test('opening a damaged drive throws a corrupt StorageError that names it; other drives still open', async () => {
    const r = repo('corrupt-open');
    const good = makeDrive('Fine', 2);
    await r.saveEdit({ drive: good, history: emptyHistory, newRoutes: makeAllRoutes(good, 10) });
    await r.db.drives.put({ ...makeDrive('Broken Botella', 2), id: 'broken', profile: 'scenic' } as unknown as DriveRecord);
    const failed = r.loadDrive('broken');
    await expect(failed).rejects.toBeInstanceOf(StorageError);
    await expect(failed).rejects.toMatchObject({ kind: 'corrupt', message: expect.stringMatching(/"Broken Botella" is damaged \(drive has an unknown route profile\)/) });
    await expect(r.renameDrive('broken', 'x')).rejects.toMatchObject({ kind: 'corrupt' });
    await expect(r.duplicateDrive('broken')).rejects.toMatchObject({ kind: 'corrupt' });
    expect((await r.loadDrive(good.id)).drive).toEqual(good);
  });
});

describe('damaged history, routes and settings', () => {
  test('a damaged history opens as empty history, reported; the drive and its routes still load', async () => {
    const r = repo('corrupt-history');
    const drive = makeDrive('History broken', 3);
    const routes = makeAllRoutes(drive, 10);
    await r.saveEdit({ drive, history: record(emptyHistory, drive), newRoutes: routes });
    await r.db.history.put({ driveId: drive.id, past: [{ id: 'x' }], future: [] } as unknown as HistoryRecord);
    const loaded = await r.loadDrive(drive.id);
    expect(loaded.drive).toEqual(drive);
    expect(loaded.history).toEqual(emptyHistory);
    expect(loaded.corrupt).toEqual([{ table: 'history', key: drive.id, reason: 'undo step 0: drive has no name string' }]);
    expect(loaded.routes.size).toBe(2);
  });

  test('damaged routes are reported and listed as missing (to be re-routed); the valid ones load', async () => {
    const r = repo('corrupt-routes');
    const drive = makeDrive('Routes broken', 4);
    const routes = makeAllRoutes(drive, 10);
    await r.saveEdit({ drive, history: emptyHistory, newRoutes: routes });
    const keys = segmentKeys(drive);
    // What an older release storing plain arrays, or a truncated write, would leave behind.
    await r.db.routes.put({ ...routes[0], coords: Array.from(routes[0].coords) } as unknown as RouteRecord);
    await r.db.routes.put({ ...routes[1], coords: routes[1].coords.slice(0, 3) } as RouteRecord);
    const loaded = await r.loadDrive(drive.id);
    expect(loaded.drive).toEqual(drive);
    expect(loaded.missingRouteKeys.sort()).toEqual([keys[0], keys[1]].sort());
    expect(loaded.corrupt).toEqual([
      { table: 'routes', key: keys[0], reason: 'route coordinates are not a Float64Array' },
      { table: 'routes', key: keys[1], reason: 'route has 3 coordinate values (needs an even count, at least 2 vertices)' },
    ]);
    expect([...loaded.routes.keys()]).toEqual([keys[2]]);
    expect(Array.from(loaded.routes.get(keys[2])?.coords ?? [])).toEqual(Array.from(routes[2].coords));
  });

  test('damaged settings read as unset, and garbage collection survives damaged drives and histories', async () => {
    const r = repo('corrupt-settings', 0);
    await r.db.settings.bulkPut([
      { key: 'distanceUnits', value: 'parsecs' },
      { key: 'osrmBaseUrl', value: 42 },
      { key: 'basemapStyleUrl', value: 'https://tiles.example.org/style.json' },
    ] as SettingRecord[]);
    expect(await r.getSetting('distanceUnits')).toBeUndefined();
    expect(await r.getSettings()).toEqual({ basemapStyleUrl: 'https://tiles.example.org/style.json' });

    const drive = makeDrive('Kept', 2);
    const routes = makeAllRoutes(drive, 10);
    await r.saveEdit({ drive, history: emptyHistory, newRoutes: routes });
    await r.db.drives.put({ id: 'junk' } as unknown as DriveRecord);
    await r.db.history.put({ driveId: 'junk', past: 'nope', future: [] } as unknown as HistoryRecord);
    const stray = makeAllRoutes(makeDrive('Never saved', 2, 99), 10);
    await r.saveRoutes(stray);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await r.collectUnusedRoutes()).toBe(stray.length);
    expect((await r.loadDrive(drive.id)).missingRouteKeys).toEqual([]);
  });
});
