import { describe, expect, test } from 'vitest';
import {
  LINK_DIRECTION, type RoadGraphInput, buildRoadGraph, compactChains, linkPolyline, profileWeights, shortestPath,
} from '../../../src/core/graph';
import { mulberry32 } from './helpers/mulberry32';
import { syntheticRoadGrid } from './helpers/synthetic-road-grid';

const { FORWARD, BACKWARD, BOTH } = LINK_DIRECTION;

/** A road A(0) – 1 – 2 – B(3) with a side road B – C(4) – D(5); positions along a line. */
function road(direction: number[] = [BOTH, BOTH, BOTH, BOTH, BOTH], speedKmh = [50, 50, 50, 60, 60], extra: Partial<RoadGraphInput> = {}): RoadGraphInput {
  return {
    nodeLons: [7.0, 7.001, 7.002, 7.003, 7.003, 7.003],
    nodeLats: [46, 46, 46, 46, 46.001, 46.002],
    links: { from: [0, 2, 2, 3, 4], to: [1, 1, 3, 4, 5], direction, speedKmh, shapeStart: [0, 0, 0, 1, 1, 1], shapeCoords: [7.0025, 46.0001] },
    ...extra,
  };
}

describe('compactChains', () => {
  test('folds nodes that join two similar links into one link with their positions as shape', () => {
    const { input, nodeIndex, linkIndex } = compactChains(road(), { nodeOrder: 'input' });
    // 0 –(1, 2 folded)– 3 at 50 km/h; 3 –(4 folded)– 5 at 60 km/h. Node 3 stays: the speed changes there.
    expect([...nodeIndex]).toEqual([0, -1, -1, 1, -1, 2]);
    expect([...linkIndex]).toEqual([0, 0, 0, 1, 1]);
    expect(input.links.from).toEqual([0, 1]);
    expect(input.links.to).toEqual([1, 2]);
    const graph = buildRoadGraph(input);
    expect([...linkPolyline(graph, 0)]).toEqual([7.0, 46, 7.001, 46, 7.002, 46, 7.0025, 46.0001, 7.003, 46]);
    expect([...linkPolyline(graph, 1)]).toEqual([7.003, 46, 7.003, 46.001, 7.003, 46.002]);
  });

  test('travels links backwards where they are drawn the other way, keeping oneways one-way', () => {
    // Link 1 is drawn 2 → 1: as a oneway=-1 it is driven 1 → 2, like the others are driven 0 → 1 → 2 → 3.
    const { input } = compactChains(road([FORWARD, BACKWARD, FORWARD, BOTH, BOTH]), { nodeOrder: 'input' });
    expect(input.links.from.length).toBe(2);
    expect(input.links.direction[0]).toBe(FORWARD);
    const graph = buildRoadGraph(input);
    const w = profileWeights(graph);
    expect(shortestPath(graph, 0, 1, w).found).toBe(true);
    expect(shortestPath(graph, 1, 0, w).found).toBe(false);
  });

  test('keeps nodes where the direction of travel changes', () => {
    // A oneway meets a two-way road at 1; two oneways meet head to head at 2.
    expect(compactChains(road([FORWARD, BOTH, BOTH, BOTH, BOTH]), { nodeOrder: 'input' }).nodeIndex[1]).toBeGreaterThanOrEqual(0);
    const headToHead = compactChains(road([FORWARD, FORWARD, FORWARD, BOTH, BOTH]), { nodeOrder: 'input' });
    expect(headToHead.nodeIndex[1]).toBeGreaterThanOrEqual(0); // 0 → 1 ← 2: link 1 is drawn 2 → 1 and driven that way
  });

  test('keeps via nodes of restrictions and nodes the caller asks for, and remaps restrictions', () => {
    const withRestriction = road(undefined, undefined, { restrictions: { fromLink: [0], viaNode: [1], toLink: [1], kind: [0] } });
    const a = compactChains(withRestriction, { nodeOrder: 'input' });
    expect(a.nodeIndex[1]).toBeGreaterThanOrEqual(0);
    expect(a.input.restrictions).toEqual({ fromLink: [a.linkIndex[0]], viaNode: [a.nodeIndex[1]], toLink: [a.linkIndex[1]], kind: [0] });
    const b = compactChains(road(), { keepNode: [0, 0, 1, 0, 0, 0], nodeOrder: 'input' });
    expect(b.nodeIndex[2]).toBeGreaterThanOrEqual(0);
    expect(b.nodeIndex[1]).toBe(-1);
  });

  test('a ring of foldable nodes becomes one loop link', () => {
    const ring: RoadGraphInput = {
      nodeLons: [7, 7.001, 7.001, 7], nodeLats: [46, 46, 46.001, 46.001],
      links: { from: [0, 1, 2, 3], to: [1, 2, 3, 0], direction: [BOTH, BOTH, BOTH, BOTH] },
    };
    const { input, nodeIndex } = compactChains(ring);
    expect(input.links.from.length).toBe(1);
    expect(input.links.from[0]).toBe(input.links.to[0]);
    expect(nodeIndex.filter((v) => v >= 0).length).toBe(1);
    const graph = buildRoadGraph(input);
    const side = (dLon: number, dLat: number) => Math.hypot(dLon * Math.cos((46.0005 * Math.PI) / 180), dLat) * (Math.PI / 180) * 6_371_008.8;
    expect(graph.linkLengthMeters[0]).toBeCloseTo(2 * side(0.001, 0) + 2 * side(0, 0.001), 0);
  });

  test('on a subdivided network it restores the junction graph: same links, same route costs', () => {
    const grid = syntheticRoadGrid({ side: 16, seed: 5, restrictions: 60, onewayFraction: 0.2 });
    const original = buildRoadGraph(grid, { onSkippedRestriction: () => undefined });
    // Split every link at its shape point (if any) and at two more points; the new nodes go after the grid's.
    const lons = [...grid.nodeLons], lats = [...grid.nodeLats];
    const from: number[] = [], to: number[] = [], direction: number[] = [], speedKmh: number[] = [], curvature: number[] = [], flags: number[] = [], roadClass: number[] = [];
    const pieceAt: number[][] = [];
    const { links } = grid;
    for (let l = 0; l < links.from.length; l++) {
      const points: number[] = [links.from[l]];
      const a = links.from[l], b = links.to[l];
      const shape: [number, number][] = [];
      for (let p = links.shapeStart[l]; p < links.shapeStart[l + 1]; p++) shape.push([links.shapeCoords[2 * p], links.shapeCoords[2 * p + 1]]);
      const corners: [number, number][] = [[lons[a], lats[a]], ...shape, [lons[b], lats[b]]];
      for (let k = 0; k + 1 < corners.length; k++) {
        for (const t of k === 0 ? [0, 1 / 3, 2 / 3] : [0]) {
          if (k === 0 && t === 0) continue;
          lons.push(corners[k][0] + (corners[k + 1][0] - corners[k][0]) * t);
          lats.push(corners[k][1] + (corners[k + 1][1] - corners[k][1]) * t);
          points.push(lons.length - 1);
        }
      }
      points.push(b);
      const pieces: number[] = [];
      for (let k = 0; k + 1 < points.length; k++) {
        pieces.push(from.length);
        from.push(points[k]); to.push(points[k + 1]);
        direction.push(links.direction[l]); speedKmh.push(links.speedKmh[l]); flags.push(links.flags[l]); roadClass.push(links.roadClass[l]);
        curvature.push(links.curvature[l] / (points.length - 1));
      }
      pieceAt.push(pieces);
    }
    const pieceTouching = (l: number, node: number) => (links.from[l] === node ? pieceAt[l][0] : pieceAt[l][pieceAt[l].length - 1]);
    const r = grid.restrictions;
    const split: RoadGraphInput = {
      nodeLons: lons, nodeLats: lats,
      links: { from, to, direction, speedKmh, flags, curvature, roadClass },
      restrictions: {
        fromLink: r.fromLink.map((l, i) => pieceTouching(l, r.viaNode[i])), viaNode: r.viaNode,
        toLink: r.toLink.map((l, i) => pieceTouching(l, r.viaNode[i])), kind: r.kind,
      },
    };
    const compacted = compactChains(split);
    const graph = buildRoadGraph(compacted.input, { onSkippedRestriction: () => undefined });
    // The same as compacting the grid itself (where a few grid nodes also join just two similar links).
    const direct = buildRoadGraph(compactChains(grid).input, { onSkippedRestriction: () => undefined });
    expect(graph.linkCount).toBe(direct.linkCount);
    expect(graph.nodeCount).toBe(direct.nodeCount);
    expect(graph.nodeCount).toBeGreaterThan(0.9 * original.nodeCount);
    expect(graph.restrictions.fromEdge.length).toBe(original.restrictions.fromEdge.length);
    expect(split.links.from.length).toBeGreaterThan(3 * original.linkCount);

    // Fastest costs are unchanged by compaction; curvy ones match compacting the grid directly
    // (merging sums curvature over the merged length, see the module comment).
    const directIndex = compactChains(grid).nodeIndex;
    const rand = mulberry32(3);
    const wrong: string[] = [];
    for (const [profile, reference, index] of [['fastest', original, null], ['curvy', direct, directIndex]] as const) {
      const w0 = profileWeights(reference, { profile }), w1 = profileWeights(graph, { profile });
      for (let q = 0; q < 200; q++) {
        const s = Math.floor(rand() * original.nodeCount), t = Math.floor(rand() * original.nodeCount);
        if (compacted.nodeIndex[s] < 0 || compacted.nodeIndex[t] < 0) continue;
        const [rs, rt] = index === null ? [s, t] : [index[s], index[t]];
        const expected = shortestPath(reference, rs, rt, w0, { algorithm: 'dijkstra' });
        const got = shortestPath(graph, compacted.nodeIndex[s], compacted.nodeIndex[t], w1, { algorithm: 'dijkstra' });
        if (Math.abs(got.cost - expected.cost) > 1e-5 * Math.max(1, expected.cost) || got.found !== expected.found) {
          wrong.push(`${profile} ${s} → ${t}: ${got.cost} vs ${expected.cost}`);
        }
        if (Math.abs(got.distanceMeters - expected.distanceMeters) > 1e-3 * Math.max(1, expected.distanceMeters)) wrong.push(`${profile} ${s} → ${t}: ${got.distanceMeters} m vs ${expected.distanceMeters} m`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('spatial order renumbers nodes so that linked nodes get nearby ids, whatever the input order', () => {
    // A grid whose node ids are shuffled, as OSM ids roughly are.
    const grid = syntheticRoadGrid({ side: 40, seed: 9 });
    const n = grid.nodeLons.length, rand = mulberry32(4);
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [perm[i], perm[j]] = [perm[j], perm[i]]; }
    const lons = new Float64Array(n), lats = new Float64Array(n);
    perm.forEach((to, from) => { lons[to] = grid.nodeLons[from]; lats[to] = grid.nodeLats[from]; });
    const shuffled: RoadGraphInput = { nodeLons: lons, nodeLats: lats, links: { ...grid.links, from: Array.from(grid.links.from, (v) => perm[v]), to: Array.from(grid.links.to, (v) => perm[v]) } };
    const spatial = compactChains(shuffled), inOrder = compactChains(shuffled, { nodeOrder: 'input' });
    const ids = [...spatial.nodeIndex].filter((v) => v >= 0).sort((a, b) => a - b);
    expect(ids).toEqual(ids.map((_, i) => i)); // a bijection onto 0..k-1
    expect([...spatial.nodeIndex].map((v) => v >= 0)).toEqual([...inOrder.nodeIndex].map((v) => v >= 0)); // same nodes fold
    const meanGap = (input: RoadGraphInput) => {
      let sum = 0;
      for (let l = 0; l < input.links.from.length; l++) sum += Math.abs(input.links.from[l] - input.links.to[l]);
      return sum / input.links.from.length;
    };
    expect(meanGap(spatial.input)).toBeLessThan(0.1 * meanGap(inOrder.input));
  });

  test('bad input is refused with a message', () => {
    expect(() => compactChains(road(), { keepNode: [1] })).toThrow(/keepNode has 1 entries; give one per node \(6\)/);
    expect(() => compactChains({ ...road(), links: { from: [0], to: [9], direction: [3] } })).toThrow(/Link 0 joins nodes 0 and 9/);
    expect(() => compactChains(road(), { nodeOrder: 'random' as 'input' })).toThrow(/Unknown nodeOrder "random"/);
  });
});
