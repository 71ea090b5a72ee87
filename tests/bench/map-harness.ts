/**
 * Shared by the PlannerMap browser tests and the map benchmark (browser mode only: needs a real
 * WebGL canvas). Mounts a PlannerMap in a sized container with recording callbacks, and waits on
 * MapLibre conditions without the `idle` event (it may never fire under SwiftShader).
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import type { GeoJSONSource, Map as MaplibreMap, MapSourceDataEvent } from 'maplibre-gl';
import { PlannerMap, type PlannerMapCallbacks } from '../../src/map/planner-map';
import type { LonLat } from '../../src/core/units';

export const ROUTE_SOURCE = 'sb-route';
export const ROUTE_LAYERS = ['sb-route-casing', 'sb-route-line', 'sb-route-dashed', 'sb-route-hit'];
export const MAP_WIDTH = 800;
export const MAP_HEIGHT = 600;

export interface RecordedCalls {
  mapClicks: LonLat[];
  waypointDrags: Array<{ id: string; position: LonLat; final: boolean }>;
  waypointSelects: string[];
  lineDrags: Array<{ segmentIndex: number; position: LonLat }>;
  basemapOffline: string[];
}

export interface MountedMap {
  planner: PlannerMap;
  map: MaplibreMap;
  container: HTMLElement;
  calls: RecordedCalls;
  destroy(): void;
}

/** Polls `condition` every animation frame until it returns a truthy value, or fails with `what`. */
export async function waitFor<T>(condition: () => T | null | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = condition();
    if (value) return value;
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
  }
}

/** A PlannerMap in an 800×600 container at the top-left of the page, loaded (style and overlay in place). */
export async function mountPlannerMap(view?: { center: LonLat; zoom: number }): Promise<MountedMap> {
  const container = document.createElement('div');
  container.style.cssText = `position:absolute;left:0;top:0;width:${MAP_WIDTH}px;height:${MAP_HEIGHT}px`;
  document.body.appendChild(container);
  const calls: RecordedCalls = { mapClicks: [], waypointDrags: [], waypointSelects: [], lineDrags: [], basemapOffline: [] };
  const callbacks: PlannerMapCallbacks = {
    onMapClick: (position) => calls.mapClicks.push(position),
    onWaypointDrag: (id, position, final) => calls.waypointDrags.push({ id, position, final }),
    onWaypointSelect: (id) => calls.waypointSelects.push(id),
    onLineDrag: (segmentIndex, position) => calls.lineDrags.push({ segmentIndex, position }),
    onBasemapOffline: (reason) => calls.basemapOffline.push(reason),
  };
  const planner = new PlannerMap(container, 'http://127.0.0.1:9/not-used-until-setBasemap.json', callbacks, view);
  const map = planner.map;
  await waitFor(() => map.loaded() && map.getSource(ROUTE_SOURCE), 'the map to load its offline style and the route overlay', 30_000);
  return {
    planner, map, container, calls,
    destroy: () => {
      planner.destroy();
      container.remove();
    },
  };
}

export function routeSource(map: MaplibreMap): GeoJSONSource {
  const source = map.getSource<GeoJSONSource>(ROUTE_SOURCE);
  if (!source) throw new Error(`the map has no "${ROUTE_SOURCE}" source`);
  return source;
}

/** Resolves on the next `content` sourcedata event of `sourceId` (the worker has applied an update). */
export function nextSourceContent(map: MaplibreMap, sourceId: string, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      map.off('sourcedata', on);
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for new data in source "${sourceId}" (was anything sent?)`));
    }, timeoutMs);
    const on = (e: MapSourceDataEvent) => {
      if (e.sourceId === sourceId && e.sourceDataType === 'content') {
        clearTimeout(timer);
        map.off('sourcedata', on);
        resolve();
      }
    };
    map.on('sourcedata', on);
  });
}

/** Resolves after a frame has been drawn with every tile of `sourceId` loaded. */
export function renderedWithSource(map: MaplibreMap, sourceId: string, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      map.off('render', on);
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for a frame with all tiles of "${sourceId}" loaded`));
    }, timeoutMs);
    const on = () => {
      if (map.isSourceLoaded(sourceId)) {
        clearTimeout(timer);
        map.off('render', on);
        resolve();
      }
    };
    map.on('render', on);
    map.triggerRepaint();
  });
}

/** The route source's current features (MapLibre's main-thread copy, updated once the worker applied a change). */
export async function routeFeatures(map: MaplibreMap): Promise<GeoJSON.Feature[]> {
  const data = await routeSource(map).getData();
  if (data.type !== 'FeatureCollection') throw new Error(`expected a FeatureCollection in "${ROUTE_SOURCE}", got ${data.type}`);
  return data.features;
}
