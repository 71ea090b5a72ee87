/**
 * Which OSM tags make a scenic feature (scoring-spec §3.1). One classifier for every source
 * (PBF extract, Overpass JSON), so the same element always becomes the same feature.
 *
 * Tags are read through a `TagGetter` so PBF callers can answer from string-table indices without
 * building an object per element.
 */
import {
  POI_OBSERVATION_TOWER, POI_PASS, POI_PEAK, POI_SADDLE, POI_VIEWPOINT, POI_VOLCANO, SHAPE_BAY, SHAPE_COASTLINE,
  SHAPE_FLAG_SCENIC, SHAPE_GREEN_AREA, SHAPE_PROTECTED_AREA, SHAPE_RIVER, SHAPE_ROAD_FAST, SHAPE_ROAD_MINOR, SHAPE_ROAD_OTHER,
  SHAPE_URBAN_AREA, SHAPE_WATER_AREA,
} from './poi-kinds';

export type TagGetter = (key: string) => string | undefined;

/** Every tag key the classifiers read: elements with none of them are not scenic features. */
export const SCENIC_TAG_KEYS: readonly string[] = [
  'tourism', 'man_made', 'natural', 'mountain_pass', 'waterway', 'landuse', 'boundary', 'leisure', 'highway', 'scenic',
];

const GREEN_NATURAL = new Set(['wood', 'heath', 'scrub', 'grassland', 'bare_rock', 'scree', 'glacier', 'wetland', 'fell']);
const GREEN_LANDUSE = new Set(['forest', 'meadow', 'vineyard', 'orchard']);
const URBAN_LANDUSE = new Set(['residential', 'commercial', 'industrial', 'retail']);
const FAST_HIGHWAYS = new Set(['motorway', 'trunk', 'motorway_link', 'trunk_link']);
const MINOR_HIGHWAYS = new Set(['secondary', 'tertiary', 'unclassified', 'secondary_link', 'tertiary_link']);
/** Drivable highways that are neither fast nor minor; they are loaded so road matching does not snap to the wrong road. */
const OTHER_HIGHWAYS = new Set(['primary', 'primary_link', 'residential', 'living_street', 'service', 'road', 'track']);

/** Highway values the roads layer holds (fast, minor, other), e.g. for an Overpass regex. */
export const ROAD_HIGHWAYS: readonly string[] = [...FAST_HIGHWAYS, ...MINOR_HIGHWAYS, ...OTHER_HIGHWAYS];
/** Landuse, natural and similar values that make areas, for query builders. */
export const GREEN_NATURAL_VALUES: readonly string[] = [...GREEN_NATURAL];
export const GREEN_LANDUSE_VALUES: readonly string[] = [...GREEN_LANDUSE];
export const URBAN_LANDUSE_VALUES: readonly string[] = [...URBAN_LANDUSE];

/** The point kinds a node yields (a peak that is also a viewpoint yields both; none: not a scenic point). */
export function pointKindsOf(tag: TagGetter): number[] {
  const kinds: number[] = [];
  if (tag('tourism') === 'viewpoint') kinds.push(POI_VIEWPOINT);
  else if (tag('man_made') === 'tower' && tag('tower:type') === 'observation') kinds.push(POI_OBSERVATION_TOWER);
  const natural = tag('natural');
  if (natural === 'peak') kinds.push(POI_PEAK);
  else if (natural === 'volcano') kinds.push(POI_VOLCANO);
  if (tag('mountain_pass') === 'yes') kinds.push(POI_PASS);
  else if (natural === 'saddle') kinds.push(POI_SADDLE);
  return kinds;
}

/** What a way or relation is as a shape. */
export interface ShapeClass {
  kind: number;
  flags: number;
  /** The tag value that decided it ("forest", "river", "secondary"…). */
  detail: string;
  /** True for polygons (closed ways, multipolygon relations), false for lines. */
  area: boolean;
}

