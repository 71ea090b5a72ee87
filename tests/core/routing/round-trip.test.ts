/**
 * Round trips on the real Andorra pack, from Andorra la Vella: three 40 km curvy loops, each
 * checked against independent measures (the snapped start from the snapping index, retracing
 * measured on the geometry itself, road overlap between loops recounted from a fresh routing of
 * their waypoints), curvier than the fastest routes through the same via points, deterministic per
 * seed; a start outside the pack and an impossible length fail with messages that say what to do.
 * Also the helpers: circle layout, bridges of the network (checked by removing links), loop links.
 */
import { describe, expect, test } from 'vitest';
import { EDGE_LINK_MASK, linkPolyline, nearestEdge } from '../../../src/core/graph';
import { cumulativeMeters, haversineMeters } from '../../../src/core/geometry/earth';
import { LocalRouter } from '../../../src/core/routing/local-router';
import { type RoundTrip, type RoundTripOptions, proposeRoundTrips } from '../../../src/core/routing/round-trip';
import { manoeuvreMeters, routeCurvature } from '../../../src/core/routing/round-trip-curvature';
import { destinationPoint, loopPerimeterPerRadius, loopViaPoints } from '../../../src/core/routing/round-trip-geometry';
import { loopLinks, loopSimilarity, overlapShare } from '../../../src/core/routing/round-trip-links';
import { loopNetwork } from '../../../src/core/routing/round-trip-network';
import { RoutingError } from '../../../src/core/routing/router';
import { scoreCurvature } from '../../../src/core/scoring';
import type { LonLat } from '../../../src/core/units';
import { mulberry32, regionPack, regionRouter } from '../region/region-test-data';

const ANDORRA_LA_VELLA: LonLat = [1.5218, 42.5063];
const TARGET_METERS = 40_000;
const router = regionRouter('andorra');
const graph = regionPack('andorra').graph;

const proposals = new Map<string, Promise<RoundTrip[]>>();
/** Proposals per (profile, seed) from Andorra la Vella, computed once per file. */
function loopsFrom(curviness: RoundTripOptions['curviness'], seed: number): Promise<RoundTrip[]> {
  const key = `${curviness}|${seed}`;
  let p = proposals.get(key);
  if (!p) proposals.set(key, (p = proposeRoundTrips(router, { start: ANDORRA_LA_VELLA, targetMeters: TARGET_METERS, curviness, seed })));
  return p;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Share of a line's length lying within `tolMeters` of another part of it at least `gapMeters`
 * away along the line (both passes of a retraced stretch count, so this is about twice the
 * retraced share). Brute force on the geometry: independent of the router's edges.
 */
function geometricRetraceShare(coords: Float64Array, tolMeters = 5, gapMeters = 300, stepMeters = 10): number {
  const cum = cumulativeMeters(coords);
  const n = coords.length >> 1, total = cum[n - 1];
  const kx = 111_320 * Math.cos((coords[1] * Math.PI) / 180), ky = 110_540;
  const x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) { x[i] = coords[2 * i] * kx; y[i] = coords[2 * i + 1] * ky; }
  let hits = 0, samples = 0, j = 0;
  for (let d = 0; d <= total; d += stepMeters) {
    samples++;
    while (j + 1 < n - 1 && cum[j + 1] < d) j++;
    const t = cum[j + 1] > cum[j] ? (d - cum[j]) / (cum[j + 1] - cum[j]) : 0;
    const px = x[j] + t * (x[j + 1] - x[j]), py = y[j] + t * (y[j + 1] - y[j]);
    for (let s = 0; s + 1 < n; s++) {
      const near = Math.min(Math.abs(cum[s] - d), Math.abs(cum[s + 1] - d));
      const aroundTheLoop = total - Math.max(Math.abs(cum[s] - d), Math.abs(cum[s + 1] - d));
      if (near < gapMeters || aroundTheLoop < gapMeters) continue;
      const dx = x[s + 1] - x[s], dy = y[s + 1] - y[s], len2 = dx * dx + dy * dy;
      const u = len2 > 0 ? Math.max(0, Math.min(1, ((px - x[s]) * dx + (py - y[s]) * dy) / len2)) : 0;
      const ex = px - x[s] - u * dx, ey = py - y[s] - u * dy;
      if (ex * ex + ey * ey < tolMeters * tolMeters) { hits++; break; }
    }
  }
  return hits / samples;
}

