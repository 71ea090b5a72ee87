/**
 * RC-1 steps 1–4: validate, project to metres, clean, and resample every Δ metres
 * (scoring-spec §2.2). Everything is written into a reusable `CurvatureScratch`, so scoring a
 * route allocates no per-point memory once the scratch has grown to the route's size.
 *
 * Projection: each segment is laid down in a local tangent plane with its own true length and
 * bearing (x east, y north; cos φ taken at the segment's mean latitude, longitude differences
 * wrapped to ±180°), and segments are chained end to end. On extents below ~50 km this agrees with
 * the spec's single equirectangular projection to ~1e-5 (it is what that projection approximates
 * everywhere at once), and it makes the spec's "overlapping 20 km chunks" unnecessary for long
 * routes: a 1,000 km route is one pass, and curvature, which depends on the 30–60 m around a point,
 * sees undistorted geometry everywhere. Reversing the line only translates the plane.
 *
 * Distances from the start are reported in the same metric as `cumulativeMeters` (earth.ts), so a
 * distance found by the line index or the elevation profile addresses the same place here.
 */
import { EARTH_RADIUS_METERS, haversineMeters } from '../geometry/earth';
import type { LonLatArray } from '../units';
import { COS_BAND_RAD } from '../geometry/line-meters';
import type { Rc1Parameters } from './rc1-options';

const RAD = Math.PI / 180;
/** Samples this close to a vertex (m) count as lying on it: floating noise must not move a sample to the next segment. */
const AT_VERTEX_METERS = 1e-6;
const METERS_PER_RAD = EARTH_RADIUS_METERS;
/** Imported constants copied into this module: V8 compiles a module's own constants in as values, an import as a load and check per use. */
const COS_BAND = COS_BAND_RAD;

function grow64(a: Float64Array, n: number): Float64Array {
  return a.length >= n ? a : new Float64Array(Math.max(n, Math.ceil(a.length * 1.5)));
}
/** `grow64` keeping the first `keep` entries (samples already made while streaming). */
function grow64Keeping(a: Float64Array, n: number, keep: number): Float64Array {
  if (a.length >= n) return a;
  const b = new Float64Array(Math.max(n, Math.ceil(a.length * 1.5)));
  b.set(a.subarray(0, keep));
  return b;
}
function grow32iKeeping(a: Int32Array, n: number, keep: number): Int32Array {
  if (a.length >= n) return a;
  const b = new Int32Array(Math.max(n, Math.ceil(a.length * 1.5)));
  b.set(a.subarray(0, keep));
  return b;
}

/**
 * Working memory for scoring. Reuse one per thread (the default one is module-level); buffers only
 * grow. A scratch holds the state of the last scoring only, so two scorings must not interleave on
 * one scratch (JS scoring is synchronous, so this only matters to callers that keep references).
 */
export class CurvatureScratch {
  /** Cleaned vertices: planar x/y (m), distance from start along the input line (m), cumulative cleaned length (m). */
  vx: Float64Array = new Float64Array(0);
  vy: Float64Array = new Float64Array(0);
  vAlong: Float64Array = new Float64Array(0);
  vCum: Float64Array = new Float64Array(0);
  /** Per input point: distance from the start along the input line (m, `cumulativeMeters`' metric; see `vertexMetersOut`). */
  vertexMeters: Float64Array = new Float64Array(0);
  cleanedVertices = 0;
  /**
   * Of the last prepared line: its length through the valid points (m), the number of invalid
   * points, and the length of the resampled line (m).
   */
  readonly lineStats: Float64Array = new Float64Array(3);
  /** Samples: planar x/y (m). */
  sx: Float64Array = new Float64Array(0);
  sy: Float64Array = new Float64Array(0);
  /** Per sample: half-window k_i in samples, from its source segment (users truncate it to min(k, i, m − 1 − i)). */
  sHalf: Int32Array = new Int32Array(0);
  /** Per sample: signed curvature κ_i (1/m), where a segment next to it is curved (see `CurvatureStream` in curvature-score.ts). */
  sKappa: Float64Array = new Float64Array(0);
  samples = 0;
  stepMeters = 5;
  /** Per segment j (samples j → j+1): level (0–4); its length is `segmentMeters(sx, sy, j)`. */
  segLevel: Uint8Array = new Uint8Array(0);
  /** `segLevel` four segments at a time (same memory), to skip straight stretches quickly. */
  segLevelWords: Uint32Array = new Uint32Array(0);
  /** `resampleCleaned`'s state carried between chunks of cleaned segments. */
  readonly resampleState: Float64Array = new Float64Array(4);
  /** `projectAndClean`'s state carried between chunks of input points (PROJECT_STATE). */
  readonly projectState: Float64Array = new Float64Array(22);
  /** Curvature state carried between chunks of samples (see curvature-score.ts). */
  readonly curvatureState: Float64Array = new Float64Array(7);
  /** The gate's progress between calls: next segment to look at, cleaned segment of the last run end. */
  readonly gateState: Float64Array = new Float64Array(2);
  /** The gate's per-run results: largest |κ_q + κ_q+1|, length, curvature. */
  readonly runStats: Float64Array = new Float64Array(3);
  /** The gate's per-run buffer of segment lengths (grows to the longest run). */
  runMeters: Float64Array = new Float64Array(64);
  /** Metres at each level 0–4 after the noise gate (levels 1–4 summed by the gate, level 0 the rest). */
  readonly levelTotals: Float64Array = new Float64Array(5);

