import { describe, expect, test } from 'vitest';
import {
  LINK_DIRECTION, RoadGraphError, type RoadGraph, type SearchAlgorithm, buildRoadGraph, isTurnAllowed, linkEdges, profileWeights, shortestPath,
} from '../../../src/core/graph';
import { referenceCost } from './helpers/reference-router';
import { type SmallLink, type SmallRestriction, smallGraph } from './helpers/small-graph';

/*
 * A junction in a square of slower roads:
 *
 *   5 ── 1 ── 6
 *   │    │    │
 *   2 ── 0 ── 3
 *   │    │    │
 *   7 ── 4 ── 8
 *
 * The four arms into 0 are 300 m at ~50 km/h; each ring side is 200 m at 20–27 km/h (all speeds
 * distinct, so nothing ties). Going round a corner (2 ring sides) is slower than straight through
 * the junction but faster than a U-turn trick (4 arm lengths). Some links are drawn towards the
 * junction and some away from it, so both edge orientations meet the restriction code.
 */
const D = 0.002;
const NODES: [number, number][] = [
  [0, 0], [0, D], [-D, 0], [D, 0], [0, -D], [-D, D], [D, D], [-D, -D], [D, -D],
].map(([x, y]) => [7 + x, 46 + y]);
const ARM_0_1 = 0, ARM_2_0 = 1, ARM_0_3 = 2, ARM_4_0 = 3;
const LINKS: SmallLink[] = [
  { from: 0, to: 1, speedKmh: 50, lengthMeters: 300 },
  { from: 2, to: 0, speedKmh: 51, lengthMeters: 300 },
  { from: 0, to: 3, speedKmh: 49, lengthMeters: 300 },
  { from: 4, to: 0, speedKmh: 52, lengthMeters: 300 },
  { from: 5, to: 2, speedKmh: 20, lengthMeters: 200 },
  { from: 2, to: 7, speedKmh: 21, lengthMeters: 200 },
  { from: 7, to: 4, speedKmh: 22, lengthMeters: 200 },
  { from: 4, to: 8, speedKmh: 23, lengthMeters: 200 },
  { from: 8, to: 3, speedKmh: 24, lengthMeters: 200 },
  { from: 3, to: 6, speedKmh: 25, lengthMeters: 200 },
  { from: 6, to: 1, speedKmh: 26, lengthMeters: 200 },
  { from: 1, to: 5, speedKmh: 27, lengthMeters: 200 },
];
const ALL: [SearchAlgorithm, boolean][] = [['dijkstra', false], ['dijkstra', true], ['astar', false], ['astar', true]];

function nodesOf(graph: RoadGraph, from: number, to: number, source?: { edge: number }): number[][] {
  const weights = profileWeights(graph);
  return ALL.map(([algorithm, bidirectional]) => {
    const src = source === undefined ? from : [{ node: from, edge: source.edge }];
    return [...shortestPath(graph, src, to, weights, { algorithm, bidirectional }).nodePath];
  });
}

const junction = (restrictions: SmallRestriction[], links = LINKS) => smallGraph(NODES, links, restrictions);

describe('turn restrictions at a junction', () => {
  test('without restrictions, every turn goes straight through the junction', () => {
    const graph = junction([]);
    for (const path of nodesOf(graph, 4, 2)) expect(path).toEqual([4, 0, 2]);
    for (const path of nodesOf(graph, 4, 3)) expect(path).toEqual([4, 0, 3]);
  });

  test('no_left_turn from the south arm forces the detour around the corner', () => {
    const graph = junction([{ fromLink: ARM_4_0, via: 0, toLink: ARM_2_0 }]);
    for (const path of nodesOf(graph, 4, 2)) expect(path).toEqual([4, 7, 2]);
    // Other turns from the same arm, and the same turn from other arms, are untouched.
    for (const path of nodesOf(graph, 4, 3)) expect(path).toEqual([4, 0, 3]);
    for (const path of nodesOf(graph, 1, 2)) expect(path).toEqual([1, 0, 2]);
    for (const path of nodesOf(graph, 2, 4)) expect(path).toEqual([2, 0, 4]);
  });

  test('only_straight_on from the south arm bans both turns but not straight on', () => {
    const graph = junction([{ fromLink: ARM_4_0, via: 0, toLink: ARM_0_1, only: true }]);
    for (const path of nodesOf(graph, 4, 1)) expect(path).toEqual([4, 0, 1]);
    for (const path of nodesOf(graph, 4, 2)) expect(path).toEqual([4, 7, 2]);
    for (const path of nodesOf(graph, 4, 3)) expect(path).toEqual([4, 8, 3]);
    // Arriving from the west is not restricted.
    for (const path of nodesOf(graph, 2, 3)) expect(path).toEqual([2, 0, 3]);
  });

  test('a traveller who arrived on the restricted arm is bound by it from the first step', () => {
    const graph = junction([{ fromLink: ARM_4_0, via: 0, toLink: ARM_2_0 }]);
    const arrival = linkEdges(graph, ARM_4_0).forward; // 4 → 0
    // Left is banned; the cheapest legal way is out to the north junction, a U-turn there
    // (turns at other junctions are free) and back through 0, now arriving from the north.
    for (const path of nodesOf(graph, 0, 2, { edge: arrival })) expect(path).toEqual([0, 1, 0, 2]);
    const weights = profileWeights(graph);
    expect(shortestPath(graph, [{ node: 0, edge: arrival }], 2, weights).cost)
      .toBeCloseTo(referenceCost(graph, weights.weights, [{ node: 0, edge: arrival }], [{ node: 2 }]), 9);
    // Without that arrival, the node itself is not restricted.
    for (const path of nodesOf(graph, 0, 2)) expect(path).toEqual([0, 2]);
  });

  test('a target reached by leaving over a banned edge needs the detour too', () => {
    const graph = junction([{ fromLink: ARM_4_0, via: 0, toLink: ARM_2_0 }]);
    const weights = profileWeights(graph);
    const leaveWest = linkEdges(graph, ARM_2_0).backward; // 0 → 2
    for (const [algorithm, bidirectional] of ALL) {
      const r = shortestPath(graph, 4, [{ node: 0, edge: leaveWest }], weights, { algorithm, bidirectional });
      // Reaching 0 from the south cannot continue west; the path must come into 0 another way.
      expect([...r.nodePath]).not.toEqual([4, 0]);
      expect(r.nodePath[r.nodePath.length - 1]).toBe(0);
      const arrivedOver = r.edgePath[r.edgePath.length - 1];
      expect(arrivedOver).not.toBe(linkEdges(graph, ARM_4_0).forward);
    }
  });

  test('a no_u_turn at a dead end leaves no way back', () => {
    // A spur 0 → 5 (node 5 = the north-west corner) with no other link at 5.
    const links: SmallLink[] = [...LINKS.slice(0, 4), { from: 0, to: 5, speedKmh: 50, lengthMeters: 300 }];
    const graph = junction([{ fromLink: 4, via: 5, toLink: 4 }], links);
    const weights = profileWeights(graph);
    for (const [algorithm, bidirectional] of ALL) {
      expect(shortestPath(graph, 0, 5, weights, { algorithm, bidirectional }).found).toBe(true);
      expect(shortestPath(graph, 1, 2, weights, { algorithm, bidirectional }).found).toBe(true);
      // From the spur's far end there is no way out once you have driven in.
      const arrived = linkEdges(graph, 4).forward;
      expect(shortestPath(graph, [{ node: 5, edge: arrived }], 0, weights, { algorithm, bidirectional }).found).toBe(false);
    }
  });
});

