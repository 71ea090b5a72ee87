import { describe, expect, test } from 'vitest';
import { cumulativeMeters, haversineMeters } from '../../../src/core/geometry/earth';
import { parseOsrmRoute, toOsrmRouteResponse } from '../../../src/core/routing/osrm-response';
import { decodePolyline, encodePolyline } from '../../../src/core/routing/polyline';
import { RoutingError, type RouteResult } from '../../../src/core/routing/router';
import { recordedJson } from './recorded-osrm';

type Json = Record<string, unknown>;
const routeOf = (json: Json) => (json.routes as Json[])[0];
const legsOf = (json: Json) => routeOf(json).legs as Array<Json & { steps: Json[] }>;

function vertex(result: RouteResult, i: number): [number, number] {
  return [result.coords[2 * i], result.coords[2 * i + 1]];
}
function lastVertex(result: RouteResult): [number, number] {
  return vertex(result, (result.coords.length >> 1) - 1);
}
/** Same position within `tolerance` degrees on both axes. */
function expectAt(actual: readonly number[], expected: readonly number[], tolerance = 1e-6): void {
  expect(Math.abs(actual[0] - expected[0])).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(actual[1] - expected[1])).toBeLessThanOrEqual(tolerance);
}
function routingError(fn: () => unknown): RoutingError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RoutingError) return error;
    throw new Error(`expected a RoutingError, got ${String(error)}`);
  }
  throw new Error('expected a RoutingError, nothing was thrown');
}
/** Every maneuver location must be (within `meters`) on a vertex at or after the previous one: the geometry and the steps agree, in order. */
function expectManeuversAlongGeometry(result: RouteResult, toleranceMeters: number): void {
  const n = result.coords.length >> 1;
  let from = 0;
  for (const leg of result.legs) {
    for (const step of leg.steps) {
      const [lon, lat] = step.maneuver.location;
      let found = -1;
      for (let i = from; i < n; i++) {
        if (haversineMeters(result.coords[2 * i], result.coords[2 * i + 1], lon, lat) <= toleranceMeters) {
          found = i;
          break;
        }
      }
      expect(found, `maneuver ${step.maneuver.type} at ${lon},${lat} not on the geometry after vertex ${from}`).toBeGreaterThanOrEqual(0);
      expect(found).toBeGreaterThanOrEqual(leg.firstVertex);
      expect(found).toBeLessThanOrEqual(leg.lastVertex);
      from = found;
    }
  }
}

