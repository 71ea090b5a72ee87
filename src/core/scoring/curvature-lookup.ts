/**
 * What the road is doing at a given distance along a scored line or route: the hover readout
 * ("r 42 m, tight, left") and anything else that addresses a place by its distance from the start.
 */
import type { CurveLevel } from './curve-levels';
import type { CurvatureProfile, CurvatureScore } from './curvature-score';
import type { SummedCurvatureScore } from './score-sum';

export interface CurvatureAtDistance {
  /** Radius of the road there (m); `Infinity` on a straight. */
  radiusMeters: number;
  /** Level 0–4 after the noise gate (what the map colours). */
  level: CurveLevel;
  /** +1 bending left, −1 bending right, 0 at level 0. */
  direction: -1 | 0 | 1;
  /** Index of the part (0 for a single score) and of the resampled point in that part's profile. */
  part: number;
  sample: number;
}

/**
 * Curvature at `distanceMeters` from the start (clamped to the line), from the per-sample profile
 * of `score` (or of the right part of a summed score). Null when there is no profile to read:
 * an empty line, or a score computed with `profile: false`. O(log n).
 */
export function curvatureAt(score: CurvatureScore | SummedCurvatureScore, distanceMeters: number): CurvatureAtDistance | null {
  if ('parts' in score) {
    const starts = score.partStartMeters;
    if (starts.length === 0) return null;
    // The last part starting at or before the distance: zero-length parts sharing a start are passed over.
    const part = Math.max(0, lastAtOrBelow(starts, starts.length, distanceMeters));
    return profileAt(score.parts[part].profile, distanceMeters - starts[part], part);
  }
  return profileAt(score.profile, distanceMeters, 0);
}

/**
 * Curvature at `distanceMeters` from the start of one profile (clamped), written into `out` when
 * given (allocation-free hover). Null when the profile is null or empty.
 */
export function profileAt(
  profile: CurvatureProfile | null,
  distanceMeters: number,
  part = 0,
  out?: CurvatureAtDistance,
): CurvatureAtDistance | null {
  if (!profile || profile.distanceMeters.length === 0) return null;
  const i = Math.max(0, lastAtOrBelow(profile.distanceMeters, profile.distanceMeters.length, distanceMeters));
  const o = out ?? { radiusMeters: 0, level: 0, direction: 0, part: 0, sample: 0 };
  const r = profile.radiusMeters[i];
  o.radiusMeters = Math.abs(r);
  o.level = profile.level[i] as CurveLevel;
  o.direction = o.level === 0 ? 0 : r > 0 ? 1 : -1;
  o.part = part;
  o.sample = i;
  return o;
}

/** Stretches of constant curve level along a line, for colouring the map: span `i` runs from `startMeters[i]` to `endMeters[i]`. */
export interface LevelSpans {
  startMeters: Float64Array;
  endMeters: Float64Array;
  level: Uint8Array;
}

/**
 * Merges a profile into spans of equal level (distances from the start of the line, m), so the map
 * draws one feature per span (sliced from the route by distance) instead of one per 5 m sample.
 * An empty or null profile gives no spans. O(n).
 */
export function levelSpans(profile: CurvatureProfile | null): LevelSpans {
  const n = profile ? profile.distanceMeters.length : 0;
  if (!profile || n < 2) return { startMeters: new Float64Array(0), endMeters: new Float64Array(0), level: new Uint8Array(0) };
  const { distanceMeters, level } = profile;
  let count = 1;
  for (let i = 1; i < n - 1; i++) if (level[i] !== level[i - 1]) count++;
  const startMeters = new Float64Array(count), endMeters = new Float64Array(count), spanLevel = new Uint8Array(count);
  let k = 0;
  startMeters[0] = distanceMeters[0];
  spanLevel[0] = level[0];
  for (let i = 1; i < n - 1; i++) {
    if (level[i] === level[i - 1]) continue;
    endMeters[k] = distanceMeters[i];
    k++;
    startMeters[k] = distanceMeters[i];
    spanLevel[k] = level[i];
  }
  endMeters[k] = distanceMeters[n - 1];
  return { startMeters, endMeters, level: spanLevel };
}

/** Largest index i < n with a[i] ≤ x in ascending `a`, or −1. */
function lastAtOrBelow(a: ArrayLike<number>, n: number, x: number): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) lo = mid + 1; else hi = mid;
  }
  return lo - 1;
}
