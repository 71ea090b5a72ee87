/**
 * Turns a drive plus its route cache into MapLibre `updateData` diffs for the route source, so an
 * edit re-sends only the segments it touched. Feature ids are the ids of a segment's two
 * waypoints (`from>to`): stable when waypoints are inserted or removed elsewhere, unique within a
 * drive. Pure: the caller owns the `RenderedRoutes` map and applies the returned diff.
 */
import type { Drive } from '../core/drive/drive';
import { segmentKey } from '../core/drive/drive';
import type { SegmentRoute } from '../core/drive/segment-route';
import { simplifyLine } from '../core/geometry/simplify-line';

/** What the map currently shows per feature id: the segment key (geometry) and a property signature. */
export type RenderedRoutes = Map<string, { key: string; props: string }>;

export interface RouteSourceDiff {
  add: GeoJSON.Feature<GeoJSON.LineString>[];
  update: { id: string; newGeometry?: GeoJSON.LineString; addOrUpdateProperties?: { key: string; value: unknown }[] }[];
  remove: string[];
}

export interface DiffOptions {
  /**
   * Send routes simplified to this tolerance (degrees, `pixelToleranceDegrees`) instead of every
   * vertex. They are remembered as previews, so the next diff without it sends the full geometry.
   */
  previewToleranceDegrees?: number;
}

const PREVIEW_PREFIX = 'preview:';

/** Whether any shown route is a simplified preview still waiting for its full geometry. */
export function hasPreviews(rendered: RenderedRoutes): boolean {
  for (const { key } of rendered.values()) if (key.startsWith(PREVIEW_PREFIX)) return true;
  return false;
}

/** Vertices a diff against `rendered` would send for `drive` at full detail (to decide whether to preview first). */
export function unsentVertexCount(rendered: RenderedRoutes, drive: Drive | null, getRoute: (key: string) => SegmentRoute | undefined): number {
  let count = 0;
  if (!drive) return 0;
  for (let i = 0; i < drive.segments.length; i++) {
    const route = getRoute(segmentKey(drive, i));
    if (route && rendered.get(segmentFeatureId(drive, i))?.key !== route.key) count += route.coords.length >> 1;
  }
  return count;
}

export interface SegmentFeatureProps {
  index: number;
  router: string;
  /** 'routed' | 'pending' | 'fallback' | 'gap' | 'fixed'; the line style keys on it. */
  state: string;
  distanceMeters: number;
}

export function segmentFeatureId(drive: Drive, i: number): string {
  return `${drive.waypoints[i].id}>${drive.waypoints[i + 1].id}`;
}

/** A straight placeholder drawn while a segment is being routed. */
function placeholder(drive: Drive, i: number): number[][] {
  const a = drive.waypoints[i].position;
  const b = drive.waypoints[i + 1].position;
  return [[a[0], a[1]], [b[0], b[1]]];
}

/** GeoJSON coordinates from interleaved lon,lat; done only here, at the map edge. */
export function toLineCoordinates(coords: Float64Array): number[][] {
  const n = coords.length >> 1;
  const out: number[][] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = [coords[2 * i], coords[2 * i + 1]];
  return out;
}

function propsOf(drive: Drive, i: number, route: SegmentRoute | undefined): SegmentFeatureProps {
  const spec = drive.segments[i];
  const state = spec.gap ? 'gap' : !route ? 'pending' : route.fallbackReason ? 'fallback' : spec.router === 'fixed' ? 'fixed' : 'routed';
  return { index: i, router: spec.router, state, distanceMeters: route ? Math.round(route.distanceMeters) : 0 };
}

/**
 * Computes the diff from what is rendered to what `drive` needs, and updates `rendered` to match.
 * Geometry is re-sent only when a segment's key changed or its route arrived.
 */
export function diffRouteFeatures(
  rendered: RenderedRoutes,
  drive: Drive | null,
  getRoute: (key: string) => SegmentRoute | undefined,
  options: DiffOptions = {},
): RouteSourceDiff {
  const preview = options.previewToleranceDegrees ?? 0;
  const diff: RouteSourceDiff = { add: [], update: [], remove: [] };
  const seen = new Set<string>();
  if (drive) {
    for (let i = 0; i < drive.segments.length; i++) {
      const id = segmentFeatureId(drive, i);
      seen.add(id);
      const route = getRoute(segmentKey(drive, i));
      const key = route ? (preview > 0 ? `${PREVIEW_PREFIX}${route.key}` : route.key) : `pending:${segmentKey(drive, i)}`;
      const props = propsOf(drive, i, route);
      const signature = JSON.stringify(props);
      const before = rendered.get(id);
      // Built only for segments that are sent: unchanged ones cost no per-vertex work on re-render.
      const geometry = (): GeoJSON.LineString => ({
        type: 'LineString',
        coordinates: !route ? placeholder(drive, i) : toLineCoordinates(preview > 0 ? simplifyLine(route.coords, preview) : route.coords),
      });
      if (!before) {
        diff.add.push({ type: 'Feature', id, properties: { ...props }, geometry: geometry() });
      } else if (before.key !== key || before.props !== signature) {
        diff.update.push({
          id,
          newGeometry: before.key !== key ? geometry() : undefined,
          addOrUpdateProperties: before.props !== signature ? Object.entries(props).map(([k, value]) => ({ key: k, value })) : undefined,
        });
      } else {
        continue;
      }
      rendered.set(id, { key, props: signature });
    }
  }
  for (const id of rendered.keys()) {
    if (!seen.has(id)) {
      diff.remove.push(id);
      rendered.delete(id);
    }
  }
  return diff;
}

export function isEmptyDiff(diff: RouteSourceDiff): boolean {
  return diff.add.length === 0 && diff.update.length === 0 && diff.remove.length === 0;
}
