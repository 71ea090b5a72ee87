/**
 * Region-pack graph format: `serializeGraph` writes every array of a `RoadGraph` (and its landmark
 * tables and reverse CSR) as sections of one ArrayBuffer (section-file.ts); `graphFromBuffer` maps
 * them back as zero-copy views. Loading costs one pass of cheap structural checks (ids in range,
 * offsets monotone), so a damaged or foreign file fails with a clear error instead of producing
 * wrong routes, plus deriving the small turn-restriction lookup tables. The checks come in three
 * parts (`checkRoutingInputs`, `checkGraphRest`, `checkReverseGraphAndGrid`), one per group of sections,
 * so the router worker and its helpers, each reading one group of the same pack, share them.
 *
 * Layout (version 3), one run of adjacent sections per reader (region-pack-reader.ts fetches byte
 * ranges): META and the routing inputs (what the fastest costs come from); the rest of the graph
 * and the landmark table list; the caller's extra sections; the reverse CSR, the snapping grid,
 * the link classes and curvature; then each landmark table's two sections, the first table right
 * after those, so one read gets them all. (Version 2 had the classes, the curvature and the
 * reverse CSR's edge list among the routing inputs; sections are found by tag, so it reads the same.)
 *
 * The reverse CSR (incoming-edges.ts) is stored (version 1 derived it at load: ~150–300 ms in the
 * browser on 1M nodes, for 8 bytes per edge of file). Unknown sections are ignored, so the pack
 * builder can add POI or parking sections to the same file.
 */
import type { RouteProfile } from '../routing/router';
import type { EdgeGridIndex } from './edge-grid-index';
import type { WeightInputs } from './edge-weights';
import { type IncomingEdges, incomingEdges, rememberIncomingEdges } from './incoming-edges';
import { type LandmarkTable, quantizeLandmarkDistances } from './landmarks';
import { EDGE_LINK_MASK, type RoadGraph, RoadGraphError } from './road-graph';
import { type SectionArray, type SectionFile, SectionFileError, readSectionFile, writeSectionFile } from './section-file';
import { PackedStrings } from './string-table';
import { type TurnRestrictions, deriveTurnRestrictions } from './turn-restrictions';

/** File magic of a Switchback road graph. */
export const GRAPH_MAGIC = 'SWRG';
/**
 * Bump on any change of the sections or their meaning (2: reverse CSR stored, sections grouped by
 * reader; 3: landmark tables in 16-bit quanta, half the bytes, and the sections regrouped).
 */
export const GRAPH_FORMAT_VERSION = 3;
/**
 * Versions this app reads. Version 2 differs in its landmark tables (Float32 costs, and a rounding
 * slack where version 3 has the quantum), which are quantized as they are read, and in where some
 * sections lie, which readers find by tag: packs stored by the previous version keep working.
 */
export const READABLE_GRAPH_FORMAT_VERSIONS: readonly number[] = [2, 3];

const META_FIELDS = 10;
/** Landmark table profiles by their code in the pack. */
const PROFILE_CODES: readonly RouteProfile[] = ['fastest', 'shortest', 'curvy', 'extra-curvy'];
const tableTag = (kind: 'LMN' | 'LMD', i: number) => `${kind}${'0123456789ABCDEF'[i]}`;

/**
 * The graph (and landmarks) as one ArrayBuffer. `extraSections` lets the pack builder store more
 * arrays in the same file under its own 4-character tags (they must not collide with ours).
 */
