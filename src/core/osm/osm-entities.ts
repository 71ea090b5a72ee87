/**
 * OSM entities as column batches: one batch per PrimitiveGroup of a PBF block (in practice one
 * per block), never one JS object per entity.
 *
 * Layout contract shared by all batches:
 * - Entity `i` of a batch is column index `i` (`0 <= i < count`).
 * - Ids and referenced ids are Float64Array: OSM ids exceed 2^32 and are exact up to 2^53.
 * - Tags of entity `i` are `tagKeys[k]` / `tagVals[k]` for `tagStart[i] <= k < tagStart[i + 1]`;
 *   both are indices into the batch's `strings` (the block's string table). Keep keys as
 *   indices in hot loops: look the key up once per batch with `strings.indexOf('highway')`.
 * - Coordinates are WGS84 degrees, computed as `(offset + granularity * raw) / 1e9` so they are
 *   the double nearest to the file's nanodegree value (they print exactly like osmium's output).
 * - Arrays are freshly allocated per batch, owned by the consumer and transferable to another
 *   worker; the reader never reuses them.
 * - Metadata (version, timestamp, changeset, user) is not decoded.
 */
import type { OsmStringTable } from './osm-string-table';

/** Tag columns common to nodes, ways and relations. */
export interface OsmTagColumns {
  /** Number of entities in the batch. */
  readonly count: number;
  /** `count + 1` offsets into `tagKeys` / `tagVals`. */
  readonly tagStart: Uint32Array;
  /** String-table index of each tag key. */
  readonly tagKeys: Uint32Array;
  /** String-table index of each tag value. */
  readonly tagVals: Uint32Array;
  /** The block's string table, decoded lazily. */
  readonly strings: OsmStringTable;
}

export interface OsmNodeBatch extends OsmTagColumns {
  readonly ids: Float64Array;
  /** Longitude in degrees. */
  readonly lons: Float64Array;
  /** Latitude in degrees. */
  readonly lats: Float64Array;
}

export interface OsmWayBatch extends OsmTagColumns {
  readonly ids: Float64Array;
  /** `count + 1` offsets into `refs`: way `i` is `refs[refStart[i] .. refStart[i + 1])`. */
  readonly refStart: Uint32Array;
  /** Node ids of every way, in way order. */
  readonly refs: Float64Array;
}

/** Relation member types as in the PBF format (`Relation.MemberType`). */
export const OSM_MEMBER_NODE = 0;
export const OSM_MEMBER_WAY = 1;
export const OSM_MEMBER_RELATION = 2;

export interface OsmRelationBatch extends OsmTagColumns {
  readonly ids: Float64Array;
  /** `count + 1` offsets into the member columns. */
  readonly memberStart: Uint32Array;
  /** Member ids (of the type in `memberTypes`). */
  readonly memberIds: Float64Array;
  /** `OSM_MEMBER_NODE` (0), `OSM_MEMBER_WAY` (1) or `OSM_MEMBER_RELATION` (2). */
  readonly memberTypes: Uint8Array;
  /** String-table index of each member's role ("" is index 0). */
  readonly memberRoles: Uint32Array;
}

/**
 * Position in `tagVals` of the tag whose key has string index `keyIndex` on entity `i`, or -1.
 * `keyIndex` comes from `batch.strings.indexOf(key)`; a -1 key index never matches.
 */
export function findTag(batch: OsmTagColumns, i: number, keyIndex: number): number {
  if (keyIndex < 0) return -1;
  const { tagStart, tagKeys } = batch;
  const end = tagStart[i + 1];
  for (let k = tagStart[i]; k < end; k++) if (tagKeys[k] === keyIndex) return k;
  return -1;
}

/** Value of tag `key` on entity `i`, or undefined. Convenience: hot loops use `findTag`. */
export function tagValue(batch: OsmTagColumns, i: number, key: string): string | undefined {
  const k = findTag(batch, i, batch.strings.indexOf(key));
  return k < 0 ? undefined : batch.strings.get(batch.tagVals[k]);
}

/** All tags of entity `i` as an object. Allocates: for tests, debugging and POI details only. */
export function tagsOf(batch: OsmTagColumns, i: number): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let k = batch.tagStart[i]; k < batch.tagStart[i + 1]; k++) {
    tags[batch.strings.get(batch.tagKeys[k])] = batch.strings.get(batch.tagVals[k]);
  }
  return tags;
}

/** Reads tags of entity `i` by key name (undefined when absent); for classification rules that ask by name. */
export function tagGetter(batch: OsmTagColumns, i: number): (key: string) => string | undefined {
  return (key) => {
    const k = findTag(batch, i, batch.strings.indexOf(key));
    return k < 0 ? undefined : batch.strings.get(batch.tagVals[k]);
  };
}
