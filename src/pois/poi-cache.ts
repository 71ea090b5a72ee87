/**
 * IndexedDB cache of Overpass answers, in its own small Dexie database `switchback-poi-cache`
 * (separate from the drives database so it can be dropped at any time without touching user
 * data). Records hold the `PoiSet` as it is: its typed arrays go through structured clone.
 */
import { Dexie, type DexieOptions, type Table } from 'dexie';
import type { LonLatBbox } from '../core/elevation/dem-source';
import type { PoiSet } from '../core/pois/poi-set';

export const POI_CACHE_DB_NAME = 'switchback-poi-cache';

export interface PoiCacheRecord {
  /** `<url>|<w,s,e,n>` of the rounded bbox the set was fetched for. */
  key: string;
  url: string;
  bbox: LonLatBbox;
  /** Epoch milliseconds of the fetch. */
  fetchedAt: number;
  pois: PoiSet;
}

/** What the Overpass source needs from a cache; tests and other stores may implement it. */
export interface PoiCache {
  get(key: string): Promise<PoiCacheRecord | undefined>;
  put(record: PoiCacheRecord): Promise<void>;
}

class PoiCacheDb extends Dexie {
  declare areas: Table<PoiCacheRecord, string>;

  constructor(name: string, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({ areas: 'key, fetchedAt' });
  }
}

/** The Dexie-backed cache. `options` pass through to Dexie (e.g. `indexedDB`/`IDBKeyRange` in tests). */
export class DexiePoiCache implements PoiCache {
  private readonly db: PoiCacheDb;

  constructor(name: string = POI_CACHE_DB_NAME, options?: DexieOptions) {
    this.db = new PoiCacheDb(name, options);
  }

  get(key: string): Promise<PoiCacheRecord | undefined> {
    return this.db.areas.get(key);
  }

  async put(record: PoiCacheRecord): Promise<void> {
    await this.db.areas.put(record);
  }

  /** Removes records fetched before `olderThan` (epoch ms); returns how many. */
  prune(olderThan: number): Promise<number> {
    return this.db.areas.where('fetchedAt').below(olderThan).delete();
  }

  close(): void {
    this.db.close();
  }
}
