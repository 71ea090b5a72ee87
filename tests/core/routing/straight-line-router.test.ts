import { describe, expect, test } from 'vitest';
import { haversineMeters } from '../../../src/core/geometry/earth';
import { stepInstruction } from '../../../src/core/routing/instructions';
import { RoutingError, type RouteResult } from '../../../src/core/routing/router';
import { initialBearingDegrees, StraightLineRouter } from '../../../src/core/routing/straight-line-router';
import type { LonLat } from '../../../src/core/units';

// Known places from ../shared/data/README.md, [lon, lat].
const ENVALIRA: LonLat = [1.71938, 42.54018];
const COLL_ORDINO: LonLat = [1.57229, 42.55606];
const COMAPEDROSA: LonLat = [1.44367, 42.5918];
const CHATEAU_EZE: LonLat = [7.36101, 43.72839];

const RAD = Math.PI / 180;
function unit([lon, lat]: readonly number[]): [number, number, number] {
  return [Math.cos(lat * RAD) * Math.cos(lon * RAD), Math.cos(lat * RAD) * Math.sin(lon * RAD), Math.sin(lat * RAD)];
}
function pieceLengths(result: RouteResult): number[] {
  const out: number[] = [];
  const c = result.coords;
  for (let i = 2; i < c.length; i += 2) out.push(haversineMeters(c[i - 2], c[i - 1], c[i], c[i + 1]));
  return out;
}
async function rejection(promise: Promise<unknown>): Promise<RoutingError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RoutingError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('StraightLineRouter', () => {
  const router = new StraightLineRouter();

  test('Envalira → Coll d\'Ordino: haversine distance, ≤ 1 km pieces on the great circle, exact ends', async () => {
    const result = await router.route({ waypoints: [ENVALIRA, COLL_ORDINO] });
    const expectedMeters = haversineMeters(ENVALIRA[0], ENVALIRA[1], COLL_ORDINO[0], COLL_ORDINO[1]);
    expect(expectedMeters).toBeGreaterThan(12_000);
    expect(expectedMeters).toBeLessThan(13_000);
    expect(result.router).toBe('straight');
    expect(result.distanceMeters).toBeCloseTo(expectedMeters, 6);
    const n = result.coords.length >> 1;
    expect(n).toBe(Math.ceil(expectedMeters / 1000) + 1);
    expect([result.coords[0], result.coords[1]]).toEqual([...ENVALIRA]);
    expect([result.coords[2 * n - 2], result.coords[2 * n - 1]]).toEqual([...COLL_ORDINO]);
    const pieces = pieceLengths(result);
    for (const piece of pieces) {
      expect(piece).toBeLessThanOrEqual(1000);
      expect(piece).toBeCloseTo(expectedMeters / pieces.length, 3);
    }
    // On the great circle: every vertex lies in the plane through both ends and the earth's centre.
    const a = unit(ENVALIRA);
    const b = unit(COLL_ORDINO);
    const normal = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
    for (let i = 0; i < n; i++) {
      const v = unit([result.coords[2 * i], result.coords[2 * i + 1]]);
      expect(Math.abs(normal[0] * v[0] + normal[1] * v[1] + normal[2] * v[2])).toBeLessThan(1e-12);
    }
    expect(result.snappedWaypoints).toEqual([[...ENVALIRA], [...COLL_ORDINO]]);
    expect(result.legs).toHaveLength(1);
    expect(result.legs[0]).toMatchObject({ firstVertex: 0, lastVertex: n - 1, distance: result.distanceMeters });
  });

  test('duration at 50 km/h by default, or the configured speed', async () => {
    const slow = await router.route({ waypoints: [ENVALIRA, COLL_ORDINO] });
    expect(slow.durationSeconds).toBeCloseTo(slow.distanceMeters / (50 / 3.6), 6);
    const fast = await new StraightLineRouter({ speedKmh: 80 }).route({ waypoints: [ENVALIRA, COLL_ORDINO] });
    expect(fast.durationSeconds).toBeCloseTo(slow.distanceMeters / (80 / 3.6), 6);
    expect(fast.legs[0].duration).toBe(fast.durationSeconds);
  });

  test('a long line (Andorra → Èze, ~500 km) bends poleward like the great circle, not like a chord in degrees', async () => {
    const result = await router.route({ waypoints: [COMAPEDROSA, CHATEAU_EZE] });
    const n = result.coords.length >> 1;
    expect(n).toBe(Math.ceil(result.distanceMeters / 1000) + 1);
    // Compare each vertex with the straight chord in lon/lat at the same longitude: the great
    // circle lies north of it (by ~0.04° mid-way, for 6° of longitude at 43°N).
    const chordLatAt = (lon: number) => COMAPEDROSA[1] + ((CHATEAU_EZE[1] - COMAPEDROSA[1]) * (lon - COMAPEDROSA[0])) / (CHATEAU_EZE[0] - COMAPEDROSA[0]);
    for (let i = 1; i < n - 1; i++) expect(result.coords[2 * i + 1]).toBeGreaterThan(chordLatAt(result.coords[2 * i]));
    const mid = n >> 1;
    expect(result.coords[2 * mid + 1] - chordLatAt(result.coords[2 * mid])).toBeGreaterThan(0.03);
    expect(Math.max(...pieceLengths(result))).toBeLessThanOrEqual(1000);
  });

  test('depart and arrive steps carry the bearings, so text instructions work', async () => {
    const result = await router.route({ waypoints: [ENVALIRA, COLL_ORDINO] });
    const [depart, arrive] = result.legs[0].steps;
    expect(result.legs[0].steps).toHaveLength(2);
    expect(depart.maneuver).toMatchObject({ type: 'depart', location: [...ENVALIRA], bearing_before: 0 });
    expect(depart.maneuver.bearing_after).toBe(Math.round(initialBearingDegrees(ENVALIRA[0], ENVALIRA[1], COLL_ORDINO[0], COLL_ORDINO[1])));
    expect(depart.maneuver.bearing_after).toBeGreaterThan(250);
    expect(depart.maneuver.bearing_after).toBeLessThan(290);
    expect(depart.distance).toBe(result.distanceMeters);
    // The heading on arrival is the heading of the last piece of the densified line.
    const c = result.coords;
    const n = c.length >> 1;
    const lastPiece = initialBearingDegrees(c[2 * n - 4], c[2 * n - 3], c[2 * n - 2], c[2 * n - 1]);
    expect(Math.abs(arrive.maneuver.bearing_before - lastPiece)).toBeLessThan(1);
    expect(arrive.maneuver).toMatchObject({ type: 'arrive', location: [...COLL_ORDINO], bearing_after: 0 });
    expect(arrive.distance).toBe(0);
    expect(stepInstruction(depart)).toBe('Head west');
    expect(stepInstruction(arrive)).toBe('You have arrived at your destination');
  });

  test('due north and due east read as such', async () => {
    const north = await router.route({ waypoints: [[1.5, 42.4], [1.5, 42.6]] });
    expect(north.legs[0].steps[0].maneuver.bearing_after).toBe(0);
    expect(stepInstruction(north.legs[0].steps[0])).toBe('Head north');
    const east = await router.route({ waypoints: [[0, 0], [0.5, 0]] });
    expect(east.legs[0].steps[0].maneuver.bearing_after).toBe(90);
    expect(east.legs[0].steps[1].maneuver.bearing_before).toBe(90);
    expect(stepInstruction(east.legs[0].steps[0])).toBe('Head east');
  });

  test('several legs share their joining vertices and number their arrivals', async () => {
    const result = await router.route({ waypoints: [ENVALIRA, COLL_ORDINO, COMAPEDROSA] });
    const [leg0, leg1] = result.legs;
    expect(leg0.firstVertex).toBe(0);
    expect(leg0.lastVertex).toBe(leg1.firstVertex);
    expect([result.coords[2 * leg0.lastVertex], result.coords[2 * leg0.lastVertex + 1]]).toEqual([...COLL_ORDINO]);
    expect(leg1.lastVertex).toBe((result.coords.length >> 1) - 1);
    expect(leg0.distance + leg1.distance).toBeCloseTo(result.distanceMeters, 6);
    expect(leg1.distance).toBeCloseTo(haversineMeters(COLL_ORDINO[0], COLL_ORDINO[1], COMAPEDROSA[0], COMAPEDROSA[1]), 6);
    expect(stepInstruction(leg0.steps[1], { legIndex: 0, legCount: 2 })).toBe('You have arrived at your 1st destination');
  });

  test('a zero-length leg has two equal vertices', async () => {
    const result = await router.route({ waypoints: [ENVALIRA, ENVALIRA] });
    expect(Array.from(result.coords)).toEqual([...ENVALIRA, ...ENVALIRA]);
    expect(result.distanceMeters).toBe(0);
    expect(result.legs[0]).toMatchObject({ firstVertex: 0, lastVertex: 1 });
  });

  test('an aborted signal rejects with kind aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await rejection(router.route({ waypoints: [ENVALIRA, COLL_ORDINO] }, controller.signal))).kind).toBe('aborted');
  });

  test('bad waypoints are rejected with a message, not drawn', async () => {
    const one = await rejection(router.route({ waypoints: [ENVALIRA] }));
    expect(one.kind).toBe('no-route');
    expect(one.message).toMatch(/at least two waypoints/);
    const nan = await rejection(router.route({ waypoints: [ENVALIRA, [Number.NaN, 42]] }));
    expect(nan.message).toMatch(/Waypoint 2 is not a valid position/);
    expect((await rejection(router.route({ waypoints: [ENVALIRA, [1, 91]] }))).kind).toBe('no-route');
    expect(() => new StraightLineRouter({ speedKmh: 0 })).toThrow(RangeError);
  });
});
