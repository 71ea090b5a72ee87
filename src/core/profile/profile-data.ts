/**
 * What the profile panel draws: parallel per-sample typed arrays along a drive, addressed by the
 * distance from its start. No per-point objects, so a 100,000-sample drive costs a few arrays.
 */

export interface ProfileData {
  /** Distance from the start of the drive at each sample, metres, non-decreasing. */
  distanceMeters: Float64Array;
  /** Elevation at each sample in metres; NaN where unknown (drawn as gaps). Absent when no DEM is loaded. */
  elevationMeters?: Float32Array;
  /**
   * Curve level 0..4 at each sample (0 straight, 1 broad, 2 medium, 3 tight, 4 hairpin). As in the
   * scoring profile, entry `i` describes the stretch from sample `i` to sample `i + 1`.
   */
  curveLevel: Uint8Array;
  /** Signed radius in metres at each sample (+left, −right; Infinity for straight). Shown in the hover readout. */
  radiusMeters?: Float32Array;
  /** Leg boundaries as distances (vertical separators), metres. */
  legBoundsMeters?: Float64Array;
}

/** A stretch of the drive by distance from its start, `fromMeters < toMeters`. */
export interface DistanceRange {
  fromMeters: number;
  toMeters: number;
}

/**
 * Number of usable samples: the shorter of the two required arrays, so mismatched lengths are
 * read up to the shorter one instead of reading past an end.
 */
export function profileSampleCount(data: ProfileData | null): number {
  return data ? Math.min(data.distanceMeters.length, data.curveLevel.length) : 0;
}

/** The distances the profile spans, or null when it has fewer than 2 usable samples or no length. */
export function profileExtent(data: ProfileData | null): DistanceRange | null {
  const n = profileSampleCount(data);
  if (!data || n < 2) return null;
  const fromMeters = data.distanceMeters[0];
  const toMeters = data.distanceMeters[n - 1];
  return Number.isFinite(fromMeters) && Number.isFinite(toMeters) && toMeters > fromMeters ? { fromMeters, toMeters } : null;
}

/** True when at least one elevation is known (not NaN); stops at the first one. */
export function hasKnownElevation(elevationMeters: Float32Array | undefined): boolean {
  if (!elevationMeters) return false;
  for (let i = 0; i < elevationMeters.length; i++) if (elevationMeters[i] === elevationMeters[i]) return true;
  return false;
}