  ensureVertices(n: number): void {
    this.vx = grow64(this.vx, n);
    this.vy = grow64(this.vy, n);
    this.vAlong = grow64(this.vAlong, n);
    this.vCum = grow64(this.vCum, n);
    this.vertexMeters = grow64(this.vertexMeters, n);
  }

  /** Room for `m` samples, keeping samples `0..keep-1` with their curvature and segment levels. */
  ensureSamples(m: number, keep = 0): void {
    this.sx = grow64Keeping(this.sx, m, keep);
    this.sy = grow64Keeping(this.sy, m, keep);
    this.sHalf = grow32iKeeping(this.sHalf, m, keep);
    this.sKappa = grow64Keeping(this.sKappa, m, keep);
    if (this.segLevel.length < m) {
      const segLevel = new Uint8Array(4 * Math.ceil(Math.max(m, this.segLevel.length * 1.5) / 4));
      segLevel.set(this.segLevel.subarray(0, keep));
      this.segLevel = segLevel;
      this.segLevelWords = new Uint32Array(this.segLevel.buffer);
    }
  }
}

/**
 * How lon/lat become planar metres.
 * - `segment-local` (default): every segment in its own tangent plane, chained (see the module comment).
 * - `single-reference`: the spec's literal equirectangular projection about (first longitude, mean
 *   latitude). Only accurate for extents below ~50 km; kept to reproduce the spec's reference values
 *   exactly (they differ from `segment-local` only where a sample falls within millimetres of a vertex).
 */
export type CurvatureProjection = 'segment-local' | 'single-reference';

function singleReference(coords: LonLatArray): { lon0: number; lat0: number; cosLat0: number } | null {
  let sumLat = 0, count = 0, lon0 = NaN;
  for (let i = 0; i + 1 < coords.length; i += 2) {
    const lon = coords[i], lat = coords[i + 1];
    if (lon - lon + (lat - lat) !== 0 || lat > 90 || lat < -90) continue;
    if (count === 0) lon0 = lon;
    sumLat += lat;
    count++;
  }
  if (count === 0) return null;
  const lat0 = sumLat / count;
  return { lon0, lat0, cosLat0: Math.cos(lat0 * RAD) };
}

export interface PreparedLine {
  /** Points with finite coordinates and |lat| ≤ 90 (the others were dropped). */
  validPoints: number;
  /** Input points dropped as invalid (non-finite or latitude out of range). */
  invalidPoints: number;
  /** Length of the input line through its valid points (m), as `cumulativeMeters` measures it. */
  inputMeters: number;
  /** Vertices left after dropping duplicates and spikes. */
  cleanedVertices: number;
  /** Number of resampled points (0 when fewer than 2 vertices survive cleaning). */
  samples: number;
}

/**
 * Takes samples as soon as they are final, while `prepareSamples` is still projecting the rest of
 * the line, so each chunk of samples is scored while it is still in the processor's cache.
 */
