/**
 * Region packs kept in the browser (IndexedDB, the same `switchback` database as the drafts, tables
 * of schema version 3): one small metadata record per pack in `regionPacks`, the pack file in
 * `regionPackBytes` under the same id, so listing packs never reads their bytes.
 *
 * Contracts (as for `DriveRepository`):
 * - `save` is ONE transaction writing both records: it stores the whole pack or nothing.
 * - Every failure is a `StorageError` with a message for the user; a full disk is kind `quota`.
 * - Nothing read back is trusted: a damaged metadata record is left out of `list()`, a pack whose
 *   bytes are missing or of the wrong size is refused by `load` with kind `corrupt`.
 *
 * The bytes are stored as a `Blob`, not an ArrayBuffer: reading a Blob record is cheap, and its
 * contents are then read asynchronously (`Blob.arrayBuffer()`), in a worker if the Blob is handed
 * to one (`loadBlob` → `WorkerLocalRouter.open`). An ArrayBuffer record is deserialized on the
 * page's thread: in tests/bench/region-load.browser.bench.ts a 62 MB one blocked the page for
 * ~260 ms (a Blob: ~20 ms), and putting a 248 MB one took the renderer down.
 */
import { newId } from '../core/drive/drive';
import type { LonLatBbox } from '../core/elevation/dem-source';
import { GRAPH_MAGIC } from '../core/graph';
import type { RegionPackStats } from '../core/region';
import { DEFAULT_DB_NAME, SwitchbackDb } from './db';
import { StorageError, toStorageError } from './storage-error';

/** One row of the region-pack list. */
export interface RegionPackSummary {
  readonly id: string;
  readonly name: string;
  /** Size of the pack file. */
  readonly sizeBytes: number;
  /** Epoch ms when the pack was saved. */
  readonly createdAt: number;
  /** Area the pack covers, `[west, south, east, north]` degrees. */
  readonly bbox: LonLatBbox;
  readonly stats: RegionPackStats;
}

/** Table `regionPacks`: the metadata of a stored pack. */
export type RegionPackRecord = RegionPackSummary;

/** Table `regionPackBytes`: the pack file of the `regionPacks` record with the same id. */
export interface RegionPackBytesRecord {
  readonly id: string;
  readonly bytes: Blob;
}

export interface NewRegionPack {
  /** What the user calls the region; blank becomes "Unnamed region". */
  readonly name: string;
  /** The serialized pack (`serializeRegionPack`); copied into storage, the caller keeps it. */
  readonly buffer: ArrayBuffer;
  readonly bbox: LonLatBbox;
  readonly stats: RegionPackStats;
}

export interface RegionPackStoreOptions {
  /** Clock in epoch ms; injectable for tests. */
  readonly now?: () => number;
}

const UNNAMED = 'Unnamed region';
const magicBytes = new TextEncoder().encode(GRAPH_MAGIC);

const megabytes = (bytes: number): string => `${(bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0)} MB`;

function quotaMessage(name: string, sizeBytes: number): string {
  return `Your browser's storage for Switchback is full, so the region pack "${name}" (${megabytes(sizeBytes)}) was not saved. ` +
    'Delete region packs or old drives you no longer need, then save it again. Nothing already saved was lost.';
}

function notFound(id: string): StorageError {
  return new StorageError('not-found', `This region pack (${id}) is no longer stored: it may have been deleted in another tab. Pick another pack, or build it again from its OSM extract.`);
}

function corrupt(id: string, reason: string): StorageError {
  return new StorageError('corrupt', `The stored region pack ${id} is damaged (${reason}) and cannot be used. Delete it and build it again from its OSM extract.`);
}

function invalid(reason: string): StorageError {
  return new StorageError('invalid-data', `This region pack cannot be saved: ${reason}. Nothing was stored; build the pack again.`);
}

/** Why a metadata record cannot be listed, or null when it is sound. */
export function regionPackRecordProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const r = value as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id === '') return 'no id';
  if (typeof r.name !== 'string') return 'no name';
  if (typeof r.sizeBytes !== 'number' || !Number.isInteger(r.sizeBytes) || r.sizeBytes <= 0) return 'invalid size';
  if (typeof r.createdAt !== 'number' || !Number.isFinite(r.createdAt)) return 'invalid date';
  const bboxProblem = bboxProblemOf(r.bbox);
  if (bboxProblem) return bboxProblem;
  if (typeof r.stats !== 'object' || r.stats === null) return 'no statistics';
  return null;
}

function bboxProblemOf(bbox: unknown): string | null {
  if (!Array.isArray(bbox) || bbox.length !== 4 || !bbox.every((v) => typeof v === 'number' && Number.isFinite(v))) return 'its area is not [west, south, east, north]';
  const [w, s, e, n] = bbox as number[];
  if (!(w >= -180 && e <= 180 && w <= e && s >= -90 && n <= 90 && s <= n)) return `its area [${bbox.join(', ')}] is not a valid [west, south, east, north] box`;
  return null;
}

function startsWithMagic(buffer: ArrayBuffer): boolean {
  if (buffer.byteLength < magicBytes.length) return false;
  const head = new Uint8Array(buffer, 0, magicBytes.length);
  return head.every((b, i) => b === magicBytes[i]);
}

