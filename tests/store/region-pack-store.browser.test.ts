/**
 * RegionPackStore against real IndexedDB in Chromium, with the real Andorra region pack (built in
 * the page from ../shared/data/osm/andorra.osm.pbf): save / list / load / delete, newest first,
 * byte-identical round trips across connections, damaged records, refused input, and a real
 * QuotaExceededError (a storage bucket with a small quota) turned into the quota message.
 */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { commands } from 'vitest/browser';
import { Dexie } from 'dexie';
import { buildRegionPack, readRegionPack, serializeRegionPack, type RegionPackStats } from '../../src/core/region';
import type { LonLatBbox } from '../../src/core/elevation/dem-source';
import { DriveRepository, StorageError, SwitchbackDb } from '../../src/store';
import { RegionPackStore } from '../../src/store/region-pack-store';
import { emptyHistory } from '../../src/core/drive/history';
import { deleteDatabase, makeDrive, uniqueDbName } from './store-fixtures';

// Dexie's debug mode traces every failed request; some tests here fail on purpose.
Dexie.debug = false;

const ANDORRA_PBF = '../shared/data/osm/andorra.osm.pbf';
const GPX_FILE = '../shared/fixtures/gpx/track_with_empty_segment.gpx';

async function sharedBytes(path: string): Promise<Uint8Array> {
  let base64: string;
  try {
    base64 = await commands.readFile(path, { encoding: 'base64' });
  } catch (error) {
    throw new Error(`Shared test data ${path} could not be read (${(error as Error).message}). The tests need the ../shared folder beside the repository.`);
  }
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

interface TestPack { buffer: ArrayBuffer; bbox: LonLatBbox; stats: RegionPackStats }
let andorra: TestPack;
beforeAll(async () => {
  const pack = buildRegionPack(await sharedBytes(ANDORRA_PBF), { name: 'Andorra' });
  const bbox = pack.meta.bbox;
  if (bbox === null) throw new Error('the Andorra extract should declare its bbox');
  andorra = { buffer: serializeRegionPack(pack), bbox, stats: pack.meta.stats };
});

const stores: RegionPackStore[] = [];
function store(label: string, now?: () => number, name = uniqueDbName(label)): RegionPackStore {
  const s = new RegionPackStore(name, now ? { now } : {});
  stores.push(s);
  return s;
}
afterEach(async () => {
  const opened = stores.splice(0);
  for (const s of opened) s.close();
  for (const name of new Set(opened.map((s) => s.db.name))) await deleteDatabase(name);
});

/** Index of the first differing byte, -1 when equal (toEqual on megabytes of bytes is very slow). */
function firstDifference(a: ArrayBuffer, b: ArrayBuffer): number {
  const x = new Uint8Array(a), y = new Uint8Array(b);
  if (x.length !== y.length) return Math.min(x.length, y.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

describe('RegionPackStore', () => {
  test('save, list (newest first, size and date, no bytes), load byte-identical from a new connection, delete', async () => {
    let clock = 1_700_000_000_000;
    const s = store('packs', () => clock);
    expect(await s.list()).toEqual([]);
    const firstId = await s.save({ name: '  Andorra 2013  ', ...andorra });
    clock += 60_000;
    const smaller = { ...andorra, stats: { ...andorra.stats, nodes: 1 } };
    const secondId = await s.save({ name: 'Andorra again', ...smaller });
    expect(firstId).not.toBe(secondId);
    // The caller keeps its buffer: the store copies it.
    expect(andorra.buffer.byteLength).toBeGreaterThan(0);

    const listed = await s.list();
    expect(listed.map((p) => p.id)).toEqual([secondId, firstId]);
    expect(listed[1]).toEqual({
      id: firstId, name: 'Andorra 2013', sizeBytes: andorra.buffer.byteLength, createdAt: 1_700_000_000_000,
      bbox: [...andorra.bbox], stats: andorra.stats,
    });
    expect(listed[0]).toMatchObject({ name: 'Andorra again', createdAt: 1_700_000_060_000, stats: { nodes: 1 } });

    // Another connection (as after a page reload) reads the same bytes back, and they are a readable pack.
    const other = store('packs', undefined, s.db.name);
    const loaded = await other.load(firstId);
    expect(loaded).toBeInstanceOf(ArrayBuffer);
    expect(loaded.byteLength).toBe(andorra.buffer.byteLength);
    expect(firstDifference(loaded, andorra.buffer)).toBe(-1);
    const pack = readRegionPack(loaded);
    expect(pack.meta.name).toBe('Andorra');
    expect(pack.graph.nodeCount).toBe(andorra.stats.nodes);
    const blob = await other.loadBlob(firstId);
    expect(blob.size).toBe(andorra.buffer.byteLength);

    await s.delete(firstId);
    expect((await s.list()).map((p) => p.id)).toEqual([secondId]);
    await expect(s.load(firstId)).rejects.toMatchObject({ name: 'StorageError', kind: 'not-found', message: expect.stringMatching(/no longer stored.*build it again/) });
    expect(await s.db.regionPackBytes.count()).toBe(1);
    await s.delete(firstId); // deleting twice is harmless
    await s.delete(secondId);
    expect(await s.list()).toEqual([]);
    expect(await s.db.regionPackBytes.count()).toBe(0);
  });

  test('blank names become "Unnamed region"; listing needs only the metadata table', async () => {
    const s = store('unnamed');
    const id = await s.save({ name: '   ', ...andorra });
    // With the bytes gone the pack is still listed (listing never reads them), but loading says it is damaged.
    await s.db.regionPackBytes.delete(id);
    expect((await s.list()).map((p) => [p.id, p.name])).toEqual([[id, 'Unnamed region']]);
    await expect(s.load(id)).rejects.toMatchObject({ kind: 'corrupt', message: expect.stringMatching(/file is missing.*Delete it and build it again/) });
  });

  test('damaged records: a bad metadata record is left out of the list, a wrong-sized file is refused', async () => {
    const s = store('damaged');
    const good = await s.save({ name: 'Good', ...andorra });
    const shortened = await s.save({ name: 'Shortened', ...andorra });
    await s.db.regionPackBytes.put({ id: shortened, bytes: new Blob([andorra.buffer.slice(0, 1000)]) });
    await s.db.regionPacks.put({ id: 'broken', name: 'Broken', sizeBytes: -1, createdAt: Number.NaN, bbox: [0, 0, 0, 0], stats: andorra.stats });
    await s.db.regionPacks.put({ id: 'weird-bbox', name: 'Weird', sizeBytes: 10, createdAt: 1, bbox: [5, 5, 1, 1], stats: andorra.stats });
    expect((await s.list()).map((p) => p.id).sort()).toEqual([good, shortened].sort());
    await expect(s.load(shortened)).rejects.toMatchObject({ kind: 'corrupt', message: expect.stringContaining(`1000 bytes instead of ${andorra.buffer.byteLength}`) });
    await expect(s.load('broken')).rejects.toMatchObject({ kind: 'corrupt', message: expect.stringContaining('invalid size') });
    expect(firstDifference(await s.load(good), andorra.buffer)).toBe(-1);
  });

  test('input that is not a pack is refused before anything is written', async () => {
    const s = store('invalid');
    const gpx = await sharedBytes(GPX_FILE);
    const cases: [string, Parameters<RegionPackStore['save']>[0], RegExp][] = [
      ['empty', { name: 'x', ...andorra, buffer: new ArrayBuffer(0) }, /its file is empty/],
      ['gpx', { name: 'x', ...andorra, buffer: gpx.slice().buffer }, /not a Switchback region pack/],
      ['bbox', { name: 'x', ...andorra, bbox: [1.7, 42.4, 1.4, 42.6] }, /not a valid \[west, south, east, north\] box/],
      ['nan', { name: 'x', ...andorra, bbox: [Number.NaN, 42.4, 1.4, 42.6] }, /not \[west, south, east, north\]/],
    ];
    for (const [label, input, message] of cases) {
      const failed = s.save(input);
      await expect(failed, label).rejects.toBeInstanceOf(StorageError);
      await expect(failed, label).rejects.toMatchObject({ kind: 'invalid-data', message: expect.stringMatching(message) });
    }
    expect(await s.db.regionPacks.count()).toBe(0);
    expect(await s.db.regionPackBytes.count()).toBe(0);
  });

  test('shares the database with the drive repository', async () => {
    const name = uniqueDbName('shared');
    const repo = new DriveRepository(name);
    const packs = new RegionPackStore(repo.db);
    stores.push(packs);
    const drive = makeDrive('Rally', 3);
    await repo.saveEdit({ drive, history: emptyHistory });
    const id = await packs.save({ name: 'Andorra', ...andorra });
    expect((await repo.listDrives()).drives.map((d) => d.id)).toEqual([drive.id]);
    expect((await packs.list()).map((p) => p.id)).toEqual([id]);
    expect(repo.db.verno).toBe(3);
  });

  test('running out of quota (a real Chromium quota) fails with a message naming the pack; nothing is half stored', async () => {
    const buckets = (navigator as unknown as { storageBuckets?: { open(name: string, o: { quota: number }): Promise<{ indexedDB: IDBFactory }>; delete(name: string): Promise<void> } }).storageBuckets;
    if (!buckets) throw new Error('This Chromium has no Storage Buckets API (navigator.storageBuckets); the quota test needs Chromium 122 or newer.');
    const bucketName = `packs-quota-${Date.now().toString(36)}`;
    // Smaller than the Andorra pack: its save must fail.
    const quota = Math.floor(andorra.buffer.byteLength / 2);
    const bucket = await buckets.open(bucketName, { quota });
    const s = new RegionPackStore(new SwitchbackDb('switchback', { indexedDB: bucket.indexedDB, IDBKeyRange }));
    try {
      const failed = s.save({ name: 'Andorra', ...andorra });
      await expect(failed).rejects.toBeInstanceOf(StorageError);
      await expect(failed).rejects.toMatchObject({
        kind: 'quota',
        message: expect.stringMatching(/storage for Switchback is full, so the region pack "Andorra" \(\d+(\.\d)? MB\) was not saved\. Delete region packs/),
      });
      expect(await s.list()).toEqual([]);
      expect(await s.db.regionPackBytes.count()).toBe(0);
    } finally {
      s.close();
      await buckets.delete(bucketName);
    }
  });
});