export interface SampleConsumer {
  /** Samples `0..samples-1` are final and the line will have more than `samples`; called with growing counts. */
  take(samples: number): void;
  /** A spike removal changed samples already taken: forget everything taken (no more `take` calls follow). */
  restart(): void;
}

/** Cleaned vertices that streaming leaves unresampled behind the projection's front: a spike removal rewrites the last 2–3. */
const STREAM_LAG = 8;

/**
 * Runs steps 1–4 into `scratch`. After the call, samples `0..samples-1` are in `scratch.sx/sy`
 * with their (untruncated) half-window in `sHalf`; `fillSampleAlongMeters` maps samples to their
 * distances from the start of the input line. `vertexMetersOut`, when long enough, receives each
 * input point's distance from the start (an invalid point gets the one of the valid point before it).
 * `consumer`, when given, is handed final samples while the line is still being prepared (never
 * with the `single-reference` projection); `scratch.cleanedVertices` then counts the cleaned
 * vertices that are final so far.
 */
export function prepareSamples(
  coords: LonLatArray,
  p: Rc1Parameters,
  scratch: CurvatureScratch,
  projection: CurvatureProjection = 'segment-local',
  vertexMetersOut?: Float64Array,
  consumer?: SampleConsumer,
): PreparedLine {
  const single = projection === 'single-reference' ? singleReference(coords) : null;
  scratch.ensureVertices(coords.length >> 1);
  const spikeCos = Math.cos(p.spikeDeg * RAD);
  const stats = scratch.lineStats;
  const nIn = coords.length >> 1;
  const wantVertexMeters = vertexMetersOut !== undefined && vertexMetersOut.length >= nIn;
  const vertexMeters = wantVertexMeters ? vertexMetersOut : scratch.vertexMeters;
  const state = scratch.projectState;
  state.set(PROJECT_STATE);
  const dup2 = p.duplicateMeters * p.duplicateMeters, spikeActive = p.spikeDeg <= 180;
  state[18] = dup2; state[19] = spikeCos; state[20] = spikeActive ? 1 : 0; state[21] = wantVertexMeters ? 1 : 0;
  const lon0 = single?.lon0 ?? 0, lat0 = single?.lat0 ?? 0, cosLat0 = single?.cosLat0 ?? 1;
  const { vx, vy, vAlong, vCum } = scratch;
  const step = p.stepMeters;
  const resampleState = scratch.resampleState;
  resampleState.fill(0);
  scratch.stepMeters = step;
  // Cleaned segments resampled so far (while streaming).
  let resampled = 0;
  let streaming = consumer !== undefined && single === null;
  for (let i = 0; i < nIn;) {
    const to = Math.min(nIn, i + (i === 0 ? FIRST_CHUNK : PROJECT_CHUNK));
    // The common points in a tight loop; the one it stops at (if any) through the general path.
    if (single === null) i = projectCommon(coords, vx, vy, vAlong, vCum, vertexMeters, state, i, to);
    if (i < to) {
      const until = single === null ? i + 1 : to;
      projectAndClean(coords, vx, vy, vAlong, vCum, vertexMeters, state, i, until, single !== null, lon0, lat0, cosLat0);
      i = until;
    }
    if (!streaming) continue;
    const rewritten = state[17];
    state[17] = Infinity;
    if (rewritten <= resampled) {
      // Rare: a cascade of spike removals reached vertices already resampled. Start over, whole.
      streaming = false;
      resampled = 0;
      resampleState.fill(0);
      (consumer as SampleConsumer).restart();
      continue;
    }
    const segTo = (state[8] | 0) - STREAM_LAG;
    if (segTo - resampled < RESAMPLE_CHUNK) continue;
    scratch.ensureSamples(Math.floor(vCum[segTo] / step) + 2, resampleState[0] | 0);
    resampleRange(scratch, resampled, segTo, p);
    resampled = segTo;
    scratch.cleanedVertices = segTo + 1;
    (consumer as SampleConsumer).take(resampleState[0] | 0);
  }
  // Every chunk above ended with the rewrite check, so what was streamed is final.
  const c = state[8] | 0;
  const invalidPoints = state[1] | 0;
  stats[0] = state[2];
  stats[1] = invalidPoints;
  scratch.cleanedVertices = c;
  scratch.samples = 0;
  const result: PreparedLine = {
    validPoints: nIn - invalidPoints, invalidPoints, inputMeters: stats[0], cleanedVertices: c, samples: 0,
  };
  const total = scratch.vCum[c - 1];
  if (c < 2 || !(total > 0)) return result;
  scratch.ensureSamples(Math.floor(total / step) + 2, resampleState[0] | 0);
  resampleRange(scratch, resampled, c - 1, p);
  const { sx, sy, sHalf } = scratch;
  let m = resampleState[0] | 0;
  stats[2] = resampleState[1];
  if (total - (m - 1) * step > AT_VERTEX_METERS) {
    // The end of the line, unless the last step landed on it.
    sx[m] = scratch.vx[c - 1];
    sy[m] = scratch.vy[c - 1];
    sHalf[m] = sHalf[m - 1];
    stats[2] += segmentMeters(sx, sy, m - 1);
    m++;
  }
  scratch.samples = m;
  result.samples = m;
  return result;
}