/** Links of a fresh routing of the loop's waypoints, weighted by their full length. */
function linkMetersOf(trip: RoundTrip, profile: RoundTripOptions['curviness']): Map<number, number> {
  const plan = router.plan({ waypoints: trip.waypoints, profile });
  const out = new Map<number, number>();
  for (const leg of plan.legs) for (const edge of leg.edges) {
    const link = graph.edgeLink[edge] & EDGE_LINK_MASK;
    out.set(link, graph.linkLengthMeters[link]);
  }
  return out;
}

function jaccard(a: Map<number, number>, b: Map<number, number>): number {
  let shared = 0, union = 0;
  for (const [link, m] of a) { union += m; if (b.has(link)) shared += m; }
  for (const [link, m] of b) if (!a.has(link)) union += m;
  return shared / union;
}

describe('round trips from Andorra la Vella, 40 km, curvy', () => {
  test('three loops that close at the snapped start, within ±25 % of the target, route back from their waypoints', async () => {
    const loops = await loopsFrom('curvy', 1);
    expect(loops.length).toBe(3);
    const { linkOpen } = router.weightsFor('curvy');
    const snap = nearestEdge(graph, ANDORRA_LA_VELLA[0], ANDORRA_LA_VELLA[1], { accept: (l) => linkOpen[l] === 1 });
    expect(snap, 'Andorra la Vella lies on the network').not.toBeNull();
    const start: LonLat = [snap!.lon, snap!.lat];
    for (const loop of loops) {
      const c = loop.route.coords, n = c.length >> 1;
      expect(haversineMeters(c[0], c[1], start[0], start[1])).toBeLessThan(5);
      expect(haversineMeters(c[2 * n - 2], c[2 * n - 1], start[0], start[1])).toBeLessThan(5);
      expect(loop.waypoints.length === 4 || loop.waypoints.length === 5, `${loop.waypoints.length} waypoints`).toBe(true);
      expect(haversineMeters(...loop.waypoints[0], ...start)).toBeLessThan(5);
      expect(haversineMeters(...loop.waypoints[loop.waypoints.length - 1], ...start)).toBeLessThan(5);
      // Every via is a distinct point at least a kilometre from the start: a loop, not a stroll round the block.
      for (const via of loop.waypoints.slice(1, -1)) expect(haversineMeters(...via, ...start)).toBeGreaterThan(1000);
      expect(Math.abs(loop.distanceMeters / TARGET_METERS - 1)).toBeLessThanOrEqual(0.25);
      expect(Math.abs(loop.distanceMeters - cumulativeMeters(c)[n - 1])).toBeLessThan(1);
      expect(loop.route.legs.length).toBe(loop.waypoints.length - 1);
      // The waypoints are the loop: routing them again gives the same road.
      const again = router.plan({ waypoints: loop.waypoints, profile: 'curvy' }).result;
      expect(again.distanceMeters).toBe(loop.distanceMeters);
      expect(again.coords).toEqual(c);
    }
  });

  test('no loop retraces 30 % of itself: the reported share, and the geometry measured independently', async () => {
    for (const loop of await loopsFrom('curvy', 1)) {
      expect(loop.overlapShare).toBeGreaterThanOrEqual(0);
      expect(loop.overlapShare).toBeLessThan(0.3);
      const measured = geometricRetraceShare(loop.route.coords) / 2;
      expect(Math.abs(measured - loop.overlapShare), `reported ${loop.overlapShare}, measured ${measured}`).toBeLessThan(0.03);
      expect(measured).toBeLessThan(0.31);
    }
  });

  test('the three loops are distinct: pairwise road Jaccard below 0.5, recounted from fresh routes', async () => {
    const loops = await loopsFrom('curvy', 1);
    const roads = loops.map((loop) => linkMetersOf(loop, 'curvy'));
    for (let i = 0; i < roads.length; i++) {
      for (let j = i + 1; j < roads.length; j++) expect(jaccard(roads[i], roads[j]), `loops ${i + 1} and ${j + 1}`).toBeLessThan(0.5);
    }
  });

  test('score cards: RC-1 of the geometry with manoeuvres squashed, best curvature per km first', async () => {
    const loops = await loopsFrom('curvy', 1);
    for (let i = 0; i < loops.length; i++) {
      const loop = loops[i];
      const plain = scoreCurvature(loop.route.coords, { profile: false });
      expect(loop.curvature.curvaturePerKm).toBeGreaterThan(0);
      expect(loop.curvature.curvaturePerKm).toBeLessThanOrEqual(plain.curvaturePerKm);
      expect(loop.curvature.curves).toBeLessThanOrEqual(plain.curves);
      expect(loop.curvature.curviness).toBeCloseTo(Math.min(100, loop.curvature.curvaturePerKm / 4), 6);
      if (i > 0) expect(loop.curvature.curvaturePerKm).toBeLessThanOrEqual(loops[i - 1].curvature.curvaturePerKm);
      // One manoeuvre per step that is not a mere renaming, departures and arrivals at every waypoint included.
      const steps = loop.route.legs.flatMap((leg) => leg.steps).filter((s) => s.maneuver.type !== 'new name' && s.maneuver.type !== 'notification');
      expect(manoeuvreMeters(loop.route).length).toBe(steps.length);
    }
  });

  test('curvier than the fastest routes through the same via points, and than the fastest proposals', async () => {
    const curvyMeans: number[] = [], counterpartMeans: number[] = [], fastestMeans: number[] = [];
    for (const seed of [1, 2, 3]) {
      const curvy = await loopsFrom('curvy', seed);
      const counterparts = curvy.map((loop) => routeCurvature(router.plan({ waypoints: loop.waypoints, profile: 'fastest' }).result).curvaturePerKm);
      const curvyMean = mean(curvy.map((loop) => loop.curvature.curvaturePerKm));
      expect(curvyMean, `seed ${seed}`).toBeGreaterThanOrEqual(mean(counterparts));
      curvyMeans.push(curvyMean);
      counterpartMeans.push(mean(counterparts));
      fastestMeans.push(mean((await loopsFrom('fastest', seed)).map((loop) => loop.curvature.curvaturePerKm)));
    }
    expect(mean(curvyMeans)).toBeGreaterThan(mean(counterpartMeans));
    expect(mean(curvyMeans)).toBeGreaterThanOrEqual(mean(fastestMeans));
  });

  test('deterministic: the same seed gives the same loops on a fresh router; another seed lays them out differently', async () => {
    const first = await loopsFrom('curvy', 1);
    const fresh = await proposeRoundTrips(new LocalRouter(graph), { start: ANDORRA_LA_VELLA, targetMeters: TARGET_METERS, curviness: 'curvy', seed: 1 });
    expect(fresh.map((l) => l.waypoints)).toEqual(first.map((l) => l.waypoints));
    expect(fresh.map((l) => l.distanceMeters)).toEqual(first.map((l) => l.distanceMeters));
    expect(fresh.map((l) => l.curvature)).toEqual(first.map((l) => l.curvature));
    const other = await loopsFrom('curvy', 2);
    expect(other.map((l) => l.waypoints)).not.toEqual(first.map((l) => l.waypoints));
  });
});

