/**
 * Schema upgrade 2 → 3 in real Chromium IndexedDB: a database written by release 2 (a Dexie
 * instance that declares only versions 1 and 2, written out literally as they shipped), filled
 * through the v2 record codec with drives, typed-array routes, undo history and settings, closed,
 * then opened with the current code. Everything must read back unchanged, and the region-pack
 * tables must exist and work.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { Dexie } from 'dexie';
import { segmentKey } from '../../src/core/drive/drive';
import { moveWaypoint } from '../../src/core/drive/edits';
import { emptyHistory, record } from '../../src/core/drive/history';
import { GRAPH_MAGIC } from '../../src/core/graph';
import { DriveRepository } from '../../src/store';
import { driveToRecord, historyToRecord, routeToRecord } from '../../src/store/records';
import { RegionPackStore } from '../../src/store/region-pack-store';
import { deleteDatabase, makeAllRoutes, makeDrive, uniqueDbName } from './store-fixtures';

const dbNames: string[] = [];
const closers: Array<() => void> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  for (const name of dbNames.splice(0)) await deleteDatabase(name);
});

describe('upgrade from version 2', () => {
  test('drives, routes, history and settings of a v2 database survive; the region-pack tables are added', async () => {
    const name = uniqueDbName('migrate-v2');
    dbNames.push(name);
    const drive = makeDrive('Pyrenees loop', 4, 7);
    const older = moveWaypoint(drive, drive.waypoints[1].id, [1.55, 42.52], drive.updatedAt - 10);
    const history = record(emptyHistory, older);
    const routes = makeAllRoutes(drive, 2_000);
    const deleted = { ...makeDrive('Binned', 2, 8), id: 'binned' };

    const v2 = new Dexie(name);
    v2.version(1).stores({ drives: 'id, updatedAt', settings: 'key' });
    v2.version(2).stores({ drives: 'id, updatedAt, deletedAt', routes: 'key, savedAt', history: 'driveId', settings: 'key' });
    await v2.table('drives').bulkPut([driveToRecord(drive, null, 12_345), driveToRecord(deleted, 1_700_000_999_000, null)]);
    await v2.table('routes').bulkPut(routes.map((r) => routeToRecord(r, 1_700_000_000_000)));
    await v2.table('history').put(historyToRecord(drive.id, history));
    await v2.table('settings').bulkPut([{ key: 'distanceUnits', value: 'mi' }, { key: 'lastOpenedDriveId', value: drive.id }]);
    expect(v2.verno).toBe(2);
    v2.close();

    const repo = new DriveRepository(name);
    closers.push(() => repo.close());
    const listing = await repo.listDrives();
    expect(repo.db.verno).toBe(3);
    expect(repo.db.tables.map((t) => t.name).sort()).toEqual(['drives', 'history', 'regionPackBytes', 'regionPacks', 'routes', 'settings']);
    expect(listing.corrupt).toEqual([]);
    expect(listing.drives).toEqual([expect.objectContaining({ id: drive.id, name: 'Pyrenees loop', distanceMeters: 12_345, deletedAt: null })]);
    expect((await repo.listDeletedDrives()).drives.map((d) => d.id)).toEqual(['binned']);

    const loaded = await repo.loadDrive(drive.id);
    expect(loaded.drive).toEqual(drive);
    expect(loaded.history).toEqual(history);
    expect(loaded.corrupt).toEqual([]);
    for (let i = 0; i < routes.length; i++) {
      const route = loaded.routes.get(segmentKey(drive, i));
      expect(route?.coords).toBeInstanceOf(Float64Array);
      expect(Array.from(route?.coords ?? [])).toEqual(Array.from(routes[i].coords));
    }
    expect(await repo.getSettings()).toMatchObject({ distanceUnits: 'mi', lastOpenedDriveId: drive.id });

    // The new tables work on the upgraded database, beside the drives.
    const packs = new RegionPackStore(repo.db);
    const bytes = new Uint8Array(64);
    bytes.set(new TextEncoder().encode(GRAPH_MAGIC));
    const id = await packs.save({ name: 'Tiny', buffer: bytes.buffer, bbox: [1.4, 42.4, 1.8, 42.7], stats: { nodes: 0, edges: 0, links: 0, drivableKm: 0, restrictions: 0, skippedRestrictions: 0, poisByKind: {}, parking: 0, parkingWithCapacity: 0 } });
    expect((await packs.list()).map((p) => [p.id, p.sizeBytes])).toEqual([[id, 64]]);
    expect((await repo.listDrives()).drives).toHaveLength(1);
  });

  test('a v2 database reopened by the current code twice keeps its data (the upgrade runs once)', async () => {
    const name = uniqueDbName('migrate-v2-twice');
    dbNames.push(name);
    const drive = makeDrive('Twice', 3, 9);
    const v2 = new Dexie(name);
    v2.version(1).stores({ drives: 'id, updatedAt', settings: 'key' });
    v2.version(2).stores({ drives: 'id, updatedAt, deletedAt', routes: 'key, savedAt', history: 'driveId', settings: 'key' });
    await v2.table('drives').put(driveToRecord(drive, null, null));
    v2.close();

    const first = new DriveRepository(name);
    await first.open();
    expect(first.db.verno).toBe(3);
    first.close();
    const second = new DriveRepository(name);
    closers.push(() => second.close());
    expect((await second.loadDrive(drive.id)).drive).toEqual(drive);
    expect(second.db.verno).toBe(3);
  });
});
