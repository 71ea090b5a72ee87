/**
 * Region packs: one binary file per region with the drivable road graph (turn restrictions,
 * curvature, snapping grid, landmarks), scenic features and parking, built from an OSM extract.
 * Start here: `buildRegionPack(bytes)` → `serializeRegionPack(pack)` → file → `readRegionPack(buffer)`
 * → `LocalRouter` (core/routing/local-router.ts); a router worker reading a stored pack uses
 * `RegionPackReader`, which fetches the graph first and the landmark tables and extras after.
 */
export * from './region-pack';
export { RegionPackReader, type ReadPackBytes, type RegionPackCore } from './region-pack-reader';
export { buildRegionPack, RegionBuildCancelled, RegionBuildError, type BuildRegionPackOptions, type RegionBuildStage } from './build-region-pack';
export { classifyRoad, parseMaxspeedKmh, carAccess, type RoadTags, type TagGetter } from './road-tags';
export { curvyRoadsOfGraph, curvatureColour, type CurvyRoad } from './pack-road-collections';
