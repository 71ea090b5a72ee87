/**
 * "Where the curvy roads are": the open region's road collections drawn by RC-1 curvature
 * (Franco's yellow → red → magenta scale), filtered by a minimum score, clickable.
 */
import type * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, MapMouseEvent } from 'maplibre-gl';

const SOURCE = 'sb-curvy-roads';

export class CurvyRoadsLayer {
  private readonly map: maplibregl.Map;
  private data: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
  private minCurvature = 300;
  private visible = true;

  constructor(map: maplibregl.Map, onPick: (featureIndex: number) => void) {
    this.map = map;
    map.on('style.load', () => this.install());
    if (map.isStyleLoaded()) this.install();
    map.on('click', `${SOURCE}-line`, (e: MapMouseEvent & { features?: maplibregl.MapGeoJSONFeature[] }) => {
      const index = Number(e.features?.[0]?.properties?.index);
      if (Number.isInteger(index)) onPick(index);
    });
    map.on('mouseenter', `${SOURCE}-line`, () => { map.getCanvas().style.cursor = 'pointer'; });
    map.on('mouseleave', `${SOURCE}-line`, () => { map.getCanvas().style.cursor = ''; });
  }

  private install(): void {
    const map = this.map;
    if (map.getSource(SOURCE)) return;
    map.addSource(SOURCE, { type: 'geojson', data: this.data, tolerance: 0.6 });
    const before = map.getLayer('sb-stretches-outline') ? 'sb-stretches-outline' : map.getLayer('sb-route-casing') ? 'sb-route-casing' : undefined;
    map.addLayer({ id: `${SOURCE}-line`, type: 'line', source: SOURCE, layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': ['get', 'colour'], 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 2.5, 14, 7], 'line-opacity': 0.85 } }, before);
    this.apply();
  }

  /** Shows `roads` (features carry `curvature` and `colour`); each gets its index for picking. */
  setRoads(roads: GeoJSON.FeatureCollection): void {
    this.data = { type: 'FeatureCollection', features: roads.features.map((f, index) => ({ ...f, id: index, properties: { ...f.properties, index } })) };
    this.map.getSource<GeoJSONSource>(SOURCE)?.setData(this.data);
  }

  setMinCurvature(min: number): void {
    this.minCurvature = min;
    this.apply();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.apply();
  }

  private apply(): void {
    const id = `${SOURCE}-line`;
    if (!this.map.getLayer(id)) return;
    this.map.setFilter(id, ['>=', ['get', 'curvature'], this.minCurvature]);
    this.map.setLayoutProperty(id, 'visibility', this.visible ? 'visible' : 'none');
  }
}
