/**
 * Decodes one OSMData PrimitiveBlock into column batches (see osm-entities.ts).
 *
 * Contracts:
 * - One batch per PrimitiveGroup, delivered in file order. The format keeps one entity type per
 *   group; producers (osmium, osmconvert, osmosis) write one group per block.
 * - Every column is sized exactly before it is filled (packed varints are counted first), so
 *   the hot loops only decode varints into preallocated typed arrays.
 * - A group whose type the visitor does not ask for is counted but not decoded: a ways-only
 *   pass over a file costs almost nothing for the node blocks beyond decompression.
 * - Metadata (Info / DenseInfo) and ChangeSet groups are skipped.
 */
import { ProtobufError, ProtobufReader, countPackedVarints, readPackedSInt64Deltas, readPackedUint32 } from './protobuf';
import { OsmStringTable } from './osm-string-table';
import type { OsmNodeBatch, OsmRelationBatch, OsmWayBatch } from './osm-entities';

/** Receives the batches of a block. Omit a callback to skip decoding that entity type. */
export interface OsmBatchVisitor {
  nodes?(batch: OsmNodeBatch): void;
  ways?(batch: OsmWayBatch): void;
  relations?(batch: OsmRelationBatch): void;
}

/** Entity type of a group, in the order sorted files use. */
export const ENTITY_NODE = 0;
export const ENTITY_WAY = 1;
export const ENTITY_RELATION = 2;

/** Running statistics over the blocks of a file, updated by `decodePrimitiveBlock`. */
export interface OsmBlockStats {
  nodeCount: number;
  wayCount: number;
  relationCount: number;
  /** Entity type of the last group seen, -1 before the first. */
  lastEntityType: number;
  /** False once a group of a lower type follows a higher one (e.g. nodes after ways). */
  typesInOrder: boolean;
  /** Last id decoded per entity type, to check ascending order. */
  lastIds: [number, number, number];
  /** False once a decoded id is not greater than the previous one of its type. */
  idsAscending: boolean;
}

export function newBlockStats(): OsmBlockStats {
  return {
    nodeCount: 0, wayCount: 0, relationCount: 0, lastEntityType: -1, typesInOrder: true,
    lastIds: [-Infinity, -Infinity, -Infinity], idsAscending: true,
  };
}

/**
 * Local copy of the protobuf wire type: imported bindings become getter calls under CommonJS
 * transforms (tsx runs the CLI that way), which showed up in profiles of the per-entity loops.
 */
const WIRE_LENGTH_DELIMITED = 2;

/** Coordinate transform of a block: degrees = (offset + granularity * raw) / 1e9. */
interface BlockGrid {
  granularity: number;
  latOffset: number;
  lonOffset: number;
}

