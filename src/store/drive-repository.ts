/**
 * Drafts persistence: the one place the app reads and writes drives, their undo history, routed
 * geometry and settings. Components never touch Dexie directly.
 *
 * Contracts:
 * - Every write is ONE IndexedDB transaction: it commits fully or not at all, so a failed save
 *   (quota, a value that cannot be stored, a crash) never damages what was saved before.
 * - Every failure is thrown as a `StorageError` whose message is written for the user.
 * - Nothing read back is trusted: damaged records are skipped and returned in `corrupt` lists
 *   (or, for the drive being opened, thrown as `StorageError` kind `corrupt`), never crash the app.
 * - Routes are content-addressed by `segmentKey()` and immutable, so drives, duplicates and undo
 *   snapshots share them; unreferenced ones are removed only by `collectUnusedRoutes`/`purgeDeleted`.
 * - Typed arrays (`coords`, `elevationsMeters`) come back as typed arrays.
 */
import { createDrive as newDrive, newId, type Drive } from '../core/drive/drive';
import { renameDrive as renamedDrive } from '../core/drive/edits';
import { emptyHistory, type History } from '../core/drive/history';
import type { SegmentRoute } from '../core/drive/segment-route';
import { DEFAULT_DB_NAME, SwitchbackDb } from './db';
import {
  driveFromRecord, driveToRecord, historyFromRecord, historyToRecord, referencedRouteKeys, routeFromRecord, routeToRecord,
  type CorruptRecord, type DriveRecord, type RouteRecord,
} from './records';
import { driveProblem, historyProblem, segmentRouteProblem } from './record-validation';
import { SETTING_KEYS, SETTING_VALIDATORS, type SettingKey, type Settings } from './settings';
import { StorageError, toStorageError, type StorageAction } from './storage-error';

/** One row of the drive list. */
export interface DriveSummary {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly waypointCount: number;
  /** Driven length as of the last save, or `null` if unknown (not all segments routed then). */
  readonly distanceMeters: number | null;
  /** Set for drives in the deleted list. */
  readonly deletedAt: number | null;
}

export interface DriveListing {
  /** Newest edit first. */
  readonly drives: DriveSummary[];
  /** Damaged drive records that were left out. */
  readonly corrupt: CorruptRecord[];
}

/** What `deleteDrive` hands back so the UI can offer "Undo" (pass it to `restoreDrive`). */
export interface DeleteToken {
  readonly driveId: string;
  readonly deletedAt: number;
}

export interface LoadedDrive {
  readonly drive: Drive;
  /** Empty when none was stored or the stored one was damaged (then listed in `corrupt`). */
  readonly history: History;
  /** Every stored route the drive (and, unless disabled, its undo/redo snapshots) references, by key. */
  readonly routes: Map<string, SegmentRoute>;
  /** Referenced keys with no usable stored route: the app re-routes those segments. */
  readonly missingRouteKeys: string[];
  /** Damaged history or route records that were skipped. */
  readonly corrupt: CorruptRecord[];
}

export interface LoadedRoutes {
  readonly routes: Map<string, SegmentRoute>;
  readonly missingRouteKeys: string[];
  readonly corrupt: CorruptRecord[];
}

/** One autosave: the drive after the edit, its history, and the routes computed for it since the last save. */
export interface DriveEdit {
  readonly drive: Drive;
  readonly history: History;
  /** Only routes not yet stored; routes are immutable, so rewriting known keys is wasted work. */
  readonly newRoutes?: Iterable<SegmentRoute>;
  /** Driven length for the drive list (see `driveDistanceMeters`); omitted means unknown. */
  readonly distanceMeters?: number | null;
}

export interface PurgeReport {
  readonly drives: number;
  readonly routes: number;
}

export interface DriveRepositoryOptions {
  /** Clock in epoch ms; injectable for tests. */
  readonly now?: () => number;
  /** Unreferenced routes younger than this survive garbage collection (a route may be saved just before the drive that uses it). */
  readonly routeGcGraceMs?: number;
}

export const DEFAULT_ROUTE_GC_GRACE_MS = 24 * 60 * 60 * 1000;
const UNTITLED = 'Untitled drive';

function notFound(id: string): StorageError {
  return new StorageError('not-found', `This drive (${id}) no longer exists: it may have been deleted in another tab. Pick another drive from the list.`);
}

function invalid(what: string, reason: string): StorageError {
  return new StorageError('invalid-data',
    `Switchback could not save because ${what} is invalid (${reason}). This is a bug in Switchback; ` +
    'nothing already saved was changed. Export your drive as GPX to keep this version.');
}