export function serializeGraph(graph: RoadGraph, extraSections: ReadonlyArray<readonly [string, SectionArray]> = []): ArrayBuffer {
  const grid = graph.snapIndex;
  const tables = graph.landmarks;
  if (tables.length > 16) throw new RoadGraphError(`A pack holds at most 16 landmark tables (got ${tables.length}).`);
  const meta = new Float64Array([
    graph.nodeCount, graph.edgeCount, graph.linkCount,
    grid.originLonE7, grid.originLatE7, grid.cellLonE7, grid.cellLatE7, grid.cols, grid.rows,
    tables.length,
  ]);
  const incoming = incomingEdges(graph);
  const sections: [string, SectionArray][] = [
    ['META', meta],
    // The routing inputs (the helper's read).
    ['ELNK', graph.edgeLink],
    ['LLEN', graph.linkLengthMeters],
    ['LSPD', graph.linkSpeedKmh],
    ['LFLG', graph.linkFlags],
    // The rest of the graph (the router's own read).
    ['NODE', graph.nodeCoordsE7],
    ['FEDG', graph.firstEdge],
    ['ETGT', graph.edgeTarget],
    ['LFRM', graph.linkFrom],
    ['LTOO', graph.linkTo],
    ['LNRF', graph.linkNameRef],
    ['LSHS', graph.linkShapeStart],
    ['SHPC', graph.shapeCoordsE7],
    ['NRPR', graph.nameRefPairs],
    ['STRO', graph.strings.offsets],
    ['STRB', graph.strings.bytes],
    ['TRFE', graph.restrictions.fromEdge],
    ['TRTE', graph.restrictions.toEdge],
    ['TRKD', graph.restrictions.kind],
  ];
  sections.push(['LMMT', new Float64Array(tables.flatMap((t) => [PROFILE_CODES.indexOf(t.profile), t.count, t.unit]))]);
  const tableSections: [string, SectionArray][] = [];
  tables.forEach((t, i) => tableSections.push([tableTag('LMN', i), t.nodes], [tableTag('LMD', i), t.distances]));
  // The reverse CSR, the snapping grid, classes and curvature, then the landmark tables, each
  // table's two sections together: a reader that fetches byte ranges gets the first table and
  // those in one read.
  const reverse: [string, SectionArray][] = [
    ['RFIN', incoming.firstIn], ['RINE', incoming.inEdge], ['RINS', incoming.inSource], ['GCST', grid.cellStart], ['GCLK', grid.cellLinks],
    ['LCLS', graph.linkClass], ['LCRV', graph.linkCurvature],
  ];
  const ours = new Set([...sections, ...reverse, ...tableSections].map(([tag]) => tag));
  for (const [tag, data] of extraSections) {
    if (ours.has(tag)) throw new RoadGraphError(`Extra section tag "${tag}" is used by the graph itself; pick another tag.`);
    sections.push([tag, data]);
  }
  return writeSectionFile(GRAPH_MAGIC, GRAPH_FORMAT_VERSION, [...sections, ...reverse, ...tableSections]);
}

/** Opens a serialized graph with zero copy. Throws RoadGraphError saying what is wrong with a bad buffer. */
export function graphFromBuffer(buffer: ArrayBuffer): RoadGraph {
  return asRoadGraphError(() => {
    const file = readSectionFile(buffer, GRAPH_MAGIC, READABLE_GRAPH_FORMAT_VERSIONS, 'region pack');
    const graph = decodeGraphCore(file);
    return { ...graph, landmarks: graphLandmarkTables(file).map((entry) => decodeLandmarkTable(file, entry, graph.nodeCount)) };
  });
}

/**
 * Sections `decodeRoutingInputs` reads: what the fastest and shortest edge costs come from. (The
 * link classes and curvature, which only the curvy profiles need, are in the reader's part.)
 */
export const ROUTING_INPUT_SECTIONS: readonly string[] = ['META', 'ELNK', 'LLEN', 'LSPD', 'LFLG'];

/**
 * Sections `checkReverseGraphAndGrid` reads: the reverse CSR, the snapping grid, and the link
 * attributes only curvy costs and turn instructions need (class, curvature).
 */
export const REVERSE_GRAPH_AND_GRID_SECTIONS: readonly string[] = ['META', 'RFIN', 'RINE', 'RINS', 'GCST', 'GCLK', 'LCLS', 'LCRV'];

