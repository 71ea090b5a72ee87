/**
 * Scenic features from an OSM PBF extract held in memory (no network: the offline source).
 *
 * Passes, so memory stays proportional to the scenic features rather than to the file, and each
 * block is decompressed about twice:
 * 1. relations, read from the end of the file backwards until a block of ways: sorted files
 *    (osmium, osmconvert, Geofabrik) keep relations last, so only the tail is decompressed. This
 *    finds the area relations (forest, water, national park… multipolygons) and their member ways;
 * 2. ways: scenic ways and member ways keep their node ids;
 * 3. nodes: scenic nodes become points, and the kept ways' nodes get their coordinates.
 * A file that turns out unsorted (pass 2 sees types out of order) gets a full relations pass and
 * a second ways pass instead of the tail shortcut.
 */
import { createNodeLocator, sortedUniqueIds } from '../osm/node-locations';
import {
  type OsmPbfReadOptions, type OsmRelationBatch, type OsmTagColumns, OsmPbfDecoder, findTag, osmPbfBlobs, readOsmPbf, tagsOf,
} from '../osm/pbf-reader';
import type { LonLatBbox } from '../elevation/dem-source';
import { ALL_LAYERS } from './poi-kinds';
import type { PoiSet } from './poi-set';
import { ScenicFeatureCollector, type CollectorStats } from './scenic-feature-collector';
import { SCENIC_TAG_KEYS, isAreaRelationType, shapeClassOf } from './scenic-tags';
import { tagGetter } from '../osm/osm-entities';
import { indexOfSorted } from '../osm/node-locations';

export interface PoisFromPbfOptions {
  /** zlib decompressor (see `OsmPbfReadOptions.inflate`); Node callers may pass zlib's. */
  inflate?: OsmPbfReadOptions['inflate'];
  /** Polled between blocks; returning true abandons the read (throws `PoiExtractCancelled`). */
  shouldCancel?: () => boolean;
  /** Progress over the three passes: `done` and `total` in bytes of all passes together. */
  onProgress?: (done: number, total: number) => void;
}

export interface PoisFromPbfResult {
  pois: PoiSet;
  stats: CollectorStats & {
    /** Way nodes that were not in the file (ways crossing the extract border keep them normally). */
    missingNodes: number;
    /** Relation member ways that were not in the file. */
    missingMemberWays: number;
  };
}

/** Thrown when `shouldCancel` stopped the read. */
export class PoiExtractCancelled extends Error {
  constructor() {
    super('Reading scenic features from the extract was cancelled.');
    this.name = 'PoiExtractCancelled';
  }
}

interface PendingRelation {
  id: number;
  tags: Record<string, string>;
  memberWayIds: number[];
  roles: string[];
}

interface PendingWay {
  id: number;
  refs: Float64Array;
  /** Tags when the way is a scenic feature itself; null when it is only a relation member. */
  tags: Record<string, string> | null;
}

/** Reads every scenic feature of a PBF file. Throws `OsmPbfError` (user-facing message) on a bad file. */
export function poisFromPbf(bytes: Uint8Array, options: PoisFromPbfOptions = {}): PoiSet {
  return readPoisFromPbf(bytes, options).pois;
}