function summaryOf(r: DriveRecord): DriveSummary {
  return {
    id: r.id, name: r.name, createdAt: r.createdAt, updatedAt: r.updatedAt, waypointCount: r.waypoints.length,
    distanceMeters: typeof r.distanceMeters === 'number' && Number.isFinite(r.distanceMeters) ? r.distanceMeters : null,
    deletedAt: typeof r.deletedAt === 'number' ? r.deletedAt : null,
  };
}

function keyOf(value: unknown, field: string): string {
  const key = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
  return typeof key === 'string' ? key : String(key);
}

export class DriveRepository {
  readonly db: SwitchbackDb;
  private readonly now: () => number;
  private readonly routeGcGraceMs: number;

  /** `db` is a database name (default `switchback`) or an already constructed `SwitchbackDb`. */
  constructor(db: SwitchbackDb | string = DEFAULT_DB_NAME, options: DriveRepositoryOptions = {}) {
    this.db = typeof db === 'string' ? new SwitchbackDb(db) : db;
    this.now = options.now ?? Date.now;
    this.routeGcGraceMs = options.routeGcGraceMs ?? DEFAULT_ROUTE_GC_GRACE_MS;
  }

  /** Opens the database now (it also opens on first use); rejects with a `StorageError` when drafts cannot be stored here. */
  async open(): Promise<void> {
    try {
      await this.db.open();
    } catch (err) {
      throw toStorageError(err, 'open');
    }
  }

  close(): void {
    this.db.close();
  }

  private async guard<T>(action: StorageAction, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (err) {
      throw toStorageError(err, action);
    }
  }

  /** Live drives, newest edit first. */
  listDrives(): Promise<DriveListing> {
    return this.list(false);
  }

  /** Drives in the deleted list (restorable until purged), most recently deleted first. */
  listDeletedDrives(): Promise<DriveListing> {
    return this.list(true);
  }

  private list(deleted: boolean): Promise<DriveListing> {
    return this.guard('load', async () => {
      // The whole table rather than the updatedAt index: a record whose updatedAt is damaged is
      // missing from the index, and would then vanish silently instead of being reported.
      const rows: unknown[] = await this.db.drives.toArray();
      const drives: DriveSummary[] = [];
      const corrupt: CorruptRecord[] = [];
      for (const row of rows) {
        const reason = driveProblem(row);
        if (reason) {
          corrupt.push({ table: 'drives', key: keyOf(row, 'id'), reason });
          continue;
        }
        const summary = summaryOf(row as DriveRecord);
        if ((summary.deletedAt !== null) === deleted) drives.push(summary);
      }
      if (deleted) drives.sort((a, b) => (b.deletedAt ?? 0) - (a.deletedAt ?? 0));
      else drives.sort((a, b) => b.updatedAt - a.updatedAt);
      return { drives, corrupt };
    });
  }

  /** Creates and stores an empty drive (blank names become "Untitled drive"). */
  createDrive(name: string): Promise<Drive> {
    return this.guard('save', async () => {
      const drive = newDrive(name.trim() || UNTITLED, this.now());
      await this.db.drives.add(driveToRecord(drive, null, 0));
      return drive;
    });
  }

  /**
   * Renames a stored drive (for the drive list). The open drive is renamed with an edit and
   * `saveEdit` instead, or its next autosave would write the old name back.
   */
  renameDrive(id: string, name: string): Promise<Drive> {
    return this.guard('save', () => this.db.transaction('rw', this.db.drives, async () => {
      const record = await this.readLiveDrive(id);
      const drive = driveFromRecord(record);
      const renamed = renamedDrive(drive, name, this.now());
      if (renamed !== drive) await this.db.drives.put({ ...record, name: renamed.name, updatedAt: renamed.updatedAt });
      return renamed;
    }));
  }

  /** Stores a copy under a new id with a fresh (empty) history; routes are shared by key, not copied. */
  duplicateDrive(id: string): Promise<Drive> {
    return this.guard('save', () => this.db.transaction('rw', this.db.drives, async () => {
      const record = await this.readLiveDrive(id);
      const now = this.now();
      const copy: Drive = { ...driveFromRecord(record), id: newId('d'), name: `${record.name} (copy)`, createdAt: now, updatedAt: now };
      await this.db.drives.add(driveToRecord(copy, null, summaryOf(record).distanceMeters));
      return copy;
    }));
  }

  /** Moves a drive to the deleted list (soft delete). Idempotent: deleting twice keeps the first time. */
  deleteDrive(id: string): Promise<DeleteToken> {
    return this.guard('delete', () => this.db.transaction('rw', this.db.drives, async () => {
      const record = await this.db.drives.get(id);
      if (!record) throw notFound(id);
      if (typeof record.deletedAt === 'number') return { driveId: id, deletedAt: record.deletedAt };
      const deletedAt = this.now();
      await this.db.drives.update(id, { deletedAt });
      return { driveId: id, deletedAt };
    }));
  }

