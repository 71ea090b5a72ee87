import { describe, expect, test } from 'vitest';
import { decodePolyline, encodePolyline, polylineVertexCount } from '../../../src/core/routing/polyline';
import { RoutingError } from '../../../src/core/routing/router';
import { recordedJson } from './recorded-osrm';

/** Google's documented example, `[lon, lat]`. */
const GOOGLE_EXAMPLE = [-120.2, 38.5, -120.95, 40.7, -126.453, 43.252];

function expectCoords(actual: Float64Array, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThan(1e-9);
}

function expectBadResponse(fn: () => unknown, messagePart: RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RoutingError);
    expect((error as RoutingError).kind).toBe('bad-response');
    expect((error as RoutingError).message).toMatch(messagePart);
    return;
  }
  throw new Error('expected a RoutingError');
}

describe('decodePolyline', () => {
  test('decodes the reference vectors at precision 5 and 6 into [lon, lat] order', () => {
    expectCoords(decodePolyline('_p~iF~ps|U_ulLnnqC_mqNvxq`@', 5), GOOGLE_EXAMPLE);
    expectCoords(decodePolyline('_izlhA~rlgdF_{geC~ywl@_kwzCn`{nI', 6), GOOGLE_EXAMPLE);
    expectCoords(decodePolyline('eepolAp_doO', 6), [-8.653321, 40.641123]);
  });

  test('an empty string is an empty line', () => {
    expect(decodePolyline('', 6).length).toBe(0);
  });

  test('the first vertex of every recorded overview is the first snapped waypoint', () => {
    // polyline5 stores 1e-5°, waypoints 1e-6°: they agree to half a unit of the coarser one.
    const cases = [['ajaccio', 5, 0.5e-5], ['berlin', 6, 0.5e-6], ['tallinn', 6, 0.5e-6]] as const;
    for (const [name, precision, tolerance] of cases) {
      const json = recordedJson(name) as { routes: Array<{ geometry: string }>; waypoints: Array<{ location: [number, number] }> };
      const coords = decodePolyline(json.routes[0].geometry, precision);
      const [lon, lat] = json.waypoints[0].location;
      expect(Math.abs(coords[0] - lon)).toBeLessThanOrEqual(tolerance + 1e-12);
      expect(Math.abs(coords[1] - lat)).toBeLessThanOrEqual(tolerance + 1e-12);
    }
  });

  test('rejects characters outside the alphabet with their position', () => {
    expectBadResponse(() => decodePolyline('_p~iF ps|U', 5), /character " " at position 5/);
    expectBadResponse(() => decodePolyline('_p~iF\u00e9ps|U', 5), /position 5/);
  });

  test('rejects a value cut short and an odd number of values', () => {
    expectBadResponse(() => decodePolyline('_p~iF~ps|', 5), /cut short/);
    expectBadResponse(() => decodePolyline('_p~iF', 5), /1 numbers, but coordinates come in pairs/);
  });

  test('rejects absurdly long numbers', () => {
    expectBadResponse(() => decodePolyline('~~~~~~~~~~??', 5), /number ending at position 7 is too large/);
  });

  test('a polyline5 read as polyline6 is fine (0.1× the degrees), but polyline6 read as polyline5 leaves the globe', () => {
    expectBadResponse(() => decodePolyline('_izlhA~rlgdF', 5), /outside the globe; the geometry may use another precision than polyline5/);
  });

  test('a non-string is rejected, not thrown as a TypeError', () => {
    expectBadResponse(() => decodePolyline(42 as unknown as string, 5), /not a string/);
  });
});

describe('encodePolyline', () => {
  test('encodes the reference vectors', () => {
    expect(encodePolyline(new Float64Array(GOOGLE_EXAMPLE), 5)).toBe('_p~iF~ps|U_ulLnnqC_mqNvxq`@');
    expect(encodePolyline(new Float64Array(GOOGLE_EXAMPLE), 6)).toBe('_izlhA~rlgdF_{geC~ywl@_kwzCn`{nI');
  });

  test('rounds half away from zero like the reference encoders', () => {
    expect(encodePolyline(new Float64Array([0.000006, 0, 0.000002, 0]), 5)).toBe('?A?@');
    expect(encodePolyline(new Float64Array([-112.084004, 36.05322, -112.083914, 36.053573, -112.083965, 36.053845]), 5)).toBe('ss`{E~kbkTeAQw@J');
    expect(encodePolyline(new Float64Array([-8.6533214234, 40.6411233123]), 6)).toBe('eepolAp_doO');
  });

  test('re-encoding every recorded polyline gives back the same bytes', () => {
    const strings: Array<[string, 5 | 6]> = [];
    const collect = (name: 'ajaccio' | 'portugalKorea' | 'berlin' | 'tallinn', precision: 5 | 6) => {
      const route = (recordedJson(name).routes as Array<{ geometry?: string; legs: Array<{ steps: Array<{ geometry: string }> }> }>)[0];
      if (route.geometry) strings.push([route.geometry, precision]);
      for (const leg of route.legs) for (const step of leg.steps) strings.push([step.geometry, precision]);
    };
    collect('ajaccio', 5);
    collect('portugalKorea', 5);
    collect('berlin', 6);
    collect('tallinn', 6);
    expect(strings.length).toBe(1 + 22 + 422 + 1 + 1 + 23);
    for (const [encoded, precision] of strings) {
      const coords = decodePolyline(encoded, precision);
      expect(coords.length / 2).toBe(polylineVertexCount(encoded));
      expect(encodePolyline(coords, precision)).toBe(encoded);
    }
  });

  test('covers the whole globe', () => {
    const corners = new Float64Array([-180, -90, 180, 90, -179.999999, 89.999999, 0, 0]);
    expectCoords(decodePolyline(encodePolyline(corners, 6), 6), Array.from(corners));
  });
});