/** As `poisFromPbf`, with statistics about incomplete data. */
export function readPoisFromPbf(bytes: Uint8Array, options: PoisFromPbfOptions = {}): PoisFromPbfResult {
  const total = bytes.length * 2;
  const passOptions = (pass: number): OsmPbfReadOptions => ({
    inflate: options.inflate,
    shouldCancel: options.shouldCancel,
    onProgress: options.onProgress ? (done) => options.onProgress?.(Math.min(total, pass * bytes.length + done), total) : undefined,
  });
  const check = (summary: { cancelled: boolean }): void => {
    if (summary.cancelled) throw new PoiExtractCancelled();
  };

  // Pass 1: area relations (from the tail of a sorted file) and their member ways.
  const relations: PendingRelation[] = [];
  const memberWays = new Set<number>();
  const relationVisitor = (batch: OsmRelationBatch): void => collectAreaRelations(batch, relations, memberWays);
  scanRelationsFromTail(bytes, relationVisitor, options);

  // Pass 2: scenic ways and member ways keep their node ids.
  let ways: PendingWay[] = [];
  let refTotal = 0;
  /** Returns whether the file's entity types were in sorted order. */
  const waysPass = (): boolean => {
    ways = [];
    refTotal = 0;
    const summary = readOsmPbf(bytes, {
      ways(batch) {
        const keys = scenicKeyIndices(batch);
        for (let i = 0; i < batch.count; i++) {
          const id = batch.ids[i];
          const start = batch.refStart[i], end = batch.refStart[i + 1];
          let tags: Record<string, string> | null = null;
          if (keys.length > 0 && hasAnyKey(batch, i, keys)) {
            const tag = tagGetter(batch, i);
            const closed = end - start >= 4 && batch.refs[start] === batch.refs[end - 1];
            if (tag('tourism') === 'viewpoint' || shapeClassOf(tag, closed)) tags = tagsOf(batch, i);
          }
          if (tags === null && !memberWays.has(id)) continue;
          ways.push({ id, refs: batch.refs.slice(start, end), tags });
          refTotal += end - start;
        }
      },
    }, passOptions(0));
    check(summary);
    return summary.typesInOrder;
  };
  if (!waysPass()) {
    // Unsorted file: relations may sit anywhere, so read them all, then the ways again for their members.
    relations.length = 0;
    memberWays.clear();
    check(readOsmPbf(bytes, { relations: relationVisitor }, { inflate: options.inflate, shouldCancel: options.shouldCancel }));
    waysPass();
  }

  // Pass 3: scenic nodes, and the coordinates of the kept ways' nodes.
  const allRefs = new Float64Array(refTotal);
  let at = 0;
  for (const way of ways) {
    allRefs.set(way.refs, at);
    at += way.refs.length;
  }
  const ids = sortedUniqueIds(allRefs);
  const locator = createNodeLocator(ids);
  const collector = new ScenicFeatureCollector();
  const summary = readOsmPbf(bytes, {
    nodes(batch) {
      locator.visitor.nodes?.(batch);
      const keys = scenicKeyIndices(batch);
      if (keys.length === 0) return;
      for (let i = 0; i < batch.count; i++) {
        if (batch.tagStart[i] === batch.tagStart[i + 1] || !hasAnyKey(batch, i, keys)) continue;
        collector.addNode(tagGetter(batch, i), batch.lons[i], batch.lats[i], batch.ids[i]);
      }
    },
  }, passOptions(1));
  check(summary);

  let missingNodes = 0;
  const coordsOf = (refs: Float64Array): Float64Array => {
    const out = new Float64Array(2 * refs.length);
    for (let k = 0; k < refs.length; k++) {
      const index = indexOfSorted(ids, refs[k]);
      out[2 * k] = index < 0 ? NaN : locator.lons[index];
      out[2 * k + 1] = index < 0 ? NaN : locator.lats[index];
      if (index < 0 || Number.isNaN(locator.lons[index])) missingNodes++;
    }
    return out;
  };

  const wayCoords = new Map<number, Float64Array>();
  for (const way of ways) {
    const coords = coordsOf(way.refs);
    if (memberWays.has(way.id)) wayCoords.set(way.id, coords);
    if (way.tags) {
      const tags = way.tags;
      const closed = way.refs.length >= 4 && way.refs[0] === way.refs[way.refs.length - 1];
      collector.addWay((key) => tags[key], coords, closed, way.id);
    }
  }
  let missingMemberWays = 0;
  for (const relation of relations) {
    const members = [];
    for (let m = 0; m < relation.memberWayIds.length; m++) {
      const coords = wayCoords.get(relation.memberWayIds[m]);
      if (coords) members.push({ role: relation.roles[m], coords });
      else missingMemberWays++;
    }
    const tags = relation.tags;
    collector.addRelation((key) => tags[key], members, relation.id);
  }

  const header = summary.header?.bbox;
  const bbox: LonLatBbox | null = header ? [header.west, header.south, header.east, header.north] : null;
  return { pois: collector.build(ALL_LAYERS, bbox), stats: { ...collector.stats, missingNodes, missingMemberWays } };
}

/** Area relations of a batch (those the classifier makes a shape of), with their way members. */
function collectAreaRelations(batch: OsmRelationBatch, out: PendingRelation[], memberWays: Set<number>): void {
  const typeKey = batch.strings.indexOf('type');
  for (let i = 0; i < batch.count; i++) {
    const t = findTag(batch, i, typeKey);
    if (t < 0 || !isAreaRelationType(batch.strings.get(batch.tagVals[t]))) continue;
    if (!shapeClassOf(tagGetter(batch, i), true, true)) continue;
    const memberWayIds: number[] = [];
    const roles: string[] = [];
    for (let m = batch.memberStart[i]; m < batch.memberStart[i + 1]; m++) {
      if (batch.memberTypes[m] !== 1) continue; // ways only
      memberWayIds.push(batch.memberIds[m]);
      roles.push(batch.strings.get(batch.memberRoles[m]));
      memberWays.add(batch.memberIds[m]);
    }
    out.push({ id: batch.ids[i], tags: tagsOf(batch, i), memberWayIds, roles });
  }
}

/**
 * Decodes relations from the last block backwards and stops after the first block (from the end)
 * that holds ways but no relations. In a sorted file every relation has then been seen; pass 2
 * checks the file really is sorted.
 */
function scanRelationsFromTail(bytes: Uint8Array, onRelations: (batch: OsmRelationBatch) => void, options: PoisFromPbfOptions): void {
  const frames = [...osmPbfBlobs(bytes)];
  let sawWays = false;
  let sawRelations = false;
  const decoder = new OsmPbfDecoder({
    ways() { sawWays = true; },
    relations(batch) { sawRelations = true; onRelations(batch); },
  }, { inflate: options.inflate });
  decoder.decode(frames[0]); // the OSMHeader (the decoder rejects a file that does not start with one)
  for (let f = frames.length - 1; f >= 1; f--) {
    if (options.shouldCancel?.()) throw new PoiExtractCancelled();
    sawWays = false;
    sawRelations = false;
    decoder.decode(frames[f]);
    if (sawWays && !sawRelations) return;
  }
}

/** String-table indices of the scenic keys present in a block (empty: nothing scenic in it). */
function scenicKeyIndices(batch: OsmTagColumns): number[] {
  const keys: number[] = [];
  for (const key of SCENIC_TAG_KEYS) {
    const index = batch.strings.indexOf(key);
    if (index >= 0) keys.push(index);
  }
  return keys;
}

function hasAnyKey(batch: OsmTagColumns, i: number, keys: readonly number[]): boolean {
  for (let k = batch.tagStart[i]; k < batch.tagStart[i + 1]; k++) if (keys.includes(batch.tagKeys[k])) return true;
  return false;
}

