import { describe, expect, test } from 'vitest';
import {
  type EdgeWeights, type PathEndpoint, type RoadGraph, type SearchAlgorithm, type ShortestPathResult,
  NO_EDGE, RoadGraphError, RouteSearch, buildRoadGraph, computeLandmarks, edgeSource, linkEdges, profileWeights, shortestPath, withLandmarks,
} from '../../../src/core/graph';
import { mulberry32 } from './helpers/mulberry32';
import { referenceCost, turnAllowed } from './helpers/reference-router';
import { syntheticRoadGrid } from './helpers/synthetic-road-grid';

const VARIANTS: [SearchAlgorithm, boolean][] = [
  ['dijkstra', false], ['dijkstra', true], ['astar', false], ['astar', true], ['alt', false], ['alt', true],
];

function gridGraph(side: number, seed: number, restrictions: number, onewayFraction = 0.1): RoadGraph {
  const input = syntheticRoadGrid({ side, seed, restrictions, onewayFraction, highwayEvery: 7 });
  const graph = buildRoadGraph(input, { onSkippedRestriction: () => undefined });
  return withLandmarks(graph, computeLandmarks(graph, { count: 8, seed }));
}

/**
 * Why a found path is not drivable (not connected, not from a source to a target, a banned turn,
 * a cost that does not add up), or '' when it is. Plain checks rather than `expect` per edge: the
 * suites check over a million edges.
 */
function pathProblem(graph: RoadGraph, weights: EdgeWeights, result: ShortestPathResult, sources: PathEndpoint[], targets: PathEndpoint[]): string {
  const { edgePath, nodePath } = result;
  if (nodePath.length !== edgePath.length + 1) return `${nodePath.length} nodes for ${edgePath.length} edges`;
  const source = sources[result.sourceIndex], target = targets[result.targetIndex];
  if (source === undefined || target === undefined) return `endpoint indexes ${result.sourceIndex}, ${result.targetIndex}`;
  if (nodePath[0] !== source.node || nodePath[nodePath.length - 1] !== target.node) return 'path does not join its endpoints';
  let cost = source.cost ?? 0;
  for (let i = 0; i < edgePath.length; i++) {
    const e = edgePath[i];
    if (edgeSource(graph, e) !== nodePath[i] || graph.edgeTarget[e] !== nodePath[i + 1]) return `edge ${e} does not join nodes ${nodePath[i]} → ${nodePath[i + 1]}`;
    const arrival = i > 0 ? edgePath[i - 1] : source.edge;
    if (arrival !== undefined && !turnAllowed(graph, arrival, e)) return `banned turn ${arrival} → ${e}`;
    cost += weights.weights[e];
  }
  if (target.edge !== undefined) {
    const arrival = edgePath.length > 0 ? edgePath[edgePath.length - 1] : source.edge;
    if (arrival !== undefined && !turnAllowed(graph, arrival, target.edge)) return `banned final turn ${arrival} → ${target.edge}`;
  }
  cost += target.cost ?? 0;
  if (Math.abs(cost - result.cost) > 1e-6 * Math.max(1, cost)) return `edges add up to ${cost}, result says ${result.cost}`;
  return '';
}

function sameCost(actual: number, expected: number): boolean {
  return expected === Infinity ? actual === Infinity : Math.abs(actual - expected) <= 1e-9 * Math.max(1, expected);
}

/** Runs every variant on one query; returns its disagreements with `expected` and its invalid paths. */
function checkVariants(
  graph: RoadGraph, weights: EdgeWeights, sources: PathEndpoint[], targets: PathEndpoint[], expected: number,
  settled?: Map<string, number>,
): string[] {
  const problems: string[] = [];
  for (const [algorithm, bidirectional] of VARIANTS) {
    const result = shortestPath(graph, sources, targets, weights, { algorithm, bidirectional });
    const label = `${algorithm}${bidirectional ? ' (bidirectional)' : ''} ${JSON.stringify(sources)} → ${JSON.stringify(targets)}`;
    if (!sameCost(result.cost, expected)) problems.push(`${label}: cost ${result.cost}, expected ${expected}`);
    if (result.found !== (expected < Infinity)) problems.push(`${label}: found ${result.found}`);
    const problem = result.found ? pathProblem(graph, weights, result, sources, targets) : '';
    if (problem !== '') problems.push(`${label}: ${problem}`);
    if (settled !== undefined) settled.set(`${algorithm}-${bidirectional}`, (settled.get(`${algorithm}-${bidirectional}`) ?? 0) + result.settled);
  }
  return problems;
}