/** Resamples cleaned segments `from..to-1` (continuing `scratch.resampleState`), in chunks. */
function resampleRange(scratch: CurvatureScratch, from: number, to: number, p: Rc1Parameters): void {
  const { vx, vy, vCum, sx, sy, sHalf, resampleState } = scratch;
  for (let next = from; from < to; from = next) {
    next = Math.min(to, from + (from === 0 ? FIRST_CHUNK : RESAMPLE_CHUNK));
    resampleCleaned(vx, vy, vCum, from, next, sx, sy, sHalf, resampleState, p.stepMeters, p.halfWindowMinMeters, p.halfWindowMaxMeters);
  }
}

/** Largest half-window (samples) `resampleCleaned` gives: samples this far before the last final one have their whole window. */
export function maxHalfWindowSamples(p: Rc1Parameters): number {
  return Math.max(1, Math.round(p.halfWindowMaxMeters / p.stepMeters), Math.round(p.halfWindowMinMeters / p.stepMeters));
}

/*
 * How the hot loops of scoring are written, and why. Each point was measured on V8 (Node 20) to
 * cost 1.3–2.5×, often only in some runs, which made the benchmark's median a lottery:
 * - A long loop runs in chunks, one call each, with its state carried in a typed array, and the
 *   first chunk is short. V8 starts recording type feedback for a function during its first call
 *   and may compile it while that call's loop runs; compiled before the code around the loop has
 *   feedback, a function called once per scoring bails out of its compiled code at that code on
 *   every call, or is left in its loop-entry (OSR) version for good, which boxes numbers on the heap.
 * - Rare paths (invalid points, duplicates, spikes, long segments, a new cosine band, with their
 *   calls) stay out of the hot loop: it stops there and hands the point to the general function.
 *   Compiled code that meets a path without feedback bails out and may stay slow, as above.
 * - A hot function takes typed arrays, not the scratch object, and returns a local. Its number
 *   and boolean parameters come in through its state array: V8 compiles a number argument as
 *   "small integer or boxed number" and a boolean one as "any value", and converts it again at
 *   every use inside the loop (seen in the generated code); an element read from a Float64Array
 *   is a plain double once.
 * - Constants are module-level consts of this module, copied to locals first. V8 compiles the
 *   module's own constants in as values, but an imported one as a load and a type check per use.
 * - What holds for every point of a run (e.g. "the last kept vertex is the previous point") is
 *   checked once on entry rather than in the loop; the loop stops where it no longer holds.
 * - Small helpers are written out in the loop rather than called: when V8 does not inline a call
 *   (which varies from run to run), every number passed or returned is boxed on the heap.
 */

/**
 * The state of `projectAndClean` before the first point: valid and invalid counts, input length,
 * exact input length, previous point (x, y, lon, lat), cleaned vertex count, last kept vertex
 * (x, y, cleaned length) and the vector to it, the cosine band (latitude, cos, sin), and the lowest
 * cleaned vertex a spike removal may have rewritten (what streaming must not have resampled yet);
 * then the parameters the loops read from it: DUP², cos SPIKE, spike removal on (1/0), vertex
 * distances wanted (1/0).
 */
const PROJECT_STATE = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NaN, 0, 0, Infinity, 0, 0, 0, 0];

/** Items in the first call of a chunked hot loop: too few to get it compiled before its feedback is complete. */
export const FIRST_CHUNK = 64;