/** Decodes a PrimitiveBlock's bytes. Throws `ProtobufError` on malformed data. */
export function decodePrimitiveBlock(data: Uint8Array, visitor: OsmBatchVisitor, stats: OsmBlockStats): void {
  const reader = new ProtobufReader(data);
  let stringTableStart = -1;
  let stringTableEnd = -1;
  const groupStarts: number[] = [];
  const groupEnds: number[] = [];
  const grid: BlockGrid = { granularity: 100, latOffset: 0, lonOffset: 0 };
  while (reader.more()) {
    const key = reader.readKey();
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 1 && wire === WIRE_LENGTH_DELIMITED) {
      stringTableEnd = reader.readLengthDelimitedEnd();
      stringTableStart = reader.pos;
      reader.pos = stringTableEnd;
    } else if (field === 2 && wire === WIRE_LENGTH_DELIMITED) {
      const end = reader.readLengthDelimitedEnd();
      groupStarts.push(reader.pos);
      groupEnds.push(end);
      reader.pos = end;
    } else if (field === 17 && wire === 0) grid.granularity = reader.readInt64();
    else if (field === 19 && wire === 0) grid.latOffset = reader.readInt64();
    else if (field === 20 && wire === 0) grid.lonOffset = reader.readInt64();
    else reader.skip(wire);
  }
  reader.checkConsumed();
  if (stringTableStart < 0) throw new ProtobufError('the block has no string table', 0);
  if (!(grid.granularity > 0)) throw new ProtobufError(`invalid granularity ${grid.granularity}`, 0);
  let strings: OsmStringTable | undefined;
  const stringTable = (): OsmStringTable => (strings ??= readStringTable(data, stringTableStart, stringTableEnd));

  for (let g = 0; g < groupStarts.length; g++) {
    reader.pos = groupStarts[g];
    reader.end = groupEnds[g];
    if (!reader.more()) continue;
    const groupField = reader.buf[reader.pos] >>> 3;
    if (groupField === 1 || groupField === 2) {
      noteType(stats, ENTITY_NODE);
      if (visitor.nodes) {
        const batch = groupField === 2 ? readDenseNodes(reader, grid, stringTable()) : readPlainNodes(reader, grid, stringTable());
        noteIds(stats, ENTITY_NODE, batch.ids);
        stats.nodeCount += batch.count;
        visitor.nodes(batch);
      } else {
        stats.nodeCount += groupField === 2 ? countDenseNodes(reader) : countMessages(reader, 1);
      }
    } else if (groupField === 3) {
      noteType(stats, ENTITY_WAY);
      if (visitor.ways) {
        const batch = readWays(reader, stringTable());
        noteIds(stats, ENTITY_WAY, batch.ids);
        stats.wayCount += batch.count;
        visitor.ways(batch);
      } else {
        stats.wayCount += countMessages(reader, 3);
      }
    } else if (groupField === 4) {
      noteType(stats, ENTITY_RELATION);
      if (visitor.relations) {
        const batch = readRelations(reader, stringTable());
        noteIds(stats, ENTITY_RELATION, batch.ids);
        stats.relationCount += batch.count;
        visitor.relations(batch);
      } else {
        stats.relationCount += countMessages(reader, 4);
      }
    }
    // Field 5 (changesets) and unknown fields: nothing to deliver.
  }
}

function noteType(stats: OsmBlockStats, type: number): void {
  if (type < stats.lastEntityType) stats.typesInOrder = false;
  stats.lastEntityType = type;
}

function noteIds(stats: OsmBlockStats, type: number, ids: Float64Array): void {
  let last = stats.lastIds[type];
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] <= last) stats.idsAscending = false;
    last = ids[i];
  }
  stats.lastIds[type] = last;
}

function readStringTable(data: Uint8Array, start: number, end: number): OsmStringTable {
  const reader = new ProtobufReader(data, start, end);
  let count = 0;
  while (reader.more()) {
    const key = reader.readKey();
    if (key === ((1 << 3) | WIRE_LENGTH_DELIMITED)) count++;
    reader.skip(key & 7);
  }
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  reader.pos = start;
  let i = 0;
  while (reader.more()) {
    const key = reader.readKey();
    if (key !== ((1 << 3) | WIRE_LENGTH_DELIMITED)) { reader.skip(key & 7); continue; }
    const stringEnd = reader.readLengthDelimitedEnd();
    starts[i] = reader.pos;
    ends[i] = stringEnd;
    i++;
    reader.pos = stringEnd;
  }
  return new OsmStringTable(data, starts, ends);
}

/** A packed field located inside the current message: `[start, end)`, or start = -1. */
interface PackedRange { start: number; end: number }

function packedRange(reader: ProtobufReader, range: PackedRange): void {
  range.end = reader.readLengthDelimitedEnd();
  range.start = reader.pos;
  reader.pos = range.end;
}

/** Positions `reader` on a packed range for a decode loop and returns the outer end. */
function enterRange(reader: ProtobufReader, range: PackedRange): number {
  const outerEnd = reader.end;
  reader.pos = range.start;
  reader.end = range.end;
  return outerEnd;
}

/** Checks a packed range was decoded to its exact end, then restores the outer message. */
function leaveRange(reader: ProtobufReader, outerEnd: number, what: string): void {
  if (reader.pos !== reader.end) throw new ProtobufError(`${what} does not match its declared length`, reader.pos);
  reader.end = outerEnd;
}

