/**
 * The map side of "where the fun is": the route coloured by curve level (with a legend), curvy
 * stretches outlined, and the hover readout (radius, level, distance from start) synchronised with
 * the profile. Lives beside `PlannerMap` on the same MapLibre map and re-installs its sources
 * after every style change.
 */
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, MapMouseEvent } from 'maplibre-gl';
import type { DriveAnalysis } from '../core/drive/drive-analysis';
import { pointAlong } from '../core/geometry/slice-along';
import { formatDistance, type DistanceUnits } from '../core/format';
import { CURVE_LEVEL_COLOURS, CURVE_LEVEL_NAMES, CurvatureHoverIndex, emptyHoverReadout, type HoverReadout } from '../core/scoring';
import type { LonLatArray } from '../core/units';
import { poiKindName, type PoiSet } from '../core/pois';
import { diffCurvatureFeatures, type RenderedSpans } from './curvature-features';
import { toLineCoordinates } from './route-diff';
import { STRAIGHT_RADIUS_METERS } from '../core/profile/hover-readout';

const CURVATURE_SOURCE = 'sb-curvature';
const STRETCH_SOURCE = 'sb-stretches';
const POI_SOURCE = 'sb-pois';
/** Pointer within this many pixels of the route counts as hovering it. */
const HOVER_PIXELS = 24;

export interface AnalysisLayerCallbacks {
  /** Distance along the drive under the pointer, or null when the pointer leaves the route. */
  onHover(distanceMeters: number | null): void;
}

export class AnalysisLayers {
  private readonly map: maplibregl.Map;
  private readonly callbacks: AnalysisLayerCallbacks;
  private rendered: RenderedSpans = new Map();
  private analysis: DriveAnalysis | null = null;
  private geometryOf: (key: string) => LonLatArray | undefined = () => undefined;
  private hoverIndex: CurvatureHoverIndex | null = null;
  private hoverIndexFor: DriveAnalysis | null = null;
  private readonly readout: HoverReadout = emptyHoverReadout();
  private readonly cursor: maplibregl.Marker;
  private readonly tooltip: HTMLDivElement;
  private units: DistanceUnits = 'km';
  private visible = true;
  private pendingMove: MapMouseEvent | null = null;
  private moveFrame = 0;

  constructor(map: maplibregl.Map, callbacks: AnalysisLayerCallbacks) {
    this.map = map;
    this.callbacks = callbacks;
    const el = document.createElement('div');
    el.className = 'sb-hover-cursor';
    this.cursor = new maplibregl.Marker({ element: el });
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'sb-hover-tooltip';
    this.tooltip.setAttribute('role', 'status');
    this.tooltip.dataset.testid = 'hover-readout';
    map.getContainer().appendChild(this.tooltip);
    map.on('style.load', () => this.install());
    if (map.isStyleLoaded()) this.install();
    map.on('mousemove', (e: MapMouseEvent) => {
      // Coalesce to one readout per frame; the nearest-point query is ~10 µs but MapLibre can fire faster.
      this.pendingMove = e;
      if (!this.moveFrame) this.moveFrame = requestAnimationFrame(() => { this.moveFrame = 0; if (this.pendingMove) this.onMove(this.pendingMove); });
    });
    map.getCanvas().addEventListener('mouseleave', () => this.clearHover(true));
  }

