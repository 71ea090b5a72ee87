/**
 * The MapLibre adapter: owns the map, the basemap (with the offline fallback), the route source
 * and the waypoint markers, and reports user gestures as plain callbacks. It knows nothing about
 * storage or routing; the planner tells it what to show through `render()`.
 */
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, MapMouseEvent } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { segmentKey, type Drive } from '../core/drive/drive';
import type { SegmentRoute } from '../core/drive/segment-route';
import type { LonLat } from '../core/units';
import { pixelToleranceDegrees } from '../core/geometry/simplify-line';
import { diffRouteFeatures, hasPreviews, isEmptyDiff, type RenderedRoutes, unsentVertexCount } from './route-diff';
import { OSM_ATTRIBUTION, offlineStyle } from './offline-style';

/** A render that would send more new vertices than this sends a simplified preview first. */
const PREVIEW_MIN_VERTICES = 20_000;

maplibregl.setWorkerUrl(workerUrl);

export interface PlannerMapCallbacks {
  /** A click on empty map. */
  onMapClick(position: LonLat): void;
  /** A waypoint is being dragged (`final` on release). */
  onWaypointDrag(id: string, position: LonLat, final: boolean): void;
  onWaypointSelect(id: string): void;
  /** The route line of segment `segmentIndex` was dragged and dropped at `position`. */
  onLineDrag(segmentIndex: number, position: LonLat): void;
  /** The online basemap failed; the offline style is showing. */
  onBasemapOffline(reason: string): void;
}

const ROUTE_SOURCE = 'sb-route';
/** Overlay layers whose clicks must not add a waypoint. */
const CLICKABLE_OVERLAY_LAYERS = ['sb-curvy-roads-line'];
const BASEMAP_TIMEOUT_MS = 8000;

export class PlannerMap {
  readonly map: maplibregl.Map;
  private readonly callbacks: PlannerMapCallbacks;
  private rendered: RenderedRoutes = new Map();
  private fullDetailWaiters: (() => void)[] = [];
  /** Full-detail updates sent to the route source and not applied by MapLibre's worker yet. */
  private sourceUpdatesInFlight = 0;
  private readonly markers = new Map<string, { marker: maplibregl.Marker; el: HTMLElement }>();
  private lastDrive: Drive | null = null;
  private lastGetRoute: (key: string) => SegmentRoute | undefined = () => undefined;
  private lastSelected: string | null = null;
  private styleUrl: string;
  private offline = false;
  private basemapTimer: ReturnType<typeof setTimeout> | undefined;
  private suppressClickUntil = 0;
  private readonly scale = new maplibregl.ScaleControl({ unit: 'metric' });
  private lineDrag: { segmentIndex: number; ghost: maplibregl.Marker; moved: boolean; start: { x: number; y: number } } | null = null;