function summaryOf(r: RegionPackRecord): RegionPackSummary {
  return { id: r.id, name: r.name, sizeBytes: r.sizeBytes, createdAt: r.createdAt, bbox: r.bbox, stats: r.stats };
}

export class RegionPackStore {
  readonly db: SwitchbackDb;
  private readonly now: () => number;

  /** `db` is a database name (default `switchback`) or an already open `SwitchbackDb` (e.g. the drive repository's). */
  constructor(db: SwitchbackDb | string = DEFAULT_DB_NAME, options: RegionPackStoreOptions = {}) {
    this.db = typeof db === 'string' ? new SwitchbackDb(db) : db;
    this.now = options.now ?? Date.now;
  }

  close(): void {
    this.db.close();
  }

  /** Stored packs, newest first, without their bytes. Damaged metadata records are left out. */
  async list(): Promise<RegionPackSummary[]> {
    try {
      const rows: unknown[] = await this.db.regionPacks.toArray();
      const packs = rows.filter((row) => regionPackRecordProblem(row) === null).map((row) => summaryOf(row as RegionPackRecord));
      return packs.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    } catch (err) {
      throw toStorageError(err, 'load');
    }
  }

  /** Stores a pack (metadata and bytes in one transaction); resolves with its new id. */
  async save(pack: NewRegionPack): Promise<string> {
    const name = typeof pack.name === 'string' && pack.name.trim() !== '' ? pack.name.trim() : UNNAMED;
    if (!(pack.buffer instanceof ArrayBuffer) || pack.buffer.byteLength === 0) throw invalid('its file is empty');
    if (!startsWithMagic(pack.buffer)) throw invalid('the data is not a Switchback region pack');
    const bboxProblem = bboxProblemOf(pack.bbox);
    if (bboxProblem) throw invalid(bboxProblem);
    if (typeof pack.stats !== 'object' || pack.stats === null) throw invalid('it has no statistics');
    const id = newId('r');
    const sizeBytes = pack.buffer.byteLength;
    const [w, s, e, n] = pack.bbox;
    const meta: RegionPackRecord = { id, name, sizeBytes, createdAt: this.now(), bbox: [w, s, e, n], stats: pack.stats };
    const bytes: RegionPackBytesRecord = { id, bytes: new Blob([pack.buffer], { type: 'application/octet-stream' }) };
    try {
      await this.db.transaction('rw', this.db.regionPacks, this.db.regionPackBytes, async () => {
        await this.db.regionPackBytes.add(bytes);
        await this.db.regionPacks.add(meta);
      });
    } catch (err) {
      const error = toStorageError(err, 'save');
      if (error.kind === 'quota') throw new StorageError('quota', quotaMessage(name, sizeBytes), { cause: err });
      if (error.kind === 'unknown' || error.kind === 'invalid-data') {
        throw new StorageError(error.kind, `Saving the region pack "${name}" failed (${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}). Nothing was stored and nothing already saved was lost; try again.`, { cause: err });
      }
      throw error;
    }
    return id;
  }

  /**
   * The stored pack file as a Blob (cheap: its bytes are read only when the Blob is). Hand it to
   * `WorkerLocalRouter.open` so the bytes are read in the worker, off the page's thread.
   */
  async loadBlob(id: string): Promise<Blob> {
    let meta: unknown, record: unknown;
    try {
      [meta, record] = await this.db.transaction('r', this.db.regionPacks, this.db.regionPackBytes, () =>
        Promise.all([this.db.regionPacks.get(id), this.db.regionPackBytes.get(id)]));
    } catch (err) {
      throw toStorageError(err, 'load');
    }
    if (meta === undefined) throw notFound(id);
    const problem = regionPackRecordProblem(meta);
    if (problem) throw corrupt(id, `its description: ${problem}`);
    const bytes = typeof record === 'object' && record !== null ? (record as { bytes?: unknown }).bytes : undefined;
    if (!(bytes instanceof Blob)) throw corrupt(id, 'its file is missing');
    const expected = (meta as RegionPackRecord).sizeBytes;
    if (bytes.size !== expected) throw corrupt(id, `its file has ${bytes.size} bytes instead of ${expected}`);
    return bytes;
  }

  /** The stored pack file (for `readRegionPack` or `WorkerLocalRouter.open`). */
  async load(id: string): Promise<ArrayBuffer> {
    const blob = await this.loadBlob(id);
    try {
      return await blob.arrayBuffer();
    } catch (err) {
      // The record exists but the browser lost the file behind it (cleared site data, disk error).
      throw corrupt(id, `its file could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Removes a pack (metadata and bytes, one transaction). Deleting an id that is not stored does nothing. */
  async delete(id: string): Promise<void> {
    try {
      await this.db.transaction('rw', this.db.regionPacks, this.db.regionPackBytes, async () => {
        await this.db.regionPacks.delete(id);
        await this.db.regionPackBytes.delete(id);
      });
    } catch (err) {
      throw toStorageError(err, 'delete');
    }
  }
}
