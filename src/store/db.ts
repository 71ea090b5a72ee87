/**
 * The `switchback` IndexedDB database (through Dexie) and its versioned schema.
 *
 * Version history (never edit a shipped version; add a new one with an `upgrade()`):
 * - 1: release 1. `drives` with routed geometry inline as nested arrays; `settings`. See schema-v1.ts.
 * - 2: geometry moves to `routes` (one record per segment, `Float64Array` coords, keyed by
 *   `segmentKey()`); drives become the current `Drive` model plus `deletedAt` (soft delete) and a
 *   cached `distanceMeters`; `history` keeps undo/redo per drive; settings get their current keys.
 * - 3: region packs (region-pack-store.ts). `regionPacks` holds one small metadata record per pack
 *   (listed without touching the bytes), `regionPackBytes` the pack file itself, same id. New
 *   tables only: nothing to convert, so no `upgrade()`.
 *
 * Indexes: `drives.updatedAt` (recency), `drives.deletedAt` (only deleted drives are indexed, since
 * live ones hold `null`, which is not a valid key: purging scans just the deleted list),
 * `routes.savedAt` (garbage collection candidates by age), `regionPacks.createdAt` (newest first).
 */
import { Dexie, type DexieOptions, type Table, type Transaction } from 'dexie';
import type { DriveRecord, HistoryRecord, RouteRecord, SettingRecord } from './records';
import type { RegionPackBytesRecord, RegionPackRecord } from './region-pack-store';
import { SETTINGS_V1_TO_V2, convertDriveV1, declareSchemaV1 } from './schema-v1';
import { SETTING_VALIDATORS, isSettingKey } from './settings';

export const DEFAULT_DB_NAME = 'switchback';

export const SCHEMA_V2 = {
  drives: 'id, updatedAt, deletedAt',
  routes: 'key, savedAt',
  history: 'driveId',
  settings: 'key',
} as const;

/** Version 3 adds the region-pack tables; the v2 tables are unchanged. */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  regionPacks: 'id, createdAt',
  regionPackBytes: 'id',
} as const;

/** Drives converted per read/write round during the v1 → v2 upgrade; bounds memory for users with many large drives. */
const UPGRADE_BATCH = 16;

export class SwitchbackDb extends Dexie {
  declare drives: Table<DriveRecord, string>;
  declare routes: Table<RouteRecord, string>;
  declare history: Table<HistoryRecord, string>;
  declare settings: Table<SettingRecord, string>;
  declare regionPacks: Table<RegionPackRecord, string>;
  declare regionPackBytes: Table<RegionPackBytesRecord, string>;

  /** `name` exists so tests (and a future multi-profile feature) can use separate databases. */
  constructor(name: string = DEFAULT_DB_NAME, options?: DexieOptions) {
    super(name, options);
    declareSchemaV1(this);
    this.version(2).stores(SCHEMA_V2).upgrade((tx) => upgradeV1ToV2(tx, Date.now()));
    this.version(3).stores(SCHEMA_V3);
  }
}

/**
 * Runs inside Dexie's versionchange transaction: either every drive and setting is converted or,
 * if anything throws, the whole upgrade rolls back and the user keeps a working v1 database.
 * A drive record that cannot be converted is left untouched (it then reads back as corrupt and
 * is reported, instead of blocking the upgrade for every other drive).
 */
export async function upgradeV1ToV2(tx: Transaction, now: number): Promise<void> {
  const drives = tx.table('drives');
  const routes = tx.table('routes');
  const ids = await drives.toCollection().primaryKeys();
  for (let start = 0; start < ids.length; start += UPGRADE_BATCH) {
    const values: unknown[] = await drives.bulkGet(ids.slice(start, start + UPGRADE_BATCH));
    const driveRecords: DriveRecord[] = [];
    const routeRecords: RouteRecord[] = [];
    for (const value of values) {
      const converted = convertDriveV1(value, now);
      if (!converted.ok) continue;
      driveRecords.push(converted.drive);
      routeRecords.push(...converted.routes);
    }
    await routes.bulkPut(routeRecords);
    await drives.bulkPut(driveRecords);
  }

  const settings = tx.table('settings');
  const rows: unknown[] = await settings.toArray();
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) continue;
    const { key, value } = row as { key?: unknown; value?: unknown };
    if (typeof key !== 'string' || !(key in SETTINGS_V1_TO_V2)) continue;
    const mapping = SETTINGS_V1_TO_V2[key];
    const next = mapping.value(value);
    if (next !== undefined && isSettingKey(mapping.key) && SETTING_VALIDATORS[mapping.key](next) === null) {
      await settings.put({ key: mapping.key, value: next });
    }
    await settings.delete(key);
  }
}