function countDenseNodes(reader: ProtobufReader): number {
  let count = 0;
  while (reader.more()) {
    const key = reader.readKey();
    if (key !== ((2 << 3) | WIRE_LENGTH_DELIMITED)) { reader.skip(key & 7); continue; }
    const outerEnd = reader.enterMessage();
    while (reader.more()) {
      const denseKey = reader.readKey();
      if (denseKey === ((1 << 3) | WIRE_LENGTH_DELIMITED)) {
        const end = reader.readLengthDelimitedEnd();
        count += countPackedVarints(reader.buf, reader.pos, end);
        reader.pos = end;
      } else reader.skip(denseKey & 7);
    }
    reader.leaveMessage(outerEnd);
  }
  return count;
}

/** Counts the occurrences of a repeated message field in a group without decoding them. */
function countMessages(reader: ProtobufReader, field: number): number {
  const wanted = (field << 3) | WIRE_LENGTH_DELIMITED;
  let count = 0;
  while (reader.more()) {
    const key = reader.readKey();
    if (key === wanted) count++;
    reader.skip(key & 7);
  }
  return count;
}

function readDenseNodes(reader: ProtobufReader, grid: BlockGrid, strings: OsmStringTable): OsmNodeBatch {
  const idRange: PackedRange = { start: -1, end: -1 };
  const latRange: PackedRange = { start: -1, end: -1 };
  const lonRange: PackedRange = { start: -1, end: -1 };
  const tagRange: PackedRange = { start: -1, end: -1 };
  // A group holds one DenseNodes message; tolerate (but ignore) anything else beside it.
  while (reader.more()) {
    const key = reader.readKey();
    if (key !== ((2 << 3) | WIRE_LENGTH_DELIMITED)) { reader.skip(key & 7); continue; }
    const outerEnd = reader.enterMessage();
    while (reader.more()) {
      const key2 = reader.readKey();
      const field = key2 >>> 3;
      if ((key2 & 7) !== WIRE_LENGTH_DELIMITED) reader.skip(key2 & 7);
      else if (field === 1) packedRange(reader, idRange);
      else if (field === 8) packedRange(reader, latRange);
      else if (field === 9) packedRange(reader, lonRange);
      else if (field === 10) packedRange(reader, tagRange);
      else reader.skip(WIRE_LENGTH_DELIMITED);
    }
    reader.leaveMessage(outerEnd);
    break;
  }
  const buf = reader.buf;
  const count = idRange.start < 0 ? 0 : countPackedVarints(buf, idRange.start, idRange.end);
  const ids = new Float64Array(count);
  const lats = new Float64Array(count);
  const lons = new Float64Array(count);
  const tagStart = new Uint32Array(count + 1);
  if (count === 0) return { count, ids, lons, lats, tagStart, tagKeys: new Uint32Array(0), tagVals: new Uint32Array(0), strings };
  if (latRange.start < 0 || lonRange.start < 0) throw new ProtobufError('dense nodes without lat/lon', idRange.start);

  // Ids, then latitudes and longitudes as raw running sums converted in place to degrees.
  reader.pos = idRange.start;
  checkColumn(readPackedSInt64Deltas(reader, idRange.end, ids, 0), count, 'ids');
  reader.pos = latRange.start;
  checkColumn(readPackedSInt64Deltas(reader, latRange.end, lats, 0), count, 'latitudes');
  reader.pos = lonRange.start;
  checkColumn(readPackedSInt64Deltas(reader, lonRange.end, lons, 0), count, 'longitudes');
  const { granularity, latOffset, lonOffset } = grid;
  for (let i = 0; i < count; i++) {
    lats[i] = (latOffset + granularity * lats[i]) / 1e9;
    lons[i] = (lonOffset + granularity * lons[i]) / 1e9;
  }

  // keys_vals: per node, (key, value) string indices followed by a 0 terminator; absent when
  // no node of the group has tags.
  if (tagRange.start < 0) return { count, ids, lons, lats, tagStart, tagKeys: new Uint32Array(0), tagVals: new Uint32Array(0), strings };
  const tagCount = (countPackedVarints(buf, tagRange.start, tagRange.end) - count) / 2;
  if (!(tagCount >= 0) || tagCount !== Math.floor(tagCount)) throw new ProtobufError('dense node keys_vals is not a list of key/value pairs ending in 0 per node', tagRange.start);
  const tagKeys = new Uint32Array(tagCount);
  const tagVals = new Uint32Array(tagCount);
  const outerEnd = enterRange(reader, tagRange);
  let t = 0;
  for (let i = 0; i < count; i++) {
    tagStart[i] = t;
    let k = reader.readVarint();
    while (k !== 0 && t < tagCount) {
      tagKeys[t] = k;
      tagVals[t] = reader.readVarint();
      t++;
      k = reader.readVarint();
    }
    if (k !== 0) throw new ProtobufError('dense node keys_vals has more tags than its length allows', reader.pos);
  }
  tagStart[count] = t;
  leaveRange(reader, outerEnd, 'dense node keys_vals');
  return { count, ids, lons, lats, tagStart, tagKeys, tagVals, strings };
}

