/**
 * RC-1 road curvature (scoring-spec §2.2): the production curvature score of a line.
 *
 * Pipeline: validate → project to local metres → drop duplicates and spikes → resample every 5 m →
 * signed curvature at each sample over a window of 15–30 m each side → segment radius from the
 * averaged curvature of its two ends → Franco level and weight → noise gate (curve runs turning
 * < 20° are zeroed) → optional squash near manoeuvres → totals, runs, curvy stretches and a
 * per-sample profile for map colouring and the hover readout.
 *
 * Cost is O(n) with no per-point allocation: the work arrays live in a reusable scratch, and only
 * the returned profile (optional) and the run/stretch lists are allocated per call.
 */
import type { LonLatArray } from '../units';
import { CURVE_LEVEL_CURVATURE_ABOVE, CURVE_LEVEL_WEIGHTS, emptyLevelTotals, type LevelTotals } from './curve-levels';
import { gateCurveRuns, squashCurveRuns, type CurveRun } from './curve-runs';
import { findCurvyStretches, type CurvyStretch } from './curvy-stretches';
import { CurvatureScratch, fillSampleAlongMeters, prepareSamples, type CurvatureProjection } from './planar-samples';
import { resolveRc1Parameters, type Rc1Parameters } from './rc1-options';

/** D (curvature per km) at which the 0–100 curviness saturates (scoring-spec §0, provisional). */
export const CURVINESS_FULL_SCALE_PER_KM = 400;

/**
 * Per resampled point of a scored line (about every 5 m). Entry `i` of `radiusMeters` and `level`
 * describes the stretch from point `i` to point `i + 1`; the last entry repeats the one before it,
 * so a lookup at the very end of the line still finds a value.
 */
export interface CurvatureProfile {
  /** Distance of each point from the start of the input line (m), ascending; same metric as `cumulativeMeters`. */
  distanceMeters: Float64Array;
  /**
   * Signed radius of the road there (m): positive bending left, negative bending right, `Infinity`
   * where the windowed geometry is exactly straight. Geometric: a noise-gated bend keeps its radius
   * here while its level is 0.
   */
  radiusMeters: Float32Array;
  /** Curve level 0–4 after the noise gate and squash (what the map colours). */
  level: Uint8Array;
}

export interface CurvatureScore {
  /** Length of the input line through its valid points (m). */
  distanceMeters: number;
  /** Length of the resampled line the score was computed on (m); below `distanceMeters` where spikes were cut. */
  scoredMeters: number;
  /** RC-1 score: Σ length × level weight (weighted metres; ≥ 300 moderately, ≥ 1000 very twisty). */
  curvature: number;
  /** `curvature` per km of `distanceMeters` (D in the spec). */
  curvaturePerKm: number;
  /** 0–100: 100·min(1, D/400) (S_curve in the spec). */
  curviness: number;
  /** Kept runs turning ≥ 40°. */
  curves: number;
  /** Curves turning ≥ 140° on a minimum radius ≤ 40 m. */
  hairpins: number;
  /** Σ turn over kept runs (°); jitter does not count because gated runs are excluded. */
  turnDeg: number;
  /** `turnDeg` per km (Kurvigkeit in degrees; × 400/360 for gon/km). */
  turnDegPerKm: number;
  /** Metres of `scoredMeters` at each level 0–4 (straight, broad, medium, tight, hairpin). */
  levelMeters: LevelTotals;
  /** Kept curve runs in order along the line. */
  runs: CurveRun[];
  /** Curvy stretches (≥ 3 curves, gaps ≤ 500 m) in order along the line. */
  stretches: CurvyStretch[];
  /** Per-sample arrays for map colouring and hover, or null when `profile: false` was asked. */
  profile: CurvatureProfile | null;
  /** Input points ignored because a coordinate was not finite or the latitude was outside ±90°. */
  droppedPoints: number;
}

export interface ScoreCurvatureOptions extends Partial<Rc1Parameters> {
  /** Build the per-sample profile (default true). Aggregate-only callers save its allocation. */
  profile?: boolean;
  /** Distances from the start (m) of manoeuvres (turns onto another road): curves there do not count. */
  squashAtMeters?: ArrayLike<number>;
  /** Planar projection (default `segment-local`; `single-reference` is the spec's literal one, for short lines only). */
  projection?: CurvatureProjection;
  /** Working memory to reuse; defaults to one shared module-level scratch. */
  scratch?: CurvatureScratch;
}

const sharedScratch = new CurvatureScratch();

/** 100·min(1, D/400), clamped to 0–100, for a curvature per km D. */
export function curvinessFromPerKm(curvaturePerKm: number): number {
  const v = (100 * curvaturePerKm) / CURVINESS_FULL_SCALE_PER_KM;
  return v > 100 ? 100 : v > 0 ? v : 0;
}

/** A score of nothing: what an empty, one-point or all-duplicate line gets. */
export function emptyCurvatureScore(distanceMeters = 0, droppedPoints = 0): CurvatureScore {
  return {
    distanceMeters, scoredMeters: 0, curvature: 0, curvaturePerKm: 0, curviness: 0, curves: 0, hairpins: 0,
    turnDeg: 0, turnDegPerKm: 0, levelMeters: emptyLevelTotals(), runs: [], stretches: [], profile: null, droppedPoints,
  };
}