  /** Starts on the offline style; call `setBasemap()` once settings are known. */
  constructor(container: HTMLElement, styleUrl: string, callbacks: PlannerMapCallbacks, view?: { center: LonLat; zoom: number }) {
    this.callbacks = callbacks;
    this.styleUrl = styleUrl;
    this.map = new maplibregl.Map({
      container,
      style: offlineStyle(),
      center: view ? [view.center[0], view.center[1]] : [1.55, 42.55],
      zoom: view?.zoom ?? 10,
      attributionControl: false,
      fadeDuration: 0,
    });
    this.map.addControl(new maplibregl.AttributionControl({ compact: false, customAttribution: OSM_ATTRIBUTION }), 'bottom-right');
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: true }), 'top-right');
    this.map.addControl(this.scale, 'bottom-left');
    this.map.on('style.load', () => this.installOverlay());
    this.map.on('error', (e: maplibregl.ErrorEvent) => this.onMapError(e.error));
    this.map.on('click', (e: MapMouseEvent) => this.onClick(e));
    this.map.on('mousedown', `${ROUTE_SOURCE}-hit`, (e: MapMouseEvent & { features?: maplibregl.MapGeoJSONFeature[] }) => this.startLineDrag(e));
    this.map.on('mouseenter', `${ROUTE_SOURCE}-hit`, () => { this.map.getCanvas().style.cursor = 'grab'; });
    this.map.on('mouseleave', `${ROUTE_SOURCE}-hit`, () => { this.map.getCanvas().style.cursor = ''; });
  }

  /** Loads an online style; falls back to the built-in offline style if it fails or stalls. */
  setBasemap(styleUrl: string): void {
    this.styleUrl = styleUrl;
    this.offline = false;
    clearTimeout(this.basemapTimer);
    this.basemapTimer = setTimeout(() => this.goOffline('the basemap did not load in time'), BASEMAP_TIMEOUT_MS);
    this.map.once('style.load', () => clearTimeout(this.basemapTimer));
    this.map.setStyle(styleUrl);
  }

  get isOffline(): boolean {
    return this.offline;
  }

  private onMapError(error: { message?: string } | undefined): void {
    if (this.offline) return;
    const styleLoaded = this.map.isStyleLoaded() && this.map.getStyle()?.name !== 'Switchback offline';
    // A failing style request, or tiles failing before any basemap tile arrived, means no basemap.
    if (!styleLoaded || !this.map.areTilesLoaded()) {
      const detail = error?.message || 'network error';
      this.goOffline(detail);
    }
  }

  private goOffline(reason: string): void {
    if (this.offline) return;
    this.offline = true;
    clearTimeout(this.basemapTimer);
    this.map.setStyle(offlineStyle());
    this.callbacks.onBasemapOffline(`The online basemap (${this.styleUrl}) could not be loaded (${reason}). Showing the built-in offline map; your routes and waypoints still work. Check your connection or the basemap URL in Settings.`);
  }

  /** Adds Switchback's own sources and layers; runs after every style (re)load. */
  private installOverlay(): void {
    const map = this.map;
    if (!map.getSource(ROUTE_SOURCE)) {
      map.addSource(ROUTE_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, tolerance: 0.4 });
    }
    const add = (layer: maplibregl.LayerSpecification) => { if (!map.getLayer(layer.id)) map.addLayer(layer); };
    add({ id: `${ROUTE_SOURCE}-casing`, type: 'line', source: ROUTE_SOURCE, filter: ['!=', ['get', 'state'], 'gap'],
      layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': 8, 'line-opacity': 0.9 } });
    add({ id: `${ROUTE_SOURCE}-line`, type: 'line', source: ROUTE_SOURCE, filter: ['in', ['get', 'state'], ['literal', ['routed', 'fixed']]],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': ['match', ['get', 'state'], 'fixed', '#7b3fb5', '#1f5fd1'], 'line-width': 4.5 } });
    add({ id: `${ROUTE_SOURCE}-dashed`, type: 'line', source: ROUTE_SOURCE, filter: ['in', ['get', 'state'], ['literal', ['pending', 'fallback', 'gap']]],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': ['match', ['get', 'state'], 'fallback', '#d9730d', 'gap', '#8a8f98', '#6b7a99'], 'line-width': ['match', ['get', 'state'], 'gap', 2, 4], 'line-dasharray': [2, 1.5] } });
    add({ id: `${ROUTE_SOURCE}-hit`, type: 'line', source: ROUTE_SOURCE, filter: ['!=', ['get', 'state'], 'gap'],
      paint: { 'line-color': '#000000', 'line-opacity': 0.01, 'line-width': 18 } });
    // The new style has an empty source: send everything again.
    this.rendered = new Map();
    this.render(this.lastDrive, this.lastGetRoute, this.lastSelected);
  }

  /**
   * Shows `drive`: sends only changed segments to the route source and syncs the markers.
   * When that means more than `PREVIEW_MIN_VERTICES` new vertices (opening a long drive), the
   * routes go first simplified to half a pixel at the current zoom, which draws the same, and in
   * full once that frame is on screen (`fullDetail()` resolves then): MapLibre's worker takes
   * ~0.25 s per 100k vertices, and the drive should appear before that.
   */
  render(drive: Drive | null, getRoute: (key: string) => SegmentRoute | undefined, selectedId: string | null): void {
    this.lastDrive = drive;
    this.lastGetRoute = getRoute;
    this.lastSelected = selectedId;
    const source = this.map.getSource<GeoJSONSource>(ROUTE_SOURCE);
    if (source) {
      const preview = unsentVertexCount(this.rendered, drive, getRoute) > PREVIEW_MIN_VERTICES;
      const diff = diffRouteFeatures(this.rendered, drive, getRoute,
        preview ? { previewToleranceDegrees: pixelToleranceDegrees(this.map.getZoom(), 0.5) } : {});
      if (!isEmptyDiff(diff)) source.updateData(diff);
      if (preview) this.map.once('idle', () => this.sendFullDetail());
      else this.settleFullDetailWaiters();
    }
    this.syncMarkers(drive, selectedId);
  }

  /** Resolves when every shown route has its full geometry in the map (at once when none is a preview). */
  fullDetail(): Promise<void> {
    if (!hasPreviews(this.rendered) && this.sourceUpdatesInFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.fullDetailWaiters.push(resolve));
  }

  private sendFullDetail(): void {
    const source = this.map.getSource<GeoJSONSource>(ROUTE_SOURCE);
    if (source && hasPreviews(this.rendered)) {
      const diff = diffRouteFeatures(this.rendered, this.lastDrive, this.lastGetRoute);
      if (!isEmptyDiff(diff)) {
        source.updateData(diff);
        this.sourceUpdatesInFlight++;
        const applied = (e: maplibregl.MapSourceDataEvent) => {
          if (e.sourceId !== ROUTE_SOURCE || e.sourceDataType !== 'content') return;
          this.map.off('sourcedata', applied);
          this.sourceUpdatesInFlight--;
          this.settleFullDetailWaiters();
        };
        this.map.on('sourcedata', applied);
        return;
      }
    }
    this.settleFullDetailWaiters();
  }

  /** Once no preview is left and the full data is in the map, `fullDetail()` callers are told after the next drawn frame. */
  private settleFullDetailWaiters(): void {
    if (this.fullDetailWaiters.length === 0 || this.sourceUpdatesInFlight > 0 || hasPreviews(this.rendered)) return;
    const waiters = this.fullDetailWaiters.splice(0);
    this.map.once('idle', () => waiters.forEach((resolve) => resolve()));
  }

  private syncMarkers(drive: Drive | null, selectedId: string | null): void {
    const keep = new Set<string>();
    const waypoints = drive?.waypoints ?? [];
    waypoints.forEach((w, i) => {
      keep.add(w.id);
      let entry = this.markers.get(w.id);
      if (!entry) {
        const el = document.createElement('button');
        el.type = 'button';
        el.className = 'sb-waypoint';
        el.addEventListener('click', (ev) => {
          ev.stopPropagation();
          this.suppressClickUntil = performance.now() + 300;
          this.callbacks.onWaypointSelect(w.id);
        });
        const marker = new maplibregl.Marker({ element: el, draggable: true }).setLngLat([w.position[0], w.position[1]]).addTo(this.map);
        marker.on('drag', () => {
          const p = marker.getLngLat();
          this.callbacks.onWaypointDrag(w.id, [p.lng, p.lat], false);
        });
        marker.on('dragend', () => {
          const p = marker.getLngLat();
          this.suppressClickUntil = performance.now() + 300;
          this.callbacks.onWaypointDrag(w.id, [p.lng, p.lat], true);
        });
        entry = { marker, el };
        this.markers.set(w.id, entry);
      }
      const ll = entry.marker.getLngLat();
      if (ll.lng !== w.position[0] || ll.lat !== w.position[1]) entry.marker.setLngLat([w.position[0], w.position[1]]);
      const label = i === 0 ? 'A' : i === waypoints.length - 1 ? 'B' : String(i);
      if (entry.el.textContent !== label) entry.el.textContent = label;
      entry.el.dataset.waypointId = w.id;
      entry.el.dataset.index = String(i);
      entry.el.title = w.name || `Waypoint ${i + 1}`;
      entry.el.setAttribute('aria-label', `Waypoint ${i + 1}${w.name ? `: ${w.name}` : ''}`);
      entry.el.classList.toggle('is-selected', w.id === selectedId);
      entry.el.classList.toggle('is-shaping', w.kind === 'shaping');
    });
    for (const [id, entry] of this.markers) {
      if (!keep.has(id)) {
        entry.marker.remove();
        this.markers.delete(id);
      }
    }
  }

  private onClick(e: MapMouseEvent): void {
    if (performance.now() < this.suppressClickUntil || this.lineDrag) return;
    // A click on a clickable overlay (a curvy road) belongs to that overlay, not to "add a waypoint".
    const overlays = CLICKABLE_OVERLAY_LAYERS.filter((id) => this.map.getLayer(id));
    if (overlays.length && this.map.queryRenderedFeatures(e.point, { layers: overlays }).length > 0) return;
    this.callbacks.onMapClick([e.lngLat.lng, e.lngLat.lat]);
  }

  private startLineDrag(e: MapMouseEvent & { features?: maplibregl.MapGeoJSONFeature[] }): void {
    const feature = e.features?.[0];
    // Only a press on the map canvas itself grabs the line: a press on a waypoint marker that sits
    // on the line reaches the map too, and must drag the waypoint alone.
    if (!feature || e.originalEvent.button !== 0 || e.originalEvent.target !== this.map.getCanvas()) return;
    const segmentIndex = Number(feature.properties?.index);
    if (!Number.isInteger(segmentIndex)) return;
    e.preventDefault();
    const el = document.createElement('div');
    el.className = 'sb-waypoint sb-ghost';
    const ghost = new maplibregl.Marker({ element: el }).setLngLat(e.lngLat);
    this.lineDrag = { segmentIndex, ghost, moved: false, start: { x: e.point.x, y: e.point.y } };
    const onMove = (ev: MapMouseEvent) => {
      if (!this.lineDrag) return;
      if (!this.lineDrag.moved && Math.hypot(ev.point.x - this.lineDrag.start.x, ev.point.y - this.lineDrag.start.y) > 4) {
        this.lineDrag.moved = true;
        ghost.addTo(this.map);
      }
      ghost.setLngLat(ev.lngLat);
    };
    const onUp = (ev: MapMouseEvent) => {
      this.map.off('mousemove', onMove);
      const drag = this.lineDrag;
      this.lineDrag = null;
      ghost.remove();
      if (drag?.moved) {
        this.suppressClickUntil = performance.now() + 300;
        this.callbacks.onLineDrag(drag.segmentIndex, [ev.lngLat.lng, ev.lngLat.lat]);
      }
    };
    this.map.on('mousemove', onMove);
    this.map.once('mouseup', onUp);
  }

  flyTo(position: LonLat, zoom?: number): void {
    this.map.jumpTo({ center: [position[0], position[1]], zoom: zoom ?? Math.max(this.map.getZoom(), 12) });
  }

  /** Frames the whole drive. */
  fitDrive(drive: Drive, getRoute: (key: string) => SegmentRoute | undefined): void {
    const b = new maplibregl.LngLatBounds();
    for (const w of drive.waypoints) b.extend([w.position[0], w.position[1]]);
    for (let i = 0; i < drive.segments.length; i++) {
      const r = getRoute(segmentKey(drive, i));
      if (r) for (let j = 0; j < r.coords.length; j += 2) b.extend([r.coords[j], r.coords[j + 1]]);
    }
    if (!b.isEmpty()) this.map.fitBounds(b, { padding: 60, maxZoom: 14, duration: 0 });
  }

  setUnits(units: 'km' | 'mi'): void {
    this.scale.setUnit(units === 'mi' ? 'imperial' : 'metric');
  }

  destroy(): void {
    clearTimeout(this.basemapTimer);
    this.map.remove();
  }
}
