/**
 * Elevation statistics over a sampled profile (heights in metres, one per sample, NaN = unknown).
 *
 * Ascent and descent use a hysteresis threshold H (default 5 m) so DEM noise and interpolation
 * ripple do not add up to phantom climbing (scoring-spec §3.3):
 *
 *     anchor = first valid height
 *     for each later valid height e:
 *       if e − anchor ≥ H:  ascent  += e − anchor; anchor = e
 *       elif anchor − e ≥ H: descent += anchor − e; anchor = e
 *
 * So a change is only counted once the height has moved at least H away from the last anchor,
 * and then in full (not H at a time). Consequences worth knowing:
 * - wiggles smaller than H never count; a steady climb of D metres counts D minus at most H
 *   (the unfinished last step below H is dropped);
 * - NaN samples are skipped and the anchor carries across the gap, so a climb that happens
 *   inside a data gap still counts once the next valid sample arrives.
 *
 * Highest/lowest points ignore NaN and report the first index at which the extreme occurs.
 */

/** The hysteresis threshold recommended by the scoring spec, in metres. */
export const DEFAULT_HYSTERESIS_METERS = 5;

export interface ElevationStats {
  /** Total climbing in metres (hysteresis applied). */
  ascentMeters: number;
  /** Total descending in metres, as a positive number (hysteresis applied). */
  descentMeters: number;
  /** Highest valid height in metres; NaN when no sample is valid. */
  maxMeters: number;
  /** Sample index of the highest point; -1 when no sample is valid. */
  maxIndex: number;
  /** Lowest valid height in metres; NaN when no sample is valid. */
  minMeters: number;
  /** Sample index of the lowest point; -1 when no sample is valid. */
  minIndex: number;
  /** Relief: maxMeters − minMeters (NaN when no sample is valid). */
  reliefMeters: number;
  /** Samples with a known height. */
  validCount: number;
}

/** Ascent, descent, extremes and relief in one pass. `thresholdMeters` must be ≥ 0 (0 sums every change). */
export function elevationStats(heights: ArrayLike<number>, thresholdMeters: number = DEFAULT_HYSTERESIS_METERS): ElevationStats {
  const threshold = thresholdMeters >= 0 ? thresholdMeters : DEFAULT_HYSTERESIS_METERS;
  const r = statsScratch;
  const validCount = scanHeights(heights, threshold, r);
  if (validCount === 0) {
    return { ascentMeters: 0, descentMeters: 0, maxMeters: NaN, maxIndex: -1, minMeters: NaN, minIndex: -1, reliefMeters: NaN, validCount: 0 };
  }
  return {
    ascentMeters: r[0], descentMeters: r[1], maxMeters: r[2], maxIndex: r[3], minMeters: r[4], minIndex: r[5],
    reliefMeters: r[2] - r[4], validCount,
  };
}

/** Results of `scanHeights`: ascent, descent, max, max index, min, min index. */
const statsScratch = new Float64Array(6);

/**
 * The one pass behind `elevationStats`; returns the number of valid heights. Results go to `out`
 * inside the loop, where they change, so nothing after the loop needs type feedback (a long loop is
 * compiled while it first runs; see the note in scoring/planar-samples.ts).
 */
function scanHeights(heights: ArrayLike<number>, threshold: number, out: Float64Array): number {
  let ascent = 0;
  let descent = 0;
  let anchor = NaN;
  let maxMeters = -Infinity;
  let minMeters = Infinity;
  let validCount = 0;
  out[0] = 0; out[1] = 0; out[2] = -Infinity; out[3] = -1; out[4] = Infinity; out[5] = -1;
  for (let i = 0; i < heights.length; i++) {
    const e = heights[i];
    if (e !== e) continue; // NaN: unknown height
    validCount++;
    if (e > maxMeters) {
      maxMeters = e;
      out[2] = e;
      out[3] = i;
    }
    if (e < minMeters) {
      minMeters = e;
      out[4] = e;
      out[5] = i;
    }
    if (anchor !== anchor) {
      anchor = e;
    } else if (e - anchor >= threshold) {
      ascent += e - anchor;
      out[0] = ascent;
      anchor = e;
    } else if (anchor - e >= threshold) {
      descent += anchor - e;
      out[1] = descent;
      anchor = e;
    }
  }
  return validCount;
}

/** Ascent and descent only (hysteresis as documented above). */
export function ascentDescentMeters(
  heights: ArrayLike<number>,
  thresholdMeters: number = DEFAULT_HYSTERESIS_METERS,
): { ascentMeters: number; descentMeters: number } {
  const { ascentMeters, descentMeters } = elevationStats(heights, thresholdMeters);
  return { ascentMeters, descentMeters };
}
