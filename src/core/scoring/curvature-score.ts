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
import { gateCurveRunsUpTo, squashCurveRuns, startGate, type CurveRun } from './curve-runs';
import { findCurvyStretches, type CurvyStretch } from './curvy-stretches';
import {
  CurvatureScratch, FIRST_CHUNK, fillSampleAlongMeters, maxHalfWindowSamples, prepareSamples, segmentMeters, type CurvatureProjection,
  type SampleConsumer,
} from './planar-samples';
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
  /**
   * When given (at least one entry per input point), receives each input point's distance from the
   * start (m) as `cumulativeMeters` measures it; for a line without invalid points these are bit for
   * bit the distances `sampleProfileEvery` would compute (line-meters.ts), so it can take them. An
   * invalid point gets the distance of the valid point before it.
   */
  vertexMeters?: Float64Array;
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
  // Steps 5–8: curvature and levels, each chunk followed by the noise gate as far as it can go
  // (the gate also sums the level totals); then the optional squash (step 9). Without a profile
  // (whose length is only known at the end) they run on each chunk of samples as soon as it is final.
  const stream = new CurvatureStream(s, p, options.profile === false);
  const prep = prepareSamples(coords, p, s, options.projection, options.vertexMeters, options.profile === false ? stream : undefined);
  const m = prep.samples;
  if (m < 2) return emptyCurvatureScore(prep.inputMeters, prep.invalidPoints);
  const radius = options.profile === false ? null : new Float32Array(m);
  stream.advance(m, m - 1, radius);
  let runs = stream.runs;
  const segmentsMeters = s.lineStats[2];
  const totals = s.levelTotals;
  totals[0] = segmentsMeters - totals[1] - totals[2] - totals[3] - totals[4];
  const gatedRuns = runs.length;
  if (options.squashAtMeters) runs = squashCurveRuns(s, runs, options.squashAtMeters, p.squashRadiusMeters);

  // Step 10: totals, summed after the gate (and squash) so that a fully gated line is exactly 0.
  const levelMeters = runs.length === gatedRuns ? copyLevelTotals(totals) : levelTotals(s, m - 1);
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

/**
 * A sample whose curvature passes `4·cross² ≤ STRAIGHT_MARGIN² · k175² · P` has |κ| ≤ k175 with a
 * relative margin (1e-6) far above the few ulps of rounding in κ = 2·cross / √P. A segment between
 * two such samples is straight (level 0), since |(κa + κb) / 2| ≤ k175 holds in floating point too.
 */
const STRAIGHT_MARGIN = 1 - 1e-6;

/** Samples per call of `curvatureChunk`: many short calls get the loop fully optimised early (see planar-samples.ts). */
const CURVATURE_CHUNK = 1024;

/**
 * Steps 5 and 7 fused: signed curvature at every sample over its window (truncated at the line's
 * ends), then the level of every segment from the averaged curvature of its two ends, and its
 * radius when asked; fills `segLevel`. Each chunk is followed by the noise gate (step 8) as far as
 * the levels known allow, which appends the kept runs to `runs`. Fed sample by sample as they
 * become final (`SampleConsumer`), then finished with `advance(m, m − 1)`.
 *
 * `sKappa[i]` is exact wherever a segment next to sample `i` is curved (level ≥ 1), which is all
 * the gate reads; without a profile, samples whose curvature is certified below the level-1
 * threshold skip the square root and division (and leave `sKappa[i]` unset) while both of their
 * segments are straight. Levels are identical either way. Segment lengths are not stored: the
 * gate recomputes the few it needs (`segmentMeters`), and their total comes from resampling.
 */
class CurvatureStream implements SampleConsumer {
  runs: CurveRun[] = [];
  /** Segments whose level is set (and gated as far as possible): `0..done-1`. */
  private done = 0;
  private readonly maxHalf: number;
  /** Without a profile, 4·cross² ≤ straightBound·P certifies |κ| ≤ k175; with one, every κ is needed. */
  private readonly straightBound: number;

  constructor(private readonly s: CurvatureScratch, private readonly p: Rc1Parameters, private readonly aggregateOnly: boolean) {
    const k175 = CURVE_LEVEL_CURVATURE_ABOVE[1];
    // (−Infinity never passes: −Infinity·P is −Infinity, or NaN where P = 0.)
    this.straightBound = aggregateOnly ? STRAIGHT_MARGIN * STRAIGHT_MARGIN * k175 * k175 : -Infinity;
    this.maxHalf = maxHalfWindowSamples(p);
    this.reset();
  }

  take(samples: number): void {
    // A sample's window must lie within the final samples, and away from the line's end (not known yet).
    this.advance(samples, samples - 1 - this.maxHalf, null);
  }

  restart(): void {
    this.reset();
  }

  /** Sets levels of segments up to `to` (exclusive) of a line with at least `m` samples, and gates them. */
  advance(m: number, to: number, radius: Float32Array | null): void {
    const s = this.s;
    for (let from = this.done, next = from; from < to; from = next) {
      next = Math.min(to, from + (from === 0 ? FIRST_CHUNK : CURVATURE_CHUNK));
      const state = s.curvatureState;
      state[5] = m; state[6] = this.straightBound;
      s.segLevel.fill(0, from, next);
      curvatureChunk(s.sx, s.sy, s.sHalf, s.sKappa, s.segLevel, radius ?? NO_RADIUS, from, next, state);
      gateCurveRunsUpTo(s, m, this.p, this.runs, next);
      this.done = next;
    }
  }

