/**
 * PlannerMap (the MapLibre adapter) in real headless Chromium with WebGL (SwiftShader): offline
 * style and attribution, the offline fallback when an online basemap fails, the route source fed
 * by `updateData` diffs, the waypoint markers, and the gestures, driven with real playwright mouse
 * input (`userEvent`), not synthetic map events.
 *
 * The route is real: the recorded OSRM response from Ajaccio (../shared), cut into 3 segments.
 */
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { createDrive, segmentKey, type Drive } from '../../src/core/drive/drive';
import { appendWaypoint, moveWaypoint } from '../../src/core/drive/edits';
import type { SegmentRoute } from '../../src/core/drive/segment-route';
import { lineLengthMeters } from '../../src/core/geometry/earth';
import { decodePolyline } from '../../src/core/routing/polyline';
import type { OsrmRouteResponse } from '../../src/core/routing/osrm-types';
import type { LonLat } from '../../src/core/units';
import { OSM_ATTRIBUTION, isOfflineStyle } from '../../src/map/offline-style';
import { segmentFeatureId, toLineCoordinates } from '../../src/map/route-diff';
import { OSRM_AJACCIO, makeLine } from '../store/store-fixtures';
import {
  MAP_HEIGHT, MAP_WIDTH, ROUTE_LAYERS, ROUTE_SOURCE, mountPlannerMap, renderedWithSource, routeFeatures, routeSource, waitFor,
  type MountedMap,
} from '../bench/map-harness';

/** Vertex indices of the real route where the 4 waypoints sit (A, 1, 2, B). */
const CUTS = [0, 8, 17, 25];

interface RealDrive {
  drive: Drive;
  routes: Map<string, SegmentRoute>;
  /** The whole decoded route, `[lon, lat, …]`. */
  line: Float64Array;
}

function sliceRoute(drive: Drive, i: number, coords: Float64Array): SegmentRoute {
  const distanceMeters = lineLengthMeters(coords);
  return { key: segmentKey(drive, i), madeBy: 'osrm', coords, distanceMeters, durationSeconds: distanceMeters / 12, steps: [] };
}

let ajaccioText: string | undefined;
async function ajaccioDrive(): Promise<RealDrive> {
  ajaccioText ??= await commands.readFile(OSRM_AJACCIO).catch((err: unknown) => {
    throw new Error(`Missing shared fixture ${OSRM_AJACCIO} (expected beside the repository in ../shared): ${String(err)}`);
  });
  const json = JSON.parse(ajaccioText) as OsrmRouteResponse;
  const geometry = json.routes?.[0]?.geometry;
  if (typeof geometry !== 'string') throw new Error(`${OSRM_AJACCIO} has no encoded route geometry`);
  const line = decodePolyline(geometry, 5);
  expect(line.length / 2).toBe(CUTS[CUTS.length - 1] + 1);
  let drive = createDrive('Ajaccio', 1_700_000_000_000, 'osrm');
  for (const v of CUTS) drive = appendWaypoint(drive, [line[2 * v], line[2 * v + 1]], 1_700_000_000_000);
  const routes = new Map<string, SegmentRoute>();
  for (let i = 0; i < CUTS.length - 1; i++) {
    const route = sliceRoute(drive, i, line.slice(2 * CUTS[i], 2 * CUTS[i + 1] + 2));
    routes.set(route.key, route);
  }
  return { drive, routes, line };
}

