/**
 * The built-in basemap used when the online style cannot be loaded: no tiles, no glyphs, no
 * sprites, so it needs no network at all. A graticule every degree (finer when zoomed in is left to
 * the region basemap) gives the scout a sense of place and scale instead of a blank screen.
 */
import type { StyleSpecification } from 'maplibre-gl';
import offlineStyleJson from '../../data/offline-style.json';

export const OSM_ATTRIBUTION = '© OpenStreetMap contributors';

/** Lines of longitude and latitude every `stepDegrees`, as GeoJSON (built once, ~1k vertices). */
export function graticule(stepDegrees = 1): GeoJSON.FeatureCollection<GeoJSON.LineString> {
  const features: GeoJSON.Feature<GeoJSON.LineString>[] = [];
  for (let lon = -180; lon <= 180; lon += stepDegrees) {
    features.push({ type: 'Feature', properties: { kind: lon % 10 === 0 ? 'major' : 'minor' }, geometry: { type: 'LineString', coordinates: [[lon, -85], [lon, 0], [lon, 85]] } });
  }
  for (let lat = -80; lat <= 80; lat += stepDegrees) {
    const coordinates: number[][] = [];
    for (let lon = -180; lon <= 180; lon += 10) coordinates.push([lon, lat]);
    features.push({ type: 'Feature', properties: { kind: lat % 10 === 0 ? 'major' : 'minor' }, geometry: { type: 'LineString', coordinates } });
  }
  return { type: 'FeatureCollection', features };
}

export function offlineStyle(): StyleSpecification {
  const base = offlineStyleJson as unknown as StyleSpecification;
  return {
    ...base,
    sources: {
      ...base.sources,
      graticule: { type: 'geojson', data: graticule(1), attribution: OSM_ATTRIBUTION },
    },
    layers: [
      ...base.layers,
      {
        id: 'graticule', type: 'line', source: 'graticule',
        paint: {
          'line-color': '#b9bfa8',
          'line-width': ['match', ['get', 'kind'], 'major', 1.2, 0.6],
        },
      },
    ],
  };
}

export function isOfflineStyle(style: { metadata?: unknown } | undefined): boolean {
  const meta = style?.metadata as Record<string, unknown> | undefined;
  return Boolean(meta && meta['switchback:offline']);
}
