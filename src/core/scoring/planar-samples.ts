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
import type { Rc1Parameters } from './rc1-options';

const RAD = Math.PI / 180;
/** Samples this close to a vertex (m) count as lying on it: floating noise must not move a sample to the next segment. */
const AT_VERTEX_METERS = 1e-6;
/** Half-width of the latitude band served by one cos/sin evaluation (≈ 0.05°). */
const COS_BAND_RAD = 8.7e-4;
const METERS_PER_RAD = EARTH_RADIUS_METERS;

function grow64(a: Float64Array, n: number): Float64Array {
  return a.length >= n ? a : new Float64Array(Math.max(n, Math.ceil(a.length * 1.5)));
}
function grow32i(a: Int32Array, n: number): Int32Array {
  return a.length >= n ? a : new Int32Array(Math.max(n, Math.ceil(a.length * 1.5)));
}
function grow8(a: Uint8Array, n: number): Uint8Array {
  return a.length >= n ? a : new Uint8Array(Math.max(n, Math.ceil(a.length * 1.5)));
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
  cleanedVertices = 0;
  /** Samples: planar x/y (m). */
  sx: Float64Array = new Float64Array(0);
  sy: Float64Array = new Float64Array(0);
  /** Per sample: half-window k_i in samples (from its source segment; the scorer truncates it at the ends). */
  sHalf: Int32Array = new Int32Array(0);
  /** Per sample: signed curvature κ_i (1/m). */
  sKappa: Float64Array = new Float64Array(0);
  samples = 0;
  stepMeters = 5;
  /** Per segment j (samples j → j+1): chord length (m) and level (0–4). */
  segLen: Float64Array = new Float64Array(0);
  segLevel: Uint8Array = new Uint8Array(0);

  ensureVertices(n: number): void {
    this.vx = grow64(this.vx, n);
    this.vy = grow64(this.vy, n);
    this.vAlong = grow64(this.vAlong, n);
    this.vCum = grow64(this.vCum, n);
  }

  ensureSamples(m: number): void {
    this.sx = grow64(this.sx, m);
    this.sy = grow64(this.sy, m);
    this.sHalf = grow32i(this.sHalf, m);
    this.sKappa = grow64(this.sKappa, m);
    this.segLen = grow64(this.segLen, m);
    this.segLevel = grow8(this.segLevel, m);
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
 * Runs steps 1–4 into `scratch`. After the call, samples `0..samples-1` are in `scratch.sx/sy`
 * with their (untruncated) half-window in `sHalf`; `sampleAlongMeters` maps a sample to its
 * distance from the start of the input line.
 */
export function prepareSamples(
  coords: LonLatArray,
  p: Rc1Parameters,
  scratch: CurvatureScratch,
  projection: CurvatureProjection = 'segment-local',
): PreparedLine {
  const nIn = coords.length >> 1;
  const single = projection === 'single-reference' ? singleReference(coords) : null;
  scratch.ensureVertices(nIn);
  const { vx, vy, vAlong, vCum } = scratch;
  const dup2 = p.duplicateMeters * p.duplicateMeters;
  const spikeCos = Math.cos(p.spikeDeg * RAD);
  const spikeCos2 = spikeCos * spikeCos;
  const spikeActive = p.spikeDeg <= 180;

  let valid = 0;
  let invalid = 0;
  let along = 0;
  let px = 0, py = 0, pLon = 0, pLat = 0;
  let c = 0;
  // cos φ by a second-order expansion about a reference latitude, refreshed every COS_BAND_RAD:
  // relative error < 2e-10 (far below anything curvature can see) at a fraction of Math.cos's cost.
  let refPhi = NaN, refCos = 0, refSin = 0;
  for (let i = 0; i < nIn; i++) {
    const lon = coords[2 * i], lat = coords[2 * i + 1];
    // (v - v) is NaN for NaN and ±Infinity, 0 otherwise.
    if (lon - lon + (lat - lat) !== 0 || lat > 90 || lat < -90) { invalid++; continue; }
    let x = 0, y = 0;
    if (valid > 0) {
      let dLonDeg = lon - pLon;
      if (dLonDeg > 180) dLonDeg -= 360;
      else if (dLonDeg < -180) dLonDeg += 360;
      const dLatDeg = lat - pLat;
      const phi = (lat + pLat) * 0.5 * RAD;
      let delta = phi - refPhi;
      if (!(delta < COS_BAND_RAD && delta > -COS_BAND_RAD)) {
        refPhi = phi; refCos = Math.cos(phi); refSin = Math.sin(phi); delta = 0;
      }
      let dx = METERS_PER_RAD * RAD * dLonDeg * (refCos * (1 - 0.5 * delta * delta) - refSin * delta);
      let dy = METERS_PER_RAD * RAD * dLatDeg;
      let d = Math.sqrt(dx * dx + dy * dy);
      if (dLatDeg > 0.003 || dLatDeg < -0.003 || dLonDeg > 0.2 || dLonDeg < -0.2) {
        // Long segment: keep the local bearing but take the great-circle length, like segmentMeters().
        const h = haversineMeters(pLon, pLat, lon, lat);
        if (d > 0) { dx *= h / d; dy *= h / d; }
        d = h;
      }
      along += d;
      x = px + dx;
      y = py + dy;
    }
    valid++;
    px = x; py = y; pLon = lon; pLat = lat;
    if (single !== null) {
      let dLonDeg = lon - single.lon0;
      if (dLonDeg > 180) dLonDeg -= 360;
      else if (dLonDeg < -180) dLonDeg += 360;
      x = METERS_PER_RAD * RAD * dLonDeg * single.cosLat0;
      y = METERS_PER_RAD * RAD * (lat - single.lat0);
    }

    // Step 3: drop duplicates, then spikes (a stack, so removals cascade in one pass).
    if (c === 0) {
      vx[0] = x; vy[0] = y; vAlong[0] = along; vCum[0] = 0;
      c = 1;
      continue;
    }
    const ddx = x - vx[c - 1], ddy = y - vy[c - 1];
    const dd2 = ddx * ddx + ddy * ddy;
    if (dd2 < dup2) continue;
    vx[c] = x; vy[c] = y; vAlong[c] = along; vCum[c] = vCum[c - 1] + Math.sqrt(dd2);
    c++;
    while (spikeActive && c >= 3) {
      const ux = vx[c - 2] - vx[c - 3], uy = vy[c - 2] - vy[c - 3];
      const wx = vx[c - 1] - vx[c - 2], wy = vy[c - 1] - vy[c - 2];
      const dot = ux * wx + uy * wy;
      if (dot > 0 && spikeCos < 0) break; // the common case: turning less than 90°
      const norms2 = (ux * ux + uy * uy) * (wx * wx + wy * wy);
      // turn ≥ SPIKE  ⇔  cos(turn) ≤ cos(SPIKE); compared in squares to avoid the square root.
      const spike = spikeCos < 0 ? dot < 0 && dot * dot >= spikeCos2 * norms2 : dot <= 0 || dot * dot <= spikeCos2 * norms2;
      if (!spike) break;
      vx[c - 2] = vx[c - 1]; vy[c - 2] = vy[c - 1]; vAlong[c - 2] = vAlong[c - 1];
      c--;
      const ex = vx[c - 1] - vx[c - 2], ey = vy[c - 1] - vy[c - 2];
      const e2 = ex * ex + ey * ey;
      if (e2 < dup2) c--;
      else vCum[c - 1] = vCum[c - 2] + Math.sqrt(e2);
    }
  }

  scratch.cleanedVertices = c;
  scratch.samples = 0;
  scratch.stepMeters = p.stepMeters;
  const result: PreparedLine = { validPoints: valid, invalidPoints: invalid, inputMeters: along, cleanedVertices: c, samples: 0 };
  if (c < 2 || !(vCum[c - 1] > 0)) return result;

  // Step 4: resample every Δ along the cleaned line, segment by segment. A sample within
  // AT_VERTEX_METERS of a vertex belongs to the segment ending there (the spec's rule).
  const total = vCum[c - 1];
  const step = p.stepMeters, hMin = p.halfWindowMinMeters, hMax = p.halfWindowMaxMeters;
  scratch.ensureSamples(Math.floor(total / step) + 2);
  const { sx, sy, sHalf } = scratch;
  let m = 0;
  let s = 0;
  for (let seg = 0; seg < c - 1; seg++) {
    const segStart = vCum[seg], segEnd = vCum[seg + 1];
    const len = segEnd - segStart;
    if (s > segEnd + AT_VERTEX_METERS || !(len > 0)) continue;
    const h = len < hMin ? hMin : len > hMax ? hMax : len;
    const k = Math.max(1, Math.round(h / step));
    const x0 = vx[seg], y0 = vy[seg], ex = vx[seg + 1] - x0, ey = vy[seg + 1] - y0;
    const inv = 1 / len;
    do {
      let t = (s - segStart) * inv;
      if (t > 1) t = 1; else if (t < 0) t = 0;
      sx[m] = x0 + t * ex;
      sy[m] = y0 + t * ey;
      sHalf[m] = k;
      m++;
      s = m * step;
    } while (s <= segEnd + AT_VERTEX_METERS);
  }
  if (total - (m - 1) * step > AT_VERTEX_METERS) {
    sx[m] = vx[c - 1];
    sy[m] = vy[c - 1];
    sHalf[m] = sHalf[m - 1];
    m++;
  }
  scratch.samples = m;
  result.samples = m;
  return result;
}

/** Distance along the cleaned line of sample `i` (m): i·Δ, except the appended final point. */
function sampleCleanedMeters(scratch: CurvatureScratch, i: number): number {
  const s = i * scratch.stepMeters;
  const total = scratch.vCum[scratch.cleanedVertices - 1];
  return s < total ? s : total;
}

/** Distance of sample `i` from the start of the input line (m), same metric as `cumulativeMeters`. O(log n). */
export function sampleAlongMeters(scratch: CurvatureScratch, i: number): number {
  const s = sampleCleanedMeters(scratch, i);
  const { vCum, vAlong } = scratch;
  let lo = 0, hi = scratch.cleanedVertices - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (vCum[mid] <= s) lo = mid; else hi = mid - 1;
  }
  return alongOnSegment(vCum, vAlong, lo, s);
}

/** Distances from the start of the input line (m) of samples `0..m-1`, into `out`. O(n). */
export function fillSampleAlongMeters(scratch: CurvatureScratch, out: Float64Array): Float64Array {
  const { vCum, vAlong } = scratch;
  const last = scratch.cleanedVertices - 2;
  let seg = 0;
  for (let i = 0; i < scratch.samples; i++) {
    const s = sampleCleanedMeters(scratch, i);
    while (seg < last && vCum[seg + 1] <= s) seg++;
    out[i] = alongOnSegment(vCum, vAlong, seg, s);
  }
  return out;
}

function alongOnSegment(vCum: Float64Array, vAlong: Float64Array, seg: number, s: number): number {
  const len = vCum[seg + 1] - vCum[seg];
  let t = len > 0 ? (s - vCum[seg]) / len : 0;
  if (t > 1) t = 1; else if (t < 0) t = 0;
  return vAlong[seg] + t * (vAlong[seg + 1] - vAlong[seg]);
}
