/**
 * Multipolygon rings from member ways: ways are joined end to end where their end vertices have
 * identical coordinates (shared OSM nodes), reversing as needed, until each chain closes.
 * Coordinates rather than node ids, because Overpass `out geom` gives member geometry without
 * node ids; two different nodes at bit-identical positions are not a concern in practice.
 *
 * A chain that cannot be closed (a member missing from a cut extract, broken data) is dropped
 * and counted: an open ring has no inside, and the even-odd test over the remaining closed rings
 * stays well defined.
 */
import { EARTH_RADIUS_METERS } from '../geometry/earth';
import type { LonLatArray } from '../units';

export interface RingMember {
  /** "outer", "inner" or "" (treated as outer). */
  role: string;
  coords: LonLatArray;
}

export interface AssembledRings {
  /** Closed rings (first vertex = last vertex). */
  rings: LonLatArray[];
  /** Parallel to `rings`: true when the ring came from `inner` members. */
  inner: boolean[];
  /** Chains that could not be closed and were dropped. */
  openChains: number;
}

const RAD = Math.PI / 180;

/** Joins `members` into closed rings (see the module comment). */
export function assembleRings(members: readonly RingMember[]): AssembledRings {
  const rings: LonLatArray[] = [];
  const inner: boolean[] = [];
  let openChains = 0;
  const open: RingMember[] = [];
  for (const member of members) {
    const n = member.coords.length >> 1;
    if (n < 2) continue;
    if (n >= 4 && isClosed(member.coords)) {
      rings.push(member.coords);
      inner.push(member.role === 'inner');
    } else {
      open.push(member);
    }
  }
  if (open.length === 0) return { rings, inner, openChains };

  const byEnd = new Map<string, number[]>();
  const key = (coords: LonLatArray, vertex: number): string => `${coords[2 * vertex]},${coords[2 * vertex + 1]}`;
  open.forEach((member, i) => {
    for (const k of [key(member.coords, 0), key(member.coords, (member.coords.length >> 1) - 1)]) {
      const list = byEnd.get(k);
      if (list) list.push(i);
      else byEnd.set(k, [i]);
    }
  });
  const used = new Uint8Array(open.length);
  for (let start = 0; start < open.length; start++) {
    if (used[start]) continue;
    used[start] = 1;
    const chain: number[] = Array.from(open[start].coords);
    const startKey = `${chain[0]},${chain[1]}`;
    for (;;) {
      const endKey = `${chain[chain.length - 2]},${chain[chain.length - 1]}`;
      if (chain.length >= 8 && endKey === startKey) {
        rings.push(Float64Array.from(chain));
        inner.push(open[start].role === 'inner');
        break;
      }
      const next = (byEnd.get(endKey) ?? []).find((i) => !used[i]);
      if (next === undefined) {
        openChains++;
        break;
      }
      used[next] = 1;
      const coords = open[next].coords;
      const n = coords.length >> 1;
      const forward = key(coords, 0) === endKey;
      // Skip the shared first vertex of the appended way.
      for (let v = 1; v < n; v++) {
        const at = forward ? v : n - 1 - v;
        chain.push(coords[2 * at], coords[2 * at + 1]);
      }
    }
  }
  return { rings, inner, openChains };
}

/** True when the first and last vertex are identical. */
export function isClosed(coords: LonLatArray): boolean {
  const n = coords.length >> 1;
  return n >= 2 && coords[0] === coords[2 * n - 2] && coords[1] === coords[2 * n - 1];
}

/** Area enclosed by a ring (m², unsigned), shoelace in the local plane at the ring's mean latitude. */
export function ringAreaSquareMeters(coords: LonLatArray): number {
  const n = coords.length >> 1;
  if (n < 3) return 0;
  let latSum = 0;
  for (let i = 0; i < n; i++) latSum += coords[2 * i + 1];
  const kx = Math.cos((latSum / n) * RAD) * RAD * EARTH_RADIUS_METERS;
  const ky = RAD * EARTH_RADIUS_METERS;
  const x0 = coords[0], y0 = coords[1];
  let twice = 0;
  for (let i = 0; i < n; i++) {
    const j = i + 1 < n ? i + 1 : 0;
    const xi = (coords[2 * i] - x0) * kx, yi = (coords[2 * i + 1] - y0) * ky;
    const xj = (coords[2 * j] - x0) * kx, yj = (coords[2 * j + 1] - y0) * ky;
    twice += xi * yj - xj * yi;
  }
  return Math.abs(twice) / 2;
}