/** Sections `checkGraphRest` reads: the core's sections that are in neither of the other two parts. */
export const GRAPH_REST_SECTIONS: readonly string[] = [
  'META', 'NODE', 'FEDG', 'ETGT', 'LFRM', 'LTOO', 'LNRF', 'LSHS', 'SHPC', 'NRPR', 'STRO', 'STRB', 'TRFE', 'TRTE', 'TRKD', 'LMMT',
];

/** Sections `decodeGraphCore` reads (everything but the landmark tables' own sections). */
export const GRAPH_CORE_SECTIONS: readonly string[] = [...new Set([...ROUTING_INPUT_SECTIONS, ...GRAPH_REST_SECTIONS, ...REVERSE_GRAPH_AND_GRID_SECTIONS])];

/** What the fastest and shortest edge costs are derived from. */
export type RoutingInputs = Omit<WeightInputs, 'linkClass' | 'linkCurvature'> & Pick<RoadGraph, 'nodeCount'>;

/**
 * The arrays the fastest and shortest edge costs are derived from, checked for size only: for a
 * helper that derives them in parallel while the router reads the other sections. Its part of the
 * element checks is `checkRoutingInputs`.
 */
export function decodeRoutingInputs(file: SectionFile): RoutingInputs {
  return asRoadGraphError(() => {
    const [nodeCount, edgeCount, linkCount] = graphCounts(file);
    return {
      nodeCount, edgeCount, linkCount,
      edgeLink: sized(file.get('ELNK', Uint32Array), edgeCount, 'ELNK'),
      linkLengthMeters: sized(file.get('LLEN', Float32Array), linkCount, 'LLEN'),
      linkSpeedKmh: sized(file.get('LSPD', Uint8Array), linkCount, 'LSPD'),
      linkFlags: sized(file.get('LFLG', Uint16Array), linkCount, 'LFLG'),
    };
  });
}

/** Node, edge and link counts from META, each checked to be a valid count. */
function graphCounts(file: SectionFile): [number, number, number] {
  const meta = file.get('META', Float64Array);
  if (meta.length < META_FIELDS) damaged('its META section is too short');
  const counts: [number, number, number] = [meta[0], meta[1], meta[2]];
  for (const value of counts) if (!(Number.isInteger(value) && value >= 0 && value < 2 ** 31)) damaged('its counts are invalid');
  // Integers, not the doubles META holds: loops bounded by them then run on int32 indices.
  return [counts[0] | 0, counts[1] | 0, counts[2] | 0];
}

/** The node count from a graph file's META section. Throws RoadGraphError when it is invalid. */
export function graphNodeCount(file: SectionFile): number {
  return asRoadGraphError(() => graphCounts(file)[0]);
}

/** A landmark table listed in a graph file, not read yet. */
export interface LandmarkTableEntry {
  /** Position in the file's table list. */
  readonly index: number;
  readonly profile: RouteProfile;
  readonly count: number;
  /** Cost of one quantum of its distances (format 3; a format 2 pack's tables are Float32 costs). */
  readonly unit: number;
  /** Its two sections (landmark nodes, distances). */
  readonly sections: readonly [string, string];
}

/** The landmark tables a graph file lists (from its `LMMT` section). Throws RoadGraphError on a bad list. */
export function graphLandmarkTables(file: SectionFile): LandmarkTableEntry[] {
  return asRoadGraphError(() => {
    const meta = file.get('META', Float64Array);
    const tableCount = meta[META_FIELDS - 1];
    const tableMeta = file.get('LMMT', Float64Array);
    if (tableMeta.length !== 3 * tableCount) damaged(`section LMMT has ${tableMeta.length} entries, expected ${3 * tableCount}`);
    const entries: LandmarkTableEntry[] = [];
    for (let i = 0; i < tableCount; i++) {
      // The third column is the quantum (format 3) or the Float32 rounding slack (format 2, ≥ 0).
      const [code, count, unit] = tableMeta.subarray(3 * i, 3 * i + 3);
      const profile = PROFILE_CODES[code];
      const unitOk = file.formatVersion === 2 ? unit >= 0 && unit < Infinity : unit > 0 && unit < Infinity;
      if (profile === undefined || !(Number.isInteger(count) && count >= 1 && unitOk)) damaged('its landmark table list is invalid');
      entries.push({ index: i, profile, count, unit, sections: [tableTag('LMN', i), tableTag('LMD', i)] });
    }
    return entries;
  });
}

