/**
 * The graph layer on real topology: Andorra's road network from ../shared/data/osm/andorra.osm.pbf
 * (© OpenStreetMap contributors, ODbL), one link per way segment, compacted, with landmarks.
 */
import { describe, expect, test } from 'vitest';
import {
  LINK_DIRECTION, NO_EDGE, buildRoadGraph, compactChains, computeLandmarks, graphFromBuffer, linkNameAndRef, nearestEdge,
  profileWeights, serializeGraph, shortestPath, snapEndpoints, withLandmarks,
} from '../../../src/core/graph';
import { mulberry32 } from './helpers/mulberry32';
import { osmRoadInput, sharedDataFile } from './helpers/osm-road-input';

const PORT_D_ENVALIRA = [1.71938, 42.54018] as const;
const COLL_D_ORDINO = [1.57229, 42.55606] as const;

describe('Andorra road network', () => {
  const roads = osmRoadInput(sharedDataFile('osm/andorra.osm.pbf'));
  const segments = buildRoadGraph(roads.input, { onSkippedRestriction: () => undefined });
  const compacted = compactChains(roads.input);
  const built = buildRoadGraph(compacted.input, { onSkippedRestriction: () => undefined });
  const graph = withLandmarks(built, [computeLandmarks(built, { count: 8 }), computeLandmarks(built, { count: 8, profile: 'curvy' })]);

  test('compaction folds most way nodes; oneways survive', () => {
    expect(segments.nodeCount).toBeGreaterThan(10_000);
    expect(graph.nodeCount).toBeLessThan(segments.nodeCount / 3);
    let oneway = 0;
    for (let l = 0; l < compacted.input.links.from.length; l++) if (compacted.input.links.direction[l] !== LINK_DIRECTION.BOTH) oneway++;
    expect(oneway).toBeGreaterThan(50);
  });

  test('ALT on the compacted graph finds the costs of Dijkstra on the raw segments, 300 pairs × 2 profiles', () => {
    const kept: number[] = [];
    compacted.nodeIndex.forEach((v, old) => { if (v >= 0) kept.push(old); });
    const rand = mulberry32(1);
    const wrong: string[] = [];
    let found = 0;
    for (const profile of ['fastest', 'curvy'] as const) {
      const raw = profileWeights(segments, { profile }), packed = profileWeights(graph, { profile });
      for (let q = 0; q < 300; q++) {
        const s = kept[Math.floor(rand() * kept.length)], t = kept[Math.floor(rand() * kept.length)];
        const expected = shortestPath(segments, s, t, raw, { algorithm: 'dijkstra', bidirectional: false });
        for (const bidirectional of [false, true]) {
          const got = shortestPath(graph, compacted.nodeIndex[s], compacted.nodeIndex[t], packed, { algorithm: 'alt', bidirectional });
          if (got.found !== expected.found || Math.abs(got.cost - expected.cost) > 1e-5 * Math.max(1, expected.cost)) {
            wrong.push(`${profile} ${roads.osmNodeIds[s]} → ${roads.osmNodeIds[t]}: ${got.cost} vs ${expected.cost}`);
          }
        }
        if (expected.found) found++;
      }
    }
    expect(wrong).toEqual([]);
    expect(found).toBeGreaterThan(300); // most pairs connect (a few service roads are islands)
  });

  test('the passes snap onto the main roads over them', () => {
    const envalira = nearestEdge(graph, ...PORT_D_ENVALIRA);
    const ordino = nearestEdge(graph, ...COLL_D_ORDINO);
    expect(envalira?.distanceMeters).toBeLessThan(60);
    expect(ordino?.distanceMeters).toBeLessThan(60);
    expect(linkNameAndRef(graph, envalira!.link).ref).toMatch(/CG-2/);
    expect(envalira!.forwardEdge !== NO_EDGE || envalira!.backwardEdge !== NO_EDGE).toBe(true);
  });

  test('a drive from Coll d’Ordino to Port d’Envalira, snapped to the roads', () => {
    const from = nearestEdge(graph, ...COLL_D_ORDINO)!, to = nearestEdge(graph, ...PORT_D_ENVALIRA)!;
    for (const profile of ['fastest', 'curvy'] as const) {
      const w = profileWeights(graph, { profile });
      const sources = snapEndpoints(graph, from, w, 'source'), targets = snapEndpoints(graph, to, w, 'target');
      const alt = shortestPath(graph, sources, targets, w);
      const dijkstra = shortestPath(graph, sources, targets, w, { algorithm: 'dijkstra', bidirectional: false });
      expect(alt.found).toBe(true);
      expect(alt.cost).toBeCloseTo(dijkstra.cost, 6);
      // Down to Canillo and up the CG-2: roughly 20–35 km by road.
      expect(alt.distanceMeters).toBeGreaterThan(15_000);
      expect(alt.distanceMeters).toBeLessThan(45_000);
      expect(alt.settled).toBeLessThan(dijkstra.settled);
    }
  });

  test('the pack round-trips through a buffer with the same answers', () => {
    const loaded = graphFromBuffer(serializeGraph(graph));
    const w0 = profileWeights(graph), w1 = profileWeights(loaded);
    const rand = mulberry32(5);
    for (let q = 0; q < 50; q++) {
      const s = Math.floor(rand() * graph.nodeCount), t = Math.floor(rand() * graph.nodeCount);
      expect(shortestPath(loaded, s, t, w1)).toEqual(shortestPath(graph, s, t, w0));
    }
  });
});