/**
 * Scores the curvature of one continuous line with RC-1.
 *
 * @param coords interleaved `[lon, lat, …]` in degrees (a `LonLatArray`). Points with non-finite
 *   coordinates or |lat| > 90 are skipped and counted in `droppedPoints`; a dangling odd value is ignored.
 * @param options overrides of the RC-1 parameters (metres and degrees), plus `profile`,
 *   `squashAtMeters` and `scratch`. Invalid parameters throw a `RangeError` naming the option.
 * @returns totals in metres, weighted metres and degrees; never throws for bad geometry (fewer than
 *   2 usable points give a zero score).
 */
export function scoreCurvature(coords: LonLatArray, options: ScoreCurvatureOptions = {}): CurvatureScore {
  const p = resolveRc1Parameters(options);
  const s = options.scratch ?? sharedScratch;
  const prep = prepareSamples(coords, p, s, options.projection);
  const m = prep.samples;
  if (m < 2) return emptyCurvatureScore(prep.inputMeters, prep.invalidPoints);

  // Steps 5 and 7 fused: curvature at sample j + 1, then segment j from the averaged curvature of its ends.
  const { sx, sy, sHalf, sKappa, segLen, segLevel } = s;
  const [, k175, k100, k60, k30] = CURVE_LEVEL_CURVATURE_ABOVE;
  const radius = options.profile === false ? null : new Float32Array(m);
  sHalf[0] = 0;
  sKappa[0] = 0;
  let kappaPrev = 0;
  let px = sx[0], py = sy[0];
  for (let j = 0; j < m - 1; j++) {
    const i = j + 1;
    let k = sHalf[i];
    if (k > i) k = i;
    if (k > m - 1 - i) k = m - 1 - i;
    sHalf[i] = k;
    const bx = sx[i], by = sy[i];
    let kappa = 0;
    if (k > 0) {
      const ax = sx[i - k], ay = sy[i - k], cx = sx[i + k], cy = sy[i + k];
      const abx = bx - ax, aby = by - ay, acx = cx - ax, acy = cy - ay, bcx = cx - bx, bcy = cy - by;
      const sides = Math.sqrt((abx * abx + aby * aby) * (bcx * bcx + bcy * bcy) * (acx * acx + acy * acy));
      if (sides !== 0) kappa = (2 * (abx * acy - aby * acx)) / sides;
    }
    sKappa[i] = kappa;

    const dx = bx - px, dy = by - py;
    px = bx; py = by;
    segLen[j] = Math.sqrt(dx * dx + dy * dy);
    const kMean = (kappaPrev + kappa) * 0.5;
    const kSeg = Math.abs(kMean);
    kappaPrev = kappa;
    // curveLevelOfCurvature(kSeg), inlined.
    segLevel[j] = kSeg > k175 ? (kSeg > k30 ? 4 : kSeg > k60 ? 3 : kSeg > k100 ? 2 : 1) : 0;
    if (radius !== null) radius[j] = 1 / kMean;
  }

  // Steps 8–9: noise gate, then the optional squash.
  let runs: CurveRun[] = [];
  gateCurveRuns(s, m, p, runs);
  if (options.squashAtMeters) runs = squashCurveRuns(s, runs, options.squashAtMeters, p.squashRadiusMeters);

  // Step 10: totals, summed after the gate so that a fully gated line is exactly 0.
  let l0 = 0, l1 = 0, l2 = 0, l3 = 0, l4 = 0;
  for (let j = 0; j < m - 1; j++) {
    const level = segLevel[j];
    if (level === 0) l0 += segLen[j];
    else if (level === 1) l1 += segLen[j];
    else if (level === 2) l2 += segLen[j];
    else if (level === 3) l3 += segLen[j];
    else l4 += segLen[j];
  }
  const levelMeters: LevelTotals = [l0, l1, l2, l3, l4];
  let curvature = 0;
  let scoredMeters = 0;
  for (let l = 0; l < 5; l++) {
    curvature += levelMeters[l] * CURVE_LEVEL_WEIGHTS[l];
    scoredMeters += levelMeters[l];
  }
  let curves = 0, hairpins = 0, turnDeg = 0;
  for (const run of runs) {
    turnDeg += run.turnDeg;
    if (run.isCurve) curves++;
    if (run.isHairpin) hairpins++;
  }
  const km = prep.inputMeters / 1000;
  const curvaturePerKm = km > 0 ? curvature / km : 0;
  return {
    distanceMeters: prep.inputMeters,
    scoredMeters,
    curvature,
    curvaturePerKm,
    curviness: curvinessFromPerKm(curvaturePerKm),
    curves,
    hairpins,
    turnDeg,
    turnDegPerKm: km > 0 ? turnDeg / km : 0,
    levelMeters,
    runs,
    stretches: findCurvyStretches(runs, p),
    profile: radius === null ? null : buildProfile(s, m, radius),
    droppedPoints: prep.invalidPoints,
  };
}

function buildProfile(s: CurvatureScratch, m: number, radiusMeters: Float32Array): CurvatureProfile {
  const level = s.segLevel.slice(0, m);
  radiusMeters[m - 1] = radiusMeters[m - 2];
  level[m - 1] = level[m - 2];
  return { distanceMeters: fillSampleAlongMeters(s, new Float64Array(m)), radiusMeters, level };
}
