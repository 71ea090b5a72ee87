/**
 * Record validation and the record codec (pure; node). A real Valhalla/OSRM response (Tallinn,
 * polyline6, 23 steps with extra Mapbox-style fields) checks that real steps pass validation.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { segmentKey, segmentKeys } from '../../src/core/drive/drive';
import { moveWaypoint } from '../../src/core/drive/edits';
import { emptyHistory, record, HISTORY_LIMIT } from '../../src/core/drive/history';
import { driveProblem, historyProblem, lonLatProblem, segmentRouteProblem } from '../../src/store/record-validation';
import { driveDistanceMeters, driveToRecord, driveFromRecord, historyToRecord, referencedRouteKeys, routeToRecord, routeFromRecord } from '../../src/store/records';
import { OSRM_TALLINN, makeAllRoutes, makeDrive, makeSegmentRoute, segmentRouteFromOsrmJson } from './store-fixtures';

function readShared(relative: string): string {
  const file = path.resolve(process.cwd(), relative);
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`Missing shared fixture ${file} (the tests read ../shared beside the repository): ${String(err)}`);
  }
}

describe('validation', () => {
  test('drives built by the edit functions are valid; each kind of damage is named', () => {
    const drive = makeDrive('Valid', 4);
    expect(driveProblem(drive)).toBeNull();
    expect(driveProblem(null)).toBe('drive is not an object');
    expect(driveProblem({ ...drive, id: '' })).toBe('drive has no id');
    expect(driveProblem({ ...drive, segments: drive.segments.slice(1) })).toBe('drive has 2 segments for 4 waypoints');
    expect(driveProblem({ ...drive, defaultRouter: 'valhalla' })).toBe('drive has an unknown default router');
    expect(driveProblem({ ...drive, segments: [{ router: 'fixed' }, ...drive.segments.slice(1)] })).toBe('fixed segment 0 has no fixedKey');
    expect(driveProblem({ ...drive, waypoints: [{ ...drive.waypoints[0], kind: 'stop' }, ...drive.waypoints.slice(1)] })).toBe('waypoint 0 has an unknown kind');
    expect(driveProblem({ ...drive, pois: [{ id: 'p', position: [1, 2], name: 'x', symbol: 7 }] })).toBe('POI 0 has a non-string description or symbol');
    expect(lonLatProblem([181, 0])).toBe('position [181, 0] is outside WGS84 range');
    expect(lonLatProblem([1, 2, 3])).toBe('position is not a [lon, lat] pair');
  });

  test('a real OSRM-format route (Tallinn, 140 vertices, 23 steps) is a valid SegmentRoute; damage is named', () => {
    const route = segmentRouteFromOsrmJson(readShared(OSRM_TALLINN), 'osrm|fastest|a|b', 6);
    expect(route.coords.length).toBe(280);
    expect(route.steps).toHaveLength(23);
    expect(segmentRouteProblem(route)).toBeNull();
    expect(segmentRouteProblem({ ...route, coords: Array.from(route.coords) })).toBe('route coordinates are not a Float64Array');
    expect(segmentRouteProblem({ ...route, coords: new Float64Array([1, 2]) })).toMatch(/at least 2 vertices/);
    const nan = route.coords.slice();
    nan[7] = Number.NaN;
    expect(segmentRouteProblem({ ...route, coords: nan })).toBe('route vertex 3 is not a valid [lon, lat]');
    expect(segmentRouteProblem({ ...route, elevationsMeters: new Float32Array(3) })).toBe('route has a different number of elevations and vertices');
    expect(segmentRouteProblem({ ...route, distanceMeters: -1 })).toBe('route has no valid distance');
    expect(segmentRouteProblem({ ...route, steps: [1, 2] })).toBe('route steps are not a list of objects');
  });

  test('history checks every snapshot on both stacks', () => {
    const drive = makeDrive('H', 2);
    expect(historyProblem(record(emptyHistory, drive))).toBeNull();
    expect(historyProblem({ past: [drive], future: [{ ...drive, profile: 'scenic' }] })).toBe('redo step 0: drive has an unknown route profile');
    expect(historyProblem({ past: 'x', future: [] })).toBe('undo list is not a list');
  });
});

describe('codec', () => {
  test('drive records add deletedAt and distance; reading back strips them', () => {
    const drive = makeDrive('Codec', 3);
    const rec = driveToRecord(drive, 123, 4567);
    expect(rec).toMatchObject({ deletedAt: 123, distanceMeters: 4567 });
    expect(driveFromRecord(rec)).toEqual(drive);
    expect(Object.keys(driveFromRecord(rec)).sort()).toEqual(Object.keys(drive).sort());
  });

  test('typed-array views are copied to their own buffer; owned arrays are stored as they are', () => {
    const drive = makeDrive('Views', 2);
    const route = makeSegmentRoute(drive, 0, 100, 1, true);
    const owned = routeToRecord(route, 5);
    expect(owned.coords).toBe(route.coords);
    expect(owned.elevationsMeters).toBe(route.elevationsMeters);
    const big = new Float64Array(1000);
    const view = big.subarray(100, 100 + route.coords.length);
    view.set(route.coords);
    const compacted = routeToRecord({ ...route, coords: view }, 5);
    expect(compacted.coords.buffer.byteLength).toBe(route.coords.byteLength);
    expect(Array.from(compacted.coords)).toEqual(Array.from(route.coords));
    expect(routeFromRecord(compacted)).not.toHaveProperty('savedAt');
    expect('fallbackReason' in owned).toBe(false);
  });

  test('history records keep the newest HISTORY_LIMIT undo steps and the nearest HISTORY_LIMIT redo steps', () => {
    const drive = makeDrive('Cap', 2);
    const many = Array.from({ length: HISTORY_LIMIT + 5 }, (_, i) => ({ ...drive, updatedAt: i }));
    const rec = historyToRecord(drive.id, { past: many, future: many });
    expect(rec.past.map((d) => d.updatedAt)).toEqual(many.slice(5).map((d) => d.updatedAt));
    expect(rec.future.map((d) => d.updatedAt)).toEqual(many.slice(0, HISTORY_LIMIT).map((d) => d.updatedAt));
  });

  test('referencedRouteKeys covers the drive and every snapshot, once each; driveDistanceMeters needs every non-gap route', () => {
    const a = makeDrive('Keys', 3);
    const b = moveWaypoint(a, a.waypoints[2].id, [1.9, 42.9]);
    const keys = referencedRouteKeys(b, record(emptyHistory, a));
    expect(keys).toEqual([...segmentKeys(b), segmentKey(a, 1)]);
    const routes = new Map(makeAllRoutes(b, 20).map((r) => [r.key, r]));
    const total = [...routes.values()].reduce((s, r) => s + r.distanceMeters, 0);
    expect(driveDistanceMeters(b, routes)).toBeCloseTo(total, 9);
    routes.delete(segmentKey(b, 1));
    expect(driveDistanceMeters(b, routes)).toBeNull();
    const withGap = { ...b, segments: [b.segments[0], { ...b.segments[1], gap: true }] };
    expect(driveDistanceMeters(withGap, routes)).toBeCloseTo(routes.get(segmentKey(b, 0))?.distanceMeters ?? NaN, 9);
  });
});
