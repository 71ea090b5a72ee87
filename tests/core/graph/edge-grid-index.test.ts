import { describe, expect, test } from 'vitest';
import {
  LINK_DIRECTION, LINK_FLAG, NO_EDGE, type RoadGraph, buildRoadGraph, linkEdges, linkPolyline, nearestEdge, profileWeights, snapEndpoints,
} from '../../../src/core/graph';
import { EARTH_RADIUS_METERS, haversineMeters } from '../../../src/core/geometry/earth';
import { mulberry32 } from './helpers/mulberry32';
import { smallGraph } from './helpers/small-graph';
import { syntheticRoadGrid } from './helpers/synthetic-road-grid';

const RAD = Math.PI / 180;

/** Brute force over every segment of every link, in the local plane at the query's latitude. */
function bruteNearest(graph: RoadGraph, lon: number, lat: number, accept: (link: number) => boolean = () => true) {
  const kx = Math.cos(lat * RAD);
  let best = Infinity, bestLink = -1;
  for (let l = 0; l < graph.linkCount; l++) {
    if (!accept(l)) continue;
    const line = linkPolyline(graph, l);
    for (let i = 0; i + 3 < line.length; i += 2) {
      const ax = (line[i] - lon) * kx, ay = line[i + 1] - lat, bx = (line[i + 2] - lon) * kx, by = line[i + 3] - lat;
      const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2)) : 0;
      const d = Math.hypot(ax + t * dx, ay + t * dy) * RAD * EARTH_RADIUS_METERS;
      if (d < best) { best = d; bestLink = l; }
    }
  }
  return { link: bestLink, distanceMeters: best };
}

/** A grid plus a few long links across it, so some links span many cells. */
function testNetwork(): RoadGraph {
  const input = syntheticRoadGrid({ side: 30, seed: 12, dropFraction: 0.3 });
  const { links } = input;
  const n = input.nodeLons.length;
  const extra = [[0, n - 1], [29, n - 30], [5, 800]];
  const shapeCoords = [...links.shapeCoords, 1.45, 42.41, 1.46, 42.49];
  const lastShape = links.shapeStart[links.shapeStart.length - 1];
  return buildRoadGraph({
    nodeLons: input.nodeLons,
    nodeLats: input.nodeLats,
    links: {
      from: [...links.from, ...extra.map((e) => e[0])],
      to: [...links.to, ...extra.map((e) => e[1])],
      direction: [...links.direction, LINK_DIRECTION.BOTH, LINK_DIRECTION.FORWARD, LINK_DIRECTION.BACKWARD],
      flags: [...links.flags, LINK_FLAG.FERRY, 0, 0],
      shapeStart: [...links.shapeStart, lastShape, lastShape, lastShape + 2],
      shapeCoords,
    },
  });
}

