/**
 * The road graph and shortest-path engine of region packs (pure core). Start here:
 * pack builder: `compactChains` → `buildRoadGraph` → `computeLandmarks` (one table per profile
 * family) + `withLandmarks` → `serializeGraph`;
 * router worker: `graphFromBuffer` → `profileWeights` → `nearestEdge` + `snapEndpoints` → `shortestPath`.
 */
export * from './road-attributes';
export * from './road-graph';
export * from './build-road-graph';
export * from './compact-chains';
export * from './turn-restrictions';
export * from './edge-grid-index';
export * from './edge-weights';
export * from './landmarks';
export * from './incoming-edges';
export * from './min-heap';
export * from './route-search';
export * from './graph-serialization';
export * from './road-graph-bbox';
export { PackedStrings } from './string-table';
export {
  SectionFileError, readSectionDirectory, readSectionFile, sectionByteRanges, sectionDirectoryBytes, sectionFileOfChunks, writeSectionFile,
  type SectionArray, type SectionChunk, type SectionDirectory, type SectionEntry, type SectionFile,
} from './section-file';
