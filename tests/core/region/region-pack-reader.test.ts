/**
 * The staged pack reader (what the router worker uses on a stored pack) against the whole-buffer
 * reader, on the real Andorra pack: the same graph, tables and extras, read with fewer bytes
 * before routing can start; and the prepared-routing hand-over giving the same routes.
 */
import { describe, expect, test } from 'vitest';
import {
  GRAPH_FORMAT_VERSION, GRAPH_REST_SECTIONS, RoadGraphError, REVERSE_GRAPH_AND_GRID_SECTIONS, checkGraphRest, checkReverseGraphAndGrid, checkRoutingInputs, computeIncomingEdges, incomingEdges, decodeRoutingInputs, profileWeights, readSectionDirectory,
  readSectionFile, sectionByteRanges, sectionFileOfChunks,
} from '../../../src/core/graph';
import { RegionPackReader, readRegionPack, serializeRegionPack, type ReadPackBytes } from '../../../src/core/region';
import { LocalRouter } from '../../../src/core/routing/local-router';
import { linkOpenOf, prepareRouting } from '../../../src/core/routing/prepared-routing';
import { regionPack } from './region-test-data';

function countingReader(file: ArrayBuffer): { read: ReadPackBytes; reads: [number, number][] } {
  const reads: [number, number][] = [];
  return {
    reads,
    read: (start, end) => {
      reads.push([start, end]);
      return Promise.resolve(file.slice(start, end));
    },
  };
}

const bytesOf = (reads: [number, number][]) => reads.reduce((sum, [a, b]) => sum + (b - a), 0);

describe('RegionPackReader on the Andorra pack', () => {
  const file = serializeRegionPack(regionPack('andorra'));
  const whole = readRegionPack(file.slice(0));

  test('stage by stage it yields what readRegionPack does, reading only what each stage needs', async () => {
    const { read, reads } = countingReader(file);
    const reader = await RegionPackReader.open(read, file.byteLength);
    expect(reader.fileBytes).toBe(file.byteLength);
    const core = await reader.readRouterCore();
    expect(core.meta).toEqual(whole.meta);
    expect(core.tableProfiles).toEqual(['fastest', 'shortest', 'curvy']);
    expect(core.graph.landmarks).toEqual([]);
    expect(Array.from(core.graph.edgeTarget)).toEqual(Array.from(whole.graph.edgeTarget));
    expect(Array.from(core.graph.shapeCoordsE7)).toEqual(Array.from(whole.graph.shapeCoordsE7));
    expect(Array.from(core.graph.snapIndex.cellLinks)).toEqual(Array.from(whole.graph.snapIndex.cellLinks));
    const tableBytes = whole.graph.landmarks.reduce((sum, t) => sum + t.distances.byteLength + t.nodes.byteLength, 0);
    const extraBytes = whole.linkWayIds.byteLength + whole.nodeOsmIds.byteLength;
    // Header, then the graph and metadata in two reads (the routing inputs and the rest of the
    // graph lie together; the reverse CSR sits before the tables): no table and no OSM-id bytes yet.
    expect(reads.length).toBe(3);
    expect(bytesOf(reads)).toBeLessThanOrEqual(file.byteLength - tableBytes - extraBytes);
    expect(reader.bytesRead).toBe(bytesOf(reads));

    const fastest = await reader.readLandmarkTable('fastest');
    expect(reads.length).toBe(4);
    expect(fastest?.profile).toBe('fastest');
    expect(Array.from(fastest?.distances ?? [])).toEqual(Array.from(whole.graph.landmarks[0].distances));
    expect(await reader.readLandmarkTable('extra-curvy')).toBeNull();

    const extras = await reader.readExtras();
    expect(reader.bytesRead).toBe(bytesOf(reads));
    expect(RegionPackReader.fromBuffer(file).bytesRead).toBe(0);
    expect(Array.from(extras.linkWayIds)).toEqual(Array.from(whole.linkWayIds));
    expect(extras.pois.names).toEqual(whole.pois.names);
    expect(Array.from(extras.parking.capacity)).toEqual(Array.from(whole.parking.capacity));
    // Asking again reads nothing more.
    const before = reads.length;
    await reader.readRouterCore();
    await reader.readLandmarkTable('fastest');
    expect(reads.length).toBe(before);
  });

  test('fromBuffer reads nothing and gives views on the same bytes', async () => {
    const reader = RegionPackReader.fromBuffer(file);
    const core = await reader.readRouterCore();
    expect(core.graph.edgeTarget.buffer).toBe(file);
    expect((await reader.readLandmarkTable('curvy'))?.distances.buffer).toBe(file);
  });

  test('a truncated or foreign file fails at open with a message that says to rebuild', async () => {
    const truncated = file.slice(0, 5000);
    await expect(RegionPackReader.open(countingReader(truncated).read, truncated.byteLength)).rejects.toThrow(/truncated/);
    const gpx = new TextEncoder().encode('<?xml version="1.0"?><gpx></gpx>').buffer as ArrayBuffer;
    await expect(RegionPackReader.open(countingReader(gpx).read, gpx.byteLength)).rejects.toThrow(RoadGraphError);
    const short: ReadPackBytes = (start, end) => Promise.resolve(file.slice(start, Math.max(start, end - 8)));
    const reader = await RegionPackReader.open((start, end) => Promise.resolve(file.slice(start, end)), file.byteLength);
    expect(reader).toBeInstanceOf(RegionPackReader);
    await expect((await RegionPackReader.open(async (s, e) => (s === 0 ? file.slice(s, e) : short(s, e)), file.byteLength)).readRouterCore())
      .rejects.toThrow(/could not be read/);
  });

  test('a damaged graph is refused by the staged reader as by readRegionPack', async () => {
    const damaged = file.slice(0);
    const directory = readSectionDirectory(damaged, damaged.byteLength, 'SWRG', [GRAPH_FORMAT_VERSION], 'region pack');
    const etgt = directory.entries.get('ETGT');
    if (!etgt) throw new Error('the pack has no ETGT section');
    new Uint32Array(damaged, etgt.at, etgt.length)[7] = 0xfffffff0;
    expect(() => readRegionPack(damaged.slice(0))).toThrow(/damaged/);
    const reader = await RegionPackReader.open(countingReader(damaged).read, damaged.byteLength);
    await expect(reader.readRouterCore()).rejects.toThrow(/damaged: edge 7 points outside the graph/);
  });
});