describe('building restrictions', () => {
  test('the search form lists the banned departures per arrival', () => {
    const graph = junction([
      { fromLink: ARM_4_0, via: 0, toLink: ARM_0_1, only: true },
      { fromLink: ARM_2_0, via: 0, toLink: ARM_0_3 },
    ]);
    const r = graph.restrictions;
    expect(r.fromEdge.length).toBe(2);
    expect([...r.viaNodes]).toEqual([0]);
    expect(r.slotEdge.length).toBe(2);
    expect(r.viaFlag[0]).toBe(1);
    expect(r.viaFlag.reduce((a, b) => a + b, 0)).toBe(1);
    // only_straight_on bans the three other departures (west, east and the U-turn south).
    const onlySlot = [...r.slotEdge].indexOf(linkEdges(graph, ARM_4_0).forward);
    expect(r.slotBanStart[onlySlot + 1] - r.slotBanStart[onlySlot]).toBe(3);
    const fromSouth = linkEdges(graph, ARM_4_0).forward, fromWest = linkEdges(graph, ARM_2_0).forward;
    expect(isTurnAllowed(r, fromSouth, linkEdges(graph, ARM_0_1).forward)).toBe(true);
    expect(isTurnAllowed(r, fromSouth, linkEdges(graph, ARM_0_3).forward)).toBe(false);
    expect(isTurnAllowed(r, fromSouth, linkEdges(graph, ARM_4_0).backward)).toBe(false); // the U-turn
    expect(isTurnAllowed(r, fromWest, linkEdges(graph, ARM_0_3).forward)).toBe(false);
    expect(isTurnAllowed(r, fromWest, linkEdges(graph, ARM_0_1).forward)).toBe(true);
    expect(isTurnAllowed(r, linkEdges(graph, ARM_0_1).backward, linkEdges(graph, ARM_0_3).forward)).toBe(true);
  });

  test('a restriction that does not touch its via node throws, naming it', () => {
    expect(() => junction([{ fromLink: 4, via: 0, toLink: ARM_0_1 }])).toThrow(RoadGraphError);
    expect(() => junction([{ fromLink: 4, via: 0, toLink: ARM_0_1 }])).toThrow(/Restriction 0: from link 4 does not touch via node 0/);
  });

  test('a oneway that makes a restriction meaningless throws, or is skipped with a reason when asked', () => {
    // Link 0 → 1 is one-way away from 0, so "from link 0 via 0" cannot happen.
    const links = LINKS.map((l, i) => (i === ARM_0_1 ? { ...l, direction: LINK_DIRECTION.FORWARD } : l));
    expect(() => junction([{ fromLink: ARM_0_1, via: 0, toLink: ARM_0_3 }], links)).toThrow(/cannot be driven towards via node 0 \(oneway\)/);
    const skipped: string[] = [];
    const built = buildRoadGraph({
      nodeLons: NODES.map((n) => n[0]), nodeLats: NODES.map((n) => n[1]),
      links: { from: links.map((l) => l.from), to: links.map((l) => l.to), direction: links.map((l) => l.direction ?? LINK_DIRECTION.BOTH) },
      restrictions: { fromLink: [ARM_0_1, ARM_4_0], viaNode: [0, 0], toLink: [ARM_0_3, ARM_0_3], kind: [0, 0] },
    }, { onSkippedRestriction: (row, reason) => skipped.push(`${row}: ${reason}`) });
    expect(skipped).toEqual(['0: from link 0 cannot be driven towards via node 0 (oneway)']);
    expect(built.restrictions.fromEdge.length).toBe(1);
  });

  test('bad restriction columns are rejected with a message', () => {
    expect(() => junction([{ fromLink: 99, via: 0, toLink: 0 }])).toThrow(/names links 99 and 0/);
    expect(() => junction([{ fromLink: 0, via: 42, toLink: 1 }])).toThrow(/via node 42/);
  });
});