describe('round trips that cannot be made', () => {
  test('a start far outside the pack is refused with a message naming the pack\'s area', async () => {
    const paris = proposeRoundTrips(router, { start: [2.35, 48.85], targetMeters: TARGET_METERS, seed: 1 });
    await expect(paris).rejects.toBeInstanceOf(RoutingError);
    await expect(paris).rejects.toMatchObject({ kind: 'no-route', message: expect.stringMatching(/outside this region pack, which covers longitude 1\.\d+ to 1\.\d+.*Pick a start inside the region/) });
  });

  test('a start inside the pack but far from any road says how far to move it', async () => {
    // Pic de Coma Pedrosa, the highest summit of Andorra.
    const peak: LonLat = [1.4436, 42.5917];
    const nearest = nearestEdge(graph, peak[0], peak[1]);
    expect(nearest!.distanceMeters, 'the summit lies more than 2 km from any road').toBeGreaterThan(2000);
    await expect(proposeRoundTrips(router, { start: peak, targetMeters: TARGET_METERS })).rejects.toMatchObject({
      kind: 'no-route', message: expect.stringMatching(/more than 2000 m from any road of this region pack\. Move the start onto a road/),
    });
  });

  test('a length the network cannot offer without retracing fails with the closest length found', async () => {
    // The loop-friendly part of Andorra's network is ~130 km of road (see the bridges test); 300 km cannot fit.
    await expect(proposeRoundTrips(router, { start: ANDORRA_LA_VELLA, targetMeters: 300_000, seed: 1 })).rejects.toMatchObject({
      kind: 'no-route', message: expect.stringMatching(/No round trip of about 300\.0 km .*closest loop found was \d+\.\d km.*Try another length/),
    });
  });

  test('a short loop from the end of a dead-end valley fails because every candidate retraces its way in', async () => {
    // Arinsal: 5 km up a valley from La Massana; a 10 km loop would drive that road twice.
    await expect(proposeRoundTrips(router, { start: [1.4836, 42.5720], targetMeters: 10_000, seed: 1 })).rejects.toMatchObject({
      kind: 'no-route', message: expect.stringMatching(/Every loop of about 10\.0 km found from this start drives 30 % or more of its length twice/),
    });
    // Longer loops spread the way in over more road.
    const longer = await proposeRoundTrips(router, { start: [1.4836, 42.5720], targetMeters: 40_000, seed: 1 });
    for (const loop of longer) expect(loop.overlapShare).toBeLessThan(0.3);
  });

  test('invalid options are rejected with a RangeError that names them', async () => {
    await expect(proposeRoundTrips(router, { start: ANDORRA_LA_VELLA, targetMeters: -5 })).rejects.toThrow(/target length is -5 m/);
    await expect(proposeRoundTrips(router, { start: ANDORRA_LA_VELLA, targetMeters: 40_000, count: 0 })).rejects.toThrow(/count is 0/);
    await expect(proposeRoundTrips(router, { start: [Number.NaN, 42.5], targetMeters: 40_000 })).rejects.toThrow(/not a valid \[lon, lat\]/);
    const aborted = new AbortController();
    aborted.abort();
    await expect(proposeRoundTrips(router, { start: ANDORRA_LA_VELLA, targetMeters: 40_000, signal: aborted.signal })).rejects.toMatchObject({ kind: 'aborted' });
  });
});