describe('two workers sharing one pack (the router and its helper)', () => {
  const file = serializeRegionPack(regionPack('andorra'));

  test('the helper reads the routing inputs, the reader the reverse graph and first table, the router the rest; each checks its part; handed-over bytes are not read again', async () => {
    const helperIo = countingReader(file), aheadIo = countingReader(file), routerIo = countingReader(file);
    const helper = await RegionPackReader.open(helperIo.read, file.byteLength);
    const inputs = await helper.readRoutingInputs();
    checkRoutingInputs(inputs);
    const ahead = await RegionPackReader.open(aheadIo.read, file.byteLength);
    await ahead.readLandmarkTable('fastest', REVERSE_GRAPH_AND_GRID_SECTIONS);
    checkReverseGraphAndGrid(await ahead.readSections(REVERSE_GRAPH_AND_GRID_SECTIONS));
    // The reverse graph and the first table come in one read (after the header and the table list).
    expect(aheadIo.reads.slice(1).filter(([a, b]) => b - a > 1000)).toHaveLength(1);
    const router = await RegionPackReader.open(routerIo.read, file.byteLength);
    checkGraphRest(await router.readSections([...GRAPH_REST_SECTIONS, 'RMTA']));
    // Its own sections and the metadata in one read (beside the small META section, which leads the helper's run).
    expect(routerIo.reads.slice(1).filter(([a, b]) => b - a > 1000)).toHaveLength(1);
    const readBefore = bytesOf(routerIo.reads);
    router.addChunks(helper.takeChunks());
    router.addChunks(ahead.takeChunks());
    const core = await router.readRouterCore({ checked: true });
    const table = await router.readLandmarkTable('fastest');
    expect(bytesOf(routerIo.reads)).toBe(readBefore);
    // Between them they read each core byte once, but for the small META and LMMT sections.
    let overlap = 0;
    const pairs: [[number, number][], [number, number][]][] = [[helperIo.reads, routerIo.reads], [helperIo.reads, aheadIo.reads], [aheadIo.reads, routerIo.reads]];
    for (const [x, y] of pairs) for (const [a, b] of x.slice(1)) for (const [c, d] of y.slice(1)) overlap += Math.max(0, Math.min(b, d) - Math.max(a, c));
    expect(overlap).toBeLessThanOrEqual(3 * 80 + 72);
    const whole = readRegionPack(file.slice(0));
    expect(Array.from(core.graph.edgeLink)).toEqual(Array.from(whole.graph.edgeLink));
    expect(Array.from(core.graph.linkTo)).toEqual(Array.from(whole.graph.linkTo));
    expect(core.graph.restrictions.slotEdge).toEqual(whole.graph.restrictions.slotEdge);
    expect(Array.from(table?.distances ?? [])).toEqual(Array.from(whole.graph.landmarks[0].distances));
    // The stored reverse graph is the one the router would derive.
    const stored = incomingEdges(core.graph), derived = computeIncomingEdges(whole.graph);
    expect(Array.from(stored.inEdge)).toEqual(Array.from(derived.inEdge));
    expect(Array.from(stored.inSource)).toEqual(Array.from(derived.inSource));
    expect(Array.from(stored.firstIn)).toEqual(Array.from(derived.firstIn));
    expect(stored.inEdge.buffer).not.toBe(derived.inEdge.buffer);
  });

  test('each part of the checks finds the damage in its own sections', async () => {
    const damage = (tag: string, index: number, value: number) => {
      const copy = file.slice(0);
      const entry = readSectionDirectory(copy, copy.byteLength, 'SWRG', [GRAPH_FORMAT_VERSION], 'region pack').entries.get(tag);
      if (!entry) throw new Error(`the pack has no ${tag} section`);
      new Uint32Array(copy, entry.at, entry.length)[index] = value;
      return copy;
    };
    const badEdge = damage('ELNK', 3, 0x7ffffff0);
    await expect((async () => checkRoutingInputs(await RegionPackReader.fromBuffer(badEdge).readRoutingInputs()))()).rejects.toThrow(/edge 3 points outside/);
    const badGrid = damage('GCLK', 5, 0xfffffff0);
    const reader = RegionPackReader.fromBuffer(badGrid);
    expect(() => checkRoutingInputs(decodeRoutingInputs(readSectionFile(badGrid, 'SWRG', [GRAPH_FORMAT_VERSION], 'region pack')))).not.toThrow();
    await expect((async () => checkReverseGraphAndGrid(await reader.readSections(REVERSE_GRAPH_AND_GRID_SECTIONS)))()).rejects.toThrow(/snapping grid points outside/);
    expect(() => checkGraphRest(readSectionFile(badGrid, 'SWRG', [GRAPH_FORMAT_VERSION], 'region pack'))).not.toThrow();
    const badLink = damage('LTOO', 4, 0xfffffff0);
    expect(() => checkGraphRest(readSectionFile(badLink, 'SWRG', [GRAPH_FORMAT_VERSION], 'region pack'))).toThrow(/link 4 points outside/);
    expect(() => checkReverseGraphAndGrid(readSectionFile(badLink, 'SWRG', [GRAPH_FORMAT_VERSION], 'region pack'))).not.toThrow();
    expect(() => checkRoutingInputs(decodeRoutingInputs(readSectionFile(badLink, 'SWRG', [GRAPH_FORMAT_VERSION], 'region pack')))).not.toThrow();
    const badTail = damage('RINS', 9, 0xfffffff0);
    expect(() => checkReverseGraphAndGrid(readSectionFile(badTail, 'SWRG', [GRAPH_FORMAT_VERSION], 'region pack'))).toThrow(/damaged: its reverse graph points outside/);
    expect(() => checkGraphRest(readSectionFile(badTail, 'SWRG', [GRAPH_FORMAT_VERSION], 'region pack'))).not.toThrow();
    const badInEdge = damage('RINE', 2, 0xfffffff0);
    expect(() => checkReverseGraphAndGrid(readSectionFile(badInEdge, 'SWRG', [GRAPH_FORMAT_VERSION], 'region pack'))).toThrow(/reverse graph points outside/);
    expect(() => checkRoutingInputs(decodeRoutingInputs(readSectionFile(badInEdge, 'SWRG', [GRAPH_FORMAT_VERSION], 'region pack')))).not.toThrow();
    // Whoever reads a damaged part alone (a helper failed) refuses the pack as readRegionPack does.
    await expect(RegionPackReader.fromBuffer(badTail).readRouterCore()).rejects.toThrow(RoadGraphError);
    expect(() => readRegionPack(badInEdge)).toThrow(/reverse graph points outside/);
  });

  test('a pack of the previous format (version 1) is refused with a message to build it again', async () => {
    const old = file.slice(0);
    new DataView(old).setUint16(4, 1, true);
    const message = /format version 1; this app reads version 2 or 3\. Rebuild the region pack/;
    expect(() => readRegionPack(old)).toThrow(message);
    await expect(RegionPackReader.open(countingReader(old).read, old.byteLength)).rejects.toThrow(message);
    await expect(RegionPackReader.open(countingReader(old).read, old.byteLength)).rejects.toBeInstanceOf(RoadGraphError);
  });
});