/** Plain `Node` messages (writers with DenseNodes disabled). */
function readPlainNodes(reader: ProtobufReader, grid: BlockGrid, strings: OsmStringTable): OsmNodeBatch {
  const groupStart = reader.pos;
  const range: PackedRange = { start: -1, end: -1 };
  let count = 0;
  let tagCount = 0;
  while (reader.more()) {
    const key = reader.readKey();
    if (key !== ((1 << 3) | WIRE_LENGTH_DELIMITED)) { reader.skip(key & 7); continue; }
    count++;
    const outerEnd = reader.enterMessage();
    while (reader.more()) {
      const key2 = reader.readKey();
      if (key2 === ((2 << 3) | WIRE_LENGTH_DELIMITED)) {
        packedRange(reader, range);
        tagCount += countPackedVarints(reader.buf, range.start, range.end);
      } else reader.skip(key2 & 7);
    }
    reader.leaveMessage(outerEnd);
  }
  const ids = new Float64Array(count);
  const lats = new Float64Array(count);
  const lons = new Float64Array(count);
  const tagStart = new Uint32Array(count + 1);
  const tagKeys = new Uint32Array(tagCount);
  const tagVals = new Uint32Array(tagCount);
  const { granularity, latOffset, lonOffset } = grid;
  reader.pos = groupStart;
  let i = 0;
  let t = 0;
  while (reader.more()) {
    const key = reader.readKey();
    if (key !== ((1 << 3) | WIRE_LENGTH_DELIMITED)) { reader.skip(key & 7); continue; }
    const outerEnd = reader.enterMessage();
    tagStart[i] = t;
    let keysEnd = t;
    let valsEnd = t;
    while (reader.more()) {
      const key2 = reader.readKey();
      const field = key2 >>> 3;
      const wire = key2 & 7;
      if (field === 1 && wire === 0) ids[i] = reader.readSVarint();
      else if (field === 8 && wire === 0) lats[i] = (latOffset + granularity * reader.readSVarint()) / 1e9;
      else if (field === 9 && wire === 0) lons[i] = (lonOffset + granularity * reader.readSVarint()) / 1e9;
      else if (field === 2 && wire === WIRE_LENGTH_DELIMITED) keysEnd = readStringIndices(reader, tagKeys, keysEnd);
      else if (field === 3 && wire === WIRE_LENGTH_DELIMITED) valsEnd = readStringIndices(reader, tagVals, valsEnd);
      else reader.skip(wire);
    }
    reader.leaveMessage(outerEnd);
    if (keysEnd !== valsEnd) throw new ProtobufError(`node ${ids[i]} has ${keysEnd - t} tag keys but ${valsEnd - t} values`, reader.pos);
    t = keysEnd;
    i++;
  }
  tagStart[count] = t;
  return { count, ids, lons, lats, tagStart, tagKeys, tagVals, strings };
}

