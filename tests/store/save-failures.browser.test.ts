/**
 * What happens when saving fails, in real Chromium IndexedDB: a failed `saveEdit` leaves the
 * previous save intact (one transaction), and each failure becomes a `StorageError` with a message
 * for the user. Quota is exhausted for real (a storage bucket with a small quota), not simulated.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { Dexie } from 'dexie';
import { segmentKeys, type Drive } from '../../src/core/drive/drive';
import { moveWaypoint } from '../../src/core/drive/edits';
import { emptyHistory, record, type History } from '../../src/core/drive/history';
import type { SegmentRoute } from '../../src/core/drive/segment-route';
import type { OsrmStep } from '../../src/core/routing/osrm-types';
import { DriveRepository, QUOTA_MESSAGE, OUTDATED_MESSAGE, StorageError, SwitchbackDb, UNAVAILABLE_MESSAGE } from '../../src/store';
import { makeAllRoutes, makeDrive, makeSegmentRoute, uniqueDbName, deleteDatabase } from './store-fixtures';

// Dexie's debug mode (on for localhost) traces every failed request; these tests fail on purpose.
Dexie.debug = false;

/** The Storage Buckets API (Chromium 122+), not yet in TypeScript's DOM lib. */
interface StorageBuckets {
  open(name: string, options?: { quota?: number }): Promise<{ indexedDB: IDBFactory; estimate(): Promise<StorageEstimate> }>;
  delete(name: string): Promise<void>;
}

const opened: DriveRepository[] = [];
function repo(label: string): DriveRepository {
  const r = new DriveRepository(uniqueDbName(label));
  opened.push(r);
  return r;
}
afterEach(async () => {
  const repos = opened.splice(0);
  for (const r of repos) r.close();
  for (const name of new Set(repos.map((r) => r.db.name))) await deleteDatabase(name);
});

/** A saved drive with history and routes, then the edit that the failing save tries to write. */
async function savedStateAndNextEdit(r: DriveRepository, vertexCount = 100) {
  const before = makeDrive('Saved state', 4);
  const beforeRoutes = makeAllRoutes(before, vertexCount);
  const history: History = record(emptyHistory, makeDrive('Older state', 4));
  await r.saveEdit({ drive: before, history, newRoutes: beforeRoutes, distanceMeters: 1234 });
  const after = moveWaypoint(before, before.waypoints[3].id, [1.75, 42.61], before.updatedAt + 1);
  return { before, beforeRoutes, history, after, afterHistory: record(history, before) };
}

async function expectStateIntact(r: DriveRepository, before: Drive, history: History, routes: SegmentRoute[], absentKey: string) {
  const loaded = await r.loadDrive(before.id);
  expect(loaded.drive).toEqual(before);
  expect(loaded.history).toEqual(history);
  expect(loaded.corrupt).toEqual([]);
  for (const route of routes) expect(Array.from(loaded.routes.get(route.key)?.coords ?? [])).toEqual(Array.from(route.coords));
  expect(await r.db.routes.get(absentKey)).toBeUndefined();
  expect((await r.listDrives()).drives[0]).toMatchObject({ id: before.id, distanceMeters: 1234, updatedAt: before.updatedAt });
}