/** Reads one listed landmark table (its sections must have been read). Throws RoadGraphError on a bad table. */
export function decodeLandmarkTable(file: SectionFile, entry: LandmarkTableEntry, nodeCount: number): LandmarkTable {
  return asRoadGraphError(() => {
    const [nodeTag, distanceTag] = entry.sections;
    const nodes = file.get(nodeTag, Uint32Array);
    if (nodes.length !== entry.count) damaged(`section ${nodeTag} has ${nodes.length} entries, expected ${entry.count}`);
    const stored = file.formatVersion === 2 ? file.get(distanceTag, Float32Array) : file.get(distanceTag, Uint16Array);
    if (stored.length !== nodeCount * entry.count * 2) damaged(`section ${distanceTag} has ${stored.length} entries, expected ${nodeCount * entry.count * 2}`);
    for (let k = 0; k < nodes.length; k++) if (nodes[k] >= nodeCount) damaged('a landmark points outside the graph');
    const { distances, unit } = stored instanceof Float32Array ? quantizeLandmarkDistances(stored) : { distances: stored, unit: entry.unit };
    return { profile: entry.profile, count: entry.count, nodes, distances, unit };
  });
}

/** Options of `decodeGraphCore`. */
export interface DecodeGraphOptions {
  /** The caller has run `checkRoutingInputs`, `checkGraphRest` and `checkReverseGraphAndGrid` on these bytes (workers sharing them). */
  readonly checked?: boolean;
  /** `decodeTurnRestrictions` of the same file, derived earlier (while waiting for other sections). */
  readonly restrictions?: TurnRestrictions;
}

/**
 * The graph without its landmark tables (`landmarks: []`), zero copy, after the structural checks.
 * Needs the `GRAPH_CORE_SECTIONS`. Throws RoadGraphError saying what is wrong.
 */
export function decodeGraphCore(file: SectionFile, options: DecodeGraphOptions = {}): RoadGraph {
  return asRoadGraphError(() => decodeGraph(file, options.checked === true, options.restrictions ?? null));
}

/**
 * The turn restrictions' search form, from the `GRAPH_REST_SECTIONS` alone, once `checkGraphRest`
 * has passed on them: the router derives it before the other sections arrive.
 */
export function decodeTurnRestrictions(file: SectionFile): TurnRestrictions {
  return asRoadGraphError(() => {
    const [nodeCount, edgeCount] = graphCounts(file);
    return deriveTurnRestrictions(nodeCount, sized(file.get('FEDG', Uint32Array), nodeCount + 1, 'FEDG'), sized(file.get('ETGT', Uint32Array), edgeCount, 'ETGT'),
      file.get('TRFE', Uint32Array), file.get('TRTE', Uint32Array), file.get('TRKD', Uint8Array));
  });
}

/**
 * Element checks of the routing inputs (`decodeRoutingInputs`): edges' links in range, every
 * speed ≥ 1. Throws RoadGraphError. With `checkGraphRest` and
 * `checkReverseGraphAndGrid` this is every check `decodeGraphCore` runs, so workers can share them.
 */