/**
 * Classifies a way (`closed`: first node = last node) or, with `relation` true, a multipolygon or
 * boundary relation. Returns null when the element is not a scenic shape. Areas need a closed way
 * or a relation; an unclosed way tagged as an area is broken data and is ignored.
 */
export function shapeClassOf(tag: TagGetter, closed: boolean, relation = false): ShapeClass | null {
  const scenic = tag('scenic') === 'yes' ? SHAPE_FLAG_SCENIC : 0;
  const canBeArea = relation || closed;
  if (!relation) {
    const highway = tag('highway');
    if (highway !== undefined && tag('area') !== 'yes') {
      if (FAST_HIGHWAYS.has(highway)) return { kind: SHAPE_ROAD_FAST, flags: scenic, detail: highway, area: false };
      if (MINOR_HIGHWAYS.has(highway)) return { kind: SHAPE_ROAD_MINOR, flags: scenic, detail: highway, area: false };
      if (OTHER_HIGHWAYS.has(highway) || scenic) return { kind: SHAPE_ROAD_OTHER, flags: scenic, detail: highway, area: false };
      return null;
    }
    const waterway = tag('waterway');
    if (waterway === 'river' || waterway === 'canal') return { kind: SHAPE_RIVER, flags: scenic, detail: waterway, area: false };
    if (tag('natural') === 'coastline') return { kind: SHAPE_COASTLINE, flags: scenic, detail: 'coastline', area: false };
  }
  if (!canBeArea) return null;
  const natural = tag('natural');
  const landuse = tag('landuse');
  if (natural === 'water' && tag('water') !== 'wastewater') return { kind: SHAPE_WATER_AREA, flags: scenic, detail: tag('water') ?? 'water', area: true };
  if (tag('waterway') === 'riverbank') return { kind: SHAPE_WATER_AREA, flags: scenic, detail: 'riverbank', area: true };
  if (landuse === 'reservoir') return { kind: SHAPE_WATER_AREA, flags: scenic, detail: 'reservoir', area: true };
  if (natural === 'bay') return { kind: SHAPE_BAY, flags: scenic, detail: 'bay', area: true };
  if (natural !== undefined && GREEN_NATURAL.has(natural)) return { kind: SHAPE_GREEN_AREA, flags: scenic, detail: natural, area: true };
  if (landuse !== undefined && GREEN_LANDUSE.has(landuse)) return { kind: SHAPE_GREEN_AREA, flags: scenic, detail: landuse, area: true };
  const boundary = tag('boundary');
  if (boundary === 'national_park' || boundary === 'protected_area') return { kind: SHAPE_PROTECTED_AREA, flags: scenic, detail: boundary, area: true };
  if (tag('leisure') === 'nature_reserve') return { kind: SHAPE_PROTECTED_AREA, flags: scenic, detail: 'nature_reserve', area: true };
  if (landuse !== undefined && URBAN_LANDUSE.has(landuse)) return { kind: SHAPE_URBAN_AREA, flags: scenic, detail: landuse, area: true };
  return null;
}

/** True when a relation's `type` makes it an area (multipolygon, or a boundary relation). */
export function isAreaRelationType(type: string | undefined): boolean {
  return type === 'multipolygon' || type === 'boundary';
}

/**
 * Elevation from an OSM `ele` value in metres: "2408", "2408.5", "2 408", "1987m", "2,5" (decimal
 * comma) and feet ("6500 ft", "6500'") are understood; anything else is NaN.
 */
export function parseEleMeters(value: string | undefined): number {
  if (value === undefined) return NaN;
  const text = value.trim().toLowerCase();
  const match = /^(-?\d[\d ]*(?:[.,]\d+)?)\s*(m|metres|meters|ft|feet|')?$/.exec(text);
  if (!match) return NaN;
  const number = Number(match[1].replace(/ /g, '').replace(',', '.'));
  if (!Number.isFinite(number)) return NaN;
  const unit = match[2];
  return unit === 'ft' || unit === 'feet' || unit === "'" ? number * 0.3048 : number;
}