describe('saveEdit is atomic', () => {
  test('a route that cannot be cloned fails the save after drive and history were written; the previous state is intact', async () => {
    const r = repo('atomic-clone');
    const { before, beforeRoutes, history, after, afterHistory } = await savedStateAndNextEdit(r);
    const step = {
      distance: 10, duration: 2, name: 'CG-2', mode: 'driving',
      maneuver: { location: [1.7, 42.6], bearing_before: 0, bearing_after: 90, type: 'turn', modifier: 'right', toJSON: () => 'not storable' },
    } as unknown as OsrmStep;
    const badRoute: SegmentRoute = { ...makeSegmentRoute(after, 2, 100), steps: [step] };

    const failed = r.saveEdit({ drive: after, history: afterHistory, newRoutes: [badRoute] });
    await expect(failed).rejects.toBeInstanceOf(StorageError);
    await expect(failed).rejects.toMatchObject({ kind: 'invalid-data', message: expect.stringContaining('nothing already saved was changed') });
    await expectStateIntact(r, before, history, beforeRoutes, badRoute.key);
  });

  test('running out of quota (a real Chromium quota) fails the save with the quota message; the previous state is intact', async () => {
    // A storage bucket with its own 512 KiB quota gives a real QuotaExceededError without touching
    // the quota of the origin that other tests share.
    const buckets = (navigator as unknown as { storageBuckets?: StorageBuckets }).storageBuckets;
    if (!buckets) throw new Error('This Chromium has no Storage Buckets API (navigator.storageBuckets); the quota test needs Chromium 122 or newer.');
    const bucketName = `quota-${Date.now().toString(36)}`;
    const bucket = await buckets.open(bucketName, { quota: 512 * 1024 });
    const r = new DriveRepository(new SwitchbackDb('switchback', { indexedDB: bucket.indexedDB, IDBKeyRange }));
    try {
      const { before, beforeRoutes, history, after, afterHistory } = await savedStateAndNextEdit(r);
      const bigRoute = makeSegmentRoute(after, 2, 250_000); // 4 MB of coordinates
      const failed = r.saveEdit({ drive: after, history: afterHistory, newRoutes: [bigRoute] });
      await expect(failed).rejects.toBeInstanceOf(StorageError);
      await expect(failed).rejects.toMatchObject({ kind: 'quota', message: QUOTA_MESSAGE });
      await expectStateIntact(r, before, history, beforeRoutes, bigRoute.key);
      // A small edit afterwards either fits, or is refused with the same quota message and the saved
      // state is still intact. Chromium may go on counting the refused write: in 3 of 13 runs of
      // the browser and e2e projects (2026-11-22) the bucket's usage stayed at 4,087,808 B after the
      // refusal, for at least 10 s and on a new connection too, so every later save was refused;
      // otherwise it stayed at 80 KB and the small edit fitted at once.
      const small = makeSegmentRoute(after, 2, 100);
      const usageBytes = (await bucket.estimate()).usage ?? 0;
      const refusal = await r.saveEdit({ drive: after, history: afterHistory, newRoutes: [small] }).then(() => null, (err: unknown) => err);
      if (refusal === null) {
        expect((await r.loadDrive(after.id)).drive).toEqual(after);
      } else {
        expect(refusal, `the small save failed otherwise than for quota (bucket usage ${usageBytes} B)`).toMatchObject({ name: 'StorageError', kind: 'quota', message: QUOTA_MESSAGE });
        console.info(`quota test: the small save was refused too; bucket usage ${usageBytes} B after the refused save`);
        await expectStateIntact(r, before, history, beforeRoutes, small.key);
      }
    } finally {
      r.close();
      await buckets.delete(bucketName);
    }
  });

  test('invalid input is refused before anything is written', async () => {
    const r = repo('atomic-invalid');
    const { before, beforeRoutes, history, after, afterHistory } = await savedStateAndNextEdit(r);
    const broken = { ...after, segments: after.segments.slice(1) };
    await expect(r.saveEdit({ drive: broken, history: afterHistory })).rejects.toMatchObject({ kind: 'invalid-data', message: expect.stringContaining('2 segments for 4 waypoints') });
    const nanRoute = makeSegmentRoute(after, 2, 10);
    nanRoute.coords[5] = Number.NaN;
    await expect(r.saveEdit({ drive: after, history: afterHistory, newRoutes: [nanRoute] })).rejects.toMatchObject({ kind: 'invalid-data', message: expect.stringContaining('vertex 2') });
    await expect(r.saveRoutes([nanRoute])).rejects.toMatchObject({ kind: 'invalid-data' });
    await expect(r.saveEdit({ drive: after, history: { past: [broken], future: [] } })).rejects.toMatchObject({ kind: 'invalid-data', message: expect.stringContaining('undo step 0') });
    await expectStateIntact(r, before, history, beforeRoutes, segmentKeys(after)[2]);
  });
});

describe('storage unavailable or outdated', () => {
  test('IndexedDB refusing to open (private mode, blocked site data) gives the "cannot save drafts here" message', async () => {
    const securityError = { open: () => { throw new DOMException('The operation is insecure.', 'SecurityError'); } };
    const r = new DriveRepository(new SwitchbackDb(uniqueDbName('blocked'), { indexedDB: securityError, IDBKeyRange }));
    await expect(r.open()).rejects.toMatchObject({ name: 'StorageError', kind: 'unavailable', message: UNAVAILABLE_MESSAGE });
    await expect(r.listDrives()).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(r.saveEdit({ drive: makeDrive('x', 2), history: emptyHistory })).rejects.toMatchObject({ kind: 'unavailable' });
    expect(UNAVAILABLE_MESSAGE).toMatch(/export your drive as GPX/);
  });

  test('an open request that fails asynchronously (Firefox private mode: InvalidStateError) is also "unavailable"', async () => {
    const failingLater = {
      open: () => {
        const request: { error: DOMException | null; onerror: ((e: unknown) => void) | null } = { error: null, onerror: null };
        setTimeout(() => {
          request.error = new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
          request.onerror?.({ target: request, type: 'error', preventDefault() {}, stopPropagation() {} });
        }, 0);
        return request;
      },
    };
    const r = new DriveRepository(new SwitchbackDb(uniqueDbName('private'), { indexedDB: failingLater, IDBKeyRange }));
    await expect(r.listDrives()).rejects.toMatchObject({ kind: 'unavailable', message: UNAVAILABLE_MESSAGE });
  });

  test('another tab upgrading the database to a newer version does not break this tab: the next save reopens and succeeds', async () => {
    const r = repo('newer');
    const drive = makeDrive('Open here', 2);
    await r.saveEdit({ drive, history: emptyHistory });
    // A newer release in another tab opens the same database at a higher version and adds a table.
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(r.db.name, 1000);
      req.onupgradeneeded = () => req.result.createObjectStore('tableFromTheFuture', { keyPath: 'id' });
      req.onsuccess = () => { req.result.close(); resolve(); };
      req.onerror = () => reject(req.error);
    });
    const renamed = { ...drive, name: 'Renamed here' };
    await r.saveEdit({ drive: renamed, history: emptyHistory });
    expect((await r.loadDrive(drive.id)).drive).toEqual(renamed);
    // Only a repository closed on purpose refuses to work, and says to reload.
    r.close();
    await expect(r.listDrives()).rejects.toMatchObject({ kind: 'outdated', message: OUTDATED_MESSAGE });
  });
});
