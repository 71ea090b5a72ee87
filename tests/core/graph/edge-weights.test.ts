import { describe, expect, test } from 'vitest';
import {
  EDGE_LINK_MASK, type EdgeWeights, LINK_FLAG, ROAD_CLASS, type RoadGraph, RoadGraphError, buildRoadGraph, edgeSource, finishEdgeWeights,
  landmarkScale, linkEdges, planeKx, planeMetersE7, planeScale, profileWeights, weightsFromLinkCosts,
} from '../../../src/core/graph';
import { smallGraph } from './helpers/small-graph';
import { syntheticRoadGrid } from './helpers/synthetic-road-grid';

/** The lower-bound contracts of EdgeWeights, checked edge by edge; returns the edges that break them. */
function boundViolations(graph: RoadGraph, weights: EdgeWeights): string[] {
  const kx = planeKx(graph);
  const bad: string[] = [];
  for (const metricProfile of ['fastest', 'curvy', 'extra-curvy'] as const) {
    const metric = profileWeights(graph, { profile: metricProfile }).weights;
    const alpha = landmarkScale(graph, weights, metricProfile);
    if (!(alpha > 0)) bad.push(`α against ${metricProfile} is ${alpha}`);
    for (let e = 0; e < graph.edgeCount; e++) {
      const w = weights.weights[e];
      if (w < Infinity && w < alpha * metric[e]) bad.push(`edge ${e}: ${w} < α × ${metric[e]} (${metricProfile})`);
    }
  }
  for (let e = 0; e < graph.edgeCount; e++) {
    const w = weights.weights[e];
    if (w === Infinity) continue;
    const u = edgeSource(graph, e), v = graph.edgeTarget[e];
    const plane = planeMetersE7(kx, graph.nodeCoordsE7[2 * u] - graph.nodeCoordsE7[2 * v], graph.nodeCoordsE7[2 * u + 1] - graph.nodeCoordsE7[2 * v + 1]);
    if (w < planeScale(graph, weights) * plane) bad.push(`edge ${e}: ${w} < β × ${plane} m`);
  }
  return bad;
}

