/**
 * GPX document → a drive plus the route-cache entries that hold its imported geometry.
 *
 * - Each non-empty track segment becomes two waypoints (its first and last point) joined by a
 *   `fixed` segment whose geometry is the whole recorded segment (a one-point segment becomes a
 *   single waypoint).
 * - Each route's rtepts become waypoints (kind from Garmin trp extensions, via by default). A
 *   stretch with Garmin `gpxx:rpt` shape points becomes a `fixed` segment along that shape;
 *   without them it is a `straight` segment. Shape points under the last rtept lead nowhere and
 *   are dropped.
 * - Consecutive segments, routes and tracks are joined by pen-up gaps (`{router: 'straight',
 *   gap: true}`), so nothing is drawn or driven between them. Routes come before tracks, which is
 *   their order in every valid GPX file.
 * - `<wpt>`s become POIs.
 * Empty segments and routes are skipped. Fixed geometry keeps the document's typed arrays (no copy).
 */
import { lineLengthMeters } from '../geometry/earth';
import { createDrive, newId, type Drive, type Poi, type SegmentSpec, type Waypoint, type WaypointKind } from '../drive/drive';
import type { SegmentRoute } from '../drive/segment-route';
import type { RouterId } from '../routing/router';
import type { GpxDocument, GpxRoute, GpxTrackSegment } from './gpx-model';

export interface GpxToDriveOptions {
  /** Used for the drive name when the file names nothing; the extension is dropped. */
  fileName?: string;
  /** Epoch ms for `createdAt`/`updatedAt`. Default: now. */
  now?: number;
  /** The drive's router for new edits. Default: createDrive's default. */
  defaultRouter?: RouterId;
  /** Speed assumed for the duration of imported lines without times, km/h. Default 50 (scenic roads). */
  assumedSpeedKmh?: number;
}

export interface ImportedDrive {
  readonly drive: Drive;
  /** One entry per fixed segment, keyed by its `fixedKey`; put these in the route cache. */
  readonly routes: SegmentRoute[];
}

export function gpxToDrive(document: GpxDocument, options: GpxToDriveOptions = {}): ImportedDrive {
  const now = options.now ?? Date.now();
  const metersPerSecond = (options.assumedSpeedKmh ?? 50) / 3.6;
  const base = createDrive(driveName(document, options.fileName), now, options.defaultRouter);
  const waypoints: Waypoint[] = [];
  const segments: SegmentSpec[] = [];
  const routes: SegmentRoute[] = [];

  /** Appends a waypoint, joined to the previous one by `spec` (a gap when starting a new piece). */
  const addWaypoint = (lon: number, lat: number, name: string, kind: WaypointKind, spec: SegmentSpec): void => {
    if (waypoints.length > 0) segments.push(spec);
    waypoints.push({ id: newId('w'), position: [lon, lat], name, kind });
  };
  const addFixed = (coords: Float64Array, elevationsMeters: Float32Array | undefined, durationSeconds: number | undefined): SegmentSpec => {
    const key = `fixed|${base.id}|${routes.length}`;
    const distanceMeters = lineLengthMeters(coords);
    routes.push({
      key, madeBy: 'fixed', coords, elevationsMeters, distanceMeters,
      durationSeconds: durationSeconds ?? distanceMeters / metersPerSecond, steps: [],
    });
    return { router: 'fixed', fixedKey: key };
  };
  const GAP: SegmentSpec = { router: 'straight', gap: true };

  for (const route of document.routes) {
    const points = route.points;
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      const spec = i === 0 ? GAP : routeStretch(route, i - 1, addFixed);
      addWaypoint(p.lon, p.lat, p.name ?? '', p.kind ?? 'via', spec);
    }
  }

  for (const track of document.tracks) {
    let first = true;
    for (const segment of track.segments) {
      const n = segment.coords.length >> 1;
      if (n === 0) continue;
      const c = segment.coords;
      addWaypoint(c[0], c[1], first ? track.name ?? '' : '', 'via', GAP);
      first = false;
      if (n > 1) addWaypoint(c[2 * n - 2], c[2 * n - 1], '', 'via', addFixed(c, segment.elevationsMeters, recordedSeconds(segment)));
    }
  }

  const pois: Poi[] = document.waypoints.map((w) => {
    const poi: { id: string; position: [number, number]; name: string; description?: string; symbol?: string } =
      { id: newId('p'), position: [w.lon, w.lat], name: w.name ?? '' };
    const description = w.desc ?? w.cmt;
    if (description) poi.description = description;
    if (w.sym) poi.symbol = w.sym;
    return poi;
  });

  return { drive: { ...base, waypoints, segments, pois }, routes };
}

/** How route point `i` connects to `i + 1`: along its Garmin shape when it has one, else straight. */
function routeStretch(route: GpxRoute, i: number,
  addFixed: (coords: Float64Array, elevationsMeters: undefined, durationSeconds: undefined) => SegmentSpec): SegmentSpec {
  const from = route.points[i];
  const to = route.points[i + 1];
  if (!from.shape || from.shape.length === 0) return { router: 'straight' };
  return addFixed(joinShape(from.lon, from.lat, from.shape, to.lon, to.lat), undefined, undefined);
}

/**
 * `[from, …shape, to]` with consecutive repeats dropped: the segment must start and end at its
 * waypoints (the SegmentRoute contract), Garmin shapes usually begin at or next to the rtept, and
 * MapSource writes some rpts twice (zero-length steps would break headings and curvature).
 */
function joinShape(fromLon: number, fromLat: number, shape: Float64Array, toLon: number, toLat: number): Float64Array {
  const out = new Float64Array(shape.length + 4);
  let n = 0;
  const push = (lon: number, lat: number): void => {
    if (n > 0 && out[n - 2] === lon && out[n - 1] === lat) return;
    out[n++] = lon;
    out[n++] = lat;
  };
  push(fromLon, fromLat);
  for (let k = 0; k < shape.length; k += 2) push(shape[k], shape[k + 1]);
  push(toLon, toLat);
  return out.slice(0, n);
}

/** Recorded duration of a segment from its first and last valid times, when it has them. */
function recordedSeconds(segment: GpxTrackSegment): number | undefined {
  const times = segment.timesMs;
  if (!times) return undefined;
  let first = NaN;
  let last = NaN;
  for (let i = 0; i < times.length; i++) if (times[i] === times[i]) { first = times[i]; break; }
  for (let i = times.length - 1; i >= 0; i--) if (times[i] === times[i]) { last = times[i]; break; }
  return last > first ? (last - first) / 1000 : undefined;
}

/** Metadata name, else the first named track or route, else the file name, else a generic name. */
function driveName(document: GpxDocument, fileName: string | undefined): string {
  const candidates = [document.metadata.name, ...document.tracks.map((t) => t.name), ...document.routes.map((r) => r.name)];
  for (const candidate of candidates) {
    const trimmed = candidate?.trim();
    if (trimmed) return trimmed;
  }
  const base = fileName?.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '').trim();
  return base || 'Imported GPX';
}