  private install(): void {
    const map = this.map;
    if (!map.getSource(CURVATURE_SOURCE)) map.addSource(CURVATURE_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, tolerance: 0.4 });
    if (!map.getSource(STRETCH_SOURCE)) map.addSource(STRETCH_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    if (!map.getSource(POI_SOURCE)) map.addSource(POI_SOURCE, { type: 'geojson', data: this.poiData });
    if (!map.getLayer(`${POI_SOURCE}-circle`)) {
      map.addLayer({ id: `${POI_SOURCE}-circle`, type: 'circle', source: POI_SOURCE,
        paint: {
          'circle-radius': 6, 'circle-stroke-width': 2, 'circle-stroke-color': '#ffffff',
          'circle-color': ['match', ['get', 'kind'], 'viewpoint', '#7048e8', 'observation_tower', '#7048e8', 'peak', '#8d5524', 'pass', '#0b7285', 'saddle', '#0b7285', '#495057'],
        } });
    }
    const colour: maplibregl.ExpressionSpecification = ['match', ['get', 'level'], 0, CURVE_LEVEL_COLOURS[0], 1, CURVE_LEVEL_COLOURS[1], 2, CURVE_LEVEL_COLOURS[2], 3, CURVE_LEVEL_COLOURS[3], CURVE_LEVEL_COLOURS[4]];
    const beforeId = map.getLayer('sb-route-hit') ? 'sb-route-hit' : undefined;
    if (!map.getLayer(`${STRETCH_SOURCE}-outline`)) {
      map.addLayer({ id: `${STRETCH_SOURCE}-outline`, type: 'line', source: STRETCH_SOURCE, layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': '#ffd43b', 'line-width': 16, 'line-opacity': 0.45 } }, map.getLayer('sb-route-casing') ? 'sb-route-casing' : beforeId);
    }
    if (!map.getLayer(`${CURVATURE_SOURCE}-line`)) {
      map.addLayer({ id: `${CURVATURE_SOURCE}-line`, type: 'line', source: CURVATURE_SOURCE, layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': colour, 'line-width': 4.5 } }, beforeId);
    }
    this.rendered = new Map();
    this.applyVisibility();
    this.render(this.analysis, this.geometryOf);
  }

  /** Shows the analysis of the open drive; only segments whose spans are new are sent. */
  render(analysis: DriveAnalysis | null, geometryOf: (key: string) => LonLatArray | undefined): void {
    const stretchesChanged = this.analysis?.stretchLines !== analysis?.stretchLines;
    this.analysis = analysis;
    this.geometryOf = geometryOf;
    const source = this.map.getSource<GeoJSONSource>(CURVATURE_SOURCE);
    if (!source) return;
    const diff = diffCurvatureFeatures(this.rendered, analysis?.spansByKey ?? new Map(), geometryOf);
    if (diff.add.length || diff.remove.length) source.updateData(diff);
    if (stretchesChanged || !analysis) {
      const features: GeoJSON.Feature[] = (analysis?.stretchLines ?? []).map((line, i) => ({
        type: 'Feature', id: i, properties: { index: i }, geometry: { type: 'LineString', coordinates: toLineCoordinates(line) },
      }));
      this.map.getSource<GeoJSONSource>(STRETCH_SOURCE)?.setData({ type: 'FeatureCollection', features });
    }
  }

  private poiData: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

  /** Marks the viewpoints, peaks and passes `indices` of `pois` (those near the route). */
  setPois(pois: PoiSet | null, indices: readonly number[]): void {
    const features: GeoJSON.Feature[] = [];
    if (pois) {
      for (const i of indices) {
        const name = pois.names[pois.points.name[i]] ?? '';
        const ele = pois.points.eleMeters[i];
        features.push({
          type: 'Feature', id: i,
          properties: { kind: poiKindName(pois.points.kind[i]), name, ele: Number.isFinite(ele) ? Math.round(ele) : null },
          geometry: { type: 'Point', coordinates: [pois.points.lon[i], pois.points.lat[i]] },
        });
      }
    }
    this.poiData = { type: 'FeatureCollection', features };
    this.map.getSource<GeoJSONSource>(POI_SOURCE)?.setData(this.poiData);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.applyVisibility();
  }

  setUnits(units: DistanceUnits): void {
    this.units = units;
  }

  private applyVisibility(): void {
    for (const id of [`${CURVATURE_SOURCE}-line`, `${STRETCH_SOURCE}-outline`]) {
      if (this.map.getLayer(id)) this.map.setLayoutProperty(id, 'visibility', this.visible ? 'visible' : 'none');
    }
  }

  private ensureHoverIndex(): CurvatureHoverIndex | null {
    const analysis = this.analysis;
    if (!analysis || analysis.partLines.length === 0) return null;
    // Built lazily on the first hover after a change: building costs ~20 ms per 100k points.
    if (this.hoverIndexFor !== analysis) {
      this.hoverIndex = CurvatureHoverIndex.build(analysis.partLines, analysis.total);
      this.hoverIndexFor = analysis;
    }
    return this.hoverIndex;
  }

  private onMove(e: MapMouseEvent): void {
    const index = this.ensureHoverIndex();
    const analysis = this.analysis;
    if (!index || !analysis || !this.visible) return this.clearHover(true);
    const hit = index.query(e.lngLat.lng, e.lngLat.lat, this.readout);
    if (!hit) return this.clearHover(true);
    const p = this.map.project([hit.lon, hit.lat]);
    if (Math.hypot(p.x - e.point.x, p.y - e.point.y) > HOVER_PIXELS) return this.clearHover(true);
    // Distance in drive terms: the part's start in the summed score plus the distance within the part.
    const partStart = analysis.total.partStartMeters[hit.part] ?? 0;
    const within = hit.distanceMeters - index.index.cumulativeMeters[index.index.partStarts[hit.part]];
    const distanceMeters = partStart + within;
    this.showReadout(hit.lon, hit.lat, distanceMeters, hit.level, hit.radiusMeters);
    this.callbacks.onHover(distanceMeters);
  }

  /** Shows the cursor at a distance along the drive (hover coming from the profile). */
  showAtDistance(distanceMeters: number | null): void {
    const analysis = this.analysis;
    if (distanceMeters === null || !analysis || analysis.line.length < 4) return this.clearHover(false);
    const [lon, lat] = pointAlong(analysis.line, analysis.lineMeters, distanceMeters);
    this.cursor.setLngLat([lon, lat]).addTo(this.map);
    this.tooltip.style.display = 'none';
  }

  private showReadout(lon: number, lat: number, distanceMeters: number, level: number, radiusMeters: number): void {
    this.cursor.setLngLat([lon, lat]).addTo(this.map);
    const p = this.map.project([lon, lat]);
    const radius = Number.isFinite(radiusMeters) && Math.abs(radiusMeters) <= STRAIGHT_RADIUS_METERS ? `r ${Math.round(Math.abs(radiusMeters))} m` : 'straight';
    this.tooltip.textContent = `${formatDistance(distanceMeters, this.units)} · ${CURVE_LEVEL_NAMES[level] ?? ''} · ${radius}`;
    this.tooltip.style.display = 'block';
    this.tooltip.style.transform = `translate(${Math.round(p.x + 14)}px, ${Math.round(p.y - 34)}px)`;
  }

  private clearHover(notify: boolean): void {
    this.cursor.remove();
    this.tooltip.style.display = 'none';
    if (notify) this.callbacks.onHover(null);
  }
}

/** Legend entries for the curve-level colouring. */
export const CURVE_LEGEND = CURVE_LEVEL_NAMES.map((name, level) => ({ name, colour: CURVE_LEVEL_COLOURS[level] }));
