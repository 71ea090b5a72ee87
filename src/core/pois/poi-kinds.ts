/**
 * Kind codes of scenic features (scoring-spec §3.1), stored as one byte per feature in a
 * `PoiSet`. Points (viewpoints, peaks, passes) and shapes (water, landscape areas, roads) share
 * one code space so a code alone says what a feature is.
 *
 * Layers say which feature groups a source looked for: a set without the water layer cannot tell
 * "no water near this road" from "water not loaded", and scenic scoring reports such parts as
 * unavailable instead of scoring them 0.
 */

/** Point kinds. */
export const POI_VIEWPOINT = 1; // tourism=viewpoint (nodes; ways as their centroid)
export const POI_OBSERVATION_TOWER = 2; // man_made=tower + tower:type=observation
export const POI_PEAK = 3; // natural=peak
export const POI_VOLCANO = 4; // natural=volcano
export const POI_PASS = 5; // mountain_pass=yes (the road's crest point)
export const POI_SADDLE = 6; // natural=saddle (terrain feature, counts as a pass)

/** Shape kinds: lines and areas. */
export const SHAPE_RIVER = 20; // waterway=river|canal (line)
export const SHAPE_WATER_AREA = 21; // natural=water (not wastewater), waterway=riverbank, landuse=reservoir
export const SHAPE_COASTLINE = 22; // natural=coastline (line)
export const SHAPE_BAY = 23; // natural=bay (area)
export const SHAPE_GREEN_AREA = 24; // forest, wood, heath, scrub, grassland, bare rock, scree, glacier, wetland, fell, meadow, vineyard, orchard
export const SHAPE_PROTECTED_AREA = 25; // boundary=national_park|protected_area, leisure=nature_reserve
export const SHAPE_URBAN_AREA = 26; // landuse=residential|commercial|industrial|retail
export const SHAPE_ROAD_FAST = 27; // highway=motorway|trunk (+ _link)
export const SHAPE_ROAD_MINOR = 28; // highway=secondary|tertiary|unclassified (+ _link)
export const SHAPE_ROAD_OTHER = 29; // any other drivable highway (primary, residential, service, track…)

/** Shape flag: the way carries scenic=yes. */
export const SHAPE_FLAG_SCENIC = 1;

/** Layer bits: which feature groups a source loaded. */
export const LAYER_VIEWPOINTS = 1;
export const LAYER_PEAKS = 2;
export const LAYER_PASSES = 4;
export const LAYER_WATER = 8;
export const LAYER_GREEN = 16;
export const LAYER_URBAN = 32;
export const LAYER_ROADS = 64;
export const ALL_LAYERS = 127;

/** Short machine names of the kinds, as they appear in score explanations and JSON. */
const KIND_NAMES: Readonly<Record<number, string>> = {
  [POI_VIEWPOINT]: 'viewpoint',
  [POI_OBSERVATION_TOWER]: 'observation_tower',
  [POI_PEAK]: 'peak',
  [POI_VOLCANO]: 'volcano',
  [POI_PASS]: 'pass',
  [POI_SADDLE]: 'saddle',
  [SHAPE_RIVER]: 'river',
  [SHAPE_WATER_AREA]: 'water',
  [SHAPE_COASTLINE]: 'coastline',
  [SHAPE_BAY]: 'bay',
  [SHAPE_GREEN_AREA]: 'green',
  [SHAPE_PROTECTED_AREA]: 'protected_area',
  [SHAPE_URBAN_AREA]: 'urban',
  [SHAPE_ROAD_FAST]: 'road_fast',
  [SHAPE_ROAD_MINOR]: 'road_minor',
  [SHAPE_ROAD_OTHER]: 'road_other',
};

/** Machine name of a kind code ("viewpoint", "river", …; "unknown" for an unused code). */
export function poiKindName(kind: number): string {
  return KIND_NAMES[kind] ?? 'unknown';
}

/** The layer a kind belongs to (0 for an unknown code). */
export function layerOfKind(kind: number): number {
  switch (kind) {
    case POI_VIEWPOINT: case POI_OBSERVATION_TOWER: return LAYER_VIEWPOINTS;
    case POI_PEAK: case POI_VOLCANO: return LAYER_PEAKS;
    case POI_PASS: case POI_SADDLE: return LAYER_PASSES;
    case SHAPE_RIVER: case SHAPE_WATER_AREA: case SHAPE_COASTLINE: case SHAPE_BAY: return LAYER_WATER;
    case SHAPE_GREEN_AREA: case SHAPE_PROTECTED_AREA: return LAYER_GREEN;
    case SHAPE_URBAN_AREA: return LAYER_URBAN;
    case SHAPE_ROAD_FAST: case SHAPE_ROAD_MINOR: case SHAPE_ROAD_OTHER: return LAYER_ROADS;
    default: return 0;
  }
}

/** True for shape kinds that are polygons (tested with point-in-area), false for lines. */
export function isAreaKind(kind: number): boolean {
  return kind === SHAPE_WATER_AREA || kind === SHAPE_BAY || kind === SHAPE_GREEN_AREA || kind === SHAPE_PROTECTED_AREA || kind === SHAPE_URBAN_AREA;
}

/** True for the road kinds. */
export function isRoadKind(kind: number): boolean {
  return kind === SHAPE_ROAD_FAST || kind === SHAPE_ROAD_MINOR || kind === SHAPE_ROAD_OTHER;
}