/** Input points per call of `projectAndClean`: many short calls get the loop fully optimised early (see above). */
const PROJECT_CHUNK = 512;

/**
 * Steps 1–3 for input points `from..to-1`, the points most of a line is made of: valid, not the
 * first, in the current cosine band, shorter than 333 m and not across the antimeridian, neither a
 * duplicate nor a possible spike, following a point that was kept. Runs only with spike removal on
 * and SPIKE above 90° (the defaults), where a spike is told by the sign of the turn alone. Stops at
 * the first other point and returns its index (`to` when there is none, `from` when it cannot run),
 * leaving it to `projectAndClean`; for the points it takes, it does what `projectAndClean` does,
 * except that a cleaned length is the step's own length (no second square root). Keeping
 * the rare paths (and their calls) out of this loop keeps V8's compiled code for it lean and the
 * same from run to run.
 */
function projectCommon(
  coords: LonLatArray, vx: Float64Array, vy: Float64Array, vAlong: Float64Array, vCum: Float64Array, vertexMeters: Float64Array,
  state: Float64Array, from: number, to: number,
): number {
  const rad = RAD, band = COS_BAND, earthRadius = METERS_PER_RAD;
  const dup2 = state[18], spikeCos = state[19], spikeActive = state[20] === 1, wantVertexMeters = state[21] === 1;
  const c0 = state[8] | 0;
  let px = state[4], py = state[5], pLon = state[6], pLat = state[7];
  // What holds for every point taken stays out of the loop: a valid previous point that is also the
  // last kept vertex, after at least two of them, and spikes checked by the sign of the turn alone.
  if (state[0] === 0 || c0 < 2 || state[9] !== px || state[10] !== py || !spikeActive || !(spikeCos < 0)) return from;
  let along = state[2], exactMeters = state[3];
  let cum = state[11], ux = state[12], uy = state[13];
  const refPhi = state[14], refCos = state[15], refSin = state[16];
  const shift = c0 - from;
  let i = from;
  for (; i < to; i++) {
    const lon = coords[2 * i], lat = coords[2 * i + 1];
    // Also false for NaN and ±Infinity; a step across the antimeridian takes the general path.
    if (!(Math.abs(lat) <= 90)) break;
    const dLonDeg = lon - pLon, dLatDeg = lat - pLat;
    if (!(Math.abs(dLatDeg) <= 0.003 && Math.abs(dLonDeg) <= 0.2)) break;
    const phi = (lat + pLat) * 0.5 * rad;
    const delta = phi - refPhi;
    if (!(Math.abs(delta) < band)) break;
    // One square root serves all three distances: the step in cumulativeMeters' metric (exactly
    // projectAndClean's exactMeters, 4th-order cos), which is also the planar step's length.
    const dLat = dLatDeg * rad;
    const d2 = delta * delta;
    const cos = refCos * (1 - d2 * 0.5 + d2 * d2 * (1 / 24)) - refSin * (delta - d2 * delta * (1 / 6));
    const xRad = dLonDeg * rad * cos;
    const step = earthRadius * Math.sqrt(xRad * xRad + dLat * dLat);
    const x = px + earthRadius * xRad, y = py + earthRadius * dLat;
    const ddx = x - px, ddy = y - py;
    if (ddx * ddx + ddy * ddy < dup2 || !(ux * ddx + uy * ddy > 0)) break;
    along += step;
    exactMeters += step;
    if (wantVertexMeters) vertexMeters[i] = exactMeters;
    cum += step;
    const c = i + shift;
    vx[c] = x; vy[c] = y; vAlong[c] = along; vCum[c] = cum;
    px = x; py = y; pLon = lon; pLat = lat; ux = ddx; uy = ddy;
  }
  const taken = i - from;
  state[0] += taken; state[2] = along; state[3] = exactMeters;
  state[4] = px; state[5] = py; state[6] = pLon; state[7] = pLat; state[8] = c0 + taken;
  state[9] = px; state[10] = py; state[11] = cum; state[12] = ux; state[13] = uy;
  return i;
}

/**
 * Steps 1–3 for input points `from..to-1`, every case: validates and projects every point, drops
 * duplicates and spikes. Writes the cleaned vertices into `vx/vy/vAlong/vCum` and each input
 * point's distance along the line into `vertexMeters`. `state` carries the pass between calls
 * (PROJECT_STATE).
 */
