/**
 * Scenic features (viewpoints, peaks, passes, water, landscape areas, roads) as compact typed
 * arrays, where they come from (PBF extract, Overpass JSON), and spatial queries against a route.
 * Start here: `poisFromPbf` or `parseOverpassJson` → `PoiSet` → `poisNearLine` /
 * `ShapeSegmentGrid` / `AreaIndex` (used by `core/scenic`).
 */
export * from './poi-kinds';
export * from './poi-set';
export { PoiSourceError, StaticPoiSource, clipPoiSet, type PoiSource } from './poi-source';
export { poisFromPbf, readPoisFromPbf, PoiExtractCancelled, type PoisFromPbfOptions, type PoisFromPbfResult } from './pois-from-pbf';
export { buildOverpassQuery, parseOverpassJson } from './overpass';
export { poisNearLine, type PoisNearLine } from './pois-near-line';
export { ShapeSegmentGrid, emptySegmentHit, type SegmentHit } from './shape-segment-grid';
export { AreaIndex } from './area-index';
export { pointKindsOf, shapeClassOf, parseEleMeters, SCENIC_TAG_KEYS, type ShapeClass, type TagGetter } from './scenic-tags';
export { ScenicFeatureCollector, type CollectorStats } from './scenic-feature-collector';
export { assembleRings, ringAreaSquareMeters, type RingMember, type AssembledRings } from './ring-assembly';
