/**
 * Parameters of the RC-1 curvature algorithm (scoring-spec §2.2) and its defaults. Every length is
 * in metres along the road, every angle in degrees. Changing a default changes every stored score,
 * so defaults only move together with the spec and its test vectors.
 */

export interface Rc1Parameters {
  /** DUP: a point closer than this to the previously kept point is dropped (m). */
  readonly duplicateMeters: number;
  /** SPIKE: interior vertices turning by at least this much (back-tracks, U-turns) are dropped (°). */
  readonly spikeDeg: number;
  /** Δ: resampling step along the line (m). */
  readonly stepMeters: number;
  /** H_MIN / H_MAX: the radius window half-length is the source segment length clamped to these (m). */
  readonly halfWindowMinMeters: number;
  readonly halfWindowMaxMeters: number;
  /** GAP: straight (level-0) stretch allowed inside one curve run (m). */
  readonly runGapMeters: number;
  /** Θ_MIN: a curve run turning less than this is noise and is zeroed (°). */
  readonly minRunTurnDeg: number;
  /** CURVE_DEG: a kept run turning at least this much counts as a curve (TomTom default, °). */
  readonly curveTurnDeg: number;
  /** HAIRPIN_DEG and HAIRPIN_R: a curve turning ≥ this on a minimum radius ≤ `hairpinRadiusMeters` is a hairpin. */
  readonly hairpinTurnDeg: number;
  readonly hairpinRadiusMeters: number;
  /** Curvy stretches: consecutive curves at most this far apart (end to start) are grouped (m). */
  readonly stretchMaxGapMeters: number;
  /** Curvy stretches: a group needs at least this many curves. */
  readonly stretchMinCurves: number;
  /** Squash: half-length of the zone around each squash point in which curves do not count (m). */
  readonly squashRadiusMeters: number;
}

/** The spec's defaults (scoring-spec §0 and §2.2; stretches from §2.4, TomTom's defaults). */
export const RC1_DEFAULTS: Rc1Parameters = Object.freeze({
  duplicateMeters: 0.5,
  spikeDeg: 170,
  stepMeters: 5,
  halfWindowMinMeters: 15,
  halfWindowMaxMeters: 30,
  runGapMeters: 30,
  minRunTurnDeg: 20,
  curveTurnDeg: 40,
  hairpinTurnDeg: 140,
  hairpinRadiusMeters: 40,
  stretchMaxGapMeters: 500,
  stretchMinCurves: 3,
  squashRadiusMeters: 30,
});

const POSITIVE_KEYS: ReadonlySet<keyof Rc1Parameters> = new Set(['stepMeters', 'halfWindowMinMeters', 'halfWindowMaxMeters', 'stretchMinCurves']);

/**
 * Takes the RC-1 parameters out of `overrides` (other keys are ignored) over the defaults.
 * Throws a `RangeError` naming the option when a value would make the algorithm meaningless:
 * NaN or negative anywhere, zero or infinite step/window/min-curves, or a window max below its min.
 */
export function resolveRc1Parameters(overrides: Partial<Rc1Parameters> | undefined): Rc1Parameters {
  if (!overrides) return RC1_DEFAULTS;
  let out: Record<keyof Rc1Parameters, number> | null = null;
  for (const key of Object.keys(RC1_DEFAULTS) as (keyof Rc1Parameters)[]) {
    const v = overrides[key];
    if (v === undefined) continue;
    const positive = POSITIVE_KEYS.has(key);
    if (typeof v !== 'number' || !(v >= 0) || (positive && !(v > 0 && Number.isFinite(v)))) {
      throw new RangeError(`Curvature option ${key} must be a ${positive ? 'positive finite number' : 'number ≥ 0'} (got ${String(v)}); leave it out to use the default ${RC1_DEFAULTS[key]}.`);
    }
    out ??= { ...RC1_DEFAULTS };
    out[key] = v;
  }
  if (!out) return RC1_DEFAULTS;
  if (out.halfWindowMaxMeters < out.halfWindowMinMeters) {
    throw new RangeError(`Curvature option halfWindowMaxMeters (${out.halfWindowMaxMeters}) is below halfWindowMinMeters (${out.halfWindowMinMeters}); make the maximum at least the minimum.`);
  }
  return out;
}
