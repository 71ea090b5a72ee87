/**
 * Curve levels: Franco's radius classes (roadcurvature.com), shared by RC-1 and the Mode A oracle.
 * A stretch of road with radius r gets a level and a weight; curvature is Σ length × weight, i.e.
 * "metres of weighted curve". All comparisons are strict `<` (scoring-spec §1.1): exactly 30 m is
 * level 3, exactly 175 m is straight.
 *
 * Note the level-4 name "hairpin" describes a radius class (r < 30 m). The *hairpin count* of a
 * score is a different, turn-based statistic (≥ 140° on r ≤ 40 m, see `Rc1Options`).
 */

/** 0 straight (r ≥ 175 m), 1 broad (< 175), 2 medium (< 100), 3 tight (< 60), 4 hairpin (< 30). */
export type CurveLevel = 0 | 1 | 2 | 3 | 4;

/** Human names of the levels, indexed by level. */
export const CURVE_LEVEL_NAMES = ['straight', 'broad', 'medium', 'tight', 'hairpin'] as const;

/** A segment is at level L when its radius is below `CURVE_LEVEL_RADIUS_BELOW_METERS[L]` (and not below the next). */
export const CURVE_LEVEL_RADIUS_BELOW_METERS: readonly number[] = [Infinity, 175, 100, 60, 30];

/** Weight per level: curvature = Σ segment length × weight (metres). */
export const CURVE_LEVEL_WEIGHTS: readonly number[] = [0, 1, 1.3, 1.6, 2];

/** roadcurvature.com's KML palette per level (`curvature/output.py`), for map colouring. */
export const CURVE_LEVEL_COLOURS = ['#10E000', '#FFFF00', '#FFAA00', '#FF5500', '#FF0000'] as const;

/** Franco's "moderately twisty" threshold for a road or stretch (weighted metres). */
export const MODERATELY_TWISTY_CURVATURE = 300;
/** Franco's "very twisty, best roads in a region" threshold (weighted metres). */
export const VERY_TWISTY_CURVATURE = 1000;

/** Level of a radius in metres (NaN or negative counts as straight). */
export function curveLevel(radiusMeters: number): CurveLevel {
  if (radiusMeters < 30) return radiusMeters >= 0 ? 4 : 0;
  if (radiusMeters < 60) return 3;
  if (radiusMeters < 100) return 2;
  if (radiusMeters < 175) return 1;
  return 0;
}

/**
 * The largest double κ for which `1 / κ >= radius`. For every larger κ the division gives
 * `1 / κ < radius`, so comparing κ against it decides a level exactly as dividing would, bit for bit.
 */
function curvatureAbove(radius: number): number {
  const bits = new Float64Array(1);
  const word = new BigInt64Array(bits.buffer);
  bits[0] = 1 / radius;
  while (1 / bits[0] < radius) word[0] -= 1n; // step down until the division no longer passes
  while (!(1 / bits[0] < radius)) word[0] += 1n; // then up to the first κ that passes
  word[0] -= 1n;
  return bits[0];
}

/** Level L holds for curvature κ (1/m) above `CURVE_LEVEL_CURVATURE_ABOVE[L]` (and not above the next); index 0 is unused. */
export const CURVE_LEVEL_CURVATURE_ABOVE: readonly number[] = [0, curvatureAbove(175), curvatureAbove(100), curvatureAbove(60), curvatureAbove(30)];

/** `curveLevel(1 / |κ|)` without the division: the level of an absolute curvature κ in 1/m. */
export function curveLevelOfCurvature(kappa: number): CurveLevel {
  const [, k175, k100, k60, k30] = CURVE_LEVEL_CURVATURE_ABOVE;
  const k = Math.abs(kappa);
  return k > k175 ? (k > k30 ? 4 : k > k60 ? 3 : k > k100 ? 2 : 1) : 0;
}

/** Franco's label for a curvature (weighted metres) of a road or stretch, or null below 300. */
export function twistinessLabel(curvature: number): 'very twisty' | 'moderately twisty' | null {
  if (curvature >= VERY_TWISTY_CURVATURE) return 'very twisty';
  if (curvature >= MODERATELY_TWISTY_CURVATURE) return 'moderately twisty';
  return null;
}

/** Five per-level totals (index = level), e.g. metres driven at each level. */
export type LevelTotals = [number, number, number, number, number];

export function emptyLevelTotals(): LevelTotals {
  return [0, 0, 0, 0, 0];
}