export function checkRoutingInputs(inputs: RoutingInputs): void {
  asRoadGraphError(() => {
    const { edgeCount, linkCount, edgeLink, linkSpeedKmh } = inputs;
    const badEdge = firstMaskedAtOrAbove(edgeLink, EDGE_LINK_MASK, linkCount, edgeCount);
    if (badEdge >= 0) damaged(`edge ${badEdge} points outside the graph`);
    const badLink = firstZero(linkSpeedKmh, linkCount);
    if (badLink >= 0) damaged(`link ${badLink} has speed 0`);
  });
}

/**
 * Element checks of the reverse CSR and of the snapping grid (`REVERSE_GRAPH_AND_GRID_SECTIONS`):
 * offsets monotone over every edge (every grid entry), tails and edges (grid links) in range; the
 * link classes and curvature are checked for size. Throws RoadGraphError.
 */
export function checkReverseGraphAndGrid(file: SectionFile): void {
  asRoadGraphError(() => {
    const meta = file.get('META', Float64Array);
    const [nodeCount, edgeCount, linkCount] = graphCounts(file);
    const [, , , , , , , cols, rows] = meta;
    const firstIn = sized(file.get('RFIN', Uint32Array), nodeCount + 1, 'RFIN');
    const inSource = sized(file.get('RINS', Uint32Array), edgeCount, 'RINS');
    const inEdge = sized(file.get('RINE', Uint32Array), edgeCount, 'RINE');
    monotone(firstIn, edgeCount, 'RFIN');
    if (firstAtOrAbove(inSource, nodeCount, edgeCount) >= 0 || firstAtOrAbove(inEdge, edgeCount, edgeCount) >= 0) {
      damaged('its reverse graph points outside the graph');
    }
    if (!(Number.isInteger(cols) && Number.isInteger(rows) && cols >= 1 && rows >= 1 && cols * rows < 2 ** 32)) damaged('its snapping grid is invalid');
    const cellStart = sized(file.get('GCST', Uint32Array), cols * rows + 1, 'GCST');
    const cellLinks = sized(file.get('GCLK', Uint32Array), cellStart[cols * rows], 'GCLK');
    monotone(cellStart, cellLinks.length, 'GCST');
    if (firstAtOrAbove(cellLinks, linkCount, cellLinks.length) >= 0) damaged('its snapping grid points outside the graph');
    sized(file.get('LCLS', Uint8Array), linkCount, 'LCLS');
    sized(file.get('LCRV', Float32Array), linkCount, 'LCRV');
  });
}

/**
 * Element checks of the core sections in neither of the other two parts (`GRAPH_REST_SECTIONS`:
 * forward CSR, links, shapes, names; the turn restriction rows are checked as they are derived).
 * Throws RoadGraphError.
 */
export function checkGraphRest(file: SectionFile): void {
  asRoadGraphError(() => {
    const [nodeCount, edgeCount, linkCount] = graphCounts(file);
    const firstEdge = sized(file.get('FEDG', Uint32Array), nodeCount + 1, 'FEDG');
    const edgeTarget = sized(file.get('ETGT', Uint32Array), edgeCount, 'ETGT');
    const linkFrom = sized(file.get('LFRM', Uint32Array), linkCount, 'LFRM');
    const linkTo = sized(file.get('LTOO', Uint32Array), linkCount, 'LTOO');
    const linkNameRef = sized(file.get('LNRF', Uint32Array), linkCount, 'LNRF');
    const linkShapeStart = sized(file.get('LSHS', Uint32Array), linkCount + 1, 'LSHS');
    const nameRefPairs = file.get('NRPR', Uint32Array);
    const stringOffsets = file.get('STRO', Uint32Array);
    const stringBytes = file.get('STRB', Uint8Array);
    monotone(firstEdge, edgeCount, 'FEDG');
    const badEdge = firstAtOrAbove(edgeTarget, nodeCount, edgeCount);
    if (badEdge >= 0) damaged(`edge ${badEdge} points outside the graph`);
    monotone(linkShapeStart, linkShapeStart[linkCount], 'LSHS');
    if (nameRefPairs.length < 2 || nameRefPairs.length % 2 !== 0) damaged('its name table is invalid');
    monotone(stringOffsets, stringBytes.length, 'STRO');
    if (stringOffsets.length < 1) damaged('its string table is empty');
    if (firstAtOrAbove(nameRefPairs, stringOffsets.length - 1, nameRefPairs.length) >= 0) damaged('a name points outside the string table');
    const badEnd = Math.max(firstAtOrAbove(linkFrom, nodeCount, linkCount), firstAtOrAbove(linkTo, nodeCount, linkCount));
    if (badEnd >= 0) damaged(`link ${badEnd} points outside the graph`);
    const badName = firstAtOrAbove(linkNameRef, nameRefPairs.length / 2, linkCount);
    if (badName >= 0) damaged(`link ${badName} has an invalid name`);
  });
}

