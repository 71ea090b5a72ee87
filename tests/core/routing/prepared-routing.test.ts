/**
 * `prepareRouting` (what the router worker's helper derives from the routing inputs alone) against
 * what a router derives from the whole graph, for every built-in profile, on a seeded road grid
 * with oneways and turn restrictions: the same costs bit for bit, the same open links, the costs
 * in the stored reverse CSR's order, and the same routes once a router adopts them.
 */
import { describe, expect, test } from 'vitest';
import {
  buildRoadGraph, computeLandmarks, decodeRoutingInputs, graphFromBuffer, profileWeights, readSectionFile, serializeGraph, withLandmarks,
  GRAPH_FORMAT_VERSION, GRAPH_MAGIC,
} from '../../../src/core/graph';
import { LocalRouter } from '../../../src/core/routing/local-router';
import { linkOpenOf, prepareRouting, preparedRoutingBuffers } from '../../../src/core/routing/prepared-routing';
import type { RouteProfile, RouteResult } from '../../../src/core/routing/router';
import { syntheticRoadGrid } from '../graph/helpers/synthetic-road-grid';
import { mulberry32 } from '../graph/helpers/mulberry32';

const PROFILES: readonly RouteProfile[] = ['fastest', 'shortest', 'curvy', 'extra-curvy'];

describe('prepareRouting', () => {
  const input = syntheticRoadGrid({ side: 40, seed: 3, restrictions: 200, onewayFraction: 0.15 });
  const built = buildRoadGraph(input, { onSkippedRestriction: () => undefined });
  const buffer = serializeGraph(withLandmarks(built, [computeLandmarks(built, { count: 4 })]));
  const file = readSectionFile(buffer, GRAPH_MAGIC, [GRAPH_FORMAT_VERSION], 'region pack');
  const inputs = decodeRoutingInputs(file);
  // What the curvy profiles need beyond the routing inputs (in the reader's part of the pack).
  const curvyInputs = { ...inputs, linkClass: file.get('LCLS', Uint8Array), linkCurvature: file.get('LCRV', Float32Array) };

  test.each(PROFILES)('%s: costs and open links equal the whole-graph derivation', (profile) => {
    const graph = graphFromBuffer(buffer.slice(0));
    const prepared = prepareRouting(profile === 'fastest' || profile === 'shortest' ? inputs : curvyInputs, profile);
    const weights = profileWeights(graph, { profile }).weights;
    expect(Array.from(prepared.weights)).toEqual(Array.from(weights));
    expect(Array.from(prepared.linkOpen)).toEqual(Array.from(linkOpenOf(weights, graph.edgeLink, graph.linkCount)));
    expect(preparedRoutingBuffers(prepared)).toHaveLength(2);
  });

  test('the routing inputs alone (no link classes or curvature) serve fastest and shortest; curvy profiles say what they lack', () => {
    expect(Object.keys(inputs)).not.toContain('linkClass');
    expect(() => prepareRouting(inputs, 'curvy')).toThrow(/curvy costs need the link classes and curvature/);
    expect(() => prepareRouting(inputs, 'extra-curvy')).toThrow(/extra-curvy costs need/);
  });

  test('a router that adopts the prepared arrays routes exactly as one that derives them', () => {
    const adopted = new LocalRouter(graphFromBuffer(buffer.slice(0)));
    adopted.adoptPrepared(prepareRouting(inputs, 'fastest'));
    const plain = new LocalRouter(graphFromBuffer(buffer.slice(0)));
    const rand = mulberry32(4);
    const at = () => {
      const v = Math.floor(rand() * input.nodeLons.length);
      return [input.nodeLons[v] + 2e-5, input.nodeLats[v] + 1e-5] as [number, number];
    };
    let routed = 0;
    for (let q = 0; q < 40; q++) {
      const request = { waypoints: [at(), at()], profile: 'fastest' as const };
      let a: RouteResult;
      try {
        a = adopted.plan(request).result;
      } catch (error) {
        // Unroutable pairs (oneways, restrictions) fail the same way on both.
        expect(() => plain.plan(request)).toThrow((error as Error).message);
        continue;
      }
      const b = plain.plan(request).result;
      expect(Array.from(a.coords)).toEqual(Array.from(b.coords));
      expect(a.distanceMeters).toBe(b.distanceMeters);
      routed++;
    }
    expect(routed).toBeGreaterThan(30);
    expect(() => adopted.adoptPrepared({ ...prepareRouting(inputs, 'fastest'), weights: new Float32Array(2) })).toThrow(/another region pack/);
  });
});