function projectAndClean(
  coords: LonLatArray, vx: Float64Array, vy: Float64Array, vAlong: Float64Array, vCum: Float64Array, vertexMeters: Float64Array,
  state: Float64Array, from: number, to: number, single: boolean, lon0: number, lat0: number, cosLat0: number,
): void {
  const dup2 = state[18], spikeCos = state[19], spikeActive = state[20] === 1;
  const spikeCos2 = spikeCos * spikeCos;
  const rad = RAD, band = COS_BAND_RAD, metersPerDeg = METERS_PER_RAD * RAD, earthRadius = EARTH_RADIUS_METERS;
  let valid = state[0] | 0;
  let invalid = state[1] | 0;
  let along = state[2];
  let exactMeters = state[3];
  let px = state[4], py = state[5], pLon = state[6], pLat = state[7];
  let c = state[8] | 0;
  // The last kept vertex, its cleaned distance, and the vector to it from the one before: the arrays' top, in registers.
  let lastX = state[9], lastY = state[10], lastCum = state[11], ux = state[12], uy = state[13];
  // cos φ by a fourth-order expansion about a reference latitude, refreshed every COS_BAND_RAD (as line-meters.ts).
  let refPhi = state[14], refCos = state[15], refSin = state[16];
  let lowestRewritten = state[17];
  for (let i = from; i < to; i++) {
    const lon = coords[2 * i], lat = coords[2 * i + 1];
    // (v - v) is NaN for NaN and ±Infinity, 0 otherwise.
    if (lon - lon + (lat - lat) !== 0 || lat > 90 || lat < -90) {
      invalid++;
      vertexMeters[i] = exactMeters;
      continue;
    }
    let x = 0, y = 0;
    if (valid > 0) {
      let dLonDeg = lon - pLon;
      if (dLonDeg > 180) dLonDeg -= 360;
      else if (dLonDeg < -180) dLonDeg += 360;
      const dLatDeg = lat - pLat;
      const phi = (lat + pLat) * 0.5 * rad;
      let delta = phi - refPhi;
      if (!(delta < band && delta > -band)) {
        refPhi = phi; refCos = Math.cos(phi); refSin = Math.sin(phi); delta = 0;
      }
      // The step in cumulativeMeters' metric: cumulativeMetersFast's operations exactly
      // (line-meters.ts), so the elevation profile can take it as its own. Its terms are the planar
      // step's, so a short segment needs one square root for both.
      const dLat = dLatDeg * rad;
      const d2 = delta * delta;
      const cos = refCos * (1 - d2 * 0.5 + d2 * d2 * (1 / 24)) - refSin * (delta - d2 * delta * (1 / 6));
      const xRad = dLonDeg * rad * cos;
      let dx = earthRadius * xRad;
      let dy = earthRadius * dLat;
      const step = earthRadius * Math.sqrt(xRad * xRad + dLat * dLat);
      let d = step;
      if (dLatDeg > 0.003 || dLatDeg < -0.003 || dLonDeg > 0.2 || dLonDeg < -0.2) {
        // Long segment: keep the local bearing but take the great-circle length, like segmentMeters().
        const h = haversineMeters(pLon, pLat, lon, lat);
        if (d > 0) { dx *= h / d; dy *= h / d; }
        d = h;
      }
      along += d;
      x = px + dx;
      y = py + dy;
      exactMeters += dLat > 0.003 || dLat < -0.003 || dLonDeg > 0.2 || dLonDeg < -0.2 ? haversineMeters(pLon, pLat, lon, lat) : step;
    }
    vertexMeters[i] = exactMeters;
    valid++;
    px = x; py = y; pLon = lon; pLat = lat;
    if (single) {
      let dLonDeg = lon - lon0;
      if (dLonDeg > 180) dLonDeg -= 360;
      else if (dLonDeg < -180) dLonDeg += 360;
      x = metersPerDeg * dLonDeg * cosLat0;
      y = metersPerDeg * (lat - lat0);
    }

    // Step 3: drop duplicates, then spikes (a stack, so removals cascade in one pass).
    if (c === 0) {
      vx[0] = x; vy[0] = y; vAlong[0] = along; vCum[0] = 0;
      lastX = x; lastY = y; lastCum = 0;
      c = 1;
      continue;
    }
    const ddx = x - lastX, ddy = y - lastY;
    const dd2 = ddx * ddx + ddy * ddy;
    if (dd2 < dup2) continue;
    const cum = lastCum + Math.sqrt(dd2);
    vx[c] = x; vy[c] = y; vAlong[c] = along; vCum[c] = cum;
    c++;
    if (!spikeActive || c < 3 || (ux * ddx + uy * ddy > 0 && spikeCos < 0)) {
      // The common case: no spike (turning less than 90° while SPIKE is above 90°).
      lastX = x; lastY = y; lastCum = cum; ux = ddx; uy = ddy;
      continue;
    }
    while (c >= 3) {
      const ax = vx[c - 2] - vx[c - 3], ay = vy[c - 2] - vy[c - 3];
      const wx = vx[c - 1] - vx[c - 2], wy = vy[c - 1] - vy[c - 2];
      const dot = ax * wx + ay * wy;
      if (dot > 0 && spikeCos < 0) break;
      const norms2 = (ax * ax + ay * ay) * (wx * wx + wy * wy);
      // turn ≥ SPIKE  ⇔  cos(turn) ≤ cos(SPIKE); compared in squares to avoid the square root.
      const spike = spikeCos < 0 ? dot < 0 && dot * dot >= spikeCos2 * norms2 : dot <= 0 || dot * dot <= spikeCos2 * norms2;
      if (!spike) break;
      // This removal rewrites vertex c − 2 and the length at c − 3 onwards (a dropped duplicate).
      if (c - 3 < lowestRewritten) lowestRewritten = c - 3;
      vx[c - 2] = vx[c - 1]; vy[c - 2] = vy[c - 1]; vAlong[c - 2] = vAlong[c - 1];
      c--;
      const ex = vx[c - 1] - vx[c - 2], ey = vy[c - 1] - vy[c - 2];
      const e2 = ex * ex + ey * ey;
      if (e2 < dup2) c--;
      else vCum[c - 1] = vCum[c - 2] + Math.sqrt(e2);
    }
    lastX = vx[c - 1]; lastY = vy[c - 1]; lastCum = vCum[c - 1];
    if (c >= 2) { ux = lastX - vx[c - 2]; uy = lastY - vy[c - 2]; }
  }
  state[0] = valid; state[1] = invalid; state[2] = along; state[3] = exactMeters;
  state[4] = px; state[5] = py; state[6] = pLon; state[7] = pLat; state[8] = c;
  state[9] = lastX; state[10] = lastY; state[11] = lastCum; state[12] = ux; state[13] = uy;
  state[14] = refPhi; state[15] = refCos; state[16] = refSin; state[17] = lowestRewritten;
}

