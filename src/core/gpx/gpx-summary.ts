/**
 * A small, JSON-ready overview of a GPX document: what `gpx-inspect --json` prints, and what an
 * import dialog can show before converting. Counts are per element, in file order.
 */
import type { GpxDocument } from './gpx-model';

export interface GpxSummary {
  readonly version: string;
  readonly creator: string;
  readonly waypoints: { name: string | null; lon: number; lat: number }[];
  /** `points`: rtept count; `shapePoints`: Garmin gpxx:rpt count over all the route's points. */
  readonly routes: { name: string | null; points: number; shapePoints: number }[];
  /** `segments`: trkpt count per trkseg (0 for an empty one). */
  readonly tracks: { name: string | null; segments: number[] }[];
}

export function summarizeGpx(document: GpxDocument): GpxSummary {
  return {
    version: document.version,
    creator: document.creator,
    waypoints: document.waypoints.map((w) => ({ name: w.name ?? null, lon: w.lon, lat: w.lat })),
    routes: document.routes.map((r) => ({
      name: r.name ?? null,
      points: r.points.length,
      shapePoints: r.points.reduce((sum, p) => sum + (p.shape ? p.shape.length >> 1 : 0), 0),
    })),
    tracks: document.tracks.map((t) => ({ name: t.name ?? null, segments: t.segments.map((s) => s.coords.length >> 1) })),
  };
}