/** Waits until the worker applied the last change and a frame was drawn with it. */
async function settled(m: MountedMap, expectedFeatures: number): Promise<GeoJSON.Feature[]> {
  let features: GeoJSON.Feature[] = [];
  const start = performance.now();
  for (;;) {
    features = await routeFeatures(m.map);
    if (features.length === expectedFeatures && routeSource(m.map).loaded() && m.map.isSourceLoaded(ROUTE_SOURCE)) break;
    if (performance.now() - start > 15_000) throw new Error(`route source still has ${features.length} features (expected ${expectedFeatures}) after 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await renderedWithSource(m.map, ROUTE_SOURCE);
  return features;
}

/** The screen point of `[lon, lat]`, relative to the map canvas. */
function pixelOf(m: MountedMap, p: LonLat): { x: number; y: number } {
  const pt = m.map.project([p[0], p[1]]);
  return { x: pt.x, y: pt.y };
}

/** Asserts `actual` is within `pixels` screen pixels of the point at canvas position `at`. */
function expectNearPixel(m: MountedMap, actual: LonLat, at: { x: number; y: number }, pixels = 1.5) {
  const back = m.map.project([actual[0], actual[1]]);
  expect(Math.hypot(back.x - at.x, back.y - at.y)).toBeLessThan(pixels);
}

/** The centre of a marker element, relative to the map canvas. */
function markerCenter(m: MountedMap, el: HTMLElement): { x: number; y: number } {
  const box = el.getBoundingClientRect();
  const canvasBox = m.map.getCanvas().getBoundingClientRect();
  return { x: box.left + box.width / 2 - canvasBox.left, y: box.top + box.height / 2 - canvasBox.top };
}

function markerElements(m: MountedMap): HTMLElement[] {
  return Array.from(m.container.querySelectorAll<HTMLElement>('.sb-waypoint:not(.sb-ghost)'));
}

beforeAll(async () => {
  // Room for the 800×600 map (real pointer input only reaches what is inside the viewport), small
  // enough that the tester iframe is not scaled down to fit playwright's 1280×720 window.
  await page.viewport(MAP_WIDTH + 100, MAP_HEIGHT + 80);
});

let mounted: MountedMap | undefined;
afterEach(() => {
  mounted?.destroy();
  mounted = undefined;
});

async function mountWithDrive(): Promise<MountedMap & RealDrive & { getRoute: (key: string) => SegmentRoute | undefined }> {
  const real = await ajaccioDrive();
  const m = await mountPlannerMap();
  mounted = m;
  const getRoute = (key: string) => real.routes.get(key);
  m.planner.fitDrive(real.drive, getRoute);
  m.planner.render(real.drive, getRoute, null);
  await settled(m, 3);
  return { ...m, ...real, getRoute };
}

describe('basemap', () => {
  test('starts on the built-in offline style and shows the OSM attribution', async () => {
    const m = await mountPlannerMap();
    mounted = m;
    expect(isOfflineStyle(m.map.getStyle())).toBe(true);
    expect(m.planner.isOffline).toBe(false);
    for (const id of ROUTE_LAYERS) expect(m.map.getLayer(id), `layer ${id}`).toBeDefined();
    const attribution = await waitFor(() => m.container.querySelector('.maplibregl-ctrl-attrib'), 'the attribution control');
    expect(attribution.textContent).toContain(OSM_ATTRIBUTION);
    expect(m.container.textContent).toContain('© OpenStreetMap contributors');
  });

  test('an unreachable online style falls back to the offline style, tells the user, and keeps the route overlay', async () => {
    const m = await mountWithDrive();
    const before = await routeFeatures(m.map);
    m.planner.setBasemap('http://127.0.0.1:9/unreachable-style.json');
    await waitFor(() => m.calls.basemapOffline.length > 0, 'onBasemapOffline', 8_000);
    expect(m.calls.basemapOffline).toHaveLength(1);
    const message = m.calls.basemapOffline[0];
    expect(message).toContain('http://127.0.0.1:9/unreachable-style.json');
    expect(message).toMatch(/offline map/);
    expect(message).toMatch(/Settings/);
    expect(m.planner.isOffline).toBe(true);

    // The style switch replaced the overlay; it must be back with the same features.
    await waitFor(() => ROUTE_LAYERS.every((id) => m.map.getLayer(id)) && m.map.getSource(ROUTE_SOURCE), 'the route overlay after the style switch');
    const after = await settled(m, 3);
    expect(after.map((f) => f.id)).toEqual(before.map((f) => f.id));
    expect(after.map((f) => f.properties)).toEqual(before.map((f) => f.properties));
    expect(isOfflineStyle(m.map.getStyle())).toBe(true);
    expect(m.container.textContent).toContain(OSM_ATTRIBUTION);
    const mid = pixelOf(m, [m.line[2 * 12], m.line[2 * 12 + 1]]);
    expect(m.map.queryRenderedFeatures([[mid.x - 3, mid.y - 3], [mid.x + 3, mid.y + 3]], { layers: ['sb-route-line'] }).length).toBeGreaterThan(0);
    // The failed basemap is reported once, not again for later errors.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(m.calls.basemapOffline).toHaveLength(1);
  });
});

describe('route source and markers', () => {
  test('render puts one feature per segment in the route source and one labelled marker per waypoint', async () => {
    const m = await mountWithDrive();
    const features = await routeFeatures(m.map);
    expect(features.map((f) => f.id)).toEqual([0, 1, 2].map((i) => segmentFeatureId(m.drive, i)));
    features.forEach((f, i) => {
      const route = m.getRoute(segmentKey(m.drive, i)) as SegmentRoute;
      expect(f.properties).toEqual({ index: i, router: 'osrm', state: 'routed', distanceMeters: Math.round(route.distanceMeters) });
      expect(f.geometry).toEqual({ type: 'LineString', coordinates: toLineCoordinates(route.coords) });
    });
    const markers = markerElements(m);
    expect(markers.map((el) => el.textContent)).toEqual(['A', '1', '2', 'B']);
    expect(markers.map((el) => el.dataset.waypointId)).toEqual(m.drive.waypoints.map((w) => w.id));
    // Each marker sits on its waypoint.
    markers.forEach((el, i) => {
      const c = markerCenter(m, el);
      const at = pixelOf(m, m.drive.waypoints[i].position);
      expect(Math.hypot(c.x - at.x, c.y - at.y)).toBeLessThan(2);
    });
  });

  test('moving one waypoint sends an updateData diff of its two segments only, never setData', async () => {
    const m = await mountWithDrive();
    const source = routeSource(m.map);
    const updateData = vi.spyOn(source, 'updateData');
    const setData = vi.spyOn(source, 'setData');

    // Re-rendering the same drive sends nothing.
    m.planner.render(m.drive, m.getRoute, null);
    expect(updateData).not.toHaveBeenCalled();

    const w1 = m.drive.waypoints[1];
    const moved = moveWaypoint(m.drive, w1.id, [w1.position[0] + 0.002, w1.position[1] - 0.001], 1_700_000_001_000);
    m.planner.render(moved, m.getRoute, w1.id);
    expect(updateData).toHaveBeenCalledTimes(1);
    const pending = updateData.mock.calls[0][0];
    expect(pending.add ?? []).toEqual([]);
    expect(pending.remove ?? []).toEqual([]);
    expect((pending.update ?? []).map((u) => u.id)).toEqual([segmentFeatureId(moved, 0), segmentFeatureId(moved, 1)]);
    let features = await settled(m, 3);
    expect(features.map((f) => f.properties?.state)).toEqual(['pending', 'pending', 'routed']);
    // A pending segment is a straight placeholder between its waypoints.
    expect(features[0].geometry).toEqual({ type: 'LineString', coordinates: [[...m.drive.waypoints[0].position], [...moved.waypoints[1].position]] });
    expect(markerElements(m)[1].classList.contains('is-selected')).toBe(true);
    const c = markerCenter(m, markerElements(m)[1]);
    const at = pixelOf(m, moved.waypoints[1].position);
    expect(Math.hypot(c.x - at.x, c.y - at.y)).toBeLessThan(2);

    // The routes of the two touched segments arrive: again a diff of those two.
    const arrived = new Map(m.routes);
    for (const i of [0, 1]) {
      const a = moved.waypoints[i].position;
      const b = moved.waypoints[i + 1].position;
      const r = sliceRoute(moved, i, new Float64Array([a[0], a[1], (a[0] + b[0]) / 2 + 0.001, (a[1] + b[1]) / 2, b[0], b[1]]));
      arrived.set(r.key, r);
    }
    const getArrived = (key: string) => arrived.get(key);
    m.planner.render(moved, getArrived, w1.id);
    expect(updateData).toHaveBeenCalledTimes(2);
    const routed = updateData.mock.calls[1][0];
    expect((routed.update ?? []).map((u) => u.id)).toEqual([segmentFeatureId(moved, 0), segmentFeatureId(moved, 1)]);
    expect((routed.update ?? []).every((u) => u.newGeometry?.type === 'LineString')).toBe(true);
    features = await settled(m, 3);
    expect(features.map((f) => f.properties?.state)).toEqual(['routed', 'routed', 'routed']);
    expect((features[1].geometry as GeoJSON.LineString).coordinates).toHaveLength(3);
    // The untouched segment kept its geometry.
    expect(features[2].geometry).toEqual({ type: 'LineString', coordinates: toLineCoordinates((m.getRoute(segmentKey(m.drive, 2)) as SegmentRoute).coords) });
    expect(setData).not.toHaveBeenCalled();
  });

  test('a long drive shows first as a half-pixel preview, then in full: every vertex, with diffs, never setData', async () => {
    const m = await mountPlannerMap();
    mounted = m;
    let drive = createDrive('long', 1_700_000_000_000);
    for (let i = 0; i < 4; i++) drive = appendWaypoint(drive, [1.5 + i * 0.1, 42.5 + (i % 2) * 0.02], 1_700_000_000_000 + i);
    const routes = new Map<string, SegmentRoute>();
    for (let i = 0; i < 3; i++) {
      const coords = makeLine(drive.waypoints[i].position, drive.waypoints[i + 1].position, 10_000, 40 + i);
      routes.set(segmentKey(drive, i), { key: segmentKey(drive, i), madeBy: 'osrm', coords, distanceMeters: lineLengthMeters(coords), durationSeconds: 600, steps: [] });
    }
    const getRoute = (key: string) => routes.get(key);
    m.planner.fitDrive(drive, getRoute);
    const source = routeSource(m.map);
    const setData = vi.spyOn(source, 'setData');
    const updateData = vi.spyOn(source, 'updateData');
    await m.planner.fullDetail(); // nothing shown yet: resolves at once

    m.planner.render(drive, getRoute, null);
    expect(updateData).toHaveBeenCalledTimes(1);
    const preview = updateData.mock.calls[0][0].add ?? [];
    const previewVertices = preview.map((f) => (f.geometry as GeoJSON.LineString).coordinates.length);
    expect(previewVertices).toHaveLength(3);
    expect(previewVertices.every((n) => n >= 2 && n < 2_000)).toBe(true);
    // The preview keeps each segment's endpoints, so the drive is drawn end to end.
    expect((preview[0].geometry as GeoJSON.LineString).coordinates[0]).toEqual([...drive.waypoints[0].position]);

    await m.planner.fullDetail();
    expect(updateData).toHaveBeenCalledTimes(2);
    expect((updateData.mock.calls[1][0].update ?? []).map((u) => (u.newGeometry as GeoJSON.LineString).coordinates.length)).toEqual([10_000, 10_000, 10_000]);
    const features = await routeFeatures(m.map);
    expect(features.map((f) => (f.geometry as GeoJSON.LineString).coordinates.length)).toEqual([10_000, 10_000, 10_000]);
    expect(features[1].geometry).toEqual({ type: 'LineString', coordinates: toLineCoordinates(routes.get(segmentKey(drive, 1))?.coords ?? new Float64Array()) });
    expect(setData).not.toHaveBeenCalled();
  });

  test('the route line is drawn: queryRenderedFeatures on a route pixel returns its segment, and the pixel has the route colour', async () => {
    const m = await mountWithDrive();
    // Vertex 12 lies inside segment 1 (vertices 8..17).
    const p = pixelOf(m, [m.line[2 * 12], m.line[2 * 12 + 1]]);
    expect(p.x).toBeGreaterThan(0);
    expect(p.x).toBeLessThan(MAP_WIDTH);
    const hits = m.map.queryRenderedFeatures([[p.x - 2, p.y - 2], [p.x + 2, p.y + 2]], { layers: ['sb-route-line'] });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0].properties).toMatchObject({ index: 1, state: 'routed', router: 'osrm' });
    expect(hits[0].source).toBe(ROUTE_SOURCE);

    // Read the drawn frame itself: copy the WebGL canvas inside the render event, before it is presented.
    const rgb = await new Promise<number[]>((resolve) => {
      m.map.once('render', () => {
        const canvas = m.map.getCanvas();
        const ratio = canvas.width / canvas.clientWidth;
        const copy = document.createElement('canvas');
        copy.width = 1;
        copy.height = 1;
        const ctx = copy.getContext('2d') as CanvasRenderingContext2D;
        ctx.drawImage(canvas, Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1, 0, 0, 1, 1);
        resolve(Array.from(ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)));
      });
      m.map.triggerRepaint();
    });
    // #1f5fd1 is the routed line colour; the background is #eef0e6.
    expect(Math.abs(rgb[0] - 0x1f) + Math.abs(rgb[1] - 0x5f) + Math.abs(rgb[2] - 0xd1)).toBeLessThan(60);
  });
});

// userEvent scales (mutates) the `position` objects it is given by the tester iframe's zoom: pass copies.
describe('gestures (real mouse input)', () => {
  /** A canvas point at least `clearance` px from the route and every marker. */
  function emptyPoint(m: MountedMap, clearance = 40): { x: number; y: number } {
    for (let y = 80; y < MAP_HEIGHT - 80; y += 20) {
      for (let x = 80; x < MAP_WIDTH - 150; x += 20) {
        const near = m.map.queryRenderedFeatures([[x - clearance, y - clearance], [x + clearance, y + clearance]], { layers: ['sb-route-hit'] });
        const onMarker = markerElements(m).some((el) => {
          const c = markerCenter(m, el);
          return Math.hypot(c.x - x, c.y - y) < clearance;
        });
        if (near.length === 0 && !onMarker) return { x, y };
      }
    }
    throw new Error('no empty spot on the map to click');
  }

  test('a click on empty map calls onMapClick with the clicked position', async () => {
    const m = await mountWithDrive();
    const at = emptyPoint(m);
    await userEvent.click(m.map.getCanvas(), { position: { ...at } });
    await waitFor(() => m.calls.mapClicks.length > 0, 'onMapClick', 5_000);
    expect(m.calls.mapClicks).toHaveLength(1);
    expectNearPixel(m, m.calls.mapClicks[0], at);
    expect(m.calls.lineDrags).toEqual([]);
    expect(m.calls.waypointDrags).toEqual([]);
  });

  test('a click on a marker selects its waypoint and is not a map click', async () => {
    const m = await mountWithDrive();
    await userEvent.click(markerElements(m)[1]);
    await waitFor(() => m.calls.waypointSelects.length > 0, 'onWaypointSelect', 5_000);
    expect(m.calls.waypointSelects).toEqual([m.drive.waypoints[1].id]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(m.calls.mapClicks).toEqual([]);
    expect(m.calls.lineDrags).toEqual([]);
    expect(m.calls.waypointDrags).toEqual([]);
  });

  test('dragging a marker reports (id, position, false) while moving, then (id, position, true) on release', async () => {
    const m = await mountWithDrive();
    const marker = markerElements(m)[2];
    const from = pixelOf(m, m.drive.waypoints[2].position);
    const to = { x: from.x + 70, y: from.y + 45 };
    await userEvent.dragAndDrop(marker, m.map.getCanvas(), { targetPosition: { ...to }, steps: 8, force: true });
    await waitFor(() => m.calls.waypointDrags.some((d) => d.final), 'the final onWaypointDrag', 5_000);
    const drags = m.calls.waypointDrags;
    const id = m.drive.waypoints[2].id;
    expect(drags.every((d) => d.id === id)).toBe(true);
    expect(drags.length).toBeGreaterThanOrEqual(2);
    expect(drags.slice(0, -1).every((d) => !d.final)).toBe(true);
    expect(drags[drags.length - 1].final).toBe(true);
    expect(drags[drags.length - 1].position).toEqual(drags[drags.length - 2].position);
    expectNearPixel(m, drags[drags.length - 1].position, to, 2);
    // The drag is not also a map click.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(m.calls.mapClicks).toEqual([]);
    // The marker sits on the route line: the press must not also start a line drag (insert a waypoint).
    expect(m.calls.lineDrags).toEqual([]);
  });

  test('dragging the route line calls onLineDrag(segmentIndex, drop position) and does not pan the map', async () => {
    const m = await mountWithDrive();
    // Vertex 21 lies inside segment 2 (vertices 17..25), away from its waypoints.
    const from = pixelOf(m, [m.line[2 * 21], m.line[2 * 21 + 1]]);
    for (const el of markerElements(m)) {
      const c = markerCenter(m, el);
      expect(Math.hypot(c.x - from.x, c.y - from.y), 'grab point clear of markers').toBeGreaterThan(25);
    }
    const centerBefore = m.map.getCenter();
    const to = { x: from.x - 60, y: from.y - 50 };
    const canvas = m.map.getCanvas();
    await userEvent.dragAndDrop(canvas, canvas, { sourcePosition: { ...from }, targetPosition: { ...to }, steps: 8, force: true });
    await waitFor(() => m.calls.lineDrags.length > 0, 'onLineDrag', 5_000);
    expect(m.calls.lineDrags).toHaveLength(1);
    expect(m.calls.lineDrags[0].segmentIndex).toBe(2);
    expectNearPixel(m, m.calls.lineDrags[0].position, to);
    expect(m.map.getCenter().toArray()).toEqual(centerBefore.toArray());
    // The ghost marker is gone, and the release is not a map click.
    expect(m.container.querySelector('.sb-ghost')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(m.calls.mapClicks).toEqual([]);
  });
});
