/**
 * Region packs: one binary file per region with the drivable road graph (turn restrictions,
 * curvature, snapping grid, landmarks), scenic features and parking, built from an OSM extract.
 * Start here: `buildRegionPack(bytes)` → `serializeRegionPack(pack)` → file → `readRegionPack(buffer)`
 * → `LocalRouter` (core/routing/local-router.ts).
 */
export * from './region-pack';
export { buildRegionPack, RegionBuildCancelled, RegionBuildError, type BuildRegionPackOptions, type RegionBuildStage } from './build-region-pack';
export { classifyRoad, parseMaxspeedKmh, carAccess, type RoadTags, type TagGetter } from './road-tags';
export { curvyRoadsOfGraph, curvatureColour, type CurvyRoad } from './pack-road-collections';