describe('section files read in chunks', () => {
  test('byte ranges merge adjacent sections; views on chunks equal views on the whole file; unread sections are named', () => {
    const file = serializeRegionPack(regionPack('monaco'));
    const directory = readSectionDirectory(file, file.byteLength, 'SWRG', [GRAPH_FORMAT_VERSION], 'region pack');
    const ranges = sectionByteRanges(directory, ['FEDG', 'ETGT', 'LFRM']);
    expect(ranges).toHaveLength(1);
    const [start, end] = ranges[0];
    const chunked = sectionFileOfChunks(directory, [{ at: start, buffer: file.slice(start, end) }], 'region pack');
    const whole = readSectionFile(file, 'SWRG', [GRAPH_FORMAT_VERSION], 'region pack');
    expect(Array.from(chunked.get('ETGT', Uint32Array))).toEqual(Array.from(whole.get('ETGT', Uint32Array)));
    expect(() => chunked.get('NODE', Int32Array)).toThrow(/"NODE".*before it was read/);
    expect(sectionByteRanges(directory, ['NODE', 'LMD0', 'nope'])).toHaveLength(2);
  });
});

describe('prepared routing handed over from another worker', () => {
  test('prepareRouting derives what the router would, and a router that adopts it routes the same', async () => {
    const file = serializeRegionPack(regionPack('andorra'));
    const reader = RegionPackReader.fromBuffer(file);
    const prepared = prepareRouting(await reader.readRoutingInputs(), 'fastest');
    const own = readRegionPack(file.slice(0)).graph;
    expect(Array.from(prepared.weights)).toEqual(Array.from(profileWeights(own, { profile: 'fastest' }).weights));
    expect(Array.from(prepared.linkOpen)).toEqual(Array.from(linkOpenOf(prepared.weights, own.edgeLink, own.linkCount)));

    const adopted = new LocalRouter(readRegionPack(file.slice(0)).graph);
    adopted.adoptPrepared(prepared);
    const plain = new LocalRouter(own);
    const requests = [
      { waypoints: [[1.5211, 42.5078], [1.71938, 42.54018]] as [number, number][], profile: 'fastest' as const },
      { waypoints: [[1.5211, 42.5078], [1.57229, 42.55606], [1.71938, 42.54018]] as [number, number][], profile: 'fastest' as const },
      { waypoints: [[1.5213, 42.5081], [1.57229, 42.55606]] as [number, number][], profile: 'curvy' as const },
    ];
    for (const request of requests) {
      const a = adopted.plan(request).result, b = plain.plan(request).result;
      expect(a.distanceMeters).toBeCloseTo(b.distanceMeters, 6);
      expect(Array.from(a.coords)).toEqual(Array.from(b.coords));
    }
    expect(() => adopted.adoptPrepared({ ...prepared, weights: new Float32Array(3) })).toThrow(/another region pack/);
  });
});
