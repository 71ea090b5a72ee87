import { describe, expect, test } from 'vitest';
import {
  LANDMARK_SLACK_QUANTA, LANDMARK_UNREACHABLE, type RoadGraph, buildRoadGraph, computeLandmarks, planeKx, planeMetersE7, planeScale, profileWeights,
  quantizeLandmarkDistances, shortestPath, travelTimeWeights, withLandmarks,
} from '../../../src/core/graph';
import { mulberry32 } from './helpers/mulberry32';
import { syntheticRoadGrid } from './helpers/synthetic-road-grid';

describe('computeLandmarks', () => {
  const graph = buildRoadGraph(syntheticRoadGrid({ side: 30, seed: 41, onewayFraction: 0.15 }));
  const table = computeLandmarks(graph, { count: 8, seed: 3 });
  const withLm = withLandmarks(graph, table);
  const time = profileWeights(graph);
  /** A stored value in quanta, Infinity for "no path" (as the search reads it). */
  const quanta = (q: number) => (q === LANDMARK_UNREACHABLE ? Infinity : q);

  test('stores travel times to and from each landmark, rounded down to 16-bit quanta of 1/65534 of the largest', () => {
    expect(table.profile).toBe('fastest');
    expect(table.distances).toBeInstanceOf(Uint16Array);
    let largest = 0;
    for (const q of table.distances) if (q !== LANDMARK_UNREACHABLE && q > largest) largest = q;
    expect(largest).toBe(LANDMARK_UNREACHABLE - 1);
    const rand = mulberry32(6);
    for (let l = 0; l < table.count; l++) {
      for (let k = 0; k < 25; k++) {
        const v = Math.floor(rand() * graph.nodeCount);
        const from = shortestPath(graph, table.nodes[l], v, time, { algorithm: 'dijkstra', bidirectional: false }).cost;
        const to = shortestPath(graph, v, table.nodes[l], time, { algorithm: 'dijkstra', bidirectional: false }).cost;
        for (const [stored, exact] of [[table.distances[(v * table.count + l) * 2], from], [table.distances[(v * table.count + l) * 2 + 1], to]]) {
          expect(stored * table.unit).toBeLessThanOrEqual(exact * (1 + 1e-6));
          expect(exact).toBeLessThan((stored + 1.01) * table.unit);
        }
      }
    }
    expect(travelTimeWeights(graph)).toEqual(time.weights);
  });

  test('quantizing keeps "no path", rounds down, and gives the largest cost the top quantum', () => {
    // The largest cost 65534 × 0.25: a quantum of 0.25 exactly.
    const { distances, unit } = quantizeLandmarkDistances(new Float64Array([0, 10, Infinity, 16383.5, 3.3, NaN, 16383.4]));
    expect(unit).toBe(0.25);
    expect([...distances]).toEqual([0, 40, LANDMARK_UNREACHABLE, LANDMARK_UNREACHABLE - 1, 13, LANDMARK_UNREACHABLE, LANDMARK_UNREACHABLE - 2]);
    // A table of zeros (one node) still has a positive quantum.
    expect(quantizeLandmarkDistances(new Float64Array(4)).unit).toBe(1);
  });

  test('both selections give distinct landmarks whose bounds recover most of the true travel time', () => {
    for (const selection of ['farthest', 'avoid'] as const) {
      const t = selection === 'farthest' ? table : computeLandmarks(graph, { count: 8, seed: 3, selection });
      expect(new Set(t.nodes).size).toBe(8);
      const rand = mulberry32(12);
      let ratio = 0, planeRatio = 0, pairs = 0;
      const kx = planeKx(graph);
      for (let q = 0; q < 200; q++) {
        const s = Math.floor(rand() * graph.nodeCount), g = Math.floor(rand() * graph.nodeCount);
        const truth = shortestPath(graph, s, g, time, { algorithm: 'dijkstra' }).cost;
        if (!(truth > 0 && truth < Infinity)) continue;
        let bound = 0;
        for (let l = 0; l < 8; l++) {
          const a = (quanta(t.distances[(g * 8 + l) * 2]) - quanta(t.distances[(s * 8 + l) * 2])) * t.unit;
          const b = (quanta(t.distances[(s * 8 + l) * 2 + 1]) - quanta(t.distances[(g * 8 + l) * 2 + 1])) * t.unit;
          if (a > bound) bound = a;
          if (b > bound) bound = b;
        }
        const c = graph.nodeCoordsE7;
        ratio += Math.min(bound, truth) / truth;
        planeRatio += (planeScale(graph, time) * planeMetersE7(kx, c[2 * s] - c[2 * g], c[2 * s + 1] - c[2 * g + 1])) / truth;
        pairs++;
      }
      // Landmarks must bound far better than the straight line at top speed (what A* uses).
      expect(ratio / pairs, selection).toBeGreaterThan(0.8);
      expect(ratio / pairs - planeRatio / pairs, selection).toBeGreaterThan(0.15);
    }
  });

  test('every landmark bound is a lower bound of the true travel time, and a tight one', () => {
    const rand = mulberry32(8);
    const L = table.count, D = table.distances;
    let tightest = Infinity;
    for (let q = 0; q < 300; q++) {
      const s = Math.floor(rand() * graph.nodeCount), t = Math.floor(rand() * graph.nodeCount);
      const truth = shortestPath(graph, s, t, time, { algorithm: 'dijkstra' }).cost;
      for (let l = 0; l < L; l++) {
        const a = quanta(D[(t * L + l) * 2]) - quanta(D[(s * L + l) * 2]);
        const b = quanta(D[(s * L + l) * 2 + 1]) - quanta(D[(t * L + l) * 2 + 1]);
        const bound = (Math.max(a, b) - LANDMARK_SLACK_QUANTA) * table.unit;
        expect(bound).toBeLessThanOrEqual(truth);
        if (truth > 0 && truth < Infinity) tightest = Math.min(tightest, truth - bound);
      }
    }
    // Somewhere a landmark lies on the shortest path: the bound is then within the slack (≈ 2 quanta).
    expect(tightest).toBeLessThan(2.1 * table.unit);
  });

  test('the same seed gives the same table', () => {
    expect(computeLandmarks(graph, { count: 8, seed: 3 })).toEqual(table);
  });

  test('an unreachable island is recognised at once by the landmark bounds', () => {
    // Two separate grids: the second is the first shifted east, with no link between them.
    const a = syntheticRoadGrid({ side: 20, seed: 1 });
    const b = syntheticRoadGrid({ side: 5, seed: 2, originLon: 3 });
    const na = a.nodeLons.length;
    const la = a.links, lb = b.links;
    const islands: RoadGraph = buildRoadGraph({
      nodeLons: [...a.nodeLons, ...b.nodeLons], nodeLats: [...a.nodeLats, ...b.nodeLats],
      links: {
        from: [...la.from, ...[...lb.from].map((v) => v + na)], to: [...la.to, ...[...lb.to].map((v) => v + na)],
        direction: [...la.direction, ...lb.direction],
      },
    });
    const lm = withLandmarks(islands, computeLandmarks(islands, { count: 4 }));
    // All landmarks sit on the big island.
    expect([...lm.landmarks[0].nodes].every((v) => v < na)).toBe(true);
    const w = profileWeights(lm);
    const r = shortestPath(lm, 0, na + 3, w);
    expect(r.found).toBe(false);
    expect(r.settled).toBeLessThan(5);
    expect(shortestPath(lm, na, na + 20, w).found).toBe(true);
  });

  test('bad options and empty graphs are refused', () => {
    expect(() => computeLandmarks(graph, { selection: 'random' as 'avoid' })).toThrow(/Unknown landmark selection "random"; use avoid or farthest/);
    expect(() => computeLandmarks(graph, { count: 0 })).toThrow(/Landmark count 0 is out of range; use 1..64/);
    expect(() => computeLandmarks(graph, { count: 65 })).toThrow(/out of range/);
    const empty = buildRoadGraph({ nodeLons: [], nodeLats: [], links: { from: [], to: [], direction: [] } });
    expect(() => computeLandmarks(empty)).toThrow(/empty graph/);
    expect(() => withLandmarks(empty, table)).toThrow(/computed for a graph of 900 nodes, not 0/);
    expect(withLm.landmarks).toEqual([table]);
    expect(() => withLandmarks(graph, [table, table])).toThrow(/same profile/);
  });
});
