/**
 * GPX in and out. Reading: `decodeGpxBytes` → `readGpx` → `gpxToDrive`. Writing: `driveToGpx`.
 * The XML scanner underneath is internal (xml-scanner.ts) and may change.
 */
export type { GpxDocument, GpxMetadata, GpxWaypoint, GpxRoute, GpxRoutePoint, GpxRoutePointKind, GpxTrack, GpxTrackSegment } from './gpx-model';
export { readGpx, GpxReadError, type AbortFlag, type GpxReadOptions, type GpxReadErrorKind } from './gpx-reader';
export { decodeGpxBytes } from './decode-gpx-bytes';
export { gpxToDrive, type GpxToDriveOptions, type ImportedDrive } from './gpx-to-drive';
export { driveToGpx, driveToGpxBytes, type GpxWriteOptions, type GarminDisplayColor, type SegmentRouteLookup } from './gpx-writer';
export { summarizeGpx, type GpxSummary } from './gpx-summary';
export { GPX_1_0, GPX_1_1, GARMIN_GPXX, GARMIN_TRP } from './gpx-namespaces';