/** Cleaned segments per call of `resampleCleaned` after the first, short call (see the notes above). */
const RESAMPLE_CHUNK = 256;

/**
 * Step 4 for cleaned segments `segFrom..segTo-1`: resamples the cleaned vertices every `step`
 * metres, segment by segment, into `sx/sy/sHalf`. `state` carries the number of samples so far,
 * the length of the resampled line so far (m) and the last sample (x, y) between calls; the caller
 * appends the line's end when the last step fell short of it. A sample within AT_VERTEX_METERS of
 * a vertex belongs to the segment ending there (the spec's rule). A chord between two samples on
 * one cleaned segment is one step, so only chords across a vertex need a square root.
 */
function resampleCleaned(
  vx: Float64Array, vy: Float64Array, vCum: Float64Array, segFrom: number, segTo: number,
  sx: Float64Array, sy: Float64Array, sHalf: Int32Array, state: Float64Array, step: number, hMin: number, hMax: number,
): void {
  const atVertex = AT_VERTEX_METERS;
  // k = max(1, round(h / Δ)) with h the segment length clamped to [H_MIN, H_MAX]; at the clamps it is constant.
  const kMin = Math.max(1, Math.round(hMin / step)), kMax = Math.max(1, Math.round(hMax / step));
  let m = state[0] | 0;
  let total = state[1];
  let px = state[2], py = state[3];
  let s = m * step;
  for (let seg = segFrom; seg < segTo; seg++) {
    const segStart = vCum[seg], segEnd = vCum[seg + 1];
    const len = segEnd - segStart;
    const segLimit = segEnd + atVertex;
    if (s > segLimit || !(len > 0)) continue;
    const k = len <= hMin ? kMin : len >= hMax ? kMax : Math.max(1, Math.round(len / step));
    const x0 = vx[seg], y0 = vy[seg], ex = vx[seg + 1] - x0, ey = vy[seg + 1] - y0;
    const inv = 1 / len;
    // The segment's first sample: its chord from the sample before crosses a vertex.
    let t = (s - segStart) * inv;
    if (t > 1) t = 1; else if (t < 0) t = 0;
    let x = x0 + t * ex, y = y0 + t * ey;
    sx[m] = x;
    sy[m] = y;
    sHalf[m] = k;
    if (m > 0) {
      const dx = x - px, dy = y - py;
      total += Math.sqrt(dx * dx + dy * dy);
    }
    px = x; py = y;
    m++;
    s = m * step;
    while (s <= segLimit) {
      t = (s - segStart) * inv;
      if (t > 1) t = 1;
      x = x0 + t * ex; y = y0 + t * ey;
      sx[m] = x;
      sy[m] = y;
      sHalf[m] = k;
      total += step;
      px = x; py = y;
      m++;
      s = m * step;
    }
  }
  state[0] = m; state[1] = total; state[2] = px; state[3] = py;
}