describe('shortestPath on seeded random road grids', () => {
  const graph = gridGraph(60, 11, 600);

  test('the graph under test has oneways and turn restrictions in force', () => {
    expect(graph.nodeCount).toBe(3600);
    expect(graph.restrictions.slotEdge.length).toBeGreaterThan(100);
    let oneway = 0;
    for (let l = 0; l < graph.linkCount; l++) {
      const { forward, backward } = linkEdges(graph, l);
      if ((forward === NO_EDGE) !== (backward === NO_EDGE)) oneway++;
    }
    expect(oneway).toBeGreaterThan(200);
  });

  test('Dijkstra, A* and ALT, one- and two-way, find identical costs on 3,000 random pairs (fastest)', () => {
    const weights = profileWeights(graph, { profile: 'fastest' });
    const rand = mulberry32(5);
    const settled = new Map<string, number>();
    const problems: string[] = [];
    let found = 0;
    for (let q = 0; q < 3000; q++) {
      const s = Math.floor(rand() * graph.nodeCount), t = Math.floor(rand() * graph.nodeCount);
      const oracle = shortestPath(graph, s, t, weights, { algorithm: 'dijkstra', bidirectional: false });
      if (oracle.found) found++;
      problems.push(...checkVariants(graph, weights, [{ node: s }], [{ node: t }], oracle.cost, settled));
    }
    expect(problems).toEqual([]);
    expect(found).toBeGreaterThan(2500);
    // The point of the heuristics: far less work than plain Dijkstra for the same answers.
    expect(settled.get('alt-true') as number).toBeLessThan(0.25 * (settled.get('dijkstra-false') as number));
    expect(settled.get('astar-false') as number).toBeLessThan(settled.get('dijkstra-false') as number);
  });

  test.each([
    ['shortest', []], ['curvy', []], ['extra-curvy', ['motorway']], ['fastest', ['toll', 'unpaved']],
  ] as const)('identical costs for the %s profile avoiding %j (excluded), 400 pairs', (profile, avoid) => {
    const weights = profileWeights(graph, { profile, avoid, avoidMode: 'exclude' });
    const rand = mulberry32(17);
    const problems: string[] = [];
    for (let q = 0; q < 400; q++) {
      const s = Math.floor(rand() * graph.nodeCount), t = Math.floor(rand() * graph.nodeCount);
      const oracle = shortestPath(graph, s, t, weights, { algorithm: 'dijkstra', bidirectional: false });
      problems.push(...checkVariants(graph, weights, [{ node: s }], [{ node: t }], oracle.cost));
    }
    expect(problems).toEqual([]);
  });

  test('a profile uses its own landmark table when the graph has one: same costs, far less work', () => {
    const twoTables = withLandmarks(graph, [graph.landmarks[0], computeLandmarks(graph, { count: 8, profile: 'curvy', seed: 11 })]);
    const curvy = profileWeights(graph, { profile: 'curvy' });
    const rand = mulberry32(29);
    const problems: string[] = [];
    let ownTable = 0, fastestTable = 0;
    for (let q = 0; q < 300; q++) {
      const s = Math.floor(rand() * graph.nodeCount), t = Math.floor(rand() * graph.nodeCount);
      const oracle = shortestPath(graph, s, t, curvy, { algorithm: 'dijkstra', bidirectional: false });
      problems.push(...checkVariants(twoTables, curvy, [{ node: s }], [{ node: t }], oracle.cost));
      ownTable += shortestPath(twoTables, s, t, curvy).settled;
      fastestTable += shortestPath(graph, s, t, curvy).settled;
    }
    expect(problems).toEqual([]);
    expect(ownTable).toBeLessThan(0.5 * fastestTable);
  });

  test('every active-landmark count gives the same costs', () => {
    const weights = profileWeights(graph);
    const rand = mulberry32(23);
    const wrong: string[] = [];
    for (let q = 0; q < 200; q++) {
      const s = Math.floor(rand() * graph.nodeCount), t = Math.floor(rand() * graph.nodeCount);
      const oracle = shortestPath(graph, s, t, weights, { algorithm: 'dijkstra' });
      for (const activeLandmarks of [1, 3, 8, 64]) {
        const cost = shortestPath(graph, s, t, weights, { algorithm: 'alt', activeLandmarks }).cost;
        if (!sameCost(cost, oracle.cost)) wrong.push(`${s} → ${t} with ${activeLandmarks}: ${cost} ≠ ${oracle.cost}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('shortestPath against an independent edge-based oracle', () => {
  // Small and dense with restrictions, so many queries cross a restricted junction.
  const graph = gridGraph(14, 3, 400, 0.2);
  const weights = profileWeights(graph, { profile: 'curvy' });

  test('node to node, 150 pairs', () => {
    expect(graph.restrictions.slotEdge.length).toBeGreaterThan(40);
    const rand = mulberry32(9);
    const problems: string[] = [];
    for (let q = 0; q < 150; q++) {
      const s = Math.floor(rand() * graph.nodeCount), t = Math.floor(rand() * graph.nodeCount);
      problems.push(...checkVariants(graph, weights, [{ node: s }], [{ node: t }], referenceCost(graph, weights.weights, [{ node: s }], [{ node: t }])));
    }
    expect(problems).toEqual([]);
  });

  test('several sources and targets with arrival/departure edges and costs, 150 queries', () => {
    const rand = mulberry32(10);
    const randomEndpoint = (role: 'source' | 'target'): PathEndpoint => {
      const e = Math.floor(rand() * graph.edgeCount);
      const node = role === 'source' ? graph.edgeTarget[e] : edgeSource(graph, e);
      return rand() < 0.3 ? { node, cost: rand() * 50 } : { node, cost: rand() * 50, edge: e };
    };
    const problems: string[] = [];
    for (let q = 0; q < 150; q++) {
      const sources = [randomEndpoint('source'), randomEndpoint('source')];
      const targets = [randomEndpoint('target'), randomEndpoint('target')];
      problems.push(...checkVariants(graph, weights, sources, targets, referenceCost(graph, weights.weights, sources, targets)));
    }
    expect(problems).toEqual([]);
  });
});

describe('shortestPath edge cases', () => {
  const graph = gridGraph(10, 1, 0);
  const weights = profileWeights(graph);

  test('source equal to target: cost of the endpoints, one-node path', () => {
    for (const [algorithm, bidirectional] of VARIANTS) {
      const r = shortestPath(graph, [{ node: 5, cost: 2 }], [{ node: 5, cost: 3 }], weights, { algorithm, bidirectional });
      expect(r).toMatchObject({ found: true, cost: 5, sourceIndex: 0, targetIndex: 0 });
      expect([...r.nodePath]).toEqual([5]);
      expect(r.edgePath.length).toBe(0);
    }
  });

  test('a target nobody can reach is not found, with every algorithm', () => {
    // Close every edge into node 0.
    const closed = new Float32Array(weights.weights);
    for (let e = 0; e < graph.edgeCount; e++) if (graph.edgeTarget[e] === 0) closed[e] = Infinity;
    const w = { ...weights, weights: closed };
    for (const [algorithm, bidirectional] of VARIANTS) {
      const r = shortestPath(graph, 55, 0, w, { algorithm, bidirectional });
      expect(r).toMatchObject({ found: false, cost: Infinity, sourceIndex: -1, targetIndex: -1 });
      expect(r.edgePath.length).toBe(0);
    }
  });

  test('maxSettled stops a search early and reports it as not found', () => {
    const r = shortestPath(graph, 0, 99, weights, { algorithm: 'dijkstra', maxSettled: 5 });
    expect(r.found).toBe(false);
    expect(r.settled).toBe(5);
  });

  test('bad requests throw messages that say what to fix', () => {
    expect(() => shortestPath(graph, -1, 3, weights)).toThrow(/node -1.*node ids run from 0 to 99/);
    expect(() => shortestPath(graph, 1.5, 3, weights)).toThrow(RoadGraphError);
    expect(() => shortestPath(graph, [], 3, weights)).toThrow(/No source given/);
    expect(() => shortestPath(graph, [{ node: 1, cost: -1 }], 3, weights)).toThrow(/cost -1/);
    expect(() => shortestPath(graph, [{ node: 1, edge: graph.firstEdge[1] }], 3, weights)).toThrow(/does not arrive at node 1/);
    expect(() => shortestPath(graph, 1, [{ node: 3, edge: graph.firstEdge[4] }], weights)).toThrow(/does not leave node 3/);
    const noLandmarks = withLandmarks(graph, null);
    expect(() => shortestPath(noLandmarks, 1, 3, weights, { algorithm: 'alt' })).toThrow(/ALT needs landmarks/);
    const other = gridGraph(9, 2, 0);
    expect(() => shortestPath(graph, 1, 3, profileWeights(other))).toThrow(/computed for another graph/);
    expect(() => shortestPath(graph, 1, 3, weights, { algorithm: 'bfs' as SearchAlgorithm })).toThrow(/Unknown search algorithm "bfs"/);
  });

  test('a RouteSearch reused for thousands of queries keeps giving fresh answers (epoch reset)', () => {
    const search = new RouteSearch(graph);
    const first = search.shortestPath(3, 77, weights);
    for (let i = 0; i < 2000; i++) search.shortestPath(i % 100, (i * 7) % 100, weights);
    expect(search.shortestPath(3, 77, weights)).toEqual(first);
  });
});