/** Runs `body`, turning a container error (SectionFileError) into the RoadGraphError callers expect. */
export function asRoadGraphError<T>(body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof SectionFileError) throw new RoadGraphError(error.message);
    throw error;
  }
}

function decodeGraph(file: SectionFile, checked: boolean, derived: TurnRestrictions | null): RoadGraph {
  const meta = file.get('META', Float64Array);
  if (meta.length < META_FIELDS) damaged('its META section is too short');
  const [, , , originLonE7, originLatE7, cellLonE7, cellLatE7, cols, rows, tableCount] = meta;
  const [nodeCount, edgeCount, linkCount] = graphCounts(file);
  for (const value of [cols, rows, tableCount]) {
    if (!(Number.isInteger(value) && value >= 0 && value < 2 ** 32)) damaged('its counts are invalid');
  }
  if (!(cellLonE7 > 0 && cellLatE7 > 0 && cols >= 1 && rows >= 1 && Number.isFinite(originLonE7) && Number.isFinite(originLatE7))) damaged('its snapping grid is invalid');

  const nodeCoordsE7 = sized(file.get('NODE', Int32Array), 2 * nodeCount, 'NODE');
  const firstEdge = sized(file.get('FEDG', Uint32Array), nodeCount + 1, 'FEDG');
  const edgeTarget = sized(file.get('ETGT', Uint32Array), edgeCount, 'ETGT');
  const edgeLink = sized(file.get('ELNK', Uint32Array), edgeCount, 'ELNK');
  const linkFrom = sized(file.get('LFRM', Uint32Array), linkCount, 'LFRM');
  const linkTo = sized(file.get('LTOO', Uint32Array), linkCount, 'LTOO');
  const linkLengthMeters = sized(file.get('LLEN', Float32Array), linkCount, 'LLEN');
  const linkSpeedKmh = sized(file.get('LSPD', Uint8Array), linkCount, 'LSPD');
  const linkClass = sized(file.get('LCLS', Uint8Array), linkCount, 'LCLS');
  const linkFlags = sized(file.get('LFLG', Uint16Array), linkCount, 'LFLG');
  const linkNameRef = sized(file.get('LNRF', Uint32Array), linkCount, 'LNRF');
  const linkCurvature = sized(file.get('LCRV', Float32Array), linkCount, 'LCRV');
  const linkShapeStart = sized(file.get('LSHS', Uint32Array), linkCount + 1, 'LSHS');
  const shapeCoordsE7 = sized(file.get('SHPC', Int32Array), 2 * linkShapeStart[linkCount], 'SHPC');
  const nameRefPairs = file.get('NRPR', Uint32Array);
  const stringOffsets = file.get('STRO', Uint32Array);
  const stringBytes = file.get('STRB', Uint8Array);
  const cellStart = sized(file.get('GCST', Uint32Array), cols * rows + 1, 'GCST');
  const cellLinks = sized(file.get('GCLK', Uint32Array), cellStart[cols * rows], 'GCLK');
  const incoming: IncomingEdges = {
    firstIn: sized(file.get('RFIN', Uint32Array), nodeCount + 1, 'RFIN'),
    inEdge: sized(file.get('RINE', Uint32Array), edgeCount, 'RINE'),
    inSource: sized(file.get('RINS', Uint32Array), edgeCount, 'RINS'),
  };

  // Structural checks: every id in range, every offset list monotone.
  if (!checked) {
    checkRoutingInputs({ nodeCount, edgeCount, linkCount, edgeLink, linkLengthMeters, linkSpeedKmh, linkFlags });
    checkGraphRest(file);
    checkReverseGraphAndGrid(file);
  }

  const fromEdge = file.get('TRFE', Uint32Array);
  if (derived !== null && (derived.fromEdge.buffer !== fromEdge.buffer || derived.fromEdge.byteOffset !== fromEdge.byteOffset)) {
    throw new RoadGraphError('Internal error: these turn restrictions were derived from another region pack.');
  }
  const restrictions = derived ?? deriveTurnRestrictions(nodeCount, firstEdge, edgeTarget,
    fromEdge, file.get('TRTE', Uint32Array), file.get('TRKD', Uint8Array));
  const snapIndex: EdgeGridIndex = { originLonE7, originLatE7, cellLonE7, cellLatE7, cols, rows, cellStart, cellLinks };

  const graph: RoadGraph = {
    nodeCount, edgeCount, linkCount,
    nodeCoordsE7, firstEdge, edgeTarget, edgeLink,
    linkFrom, linkTo, linkLengthMeters, linkSpeedKmh, linkClass, linkFlags, linkNameRef, linkCurvature, linkShapeStart, shapeCoordsE7,
    nameRefPairs, strings: new PackedStrings(stringBytes, stringOffsets),
    restrictions, snapIndex, landmarks: [],
  };
  rememberIncomingEdges(graph, incoming); // the stored reverse CSR: the first backward search derives nothing
  return graph;
}