  private reset(): void {
    const state = this.s.curvatureState;
    // Sample 0 (curvature 0): κ, cross product, side product, certified straight, κ known.
    state[0] = 0; state[1] = 0; state[2] = 0; state[3] = this.aggregateOnly ? 1 : 0; state[4] = 1;
    this.s.sKappa[0] = 0;
    startGate(this.s);
    this.runs = [];
    this.done = 0;
  }
}

/** Stands for "no radius wanted", so that `curvatureChunk` always gets a typed array. */
const NO_RADIUS = new Float32Array(0);
const K175 = CURVE_LEVEL_CURVATURE_ABOVE[1], K100 = CURVE_LEVEL_CURVATURE_ABOVE[2];
const K60 = CURVE_LEVEL_CURVATURE_ABOVE[3], K30 = CURVE_LEVEL_CURVATURE_ABOVE[4];

/**
 * `CurvatureStream`'s curvature and levels for segments `from..to-1`, whose levels must be 0 on
 * entry (only curved segments are written). `state` carries sample `from`'s values in and sample
 * `to`'s out, and the parameters: samples on the line (m) and the straightness bound; `radius`
 * is written unless it is empty. Numbers reach the loop through `state` because V8 rechecks a
 * number argument's type at every use in a loop, and reads a typed array's element as a float64.
 */
function curvatureChunk(
  sx: Float64Array, sy: Float64Array, sHalf: Int32Array, sKappa: Float64Array, segLevel: Uint8Array, radius: Float32Array,
  from: number, to: number, state: Float64Array,
): void {
  const k175 = K175, k100 = K100, k60 = K60, k30 = K30;
  const m = state[5] | 0, straightBound = state[6], wantRadius = radius.length !== 0;
  // Sample i − 1: its curvature (once computed), its cross product and side product, whether it is certified straight.
  let kappaPrev = state[0], crossPrev = state[1], sidesPrev2 = state[2];
  let prevStraight = state[3] === 1, prevKnown = state[4] === 1;
  for (let j = from; j < to; j++) {
    const i = j + 1;
    // k truncated so that the window stays on the line (0 at the ends).
    let k = sHalf[i];
    if (k > i) k = i;
    if (k > m - 1 - i) k = m - 1 - i;
    const bx = sx[i], by = sy[i];
    let cross = 0, sides2 = 0;
    if (k > 0) {
      const ax = sx[i - k], ay = sy[i - k], cx = sx[i + k], cy = sy[i + k];
      const abx = bx - ax, aby = by - ay, acx = cx - ax, acy = cy - ay, bcx = cx - bx, bcy = cy - by;
      sides2 = (abx * abx + aby * aby) * (bcx * bcx + bcy * bcy) * (acx * acx + acy * acy);
      cross = abx * acy - aby * acx;
    }

    const straight = 4 * cross * cross <= straightBound * sides2;
    if (straight && prevStraight) {
      prevKnown = false; // segLevel[j] stays 0 (the caller zeroes the chunk)
    } else {
      if (!prevKnown) {
        const sidesPrev = Math.sqrt(sidesPrev2);
        kappaPrev = sidesPrev !== 0 ? (2 * crossPrev) / sidesPrev : 0;
        sKappa[j] = kappaPrev;
      }
      const sides = Math.sqrt(sides2);
      const kappa = sides !== 0 ? (2 * cross) / sides : 0;
      sKappa[i] = kappa;
      const kMean = (kappaPrev + kappa) * 0.5;
      const kSeg = Math.abs(kMean);
      kappaPrev = kappa;
      prevKnown = true;
      // curveLevelOfCurvature(kSeg), inlined.
      segLevel[j] = kSeg > k175 ? (kSeg > k30 ? 4 : kSeg > k60 ? 3 : kSeg > k100 ? 2 : 1) : 0;
      if (wantRadius) radius[j] = 1 / kMean;
    }
    crossPrev = cross;
    sidesPrev2 = sides2;
    prevStraight = straight;
  }
  state[0] = kappaPrev; state[1] = crossPrev; state[2] = sidesPrev2;
  state[3] = prevStraight ? 1 : 0; state[4] = prevKnown ? 1 : 0;
}

function copyLevelTotals(totals: Float64Array): LevelTotals {
  const out = emptyLevelTotals();
  for (let l = 0; l < 5; l++) out[l] = totals[l];
  return out;
}

/** Metres of segments `0..segments-1` at each level, summed in segment order (after a squash). */
function levelTotals(s: CurvatureScratch, segments: number): LevelTotals {
  const { sx, sy, segLevel } = s;
  let l0 = 0, l1 = 0, l2 = 0, l3 = 0, l4 = 0;
  for (let j = 0; j < segments; j++) {
    const level = segLevel[j];
    const length = segmentMeters(sx, sy, j);
    if (level === 0) l0 += length;
    else if (level === 1) l1 += length;
    else if (level === 2) l2 += length;
    else if (level === 3) l3 += length;
    else l4 += length;
  }
  const totals = emptyLevelTotals();
  totals[0] = l0; totals[1] = l1; totals[2] = l2; totals[3] = l3; totals[4] = l4;
  return totals;
}

function buildProfile(s: CurvatureScratch, m: number, radiusMeters: Float32Array): CurvatureProfile {
  const level = s.segLevel.slice(0, m);
  radiusMeters[m - 1] = radiusMeters[m - 2];
  level[m - 1] = level[m - 2];
  return { distanceMeters: fillSampleAlongMeters(s, new Float64Array(m)), radiusMeters, level };
}