describe('nearestEdge', () => {
  const graph = testNetwork();
  const rand = mulberry32(77);
  const west = 1.39, east = 1.6, south = 42.39, north = 42.53;

  test('finds the exact nearest segment: 2,000 random points around and far outside the network', () => {
    const wrong: string[] = [];
    for (let q = 0; q < 2000; q++) {
      const far = q % 10 === 0;
      const lon = far ? west - 1 + rand() * 3 : west + rand() * (east - west);
      const lat = far ? south - 1 + rand() * 3 : south + rand() * (north - south);
      const snap = nearestEdge(graph, lon, lat);
      const brute = bruteNearest(graph, lon, lat);
      if (snap === null || Math.abs(snap.distanceMeters - brute.distanceMeters) > 1e-6 * Math.max(1, brute.distanceMeters)) {
        wrong.push(`(${lon}, ${lat}): ${snap?.distanceMeters} m on link ${snap?.link}, brute force ${brute.distanceMeters} m on link ${brute.link}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('the snapped point lies on the link, at the reported distance and fraction', () => {
    for (let q = 0; q < 200; q++) {
      const lon = west + rand() * (east - west), lat = south + rand() * (north - south);
      const snap = nearestEdge(graph, lon, lat);
      if (snap === null) throw new Error('no snap');
      // Distance to the snapped point: the local plane agrees with haversine to ~1e-4 over a few km.
      expect(Math.abs(haversineMeters(lon, lat, snap.lon, snap.lat) - snap.distanceMeters)).toBeLessThan(1e-4 * snap.distanceMeters + 1e-3);
      const line = linkPolyline(graph, snap.link);
      const i = 2 * snap.segment, t = snap.segmentFraction;
      expect(snap.lon).toBeCloseTo(line[i] + t * (line[i + 2] - line[i]), 9);
      expect(snap.lat).toBeCloseTo(line[i + 1] + t * (line[i + 3] - line[i + 1]), 9);
      expect(snap.fraction).toBeGreaterThanOrEqual(0);
      expect(snap.fraction).toBeLessThanOrEqual(1);
      const edges = linkEdges(graph, snap.link);
      expect([snap.forwardEdge, snap.backwardEdge]).toEqual([edges.forward, edges.backward]);
    }
  });

  test('a point on a node snaps to it at zero distance', () => {
    const l = 100;
    const line = linkPolyline(graph, l);
    const snap = nearestEdge(graph, line[0], line[1]);
    expect(snap?.distanceMeters).toBeCloseTo(0, 6);
  });

  test('accept filters candidates (e.g. no ferries), and matches brute force with the same filter', () => {
    const noFerry = (link: number) => (graph.linkFlags[link] & LINK_FLAG.FERRY) === 0;
    const ferry = graph.linkCount - 3;
    // A point right on the ferry line, far from other roads' segments.
    const line = linkPolyline(graph, ferry);
    const lon = (line[0] + line[2]) / 2 + 0.0001, lat = (line[1] + line[3]) / 2;
    expect(nearestEdge(graph, lon, lat)?.link).toBe(ferry);
    const filtered = nearestEdge(graph, lon, lat, { accept: noFerry });
    expect(filtered?.link).not.toBe(ferry);
    expect(filtered?.distanceMeters).toBeCloseTo(bruteNearest(graph, lon, lat, noFerry).distanceMeters, 6);
  });

  test('maxDistanceMeters gives up beyond the limit', () => {
    const snap = nearestEdge(graph, west - 0.5, south);
    expect(snap).not.toBeNull();
    expect(nearestEdge(graph, west - 0.5, south, { maxDistanceMeters: snap!.distanceMeters - 1 })).toBeNull();
    expect(nearestEdge(graph, west - 0.5, south, { maxDistanceMeters: snap!.distanceMeters + 1 })?.link).toBe(snap!.link);
  });

  test('non-finite queries return null', () => {
    expect(nearestEdge(graph, NaN, 42.4)).toBeNull();
    expect(nearestEdge(graph, 1.4, Infinity)).toBeNull();
  });

  test('tiny networks: one link, and a zero-length link', () => {
    const one = smallGraph([[7, 46], [7.001, 46]], [{ from: 0, to: 1 }]);
    expect(nearestEdge(one, 7.0005, 46.001)).toMatchObject({ link: 0, segment: 0 });
    expect(nearestEdge(one, 7.0005, 46.001)?.fraction).toBeCloseTo(0.5, 6);
    const dot = smallGraph([[7, 46], [7, 46]], [{ from: 0, to: 1 }]);
    expect(nearestEdge(dot, 7.001, 46)?.distanceMeters).toBeCloseTo(haversineMeters(7.001, 46, 7, 46), 3);
  });
});

describe('snapEndpoints', () => {
  test('a point snapped mid-link starts towards both ends, paying the matching share of each edge', () => {
    const graph = smallGraph([[7, 46], [7.01, 46]], [{ from: 0, to: 1, speedKmh: 36, lengthMeters: 1000 }]);
    const weights = profileWeights(graph);
    const snap = nearestEdge(graph, 7.0025, 46.0001);
    if (snap === null) throw new Error('no snap');
    expect(snap.fraction).toBeCloseTo(0.25, 6);
    const asSource = snapEndpoints(graph, snap, weights, 'source');
    expect(asSource).toHaveLength(2);
    expect(asSource[0]).toMatchObject({ node: 1, edge: snap.forwardEdge });
    expect(asSource[0].cost).toBeCloseTo(75, 4); // 750 m at 10 m/s
    expect(asSource[1]).toMatchObject({ node: 0, edge: snap.backwardEdge });
    expect(asSource[1].cost).toBeCloseTo(25, 4);
    const asTarget = snapEndpoints(graph, snap, weights, 'target');
    expect(asTarget[0]).toMatchObject({ node: 0, edge: snap.forwardEdge });
    expect(asTarget[0].cost).toBeCloseTo(25, 4);
    expect(asTarget[1]).toMatchObject({ node: 1, edge: snap.backwardEdge });
  });

  test('closed directions are left out', () => {
    const graph = smallGraph([[7, 46], [7.01, 46]], [{ from: 0, to: 1, direction: LINK_DIRECTION.FORWARD }]);
    const snap = nearestEdge(graph, 7.005, 46);
    if (snap === null) throw new Error('no snap');
    expect(snap.backwardEdge).toBe(NO_EDGE);
    expect(snapEndpoints(graph, snap, profileWeights(graph), 'source')).toEqual([{ node: 1, cost: expect.any(Number), edge: snap.forwardEdge }]);
    const closed = profileWeights(graph, { avoid: ['toll'], avoidMode: 'exclude' });
    expect(snapEndpoints(graph, snap, closed, 'source')).toHaveLength(1);
  });
});