describe('round-trip helpers', () => {
  test('the via points and the start are corners of a regular polygon on the circle', () => {
    const start: LonLat = [1.5218, 42.5063];
    const radius = 6000;
    for (const viaCount of [2, 3]) {
      for (const clockwise of [false, true]) {
        const heading = 37;
        const centre = destinationPoint(start[0], start[1], heading, radius);
        expect(haversineMeters(...start, ...centre)).toBeCloseTo(radius, 3);
        const corners = [start, ...loopViaPoints(start, heading, radius, viaCount, clockwise)];
        for (const corner of corners) expect(Math.abs(haversineMeters(...corner, ...centre) - radius)).toBeLessThan(0.5);
        let perimeter = 0;
        const side = 2 * radius * Math.sin(Math.PI / corners.length);
        for (let i = 0; i < corners.length; i++) {
          const d = haversineMeters(...corners[i], ...corners[(i + 1) % corners.length]);
          expect(Math.abs(d - side)).toBeLessThan(1);
          perimeter += d;
        }
        expect(perimeter / radius).toBeCloseTo(loopPerimeterPerRadius(viaCount), 3);
        // Seen from above with north up, counter-clockwise from the start first goes right of the heading, clockwise left.
        const first = corners[1];
        const east = (first[0] - start[0]) * Math.cos((start[1] * Math.PI) / 180), north = first[1] - start[1];
        const hx = Math.sin((heading * Math.PI) / 180), hy = Math.cos((heading * Math.PI) / 180);
        const cross = hx * north - hy * east;
        expect(cross > 0).toBe(clockwise);
      }
    }
  });

  test('bridges: removing a bridge disconnects its ends, removing any other link does not (seeded sample of Andorra links)', () => {
    const { linkOpen } = router.weightsFor('curvy');
    const network = loopNetwork(graph, linkOpen);
    const adjacency: number[][] = Array.from({ length: graph.nodeCount }, () => []);
    for (let l = 0; l < graph.linkCount; l++) {
      if (linkOpen[l] !== 1) continue;
      adjacency[graph.linkFrom[l]].push(l);
      adjacency[graph.linkTo[l]].push(l);
    }
    const connectedWithout = (removed: number): boolean => {
      const from = graph.linkFrom[removed], to = graph.linkTo[removed];
      const seen = new Uint8Array(graph.nodeCount);
      const stack = [from];
      seen[from] = 1;
      while (stack.length > 0) {
        const u = stack.pop()!;
        if (u === to) return true;
        for (const l of adjacency[u]) {
          if (l === removed) continue;
          const v = graph.linkFrom[l] === u ? graph.linkTo[l] : graph.linkFrom[l];
          if (!seen[v]) { seen[v] = 1; stack.push(v); }
        }
      }
      return false;
    };
    const rand = mulberry32(5);
    let bridges = 0, others = 0;
    for (let k = 0; k < 300; k++) {
      const l = Math.floor(rand() * graph.linkCount);
      if (linkOpen[l] !== 1) continue;
      const isBridge = network.bridge[l] === 1;
      expect(connectedWithout(l), `link ${l}`).toBe(!isBridge);
      if (isBridge) bridges++; else others++;
      if (!isBridge) expect(network.nodeComponent[graph.linkFrom[l]]).toBe(network.nodeComponent[graph.linkTo[l]]);
    }
    expect(bridges).toBeGreaterThan(20);
    expect(others).toBeGreaterThan(20);
    // Andorra's valleys are mostly dead ends: one large loop-friendly component (CG-1/2/3, Coll d'Ordino, Beixalís, La Gallina…).
    const largest = Math.max(...network.componentMeters);
    expect(largest).toBeGreaterThan(100_000);
    expect(largest).toBeLessThan(regionPack('andorra').meta.stats.drivableKm * 1000);
  });

  test('loop links: an out-and-back drive retraces half of itself, a via passed straight through is one pass; similarity is 1 to itself, symmetric, 0 for disjoint loops', () => {
    // La Massana → Arinsal, up a dead-end valley, and back the same way.
    const laMassana: LonLat = [1.5148, 42.5456], arinsal: LonLat = [1.4836, 42.5720];
    const outAndBack = router.plan({ waypoints: [laMassana, arinsal, laMassana], profile: 'fastest' });
    const links = loopLinks(outAndBack.legs);
    expect(outAndBack.result.distanceMeters).toBeGreaterThan(5000);
    expect(Math.abs(overlapShare(links) - 0.5)).toBeLessThan(0.03);
    // The geometric measure misses the 300 m either side of the turning point (a few % of this short drive).
    expect(Math.abs(overlapShare(links) - geometricRetraceShare(outAndBack.result.coords) / 2)).toBeLessThan(0.06);
    expect(loopSimilarity(links, links)).toBe(1);
    // Passing a via in the middle of a road without turning is one pass, not a retrace.
    const encamp: LonLat = [1.5797, 42.5339];
    const direct = router.plan({ waypoints: [ANDORRA_LA_VELLA, encamp], profile: 'fastest' });
    const inner = direct.legs[0].pieces.slice(1, -1);
    const longest = inner.reduce((a, b) => (b.distanceMeters > a.distanceMeters ? b : a));
    expect(longest.distanceMeters).toBeGreaterThan(300);
    const line = linkPolyline(graph, longest.link);
    const mid = line.length >> 2 << 1;
    const via: LonLat = [(line[mid - 2] + line[mid]) / 2, (line[mid - 1] + line[mid + 1]) / 2];
    const through = router.plan({ waypoints: [ANDORRA_LA_VELLA, via, encamp], profile: 'fastest' });
    expect(Math.abs(through.result.distanceMeters - direct.result.distanceMeters)).toBeLessThan(1);
    expect(overlapShare(loopLinks(through.legs))).toBeLessThan(1e-9);
    // The Arinsal valley and a loop round Sant Julià de Lòria share no road.
    const santJulia = loopLinks(router.plan({ waypoints: [[1.4910, 42.4637], [1.4899, 42.4380], [1.5350, 42.4436], [1.4910, 42.4637]] }).legs);
    expect(loopSimilarity(links, santJulia)).toBe(0);
    const first = loopLinks(router.plan({ waypoints: [ANDORRA_LA_VELLA, [1.5797, 42.5339], [1.5350, 42.4436], ANDORRA_LA_VELLA] }).legs);
    const a = loopSimilarity(first, santJulia), b = loopSimilarity(santJulia, first);
    expect(a).toBe(b);
    expect(a).toBeGreaterThan(0);
    expect(a).toBeLessThan(1);
  });
});
