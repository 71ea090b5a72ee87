/**
 * Overpass API (https://wiki.openstreetmap.org/wiki/Overpass_API) query and answer for scenic
 * features: pure text in, `PoiSet` out; the HTTP and caching live in `src/pois/overpass-source.ts`.
 *
 * The query asks for a superset of what the classifier keeps (`out geom`: ways with their node ids
 * and geometry, relations with members and member geometry), and the answer goes through the same
 * `ScenicFeatureCollector` as a PBF extract, so both sources agree feature for feature.
 */
import type { LonLatBbox } from '../elevation/dem-source';
import { ALL_LAYERS } from './poi-kinds';
import type { PoiSet } from './poi-set';
import { PoiSourceError } from './poi-source';
import type { RingMember } from './ring-assembly';
import { ScenicFeatureCollector } from './scenic-feature-collector';
import { GREEN_LANDUSE_VALUES, GREEN_NATURAL_VALUES, ROAD_HIGHWAYS, URBAN_LANDUSE_VALUES } from './scenic-tags';

/** Bbox edges are written with 6 decimals (~0.1 m), enough for any cache rounding. */
const bboxText = ([west, south, east, north]: LonLatBbox): string => [south, west, north, east].map((v) => v.toFixed(6)).join(',');
const oneOf = (values: readonly string[]): string => `^(${values.join('|')})$`;

/** Overpass QL for every scenic feature in `bbox` (`[west, south, east, north]`). */
export function buildOverpassQuery(bbox: LonLatBbox, timeoutSeconds = 60): string {
  const areaTypes = '["type"~"^(multipolygon|boundary)$"]';
  const waterNatural = oneOf(['water', 'bay', ...GREEN_NATURAL_VALUES]);
  const landuse = oneOf(['reservoir', ...GREEN_LANDUSE_VALUES, ...URBAN_LANDUSE_VALUES]);
  return [
    `[out:json][timeout:${Math.max(1, Math.round(timeoutSeconds))}][bbox:${bboxText(bbox)}];`,
    '(',
    '  node["tourism"="viewpoint"];',
    '  way["tourism"="viewpoint"];',
    '  node["man_made"="tower"]["tower:type"="observation"];',
    '  node["natural"~"^(peak|volcano|saddle)$"];',
    '  node["mountain_pass"="yes"];',
    '  way["waterway"~"^(river|canal|riverbank)$"];',
    `  way["natural"~"${oneOf(['coastline', 'water', 'bay', ...GREEN_NATURAL_VALUES])}"];`,
    `  way["landuse"~"${landuse}"];`,
    '  way["boundary"~"^(national_park|protected_area)$"];',
    '  way["leisure"="nature_reserve"];',
    `  way["highway"~"${oneOf(ROAD_HIGHWAYS)}"];`,
    '  way["scenic"="yes"];',
    `  relation${areaTypes}["natural"~"${waterNatural}"];`,
    `  relation${areaTypes}["landuse"~"${landuse}"];`,
    `  relation${areaTypes}["waterway"="riverbank"];`,
    `  relation${areaTypes}["boundary"~"^(national_park|protected_area)$"];`,
    `  relation${areaTypes}["leisure"="nature_reserve"];`,
    ');',
    'out geom qt;',
  ].join('\n');
}

/**
 * Reads an Overpass JSON answer (`[out:json]`, `out geom`) into a `PoiSet` for `bbox`. Throws
 * `PoiSourceError` when the answer is not Overpass JSON or reports a runtime error (a timed-out
 * query returns partial data, which would score a route as less scenic than it is).
 */
export function parseOverpassJson(json: unknown, bbox: LonLatBbox | null): PoiSet {
  if (!isRecord(json) || !Array.isArray(json.elements)) {
    throw new PoiSourceError('The Overpass server sent an answer that is not Overpass JSON (no "elements" list). Check the Overpass URL in Settings.');
  }
  if (typeof json.remark === 'string' && /error/i.test(json.remark)) {
    throw new PoiSourceError(`The Overpass server could not finish the query (${json.remark.trim()}). Try again later, or load an OSM extract (.osm.pbf) for offline scenic scores.`);
  }
  const collector = new ScenicFeatureCollector();
  for (const element of json.elements as unknown[]) {
    if (!isRecord(element)) continue;
    const tags = isRecord(element.tags) ? element.tags : {};
    const tag = (key: string): string | undefined => {
      const value = tags[key];
      return typeof value === 'string' ? value : undefined;
    };
    const id = typeof element.id === 'number' ? element.id : NaN;
    if (element.type === 'node') {
      if (typeof element.lon === 'number' && typeof element.lat === 'number') collector.addNode(tag, element.lon, element.lat, id);
    } else if (element.type === 'way') {
      const coords = geometryCoords(element.geometry);
      if (!coords) continue;
      const nodes = Array.isArray(element.nodes) ? element.nodes : null;
      const closed = nodes && nodes.length >= 2 ? nodes.length >= 4 && nodes[0] === nodes[nodes.length - 1] : sameEnds(coords);
      collector.addWay(tag, coords, closed, id);
    } else if (element.type === 'relation') {
      if (!Array.isArray(element.members)) continue;
      const members: RingMember[] = [];
      for (const member of element.members as unknown[]) {
        if (!isRecord(member) || member.type !== 'way') continue;
        const coords = geometryCoords(member.geometry);
        if (coords) members.push({ role: typeof member.role === 'string' ? member.role : '', coords });
      }
      collector.addRelation(tag, members, id);
    }
  }
  return collector.build(ALL_LAYERS, bbox);
}

/** `[{lat, lon}, …]` (null entries, which `out geom(bbox)` uses for clipped nodes, become NaN). */
function geometryCoords(geometry: unknown): Float64Array | null {
  if (!Array.isArray(geometry) || geometry.length < 2) return null;
  const out = new Float64Array(2 * geometry.length);
  for (let i = 0; i < geometry.length; i++) {
    const point: unknown = geometry[i];
    const ok = isRecord(point) && typeof point.lon === 'number' && typeof point.lat === 'number';
    out[2 * i] = ok ? (point.lon as number) : NaN;
    out[2 * i + 1] = ok ? (point.lat as number) : NaN;
  }
  return out;
}

function sameEnds(coords: Float64Array): boolean {
  const n = coords.length >> 1;
  return n >= 4 && coords[0] === coords[2 * n - 2] && coords[1] === coords[2 * n - 1];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
