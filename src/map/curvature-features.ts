/**
 * Curve-level colouring of the route as MapLibre `updateData` diffs. Each segment's geometry is
 * cut into spans of equal curve level; a segment's spans are keyed by its route-cache key, which
 * is content-addressed, so spans never change once sent: an edit adds the touched segments' spans
 * and removes the ones no longer in the drive. Pure; the caller applies the diff.
 */
import { cumulativeMeters } from '../core/geometry/earth';
import { sliceAlong } from '../core/geometry/slice-along';
import type { LevelSpans } from '../core/scoring';
import type { LonLatArray } from '../core/units';
import { toLineCoordinates } from './route-diff';

/** Segment keys on the map and the feature ids of their spans. */
export type RenderedSpans = Map<string, string[]>;

export interface CurvatureSourceDiff {
  add: GeoJSON.Feature<GeoJSON.LineString, { level: number }>[];
  remove: string[];
}

export function diffCurvatureFeatures(
  rendered: RenderedSpans,
  spansByKey: ReadonlyMap<string, LevelSpans>,
  geometryOf: (key: string) => LonLatArray | undefined,
): CurvatureSourceDiff {
  const diff: CurvatureSourceDiff = { add: [], remove: [] };
  for (const [key, ids] of rendered) {
    if (!spansByKey.has(key)) {
      diff.remove.push(...ids);
      rendered.delete(key);
    }
  }
  for (const [key, spans] of spansByKey) {
    if (rendered.has(key)) continue;
    const coords = geometryOf(key);
    if (!coords) continue;
    const cumulative = cumulativeMeters(coords);
    const ids: string[] = [];
    for (let j = 0; j < spans.level.length; j++) {
      const part = sliceAlong(coords, cumulative, spans.startMeters[j], spans.endMeters[j]);
      if (part.length < 4) continue;
      const id = `${key}#${j}`;
      ids.push(id);
      diff.add.push({ type: 'Feature', id, properties: { level: spans.level[j] }, geometry: { type: 'LineString', coordinates: toLineCoordinates(part) } });
    }
    rendered.set(key, ids);
  }
  return diff;
}