  /** Undoes `deleteDrive`: the drive is live again with its history intact. */
  restoreDrive(idOrToken: string | DeleteToken): Promise<Drive> {
    const id = typeof idOrToken === 'string' ? idOrToken : idOrToken.driveId;
    return this.guard('save', () => this.db.transaction('rw', this.db.drives, async () => {
      const record = await this.db.drives.get(id);
      if (!record) throw notFound(id);
      const problem = driveProblem(record);
      if (problem) throw this.corruptDrive(record, problem);
      if (record.deletedAt !== null) await this.db.drives.update(id, { deletedAt: null });
      return driveFromRecord(record);
    }));
  }

  /**
   * Permanently removes drives deleted more than `olderThanMs` ago, with their history, then
   * garbage-collects the routes nothing references any more. One transaction.
   */
  purgeDeleted(olderThanMs: number): Promise<PurgeReport> {
    return this.guard('delete', () => this.db.transaction('rw', [this.db.drives, this.db.history, this.db.routes], async () => {
      const ids = await this.db.drives.where('deletedAt').below(this.now() - olderThanMs).primaryKeys();
      await this.db.history.bulkDelete(ids);
      await this.db.drives.bulkDelete(ids);
      const routes = await this.deleteUnreferencedRoutes();
      return { drives: ids.length, routes };
    }));
  }

  /**
   * Deletes stored routes that no drive (live or in the deleted list) nor any undo/redo snapshot
   * references, and that are older than the grace period. Returns how many were deleted.
   * Damaged drive or history records reference nothing (they cannot be opened anyway).
   */
  collectUnusedRoutes(): Promise<number> {
    return this.guard('delete', () => this.db.transaction('rw', [this.db.drives, this.db.history, this.db.routes], () => this.deleteUnreferencedRoutes()));
  }

  private async deleteUnreferencedRoutes(): Promise<number> {
    const referenced = new Set<string>();
    const histories = new Map<string, History>();
    for (const h of (await this.db.history.toArray()) as unknown[]) {
      if (!historyProblem(h)) histories.set((h as { driveId: string }).driveId, h as History);
    }
    for (const d of (await this.db.drives.toArray()) as unknown[]) {
      if (driveProblem(d)) continue;
      const drive = d as Drive;
      for (const key of referencedRouteKeys(drive, histories.get(drive.id))) referenced.add(key);
    }
    const candidates = await this.db.routes.where('savedAt').below(this.now() - this.routeGcGraceMs).primaryKeys();
    const unused = candidates.filter((key) => !referenced.has(key));
    await this.db.routes.bulkDelete(unused);
    return unused.length;
  }

  /**
   * Opens a drive: the drive, its history, and the stored routes it references (its own segments,
   * plus its undo/redo snapshots' unless `withHistoryRoutes` is false; fetch those later with
   * `loadRoutes`). Reads nothing else. Throws `not-found` for unknown or deleted drives and
   * `corrupt` when the drive record itself is damaged.
   */
  loadDrive(id: string, options: { withHistoryRoutes?: boolean } = {}): Promise<LoadedDrive> {
    const withHistoryRoutes = options.withHistoryRoutes ?? true;
    return this.guard('load', () => this.db.transaction('r', [this.db.drives, this.db.history, this.db.routes], async () => {
      const record = await this.readLiveDrive(id);
      const drive = driveFromRecord(record);
      const corrupt: CorruptRecord[] = [];
      let history: History = emptyHistory;
      const storedHistory: unknown = await this.db.history.get(id);
      if (storedHistory !== undefined) {
        const reason = historyProblem(storedHistory);
        if (reason) corrupt.push({ table: 'history', key: id, reason });
        else history = historyFromRecord(storedHistory as History);
      }
      const loaded = await this.readRoutes(referencedRouteKeys(drive, withHistoryRoutes ? history : undefined));
      return { drive, history, routes: loaded.routes, missingRouteKeys: loaded.missingRouteKeys, corrupt: [...corrupt, ...loaded.corrupt] };
    }));
  }

  /** Reads stored routes by key (e.g. the undo snapshots' routes after `loadDrive(id, {withHistoryRoutes: false})`). */
  loadRoutes(keys: Iterable<string>): Promise<LoadedRoutes> {
    return this.guard('load', () => this.db.transaction('r', this.db.routes, () => this.readRoutes([...new Set(keys)])));
  }

  private async readRoutes(keys: string[]): Promise<LoadedRoutes> {
    const values: unknown[] = await this.db.routes.bulkGet(keys);
    const routes = new Map<string, SegmentRoute>();
    const missingRouteKeys: string[] = [];
    const corrupt: CorruptRecord[] = [];
    for (let i = 0; i < keys.length; i++) {
      const value = values[i];
      if (value === undefined) {
        missingRouteKeys.push(keys[i]);
        continue;
      }
      const reason = segmentRouteProblem(value);
      if (reason) {
        corrupt.push({ table: 'routes', key: keys[i], reason });
        missingRouteKeys.push(keys[i]);
        continue;
      }
      routes.set(keys[i], routeFromRecord(value as RouteRecord));
    }
    return { routes, missingRouteKeys, corrupt };
  }