/** Decodes a length-delimited packed uint32 field at `reader.pos` into `out` from `at`. */
function readStringIndices(reader: ProtobufReader, out: Uint32Array, at: number): number {
  const end = reader.readLengthDelimitedEnd();
  return readPackedUint32(reader, end, out, at);
}

/** Decodes a length-delimited packed delta-coded sint64 field at `reader.pos` into `out` from `at`. */
function readIdDeltas(reader: ProtobufReader, out: Float64Array, at: number): number {
  const end = reader.readLengthDelimitedEnd();
  return readPackedSInt64Deltas(reader, end, out, at);
}

/** A dense column must hold exactly one value per node id. */
function checkColumn(decoded: number, count: number, what: string): void {
  if (decoded !== count) throw new ProtobufError(`dense nodes have ${count} ids but ${decoded} ${what}`, 0);
}

function readWays(reader: ProtobufReader, strings: OsmStringTable): OsmWayBatch {
  const groupStart = reader.pos;
  const range: PackedRange = { start: -1, end: -1 };
  let count = 0;
  let tagCount = 0;
  let refCount = 0;
  while (reader.more()) {
    const key = reader.readKey();
    if (key !== ((3 << 3) | WIRE_LENGTH_DELIMITED)) { reader.skip(key & 7); continue; }
    count++;
    const outerEnd = reader.enterMessage();
    while (reader.more()) {
      const key2 = reader.readKey();
      if (key2 === ((2 << 3) | WIRE_LENGTH_DELIMITED)) {
        packedRange(reader, range);
        tagCount += countPackedVarints(reader.buf, range.start, range.end);
      } else if (key2 === ((8 << 3) | WIRE_LENGTH_DELIMITED)) {
        packedRange(reader, range);
        refCount += countPackedVarints(reader.buf, range.start, range.end);
      } else reader.skip(key2 & 7);
    }
    reader.leaveMessage(outerEnd);
  }
  const ids = new Float64Array(count);
  const tagStart = new Uint32Array(count + 1);
  const tagKeys = new Uint32Array(tagCount);
  const tagVals = new Uint32Array(tagCount);
  const refStart = new Uint32Array(count + 1);
  const refs = new Float64Array(refCount);
  reader.pos = groupStart;
  let i = 0;
  let t = 0;
  let r = 0;
  while (reader.more()) {
    const key = reader.readKey();
    if (key !== ((3 << 3) | WIRE_LENGTH_DELIMITED)) { reader.skip(key & 7); continue; }
    const outerEnd = reader.enterMessage();
    tagStart[i] = t;
    refStart[i] = r;
    let keysEnd = t;
    let valsEnd = t;
    while (reader.more()) {
      const key2 = reader.readKey();
      const field = key2 >>> 3;
      const wire = key2 & 7;
      if (field === 1 && wire === 0) ids[i] = reader.readInt64();
      else if (field === 2 && wire === WIRE_LENGTH_DELIMITED) keysEnd = readStringIndices(reader, tagKeys, keysEnd);
      else if (field === 3 && wire === WIRE_LENGTH_DELIMITED) valsEnd = readStringIndices(reader, tagVals, valsEnd);
      else if (field === 8 && wire === WIRE_LENGTH_DELIMITED) r = readIdDeltas(reader, refs, r);
      else reader.skip(wire);
    }
    reader.leaveMessage(outerEnd);
    if (keysEnd !== valsEnd) throw new ProtobufError(`way ${ids[i]} has ${keysEnd - t} tag keys but ${valsEnd - t} values`, reader.pos);
    t = keysEnd;
    i++;
  }
  tagStart[count] = t;
  refStart[count] = r;
  return { count, ids, refStart, refs, tagStart, tagKeys, tagVals, strings };
}