describe('parseOsrmRoute on the recorded responses', () => {
  test('Ajaccio (polyline5, no top-level code): 5015 m, 449.7 s, 1 leg of 22 steps, between the snapped waypoints', () => {
    const result = parseOsrmRoute(recordedJson('ajaccio'), { precision: 5, router: 'osrm' });
    expect(result.router).toBe('osrm');
    expect(result.distanceMeters).toBe(5015);
    expect(result.durationSeconds).toBe(449.7);
    expect(result.legs).toHaveLength(1);
    expect(result.legs[0].steps).toHaveLength(22);
    expect(result.snappedWaypoints).toEqual([[8.732901, 41.928821], [8.763831, 41.953897]]);
    // polyline5 rounds to 1e-5°.
    expectAt(vertex(result, 0), [8.732901, 41.928821], 0.5e-5);
    expectAt(lastVertex(result), [8.763831, 41.953897], 0.5e-5);
    expectAt(vertex(result, 0), [8.7329, 41.92882]);
    expectAt(lastVertex(result), [8.76383, 41.9539]);
    expect(result.legs[0].firstVertex).toBe(0);
    expect(result.legs[0].lastVertex).toBe((result.coords.length >> 1) - 1);
    const types = new Set(result.legs[0].steps.map((s) => s.maneuver.type));
    expect([...types].sort()).toEqual(['arrive', 'depart', 'end of road', 'exit roundabout', 'fork', 'new name', 'roundabout', 'turn']);
    expect(result.legs[0].steps.map((s) => s.ref).filter(Boolean)).toEqual(['D 11', 'T 22', 'T 22']);
    // The geometry's own length agrees with the server's distance (different earth models: < 0.5 %).
    expect(Math.abs(cumulativeMeters(result.coords)[(result.coords.length >> 1) - 1] / 5015 - 1)).toBeLessThan(0.005);
    expectManeuversAlongGeometry(result, 1);
  });

  test('Portugal–Korea (overview=false): the geometry is built from 422 step geometries', () => {
    const json = recordedJson('portugalKorea');
    expect(routeOf(json).geometry).toBeUndefined();
    const result = parseOsrmRoute(json, { precision: 5 });
    expect(result.legs).toHaveLength(1);
    expect(result.legs[0].steps).toHaveLength(422);
    expect(result.distanceMeters).toBeGreaterThan(13_444_000);
    expect(result.distanceMeters).toBeLessThan(13_445_000);
    expectAt(vertex(result, 0), [127.628, 36.124], 0.0005);
    expectAt(lastVertex(result), [-7.736, 39.368], 0.0005);
    expectAt(vertex(result, 0), result.snappedWaypoints[0], 0.5e-5);
    expectAt(lastVertex(result), result.snappedWaypoints[1], 0.5e-5);
    // Steps share their joining vertex; the concatenation keeps it once.
    let stepVertices = 0;
    for (const step of legsOf(json)[0].steps) stepVertices += decodePolyline(step.geometry as string, 5).length >> 1;
    expect(result.coords.length >> 1).toBe(stepVertices - 421);
    const n = result.coords.length >> 1;
    expect(result.legs[0]).toMatchObject({ firstVertex: 0, lastVertex: n - 1 });
    expect(Math.abs(cumulativeMeters(result.coords)[n - 1] / result.distanceMeters - 1)).toBeLessThan(0.005);
    const types = new Set(result.legs[0].steps.map((s) => s.maneuver.type));
    expect([...types].sort()).toEqual(['arrive', 'continue', 'depart', 'end of road', 'exit rotary', 'exit roundabout', 'fork', 'merge', 'new name', 'off ramp', 'on ramp', 'rotary', 'roundabout', 'turn']);
    expectManeuversAlongGeometry(result, 1);
  });

  test('Berlin (polyline6, 3 waypoints, no steps): 2 legs split exactly at the middle waypoint', () => {
    const result = parseOsrmRoute(recordedJson('berlin'), { precision: 6 });
    expect(result.distanceMeters).toBe(4731.8);
    expect(result.legs).toHaveLength(2);
    expect(result.legs.map((l) => l.steps.length)).toEqual([0, 0]);
    expect(result.snappedWaypoints).toEqual([[13.388798, 52.517033], [13.39763, 52.529432], [13.428554, 52.523239]]);
    const [leg0, leg1] = result.legs;
    const n = result.coords.length >> 1;
    expect(leg0.firstVertex).toBe(0);
    expect(leg0.lastVertex).toBe(leg1.firstVertex);
    expect(leg1.lastVertex).toBe(n - 1);
    expectAt(vertex(result, 0), [13.388798, 52.517033]);
    expectAt(vertex(result, leg0.lastVertex), [13.39763, 52.529432]);
    expectAt(lastVertex(result), [13.428554, 52.523239]);
    // The split agrees with the server's leg distances (1886.3 m + 2845.5 m).
    const along = cumulativeMeters(result.coords);
    expect(Math.abs(along[leg0.lastVertex] / 1886.3 - 1)).toBeLessThan(0.01);
    expect(Math.abs((along[n - 1] - along[leg0.lastVertex]) / 2845.5 - 1)).toBeLessThan(0.01);
  });

  test('Tallinn (Valhalla, polyline6): 23 steps, vendor extras dropped, vertices where the intersections say', () => {
    const json = recordedJson('tallinn');
    const result = parseOsrmRoute(json, { precision: 6 });
    expect(result.distanceMeters).toBe(2604.35);
    expect(result.legs[0].steps).toHaveLength(23);
    expectAt(vertex(result, 0), [24.765368, 59.442643]);
    expectAt(lastVertex(result), [24.730034, 59.452226]);
    for (const step of result.legs[0].steps) {
      expect(Object.keys(step).sort()).toEqual(expect.arrayContaining(['distance', 'duration', 'maneuver', 'mode', 'name']));
      for (const extra of ['geometry', 'voiceInstructions', 'bannerInstructions', 'speedLimitSign', 'speedLimitUnit']) expect(step).not.toHaveProperty(extra);
      expect(step.maneuver).not.toHaveProperty('instruction');
    }
    expect(result.legs[0]).not.toHaveProperty('annotation');
    expect(result.legs[0]).not.toHaveProperty('admins');
    // Valhalla numbers each intersection's vertex (`geometry_index`): an oracle for the decoded overview.
    let checked = 0;
    for (const step of legsOf(json)[0].steps) {
      for (const intersection of step.intersections as Array<{ geometry_index: number; location: [number, number] }>) {
        expectAt(vertex(result, intersection.geometry_index), intersection.location);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(23);
  });

  test('Tallinn: the full overview and the concatenated step geometries are the same line', () => {
    const fromSteps = parseOsrmRoute(recordedJson('tallinn'), { precision: 6 });
    const json = recordedJson('tallinn');
    for (const step of legsOf(json)[0].steps) delete step.geometry;
    const fromOverview = parseOsrmRoute(json, { precision: 6 });
    expect(fromOverview.coords.length >> 1).toBe(140);
    expect(Array.from(fromSteps.coords)).toEqual(Array.from(fromOverview.coords));
  });

  test('Ajaccio: the overview is simplified (26 vertices), so the full-resolution step geometry (170) is used', () => {
    const json = recordedJson('ajaccio');
    const overview = decodePolyline(routeOf(json).geometry as string, 5);
    expect(overview.length >> 1).toBe(26);
    const result = parseOsrmRoute(json, { precision: 5 });
    expect(result.coords.length >> 1).toBe(170);
    // Simplification keeps a subsequence of the vertices.
    let j = 0;
    for (let i = 0; i < result.coords.length && j < overview.length; i += 2) {
      if (result.coords[i] === overview[j] && result.coords[i + 1] === overview[j + 1]) j += 2;
    }
    expect(j).toBe(overview.length);
    // With the step geometries gone, the overview is what is left.
    for (const step of legsOf(json)[0].steps) delete step.geometry;
    expect(Array.from(parseOsrmRoute(json, { precision: 5 }).coords)).toEqual(Array.from(overview));
  });

  test('keeps the OSRM step fields the instructions need', () => {
    const result = parseOsrmRoute(recordedJson('ajaccio'), { precision: 5 });
    const roundabout = result.legs[0].steps[8];
    expect(roundabout.maneuver).toEqual({ location: expect.any(Array), bearing_before: expect.any(Number), bearing_after: expect.any(Number), type: 'roundabout', modifier: 'right', exit: 2 });
    expect(result.legs[0].steps[1]).toMatchObject({ name: "Avenue Colonel Colonna d'Ornano", ref: 'D 11', mode: 'driving', driving_side: 'right' });
    expect(result.legs[0].steps[0].intersections).toEqual([{ out: 0, entry: [true], bearings: [204], location: [8.732901, 41.928821] }]);
  });
});

describe('leg splitting over an overview geometry', () => {
  /** A real line (the Ajaccio route) cut and reassembled into a made-up multi-leg response. */
  function syntheticResponse(vertexRuns: Array<[number, number]>, waypointVertices: number[]) {
    const base = parseOsrmRoute(recordedJson('ajaccio'), { precision: 5 }).coords;
    const parts: number[] = [];
    const legEnds: number[] = [];
    for (const [from, to] of vertexRuns) {
      const step = from <= to ? 1 : -1;
      for (let i = from; i !== to + step; i += step) {
        if (parts.length > 0 && parts[parts.length - 2] === base[2 * i] && parts[parts.length - 1] === base[2 * i + 1]) continue;
        parts.push(base[2 * i], base[2 * i + 1]);
      }
      legEnds.push((parts.length >> 1) - 1);
    }
    const coords = new Float64Array(parts);
    const along = cumulativeMeters(coords);
    const legs = legEnds.map((end, k) => ({ distance: along[end] - (k === 0 ? 0 : along[legEnds[k - 1]]), duration: 60, summary: '', steps: [] }));
    const waypoints = waypointVertices.map((i) => ({ name: '', location: [base[2 * i], base[2 * i + 1]] }));
    return { json: { code: 'Ok', routes: [{ distance: along[along.length - 1], duration: 60 * legs.length, geometry: encodePolyline(coords, 5), legs }], waypoints }, legEnds };
  }

  test('out and back: A → B → A → B ends each leg at the right visit of B', () => {
    const { json, legEnds } = syntheticResponse([[0, 25], [25, 0], [0, 25]], [0, 25, 0, 25]);
    const result = parseOsrmRoute(json, { precision: 5 });
    expect(result.legs.map((l) => l.lastVertex)).toEqual(legEnds);
    expect(result.legs.map((l) => l.firstVertex)).toEqual([0, legEnds[0], legEnds[1]]);
  });

  test('a leg that drives through its end waypoint and comes back to it (curb approach) ends at the second visit', () => {
    // Leg 0: A … M … (on to vertex 15, turn) … back to M. Leg 1: M … B.
    const { json, legEnds } = syntheticResponse([[0, 15], [15, 10], [10, 25]], [0, 15, 10, 25]);
    // Merge the first two runs into one leg that ends back at M; the turnaround is no waypoint.
    json.waypoints.splice(1, 1);
    const [run0, run1] = json.routes[0].legs;
    json.routes[0].legs.splice(0, 2, { ...run0, distance: run0.distance + run1.distance });
    const result = parseOsrmRoute(json, { precision: 5 });
    expect(result.legs).toHaveLength(2);
    expect(legEnds[1]).toBe(20);
    expect(result.legs[0].lastVertex).toBe(20);
    expect(result.legs[1].lastVertex).toBe((result.coords.length >> 1) - 1);
  });
});

describe('parseOsrmRoute failures', () => {
  test('NoRoute and NoSegment are no-route errors carrying the server message', () => {
    const noRoute = routingError(() => parseOsrmRoute({ code: 'NoRoute', message: 'Impossible route between points' }, { precision: 6 }));
    expect(noRoute.kind).toBe('no-route');
    expect(noRoute.message).toContain('Impossible route between points');
    const noSegment = routingError(() => parseOsrmRoute({ code: 'NoSegment', message: 'Could not find a matching segment for coordinate 1' }, { precision: 6 }));
    expect(noSegment.kind).toBe('no-route');
    expect(noSegment.message).toContain('Could not find a matching segment for coordinate 1');
    expect(noSegment.message).toMatch(/too far from any road/);
  });

  test('other codes are bad responses with the code and message', () => {
    const error = routingError(() => parseOsrmRoute({ code: 'InvalidQuery', message: 'Query string malformed close to position 28' }, { precision: 6 }));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('InvalidQuery');
    expect(error.message).toContain('Query string malformed close to position 28');
  });

  test.each([
    ['null', null, /got null/],
    ['an array', [], /got an array/],
    ['a string', 'Ok', /got string/],
    ['no routes', { code: 'Ok' }, /no "routes" list/],
    ['a route without legs', { code: 'Ok', routes: [{ distance: 1, duration: 1, geometry: '??' }] }, /no legs/],
    ['a negative distance', { routes: [{ distance: -1, duration: 1, legs: [{}] }] }, /no valid "distance"/],
    ['a numeric code', { code: 200, routes: [] }, /"code" is not a string/],
    ['a step without maneuver', { routes: [{ distance: 1, duration: 1, geometry: '??', legs: [{ distance: 1, duration: 1, steps: [{ distance: 1, duration: 1, geometry: '??' }, { distance: 0, duration: 0 }] }] }] }, /step 1 of leg 1 has no maneuver/],
    ['a broken polyline', { routes: [{ distance: 1, duration: 1, geometry: '_p~iF~ps|', legs: [{ distance: 1, duration: 1 }] }] }, /cut short/],
    ['a bad GeoJSON position', { routes: [{ distance: 1, duration: 1, geometry: { type: 'LineString', coordinates: [[1, 2], [1, 'x']] }, legs: [{ distance: 1, duration: 1 }] }] }, /position 1 of the route geometry/],
    ['no geometry at all', { routes: [{ distance: 1, duration: 1, legs: [{ distance: 1, duration: 1, steps: [] }] }] }, /request overview=full/],
    ['an empty geometry', { routes: [{ distance: 1, duration: 1, geometry: '', legs: [{ distance: 1, duration: 1 }] }] }, /geometry is empty/],
  ])('%s is a bad response that says what is wrong', (_label, json, message) => {
    const error = routingError(() => parseOsrmRoute(json, { precision: 5 }));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toMatch(message);
  });

  test('an empty routes list means no route', () => {
    expect(routingError(() => parseOsrmRoute({ code: 'Ok', routes: [] }, { precision: 5 })).kind).toBe('no-route');
  });

  test('polyline6 parsed as polyline5 is reported, not drawn in the wrong place', () => {
    const error = routingError(() => parseOsrmRoute(recordedJson('berlin'), { precision: 5 }));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toMatch(/outside the globe/);
  });
});

describe('toOsrmRouteResponse', () => {
  test('writes a GeoJSON LineString at 1e-6° that parses back to the same route', () => {
    for (const [name, precision] of [['ajaccio', 5], ['berlin', 6], ['tallinn', 6], ['portugalKorea', 5]] as const) {
      const result = parseOsrmRoute(recordedJson(name), { precision });
      const response = toOsrmRouteResponse(result);
      expect(response.code).toBe('Ok');
      const geometry = response.routes![0].geometry as { type: string; coordinates: number[][] };
      expect(geometry.type).toBe('LineString');
      expect(geometry.coordinates.length).toBe(result.coords.length >> 1);
      const again = parseOsrmRoute(JSON.parse(JSON.stringify(response)), { precision: 6 });
      expect(again.distanceMeters).toBe(result.distanceMeters);
      expect(again.durationSeconds).toBe(result.durationSeconds);
      expect(again.snappedWaypoints).toEqual(result.snappedWaypoints);
      expect(again.legs.map((l) => [l.firstVertex, l.lastVertex, l.steps.length])).toEqual(result.legs.map((l) => [l.firstVertex, l.lastVertex, l.steps.length]));
      expect(again.legs.map((l) => l.steps)).toEqual(result.legs.map((l) => l.steps));
      expect(again.coords.length).toBe(result.coords.length);
      let worst = 0;
      for (let i = 0; i < result.coords.length; i++) worst = Math.max(worst, Math.abs(again.coords[i] - result.coords[i]));
      expect(worst).toBeLessThanOrEqual(0.5e-6 + 1e-12);
    }
  });

  test('rounds coordinates to 6 decimals and names waypoints after the roads they are on', () => {
    const ajaccio = recordedJson('ajaccio') as { waypoints: Array<{ name: string }> };
    const response = toOsrmRouteResponse(parseOsrmRoute(ajaccio, { precision: 5 }));
    expect(response.waypoints!.map((w) => w.name)).toEqual(ajaccio.waypoints.map((w) => w.name));
    const tallinn = recordedJson('tallinn') as { waypoints: Array<{ name: string }> };
    expect(toOsrmRouteResponse(parseOsrmRoute(tallinn, { precision: 6 })).waypoints!.map((w) => w.name)).toEqual(tallinn.waypoints.map((w) => w.name));
    const unrounded: RouteResult = {
      ...parseOsrmRoute(recordedJson('berlin'), { precision: 6 }),
      coords: new Float64Array([13.3887981234, 52.5170329876, 13.4285544999, 52.5232390001]),
    };
    const coordinates = (toOsrmRouteResponse(unrounded).routes![0].geometry as { coordinates: number[][] }).coordinates;
    expect(coordinates).toEqual([[13.388798, 52.517033], [13.428554, 52.523239]]);
    expect(toOsrmRouteResponse(unrounded).routes![0].legs[0]).not.toHaveProperty('firstVertex');
  });
});