describe('profileWeights', () => {
  const graph = buildRoadGraph(syntheticRoadGrid({ side: 40, seed: 31 }));

  test('fastest is travel time, shortest is length', () => {
    const fastest = profileWeights(graph, { profile: 'fastest' });
    const shortest = profileWeights(graph, { profile: 'shortest' });
    for (let e = 0; e < graph.edgeCount; e += 13) {
      const l = graph.edgeLink[e] & EDGE_LINK_MASK;
      expect(fastest.weights[e]).toBeCloseTo(graph.linkLengthMeters[l] / (graph.linkSpeedKmh[l] / 3.6), 3);
      expect(shortest.weights[e]).toBeCloseTo(graph.linkLengthMeters[l], 2);
    }
    expect(landmarkScale(graph, fastest, 'fastest')).toBeCloseTo(1, 8);
    // Shortest: the plane bound is nearly tight (β ≈ 1); the time bound is only the slowest speed in m/s.
    expect(planeScale(graph, shortest)).toBeGreaterThan(0.95);
    expect(planeScale(graph, shortest)).toBeLessThanOrEqual(1);
    expect(landmarkScale(graph, shortest, 'fastest')).toBeCloseTo(47 / 3.6, 0);
  });

  test.each(['fastest', 'shortest', 'curvy', 'extra-curvy'] as const)('%s weights respect their lower-bound scales on every edge', (profile) => {
    for (const avoid of [[], ['motorway', 'toll'], ['unpaved']] as const) {
      const weights = profileWeights(graph, { profile, avoid });
      expect(boundViolations(graph, weights)).toEqual([]);
      expect(planeScale(graph, weights)).toBeGreaterThan(0);
      // Against its own table a profile keeps α = 1, whatever it avoids: measured on custom costs equal to it.
      if (profile !== 'shortest') {
        expect(landmarkScale(graph, weights, profile)).toBe(1);
        expect(landmarkScale(graph, finishEdgeWeights(graph, weights.weights), profile)).toBeCloseTo(1, 8);
      }
    }
  });

  test('curvy profiles discount winding roads and cost fast straight ones more', () => {
    const nodes: [number, number][] = [[7, 46], [7.01, 46], [7.02, 46], [7.03, 46]];
    const g = smallGraph(nodes, [
      { from: 0, to: 1, lengthMeters: 1000, speedKmh: 60, roadClass: ROAD_CLASS.TERTIARY, curvature: 0 },
      { from: 1, to: 2, lengthMeters: 1000, speedKmh: 60, roadClass: ROAD_CLASS.TERTIARY, curvature: 1000 },
      { from: 2, to: 3, lengthMeters: 1000, speedKmh: 60, roadClass: ROAD_CLASS.MOTORWAY, curvature: 0 },
    ]);
    const w = (profile: 'fastest' | 'curvy' | 'extra-curvy', link: number) => profileWeights(g, { profile }).weights[linkEdges(g, link).forward];
    expect(w('fastest', 0)).toBeCloseTo(60, 3);
    expect(w('curvy', 1)).toBeCloseTo(30, 3); // fully winding: half price
    expect(w('extra-curvy', 1)).toBeCloseTo(15, 3);
    expect(w('curvy', 0)).toBeCloseTo(60, 3);
    const curvy = profileWeights(g, { profile: 'curvy' }), extra = profileWeights(g, { profile: 'extra-curvy' });
    const motorwayEdge = linkEdges(g, 2).forward;
    expect(curvy.weights[motorwayEdge]).toBeCloseTo(120, 3);
    expect(extra.weights[motorwayEdge]).toBeCloseTo(240, 3);
    expect(landmarkScale(g, curvy, 'fastest')).toBeCloseTo(0.5, 6);
    expect(landmarkScale(g, extra, 'fastest')).toBeCloseTo(0.25, 6);
    expect(landmarkScale(g, extra, 'curvy')).toBeCloseTo(0.5, 6);
    expect(landmarkScale(g, curvy, 'curvy')).toBeCloseTo(1, 8);
  });

  test('avoid penalises by default, or closes the edge; destination-only roads cost more', () => {
    const nodes: [number, number][] = [[7, 46], [7.01, 46], [7.02, 46]];
    const g = smallGraph(nodes, [
      { from: 0, to: 1, lengthMeters: 1000, speedKmh: 36, flags: LINK_FLAG.TOLL | LINK_FLAG.FERRY },
      { from: 1, to: 2, lengthMeters: 1000, speedKmh: 36, flags: LINK_FLAG.DESTINATION_ONLY },
    ]);
    const e0 = g.firstEdge[0], e1 = g.firstEdge[1] + 1; // 0 → 1, then 1 → 2 (after 1 → 0)
    expect(g.edgeTarget[e1]).toBe(2);
    expect(profileWeights(g).weights[e0]).toBeCloseTo(100, 4);
    expect(profileWeights(g, { avoid: ['toll'] }).weights[e0]).toBeCloseTo(1000, 3);
    expect(profileWeights(g, { avoid: ['ferry'], avoidPenalty: 3 }).weights[e0]).toBeCloseTo(300, 3);
    expect(profileWeights(g, { avoid: ['toll'], avoidMode: 'exclude' }).weights[e0]).toBe(Infinity);
    expect(profileWeights(g, { avoid: ['motorway', 'unpaved'] }).weights[e0]).toBeCloseTo(100, 4);
    expect(profileWeights(g).weights[e1]).toBeCloseTo(400, 3);
  });

  test('custom link costs get their scales measured too', () => {
    const costs = new Float64Array(graph.linkCount);
    for (let l = 0; l < graph.linkCount; l++) costs[l] = graph.linkLengthMeters[l] * (1 + (l % 3));
    const weights = weightsFromLinkCosts(graph, costs);
    expect(boundViolations(graph, weights)).toEqual([]);
  });

  test('bad profiles and costs throw messages that say what to use', () => {
    expect(() => profileWeights(graph, { profile: 'scenic' as 'curvy' })).toThrow(/Unknown routing profile "scenic"; use fastest, shortest, curvy or extra-curvy/);
    expect(() => profileWeights(graph, { avoid: ['gravel' as 'unpaved'] })).toThrow(/Unknown avoid option "gravel"/);
    expect(() => profileWeights(graph, { avoid: ['toll'], avoidPenalty: 0.5 })).toThrow(/avoidPenalty is 0.5; it must be ≥ 1/);
    expect(() => weightsFromLinkCosts(graph, [1, 2])).toThrow(/Got 2 link costs for/);
    const negative = new Float32Array(graph.edgeCount);
    negative[5] = -1;
    expect(() => finishEdgeWeights(graph, negative)).toThrow(RoadGraphError);
    expect(() => finishEdgeWeights(graph, negative)).toThrow(/Edge 5 has cost -1/);
  });
});