/** Length of segment `j` (sample j → j + 1) of the resampled line (m). */
export function segmentMeters(sx: Float64Array, sy: Float64Array, j: number): number {
  const dx = sx[j + 1] - sx[j], dy = sy[j + 1] - sy[j];
  return Math.sqrt(dx * dx + dy * dy);
}

/** Distance along the cleaned line (m) of the sample `stepIndexMeters` = i·Δ: the same, except past the end (the appended final point). */
export function sampleCleanedMeters(stepIndexMeters: number, cleanedTotalMeters: number): number {
  return stepIndexMeters < cleanedTotalMeters ? stepIndexMeters : cleanedTotalMeters;
}

/**
 * The last cleaned segment `seg` (≤ `lastSegment`) with `vCum[seg] ≤ s`, searching forward from
 * `from` (which must not be past it): O(log distance moved), so lookups in increasing order cost
 * little more than the ones a scan would make.
 */
export function cleanedSegmentAt(vCum: Float64Array, from: number, lastSegment: number, s: number): number {
  if (from >= lastSegment || vCum[from + 1] > s) return from;
  // Gallop: vCum[lo] ≤ s; double the stride until vCum[hi] > s or the end.
  let lo = from + 1;
  let stride = 1;
  let hi = lo + stride;
  while (hi <= lastSegment && vCum[hi] <= s) {
    lo = hi;
    stride *= 2;
    hi = lo + stride;
  }
  if (hi > lastSegment) hi = lastSegment + 1;
  // Binary search for the last index in [lo, hi) with vCum ≤ s.
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (vCum[mid] <= s) lo = mid; else hi = mid;
  }
  return lo;
}

/** Distances from the start of the input line (m) of samples `0..m-1`, into `out`. O(n). */
export function fillSampleAlongMeters(scratch: CurvatureScratch, out: Float64Array): Float64Array {
  const { vCum, vAlong, stepMeters } = scratch;
  const last = scratch.cleanedVertices - 2;
  const total = vCum[scratch.cleanedVertices - 1];
  let seg = 0;
  for (let i = 0; i < scratch.samples; i++) {
    const s = sampleCleanedMeters(i * stepMeters, total);
    seg = cleanedSegmentAt(vCum, seg, last, s);
    out[i] = alongOnSegment(vCum, vAlong, seg, s);
  }
  return out;
}

/** Distance from the start of the input line (m) of the point `s` metres along the cleaned line, on cleaned segment `seg`. */
export function alongOnSegment(vCum: Float64Array, vAlong: Float64Array, seg: number, s: number): number {
  const len = vCum[seg + 1] - vCum[seg];
  let t = len > 0 ? (s - vCum[seg]) / len : 0;
  if (t > 1) t = 1; else if (t < 0) t = 0;
  return vAlong[seg] + t * (vAlong[seg + 1] - vAlong[seg]);
}