function readRelations(reader: ProtobufReader, strings: OsmStringTable): OsmRelationBatch {
  const groupStart = reader.pos;
  const range: PackedRange = { start: -1, end: -1 };
  let count = 0;
  let tagCount = 0;
  let memberCount = 0;
  while (reader.more()) {
    const key = reader.readKey();
    if (key !== ((4 << 3) | WIRE_LENGTH_DELIMITED)) { reader.skip(key & 7); continue; }
    count++;
    const outerEnd = reader.enterMessage();
    while (reader.more()) {
      const key2 = reader.readKey();
      if (key2 === ((2 << 3) | WIRE_LENGTH_DELIMITED)) {
        packedRange(reader, range);
        tagCount += countPackedVarints(reader.buf, range.start, range.end);
      } else if (key2 === ((9 << 3) | WIRE_LENGTH_DELIMITED)) {
        packedRange(reader, range);
        memberCount += countPackedVarints(reader.buf, range.start, range.end);
      } else reader.skip(key2 & 7);
    }
    reader.leaveMessage(outerEnd);
  }
  const ids = new Float64Array(count);
  const tagStart = new Uint32Array(count + 1);
  const tagKeys = new Uint32Array(tagCount);
  const tagVals = new Uint32Array(tagCount);
  const memberStart = new Uint32Array(count + 1);
  const memberIds = new Float64Array(memberCount);
  const memberTypes = new Uint8Array(memberCount);
  const memberRoles = new Uint32Array(memberCount);
  reader.pos = groupStart;
  let i = 0;
  let t = 0;
  let m = 0;
  while (reader.more()) {
    const key = reader.readKey();
    if (key !== ((4 << 3) | WIRE_LENGTH_DELIMITED)) { reader.skip(key & 7); continue; }
    const outerEnd = reader.enterMessage();
    tagStart[i] = t;
    memberStart[i] = m;
    let keysEnd = t;
    let valsEnd = t;
    let rolesEnd = m;
    let idsEnd = m;
    let typesEnd = m;
    while (reader.more()) {
      const key2 = reader.readKey();
      const field = key2 >>> 3;
      const wire = key2 & 7;
      if (field === 1 && wire === 0) ids[i] = reader.readInt64();
      else if (field === 2 && wire === WIRE_LENGTH_DELIMITED) keysEnd = readStringIndices(reader, tagKeys, keysEnd);
      else if (field === 3 && wire === WIRE_LENGTH_DELIMITED) valsEnd = readStringIndices(reader, tagVals, valsEnd);
      else if (field === 8 && wire === WIRE_LENGTH_DELIMITED) rolesEnd = readStringIndices(reader, memberRoles, rolesEnd);
      else if (field === 9 && wire === WIRE_LENGTH_DELIMITED) idsEnd = readIdDeltas(reader, memberIds, idsEnd);
      else if (field === 10 && wire === WIRE_LENGTH_DELIMITED) typesEnd = readPackedTypes(reader, memberTypes, typesEnd);
      else reader.skip(wire);
    }
    reader.leaveMessage(outerEnd);
    if (keysEnd !== valsEnd) throw new ProtobufError(`relation ${ids[i]} has ${keysEnd - t} tag keys but ${valsEnd - t} values`, reader.pos);
    if (rolesEnd !== idsEnd || typesEnd !== idsEnd) {
      throw new ProtobufError(`relation ${ids[i]} has ${idsEnd - m} member ids, ${rolesEnd - m} roles and ${typesEnd - m} types`, reader.pos);
    }
    t = keysEnd;
    m = idsEnd;
    i++;
  }
  tagStart[count] = t;
  memberStart[count] = m;
  return { count, ids, memberStart, memberIds, memberTypes, memberRoles, tagStart, tagKeys, tagVals, strings };
}

function readPackedTypes(reader: ProtobufReader, out: Uint8Array, at: number): number {
  const outerEnd = reader.end;
  reader.end = reader.readLengthDelimitedEnd();
  while (reader.pos < reader.end) {
    const type = reader.readVarint();
    if (type > 2) throw new ProtobufError(`unknown relation member type ${type}`, reader.pos);
    out[at++] = type;
  }
  leaveRange(reader, outerEnd, 'a packed member-type list');
  return at;
}
