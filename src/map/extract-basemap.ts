/**
 * An offline basemap drawn from an OSM extract the scout opened: roads by class with their names,
 * water and green areas. It shows only while the online basemap is unavailable (the offline style
 * is up), so a loaded region still gives a readable map with no network. Labels use the
 * browser's own fonts (the offline style has no glyph server; MapLibre draws text locally).
 */
import type * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource } from 'maplibre-gl';
import {
  SHAPE_BAY, SHAPE_COASTLINE, SHAPE_GREEN_AREA, SHAPE_PROTECTED_AREA, SHAPE_RIVER, SHAPE_ROAD_FAST, SHAPE_ROAD_MINOR,
  SHAPE_ROAD_OTHER, SHAPE_URBAN_AREA, SHAPE_WATER_AREA, poiKindName, type PoiSet,
} from '../core/pois';

const SOURCE = 'sb-extract';
const ROAD_CLASS: Record<number, string> = { [SHAPE_ROAD_FAST]: 'fast', [SHAPE_ROAD_MINOR]: 'minor', [SHAPE_ROAD_OTHER]: 'other' };
const AREA_CLASS: Record<number, string> = {
  [SHAPE_WATER_AREA]: 'water', [SHAPE_BAY]: 'water', [SHAPE_GREEN_AREA]: 'green', [SHAPE_PROTECTED_AREA]: 'protected', [SHAPE_URBAN_AREA]: 'urban',
};

/** GeoJSON for the basemap layers, built once per extract (only at this map edge). */
export function extractBasemapFeatures(pois: PoiSet): GeoJSON.FeatureCollection {
  const { shapes, names } = pois;
  const features: GeoJSON.Feature[] = [];
  for (let s = 0; s < shapes.count; s++) {
    const kind = shapes.kind[s];
    const road = ROAD_CLASS[kind];
    const area = AREA_CLASS[kind];
    const waterLine = kind === SHAPE_RIVER || kind === SHAPE_COASTLINE;
    if (!road && !area && !waterLine) continue;
    const rings: number[][][] = [];
    for (let p = shapes.partStart[s]; p < shapes.partStart[s + 1]; p++) {
      const ring: number[][] = [];
      for (let v = shapes.vertexStart[p]; v < shapes.vertexStart[p + 1]; v++) ring.push([shapes.coords[2 * v], shapes.coords[2 * v + 1]]);
      if (ring.length >= 2) rings.push(ring);
    }
    if (rings.length === 0) continue;
    const name = names[shapes.name[s]] ?? '';
    if (area) {
      features.push({ type: 'Feature', properties: { layer: 'area', class: area }, geometry: { type: 'MultiPolygon', coordinates: rings.filter((r) => r.length >= 4).map((r) => [r]) } });
    } else {
      features.push({ type: 'Feature', properties: { layer: road ? 'road' : 'waterway', class: road ?? 'river', name }, geometry: { type: 'MultiLineString', coordinates: rings } });
    }
  }
  const { points } = pois;
  for (let i = 0; i < points.count; i++) {
    const ele = points.eleMeters[i];
    features.push({
      type: 'Feature',
      properties: { layer: 'poi', class: poiKindName(points.kind[i]), name: names[points.name[i]] ?? '', ele: Number.isFinite(ele) ? Math.round(ele) : null },
      geometry: { type: 'Point', coordinates: [points.lon[i], points.lat[i]] },
    });
  }
  return { type: 'FeatureCollection', features };
}

export class ExtractBasemap {
  private readonly map: maplibregl.Map;
  private data: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
  private readonly isOffline: () => boolean;

  constructor(map: maplibregl.Map, isOffline: () => boolean) {
    this.map = map;
    this.isOffline = isOffline;
    map.on('style.load', () => this.install());
    if (map.isStyleLoaded()) this.install();
  }

  setExtract(pois: PoiSet | null): void {
    this.data = pois ? extractBasemapFeatures(pois) : { type: 'FeatureCollection', features: [] };
    this.map.getSource<GeoJSONSource>(SOURCE)?.setData(this.data);
  }

  private install(): void {
    const map = this.map;
    if (!this.isOffline() || map.getSource(SOURCE)) return;
    map.addSource(SOURCE, { type: 'geojson', data: this.data, tolerance: 0.5 });
    const before = map.getLayer('sb-stretches-outline') ? 'sb-stretches-outline' : map.getLayer('sb-route-casing') ? 'sb-route-casing' : undefined;
    map.addLayer({ id: `${SOURCE}-area`, type: 'fill', source: SOURCE, filter: ['==', ['get', 'layer'], 'area'],
      paint: { 'fill-color': ['match', ['get', 'class'], 'water', '#a5d8ff', 'green', '#d3f0c2', 'protected', '#e6f4d7', '#e9e4dc'], 'fill-opacity': 0.9 } }, before);
    map.addLayer({ id: `${SOURCE}-waterway`, type: 'line', source: SOURCE, filter: ['==', ['get', 'layer'], 'waterway'],
      paint: { 'line-color': '#74c0fc', 'line-width': 1.5 } }, before);
    map.addLayer({ id: `${SOURCE}-road-casing`, type: 'line', source: SOURCE, filter: ['==', ['get', 'layer'], 'road'],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': '#9a9a9a', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, ['match', ['get', 'class'], 'fast', 2.5, 'minor', 1.8, 0.8], 15, ['match', ['get', 'class'], 'fast', 10, 'minor', 8, 6]] } }, before);
    map.addLayer({ id: `${SOURCE}-road`, type: 'line', source: SOURCE, filter: ['==', ['get', 'layer'], 'road'],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': ['match', ['get', 'class'], 'fast', '#f59f00', 'minor', '#fff3bf', '#ffffff'], 'line-width': ['interpolate', ['linear'], ['zoom'], 8, ['match', ['get', 'class'], 'fast', 1.5, 'minor', 1, 0.4], 15, ['match', ['get', 'class'], 'fast', 8, 'minor', 6, 4]] } }, before);
    map.addLayer({ id: `${SOURCE}-road-label`, type: 'symbol', source: SOURCE, minzoom: 12, filter: ['all', ['==', ['get', 'layer'], 'road'], ['!=', ['get', 'name'], '']],
      layout: { 'symbol-placement': 'line', 'text-field': ['get', 'name'], 'text-font': ['sans-serif'], 'text-size': 11 },
      paint: { 'text-color': '#343a40', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 } }, before);
    map.addLayer({ id: `${SOURCE}-poi`, type: 'circle', source: SOURCE, minzoom: 10, filter: ['==', ['get', 'layer'], 'poi'],
      paint: { 'circle-radius': 3.5, 'circle-color': ['match', ['get', 'class'], 'viewpoint', '#7048e8', 'peak', '#8d5524', 'pass', '#0b7285', '#868e96'], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 } }, before);
    map.addLayer({ id: `${SOURCE}-poi-label`, type: 'symbol', source: SOURCE, minzoom: 12, filter: ['all', ['==', ['get', 'layer'], 'poi'], ['!=', ['get', 'name'], '']],
      layout: { 'text-field': ['case', ['!=', ['get', 'ele'], null], ['concat', ['get', 'name'], ' ', ['to-string', ['get', 'ele']], ' m'], ['get', 'name']], 'text-font': ['sans-serif'], 'text-size': 11, 'text-offset': [0, 1], 'text-anchor': 'top' },
      paint: { 'text-color': '#495057', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 } }, before);
  }
}