/** `array`, after checking it has `length` entries (section `tag`). */
function sized<T extends SectionArray>(array: T, length: number, tag: string): T {
  if (array.length !== length) damaged(`section ${tag} has ${array.length} entries, expected ${length}`);
  return array;
}

function monotone(offsets: Uint32Array, end: number, tag: string): void {
  if (offsets.length === 0 || offsets[0] !== 0 || offsets[offsets.length - 1] !== end) damaged(`section ${tag} does not span its data`);
  if (firstDecrease(offsets, offsets.length) >= 0) damaged(`section ${tag} is out of order`);
}

/*
 * The element checks scan millions of entries while a pack opens. Each scan is its own small
 * function over one array type, called with typed arrays and integers: written inline, one after
 * another in a check, V8 compiled the check while its first loop ran and then left the later
 * loops without type feedback, which made a 1M-node check 2–3× slower (measured on a 1M-node pack: 90 ms became 45 ms in Node).
 */

/** First index below `count` whose value is ≥ `limit`, or −1. */
function firstAtOrAbove(values: Uint32Array, limit: number, count: number): number {
  for (let i = 0; i < count; i++) if (values[i] >= limit) return i;
  return -1;
}

/** First index below `count` whose value masked by `mask` is ≥ `limit`, or −1. */
function firstMaskedAtOrAbove(values: Uint32Array, mask: number, limit: number, count: number): number {
  for (let i = 0; i < count; i++) if ((values[i] & mask) >= limit) return i;
  return -1;
}

/** First index below `count` holding 0, or −1. */
function firstZero(values: Uint8Array, count: number): number {
  for (let i = 0; i < count; i++) if (values[i] === 0) return i;
  return -1;
}

/** First index below `count` whose value is below the one before it, or −1. */
function firstDecrease(offsets: Uint32Array, count: number): number {
  for (let i = 1; i < count; i++) if (offsets[i] < offsets[i - 1]) return i;
  return -1;
}

function damaged(what: string): never {
  throw new RoadGraphError(`This region pack is damaged: ${what}. Download or build it again.`);
}
