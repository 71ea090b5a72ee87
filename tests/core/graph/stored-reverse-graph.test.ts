/**
 * Region-pack graph format 2: the reverse CSR is stored (and handed to `incomingEdges`, so a
 * loaded graph derives nothing), each worker's sections lie in one run, the turn restrictions can
 * be derived from the router's part ahead of the rest, and counts are decoded as integers.
 */
import { describe, expect, test } from 'vitest';
import {
  GRAPH_FORMAT_VERSION, GRAPH_MAGIC, GRAPH_REST_SECTIONS, REVERSE_GRAPH_AND_GRID_SECTIONS, ROUTING_INPUT_SECTIONS, type RoadGraph, RoadGraphError,
  buildRoadGraph, computeIncomingEdges, computeLandmarks, decodeGraphCore, decodeTurnRestrictions, graphFromBuffer, incomingEdges, readSectionDirectory,
  readSectionFile, sectionByteRanges, serializeGraph, shortestPath, profileWeights, withLandmarks,
} from '../../../src/core/graph';
import { mulberry32 } from './helpers/mulberry32';
import { syntheticRoadGrid } from './helpers/synthetic-road-grid';

function sampleGraph(seed: number): RoadGraph {
  const graph = buildRoadGraph(syntheticRoadGrid({ side: 30, seed, restrictions: 150, onewayFraction: 0.1 }), { onSkippedRestriction: () => undefined });
  return withLandmarks(graph, [computeLandmarks(graph, { count: 4 }), computeLandmarks(graph, { count: 4, profile: 'curvy' })]);
}

describe('graph format 2', () => {
  const graph = sampleGraph(5);
  const buffer = serializeGraph(graph);

  test('the stored reverse CSR is the derived one, and a loaded graph uses it as views on the file', () => {
    const loaded = graphFromBuffer(buffer);
    const stored = incomingEdges(loaded), derived = computeIncomingEdges(graph);
    expect(Array.from(stored.firstIn)).toEqual(Array.from(derived.firstIn));
    expect(Array.from(stored.inEdge)).toEqual(Array.from(derived.inEdge));
    expect(Array.from(stored.inSource)).toEqual(Array.from(derived.inSource));
    for (const array of [stored.firstIn, stored.inEdge, stored.inSource]) expect(array.buffer).toBe(buffer);
  });

  test('routes on the loaded graph (stored reverse CSR) cost what they cost on the built graph, both directions of search', () => {
    const loaded = graphFromBuffer(buffer);
    const rand = mulberry32(9);
    for (const profile of ['fastest', 'curvy'] as const) {
      const w0 = profileWeights(graph, { profile }), w1 = profileWeights(loaded, { profile });
      for (let q = 0; q < 60; q++) {
        const s = Math.floor(rand() * graph.nodeCount), t = Math.floor(rand() * graph.nodeCount);
        const a = shortestPath(graph, s, t, w0), b = shortestPath(loaded, s, t, w1);
        expect(b.found).toBe(a.found);
        if (a.found) expect(b.cost).toBeCloseTo(a.cost, 3);
      }
    }
  });

  test('each worker\'s sections lie in one run of the file (one read each); the first table follows the reverse CSR and grid', () => {
    const directory = readSectionDirectory(buffer, buffer.byteLength, GRAPH_MAGIC, [GRAPH_FORMAT_VERSION], 'region pack');
    const withoutMeta = (tags: readonly string[]) => tags.filter((tag) => tag !== 'META');
    expect(sectionByteRanges(directory, ROUTING_INPUT_SECTIONS)).toHaveLength(1); // META leads the helper's run
    expect(sectionByteRanges(directory, withoutMeta(GRAPH_REST_SECTIONS))).toHaveLength(1);
    expect(sectionByteRanges(directory, [...withoutMeta(REVERSE_GRAPH_AND_GRID_SECTIONS), 'LMN0', 'LMD0'])).toHaveLength(1);
  });

  test('turn restrictions derived from the router\'s part alone equal the decoded ones, and are refused for another file', () => {
    const file = readSectionFile(buffer, GRAPH_MAGIC, [GRAPH_FORMAT_VERSION], 'region pack');
    const restrictions = decodeTurnRestrictions(file);
    expect(restrictions.slotEdge.length).toBeGreaterThan(5);
    const early = decodeGraphCore(file, { restrictions });
    expect(early.restrictions).toBe(restrictions);
    const plain = decodeGraphCore(file);
    expect(Array.from(early.restrictions.slotBanned)).toEqual(Array.from(plain.restrictions.slotBanned));
    expect(Array.from(early.restrictions.departNode)).toEqual(Array.from(plain.restrictions.departNode));
    const other = readSectionFile(serializeGraph(sampleGraph(6)), GRAPH_MAGIC, [GRAPH_FORMAT_VERSION], 'region pack');
    expect(() => decodeGraphCore(other, { restrictions })).toThrow(/another region pack/);
  });

  test('counts are integers, and a count that is not one is refused as damage', () => {
    const loaded = graphFromBuffer(buffer);
    for (const count of [loaded.nodeCount, loaded.edgeCount, loaded.linkCount]) expect(Number.isInteger(count)).toBe(true);
    expect([loaded.nodeCount, loaded.edgeCount, loaded.linkCount]).toEqual([graph.nodeCount, graph.edgeCount, graph.linkCount]);
    const bad = buffer.slice(0);
    const meta = readSectionDirectory(bad, bad.byteLength, GRAPH_MAGIC, [GRAPH_FORMAT_VERSION], 'region pack').entries.get('META');
    if (meta === undefined) throw new Error('the file has no META section');
    new Float64Array(bad, meta.at, meta.length)[1] = 2.5;
    expect(() => graphFromBuffer(bad)).toThrow(RoadGraphError);
    expect(() => graphFromBuffer(bad)).toThrow(/damaged: its counts are invalid/);
  });
});
