/**
 * Shared fixtures for the store tests and benchmarks: drives built with the real edit functions,
 * seeded synthetic routes, real OSRM responses turned into `SegmentRoute`s, unique db names.
 * Reading files is left to the caller (node `fs` or the browser `commands.readFile`).
 */
import { createDrive, segmentKey, type Drive } from '../../src/core/drive/drive';
import { appendWaypoint } from '../../src/core/drive/edits';
import type { SegmentRoute } from '../../src/core/drive/segment-route';
import { decodePolyline } from '../../src/core/routing/polyline';
import type { OsrmRouteResponse } from '../../src/core/routing/osrm-types';
import { lineLengthMeters } from '../../src/core/geometry/earth';

/** Paths relative to the repository root (vitest's root); the browser `readFile` command resolves them the same way. */
export const OSRM_AJACCIO = '../shared/data/osrm-responses/road2-ajaccio-corsica-car.json';
export const OSRM_TALLINN = '../shared/data/osrm-responses/ferrostar-tallinn-valhalla-osrm-annotations.json';

let dbCounter = 0;
export function uniqueDbName(label: string): string {
  dbCounter++;
  return `switchback-test-${label}-${Date.now().toString(36)}-${dbCounter}-${Math.floor(Math.random() * 1e9).toString(36)}`;
}

/**
 * Deletes a test database (browser). Raw `deleteDatabase` rather than `Dexie.delete`: Chromium
 * closes connections asynchronously, so the request is often briefly "blocked", which Dexie
 * reports as a console warning although the deletion then completes normally.
 */
export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

/** mulberry32: seeded so data is identical across runs. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A drive with `waypointCount` waypoints on a wiggly line east of Andorra, built through `appendWaypoint`. */
export function makeDrive(name: string, waypointCount: number, seed = 1, now = 1_700_000_000_000): Drive {
  const rand = mulberry32(seed);
  let drive = createDrive(name, now);
  for (let i = 0; i < waypointCount; i++) {
    drive = appendWaypoint(drive, [1.5 + i * 0.05 + rand() * 0.01, 42.5 + rand() * 0.05], now + i);
  }
  return drive;
}

/**
 * A synthetic road-like line of `vertexCount` vertices from `from` to `to` ([lon, lat]), with
 * seeded wiggle, and elevations when asked. End vertices are exactly the endpoints.
 */
export function makeLine(from: readonly [number, number], to: readonly [number, number], vertexCount: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const coords = new Float64Array(vertexCount * 2);
  for (let i = 0; i < vertexCount; i++) {
    const t = i / (vertexCount - 1);
    const wiggle = i === 0 || i === vertexCount - 1 ? 0 : (rand() - 0.5) * 0.0004;
    coords[2 * i] = from[0] + (to[0] - from[0]) * t + wiggle;
    coords[2 * i + 1] = from[1] + (to[1] - from[1]) * t + Math.sin(t * 40) * 0.002 + wiggle;
  }
  return coords;
}

/** The route of segment `i` of `drive`, under its real `segmentKey`. */
export function makeSegmentRoute(drive: Drive, i: number, vertexCount: number, seed = i + 1, withElevation = false): SegmentRoute {
  const coords = makeLine(drive.waypoints[i].position, drive.waypoints[i + 1].position, vertexCount, seed);
  const route: SegmentRoute = {
    key: segmentKey(drive, i),
    madeBy: 'osrm',
    coords,
    distanceMeters: lineLengthMeters(coords),
    durationSeconds: lineLengthMeters(coords) / 20,
    steps: [],
  };
  if (!withElevation) return route;
  const ele = new Float32Array(vertexCount);
  for (let v = 0; v < vertexCount; v++) ele[v] = 900 + 300 * Math.sin(v / 50);
  return { ...route, elevationsMeters: ele };
}

export function makeAllRoutes(drive: Drive, vertexCount: number): SegmentRoute[] {
  return drive.segments.map((_, i) => makeSegmentRoute(drive, i, vertexCount));
}

/** A real OSRM response's single-leg route as the `SegmentRoute` stored under `key` (geometry and steps unchanged). */
export function segmentRouteFromOsrmJson(text: string, key: string, precision: 5 | 6): SegmentRoute {
  const json = JSON.parse(text) as OsrmRouteResponse;
  const route = json.routes?.[0];
  if (!route || typeof route.geometry !== 'string') throw new Error('fixture has no encoded route geometry');
  return {
    key,
    madeBy: 'osrm',
    coords: decodePolyline(route.geometry, precision),
    distanceMeters: route.distance,
    durationSeconds: route.duration,
    steps: route.legs[0].steps,
  };
}
