/**
 * The pure v1 → v2 record conversion (node), on a real OSRM route (Tallinn) and on damaged v1
 * records; then the whole upgrade on fake-indexeddb, as a fast check beside the Chromium test.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { Dexie } from 'dexie';
import { segmentKey } from '../../src/core/drive/drive';
import { decodePolyline } from '../../src/core/routing/polyline';
import { convertDriveV1, fixedKeyFromV1, nestedToTypedArrays } from '../../src/store/schema-v1';
import { DriveRepository } from '../../src/store';
import { OSRM_TALLINN, uniqueDbName } from './store-fixtures';

function tallinn(): { points: number[][]; distance: number; duration: number; steps: unknown[] } {
  const file = path.resolve(process.cwd(), OSRM_TALLINN);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`Missing shared fixture ${file} (the tests read ../shared beside the repository): ${String(err)}`);
  }
  const route = (JSON.parse(text) as { routes: Array<{ geometry: string; distance: number; duration: number; legs: Array<{ steps: unknown[] }> }> }).routes[0];
  const coords = decodePolyline(route.geometry, 6);
  const points: number[][] = [];
  for (let i = 0; i < coords.length; i += 2) points.push([coords[i], coords[i + 1]]);
  return { points, distance: route.distance, duration: route.duration, steps: route.legs[0].steps };
}

function v1Drive(legs: object[], waypoints: object[]) {
  return { id: 'v1', name: 'Old', createdAt: 10, updatedAt: 20, waypoints, legs };
}

describe('convertDriveV1', () => {
  test('a real route stored inline becomes one typed-array route under the segment key', () => {
    const t = tallinn();
    const first = t.points[0];
    const last = t.points[t.points.length - 1];
    const result = convertDriveV1(v1Drive(
      [{ router: 'osrm', geometry: t.points, distance: t.distance, duration: t.duration, steps: t.steps }],
      [{ lon: first[0], lat: first[1] }, { lon: last[0], lat: last[1] }],
    ), 777);
    if (!result.ok) throw new Error(result.reason);
    expect(result.routes).toHaveLength(1);
    const route = result.routes[0];
    expect(route.key).toBe(segmentKey(result.drive, 0));
    expect(route.coords).toBeInstanceOf(Float64Array);
    expect(route.coords.length).toBe(t.points.length * 2);
    expect(route.coords[route.coords.length - 1]).toBe(last[1]);
    expect(route).toMatchObject({ madeBy: 'osrm', distanceMeters: t.distance, savedAt: 777 });
    expect(route.steps).toHaveLength(23);
    expect(result.drive).toMatchObject({ deletedAt: null, distanceMeters: t.distance, defaultRouter: 'osrm', profile: 'fastest' });
  });

  test('legs with unusable geometry are dropped (re-routed later); an imported leg without geometry becomes routed', () => {
    const wps = [{ lon: 1, lat: 42 }, { lon: 1.1, lat: 42.1 }, { lon: 1.2, lat: 42.2 }, { lon: 1.3, lat: 42.3 }];
    const result = convertDriveV1(v1Drive([
      { router: 'osrm', geometry: [[1, 42], [200, 42.1]] },
      { router: 'imported', geometry: [[1.1, 42.1]] },
      { router: 'imported', geometry: [[1.2, 42.2], [1.25, 42.25, 300], [1.3, 42.3]] },
    ], wps), 1);
    if (!result.ok) throw new Error(result.reason);
    expect(result.drive.segments).toEqual([{ router: 'osrm' }, { router: 'osrm' }, { router: 'fixed', fixedKey: fixedKeyFromV1('v1', 2) }]);
    expect(result.routes.map((r) => r.key)).toEqual([fixedKeyFromV1('v1', 2)]);
    expect(result.routes[0].elevationsMeters).toBeUndefined(); // not every point had one
    expect(result.drive.distanceMeters).toBeNull();
  });

  test('damaged v1 records are refused with a reason, not converted half-way', () => {
    expect(convertDriveV1(null, 1)).toEqual({ ok: false, reason: 'not an object' });
    expect(convertDriveV1({ id: 'x', waypoints: [], legs: [{}] }, 1)).toEqual({ ok: false, reason: '1 legs for 0 waypoints' });
    expect(convertDriveV1(v1Drive([], [{ lon: 'east', lat: 42 }]), 1)).toMatchObject({ ok: false, reason: 'waypoint 0: position has a non-numeric coordinate' });
  });

  test('nestedToTypedArrays keeps elevations only when every point has one', () => {
    expect(nestedToTypedArrays([[1, 2, 3], [4, 5, 6]])).toEqual({ coords: new Float64Array([1, 2, 4, 5]), elevationsMeters: new Float32Array([3, 6]) });
    expect(nestedToTypedArrays([[1, 2], [4, 5, 6]])).toEqual({ coords: new Float64Array([1, 2, 4, 5]) });
    expect(nestedToTypedArrays([[1, Number.NaN], [4, 5]])).toBeNull();
    expect(nestedToTypedArrays('x')).toBeNull();
  });
});

describe('upgrade on fake-indexeddb', () => {
  test('a v1 database opens as v2 with drives, routes and settings converted', async () => {
    const name = uniqueDbName('fake-migrate');
    const v1 = new Dexie(name);
    v1.version(1).stores({ drives: 'id, updatedAt', settings: 'key' });
    const t = tallinn();
    const first = t.points[0];
    const last = t.points[t.points.length - 1];
    await v1.table('drives').put(v1Drive([{ router: 'osrm', geometry: t.points, distance: t.distance, duration: t.duration }], [{ lon: first[0], lat: first[1] }, { lon: last[0], lat: last[1] }]));
    await v1.table('settings').put({ key: 'units', value: 'metric' });
    v1.close();

    const repo = new DriveRepository(name);
    const loaded = await repo.loadDrive('v1');
    expect(loaded.missingRouteKeys).toEqual([]);
    const route = loaded.routes.get(segmentKey(loaded.drive, 0));
    expect(route?.coords).toBeInstanceOf(Float64Array);
    expect(Array.from(route?.coords ?? []).length).toBe(t.points.length * 2);
    expect(await repo.getSetting('distanceUnits')).toBe('km');
    repo.close();
    await Dexie.delete(name);
  });
});
