/**
 * Points of a `PoiSet` within D metres of a route, with how far each is from the road and where
 * along the route it is closest. The route is a `LineIndex` (built once per route and shared with
 * the hover readout), so a query costs a bounding-box test per point plus one nearest-segment
 * search for the few points near the route.
 */
import { EARTH_RADIUS_METERS } from '../geometry/earth';
import { LineIndex, emptyNearest } from '../geometry/line-index';
import type { LonLatArray } from '../units';
import type { PoiSet } from './poi-set';

const RAD = Math.PI / 180;

export interface PoisNearLine {
  readonly count: number;
  /** Point index in the set, in set order. */
  readonly index: Uint32Array;
  /** Distance from the point to the route (m). */
  readonly offsetMeters: Float64Array;
  /** Distance along the route to the closest point (m). */
  readonly alongMeters: Float64Array;
}

/**
 * Points within `maxMeters` of `line` (a `LineIndex`, or coordinates to index), optionally only
 * those whose kind passes `kindFilter`.
 */
export function poisNearLine(
  pois: PoiSet, line: LineIndex | LonLatArray | readonly LonLatArray[], maxMeters: number, kindFilter?: (kind: number) => boolean,
): PoisNearLine {
  const index = line instanceof LineIndex ? line : LineIndex.build(line);
  const box = lineBox(index.coords);
  const found: number[] = [];
  const offsets: number[] = [];
  const alongs: number[] = [];
  if (box && index.numItems > 0 && maxMeters >= 0) {
    const padLat = maxMeters / (RAD * EARTH_RADIUS_METERS);
    const maxAbsLat = Math.min(89.9, Math.max(Math.abs(box[1]), Math.abs(box[3])) + padLat);
    const padLon = padLat / Math.cos(maxAbsLat * RAD);
    const west = box[0] - padLon, east = box[2] + padLon, south = box[1] - padLat, north = box[3] + padLat;
    const { kind, lon, lat } = pois.points;
    const near = emptyNearest();
    for (let i = 0; i < pois.points.count; i++) {
      if (kindFilter && !kindFilter(kind[i])) continue;
      const x = lon[i], y = lat[i];
      if (!(x >= west && x <= east && y >= south && y <= north)) continue;
      if (!index.nearest(x, y, near) || near.offsetMeters > maxMeters) continue;
      found.push(i);
      offsets.push(near.offsetMeters);
      alongs.push(near.distanceMeters);
    }
  }
  return { count: found.length, index: Uint32Array.from(found), offsetMeters: Float64Array.from(offsets), alongMeters: Float64Array.from(alongs) };
}

function lineBox(coords: Float64Array): [number, number, number, number] | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (let i = 0; i + 1 < coords.length; i += 2) {
    const x = coords[i], y = coords[i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  return w <= e ? [w, s, e, n] : null;
}