  /**
   * Autosave after an edit: writes the drive, its history (capped at HISTORY_LIMIT each way) and
   * the new routes in ONE transaction. A drive that is in the deleted list stays there.
   * Rejects with `invalid-data` before touching storage if any value fails validation.
   */
  saveEdit(edit: DriveEdit): Promise<void> {
    const { drive, history } = edit;
    const newRoutes = [...(edit.newRoutes ?? [])];
    const problem = driveProblem(drive);
    if (problem) return Promise.reject(invalid('the drive', problem));
    const historyIssue = historyProblem(history);
    if (historyIssue) return Promise.reject(invalid('the undo history', historyIssue));
    for (const route of newRoutes) {
      const routeIssue = segmentRouteProblem(route);
      if (routeIssue) return Promise.reject(invalid(`the route ${route.key}`, routeIssue));
    }
    const distanceMeters = edit.distanceMeters ?? null;
    return this.guard('save', () => this.db.transaction('rw', [this.db.drives, this.db.history, this.db.routes], async () => {
      const savedAt = this.now();
      const previous = await this.db.drives.get(drive.id);
      const deletedAt = previous && typeof previous.deletedAt === 'number' ? previous.deletedAt : null;
      // Drive and history first: if a route then fails to store, the transaction rolls them back too.
      await this.db.drives.put(driveToRecord(drive, deletedAt, distanceMeters));
      await this.db.history.put(historyToRecord(drive.id, history));
      if (newRoutes.length > 0) await this.db.routes.bulkPut(newRoutes.map((r) => routeToRecord(r, savedAt)));
    }));
  }

  /** Stores routes (e.g. computed ahead of the edit that will use them) in one transaction. */
  saveRoutes(routes: Iterable<SegmentRoute>): Promise<void> {
    const list = [...routes];
    for (const route of list) {
      const issue = segmentRouteProblem(route);
      if (issue) return Promise.reject(invalid(`the route ${route.key}`, issue));
    }
    return this.guard('save', async () => {
      const savedAt = this.now();
      await this.db.routes.bulkPut(list.map((r) => routeToRecord(r, savedAt)));
    });
  }

  /** A setting, or `undefined` when it was never set or the stored value is not valid for the key. */
  getSetting<K extends SettingKey>(key: K): Promise<Settings[K] | undefined> {
    return this.guard('load', async () => {
      const row = await this.db.settings.get(key);
      if (!row || SETTING_VALIDATORS[key](row.value) !== null) return undefined;
      return row.value as Settings[K];
    });
  }

  /** All valid settings at once (for start-up); missing or invalid ones are absent. */
  getSettings(): Promise<Partial<Settings>> {
    return this.guard('load', async () => {
      const rows = await this.db.settings.bulkGet(SETTING_KEYS);
      const settings: Partial<Record<SettingKey, unknown>> = {};
      rows.forEach((row, i) => {
        if (row && SETTING_VALIDATORS[SETTING_KEYS[i]](row.value) === null) settings[SETTING_KEYS[i]] = row.value;
      });
      return settings as Partial<Settings>;
    });
  }

  /** Stores a setting; rejects with `invalid-data` (and stores nothing) when the value is not valid for the key. */
  setSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
    const reason = SETTING_VALIDATORS[key](value);
    if (reason) return Promise.reject(new StorageError('invalid-data', `This setting was not saved: ${reason}.`));
    return this.guard('save', async () => {
      await this.db.settings.put({ key, value });
    });
  }

  /** A live drive record, validated; throws `not-found` / `corrupt` as `StorageError`. */
  private async readLiveDrive(id: string): Promise<DriveRecord> {
    const record: unknown = await this.db.drives.get(id);
    if (record === undefined) throw notFound(id);
    const problem = driveProblem(record);
    if (problem) throw this.corruptDrive(record, problem);
    const live = record as DriveRecord;
    if (typeof live.deletedAt === 'number') {
      throw new StorageError('not-found', `The drive "${live.name}" is in Recently deleted: restore it to open or change it.`);
    }
    return live;
  }

  private corruptDrive(record: unknown, reason: string): StorageError {
    const name = keyOf(record, 'name');
    const label = name !== 'undefined' ? `"${name}"` : keyOf(record, 'id');
    return new StorageError('corrupt',
      `The saved drive ${label} is damaged (${reason}) and cannot be opened. Your other drives are not affected; ` +
      'if you exported it as GPX before, import that file to get it back.');
  }
}
