import { describe, expect, test } from 'vitest';
import {
  DEFAULT_SPEED_KMH, EDGE_REVERSED, LINK_DIRECTION, LINK_FLAG, NO_EDGE, ROAD_CLASS, RoadGraphError, buildRoadGraph,
  edgePolyline, edgeSource, incomingEdges, isEdgeReversed, linkEdges, linkNameAndRef, linkPolyline, nearestEdge, nodeLat, nodeLon,
  profileWeights, shortestPath,
} from '../../../src/core/graph';
import { haversineMeters } from '../../../src/core/geometry/earth';
import { mulberry32 } from './helpers/mulberry32';
import { smallGraph } from './helpers/small-graph';
import { syntheticRoadGrid } from './helpers/synthetic-road-grid';

describe('buildRoadGraph', () => {
  // 0 ─ 1 ─ 2 in a row, 3 below 1. Link 1: 1 → 2 one-way; link 2: 3 → 1 oneway=-1 (so 1 → 3 only).
  const nodes: [number, number][] = [[7.0, 46.0], [7.01, 46.0], [7.02, 46.0], [7.01, 45.99]];
  const graph = smallGraph(nodes, [
    { from: 0, to: 1, roadClass: ROAD_CLASS.PRIMARY, speedKmh: 80, name: 1, ref: 2, shape: [[7.005, 46.001]] },
    { from: 1, to: 2, direction: LINK_DIRECTION.FORWARD, flags: LINK_FLAG.TOLL | LINK_FLAG.TUNNEL },
    { from: 3, to: 1, direction: LINK_DIRECTION.BACKWARD, curvature: 123.5, name: 3 },
  ], [], ['', 'Carretera General', 'CG-1', 'Carrer Major']);

  test('resolves directions into directed edges, sorted by source (CSR)', () => {
    expect(graph.nodeCount).toBe(4);
    expect(graph.linkCount).toBe(3);
    expect(graph.edgeCount).toBe(4); // 0↔1 two ways, 1→2, 1→3
    expect([...graph.firstEdge]).toEqual([0, 1, 4, 4, 4]);
    const out = (u: number) => [...graph.edgeTarget.subarray(graph.firstEdge[u], graph.firstEdge[u + 1])];
    expect(out(0)).toEqual([1]);
    expect(out(1).sort()).toEqual([0, 2, 3]);
    expect(out(2)).toEqual([]);
    expect(out(3)).toEqual([]);
  });

  test('edges know their link and orientation; links know their edges', () => {
    const l0 = linkEdges(graph, 0), l1 = linkEdges(graph, 1), l2 = linkEdges(graph, 2);
    expect(graph.edgeTarget[l0.forward]).toBe(1);
    expect(graph.edgeTarget[l0.backward]).toBe(0);
    expect(isEdgeReversed(graph, l0.backward)).toBe(true);
    expect(graph.edgeLink[l0.backward]).toBe((0 | EDGE_REVERSED) >>> 0);
    expect(l1.backward).toBe(NO_EDGE);
    expect(l2.forward).toBe(NO_EDGE); // oneway=-1: only 1 → 3
    expect(edgeSource(graph, l2.backward)).toBe(1);
    expect(graph.edgeTarget[l2.backward]).toBe(3);
  });

  test('keeps attributes per link, with class default speeds and measured lengths', () => {
    expect(graph.linkClass[0]).toBe(ROAD_CLASS.PRIMARY);
    expect(graph.linkSpeedKmh[0]).toBe(80);
    expect(graph.linkFlags[1]).toBe(LINK_FLAG.TOLL | LINK_FLAG.TUNNEL);
    expect(graph.linkCurvature[2]).toBeCloseTo(123.5, 3);
    expect(linkNameAndRef(graph, 0)).toEqual({ name: 'Carretera General', ref: 'CG-1' });
    expect(linkNameAndRef(graph, 1)).toEqual({ name: '', ref: '' });
    expect(linkNameAndRef(graph, 2)).toEqual({ name: 'Carrer Major', ref: '' });
    // Length along the shape point, not the chord.
    const viaShape = haversineMeters(7.0, 46.0, 7.005, 46.001) + haversineMeters(7.005, 46.001, 7.01, 46.0);
    expect(graph.linkLengthMeters[0]).toBeCloseTo(viaShape, 1);
    expect(graph.linkLengthMeters[0]).toBeGreaterThan(haversineMeters(7.0, 46.0, 7.01, 46.0));
    const defaults = buildRoadGraph({ nodeLons: [7, 7.001], nodeLats: [46, 46], links: { from: [0], to: [1], direction: [3], roadClass: [ROAD_CLASS.TRACK] } });
    expect(defaults.linkSpeedKmh[0]).toBe(DEFAULT_SPEED_KMH[ROAD_CLASS.TRACK]);
  });

  test('stores coordinates at 1e-7 degree and returns polylines in driving order', () => {
    expect(nodeLon(graph, 1)).toBeCloseTo(7.01, 7);
    expect(nodeLat(graph, 3)).toBeCloseTo(45.99, 7);
    expect([...linkPolyline(graph, 0)]).toEqual([7.0, 46.0, 7.005, 46.001, 7.01, 46.0]);
    expect([...edgePolyline(graph, linkEdges(graph, 0).backward)]).toEqual([7.01, 46.0, 7.005, 46.001, 7.0, 46.0]);
  });

  test('the incoming CSR lists every edge once, under its head', () => {
    const rand = mulberry32(4);
    const big = buildRoadGraph(syntheticRoadGrid({ side: 30, seed: 4, onewayFraction: 0.2 }));
    const { firstIn, inEdge, inSource } = incomingEdges(big);
    expect(firstIn[big.nodeCount]).toBe(big.edgeCount);
    const seen = new Uint8Array(big.edgeCount);
    for (let v = 0; v < big.nodeCount; v++) {
      for (let i = firstIn[v]; i < firstIn[v + 1]; i++) {
        expect(big.edgeTarget[inEdge[i]]).toBe(v);
        seen[inEdge[i]]++;
        if (rand() < 0.05) expect(edgeSource(big, inEdge[i])).toBe(inSource[i]);
      }
    }
    expect(seen.every((c) => c === 1)).toBe(true);
  });

  test('a link order shuffle gives the same graph up to edge order within a node', () => {
    const input = syntheticRoadGrid({ side: 12, seed: 8 });
    const a = buildRoadGraph(input);
    expect(a.edgeCount).toBeGreaterThan(400);
    const edgeSet = (g: typeof a) => {
      const set: string[] = [];
      for (let u = 0; u < g.nodeCount; u++) for (let e = g.firstEdge[u]; e < g.firstEdge[u + 1]; e++) set.push(`${u}>${g.edgeTarget[e]}`);
      return set.sort();
    };
    const m = input.links.from.length;
    const order = Array.from({ length: m }, (_, i) => i).reverse();
    const pick = <T extends ArrayLike<number>>(col: T) => order.map((i) => col[i]);
    const shapeStart = [0];
    const shapeCoords: number[] = [];
    const { shapeStart: ss, shapeCoords: sc } = input.links;
    for (const i of order) {
      for (let p = ss[i]; p < ss[i + 1]; p++) shapeCoords.push(sc[2 * p], sc[2 * p + 1]);
      shapeStart.push(shapeCoords.length / 2);
    }
    const links = input.links;
    const b = buildRoadGraph({
      ...input,
      restrictions: undefined,
      links: {
        from: pick(links.from), to: pick(links.to), direction: pick(links.direction), speedKmh: pick(links.speedKmh),
        roadClass: pick(links.roadClass), flags: pick(links.flags), curvature: pick(links.curvature), shapeStart, shapeCoords,
      },
    });
    expect(edgeSet(b)).toEqual(edgeSet(a));
    expect([...b.firstEdge]).toEqual([...a.firstEdge]);
  });

  test('bad input throws an error that says what to fix', () => {
    const base = { nodeLons: [7, 7.01], nodeLats: [46, 46] };
    const links = { from: [0], to: [1], direction: [3] };
    const build = (patch: object) => () => buildRoadGraph({ ...base, links: { ...links, ...patch } } as Parameters<typeof buildRoadGraph>[0]);
    expect(build({ to: [2] })).toThrow(/Link 0 joins nodes 0 and 2, but node ids run from 0 to 1/);
    expect(build({ direction: [0] })).toThrow(/direction 0; use 1 \(forward only\), 2 \(backward only\) or 3 \(both\)/);
    expect(build({ roadClass: [99] })).toThrow(/road class 99/);
    expect(build({ speedKmh: [0] })).toThrow(/speed 0 km\/h/);
    expect(build({ lengthMeters: [-1] })).toThrow(/length -1 m/);
    expect(build({ curvature: [NaN] })).toThrow(/curvature NaN/);
    expect(build({ flags: [1 << 20] })).toThrow(/flags/);
    expect(build({ name: [5] })).toThrow(/string table has 1 entries/);
    expect(build({ to: [1, 0] })).toThrow(/links.to has 2 entries; expected 1/);
    expect(build({ shapeStart: [0, 2], shapeCoords: [7.005, 46] })).toThrow(/shapeStart\[1\] = 2/);
    expect(build({ shapeCoords: [7.005, 46] })).toThrow(/needs links.shapeStart/);
    expect(() => buildRoadGraph({ nodeLons: [7, 200], nodeLats: [46, 46], links })).toThrow(/Node 1 has position \(200, 46\)/);
    expect(() => buildRoadGraph({ nodeLons: [7], nodeLats: [46, 46], links })).toThrow(/one longitude and one latitude per node/);
    expect(() => buildRoadGraph({ ...base, links, strings: ['x'] })).toThrow(/entry 0 must be the empty string/);
    expect(build({ to: [2] })).toThrow(RoadGraphError);
  });

  test('an empty network builds, and snapping or routing in it says so', () => {
    const empty = buildRoadGraph({ nodeLons: [], nodeLats: [], links: { from: [], to: [], direction: [] } });
    expect(empty.nodeCount).toBe(0);
    expect(empty.edgeCount).toBe(0);
    expect(nearestEdge(empty, 7, 46)).toBeNull();
    expect(() => shortestPath(empty, 0, 0, profileWeights(empty))).toThrow(/has no roads/);
  });
});
