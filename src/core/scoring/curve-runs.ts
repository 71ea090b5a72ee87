/**
 * RC-1 step 8, the noise gate (scoring-spec §2.2): group curved resampled segments into runs that
 * turn one way, and zero the runs that turn too little to be a real bend. This is what makes
 * sub-metre jitter and zig-zag digitising score 0 while a real bend keeps its full weight.
 */
import { CURVE_LEVEL_WEIGHTS } from './curve-levels';
import { alongOnSegment, cleanedSegmentAt, sampleCleanedMeters, type CurvatureScratch } from './planar-samples';
import type { Rc1Parameters } from './rc1-options';

const DEG = 180 / Math.PI;
const TWO_PI = 2 * Math.PI;

/** A kept curve run: consecutive same-direction curved segments (straight gaps ≤ GAP inside) turning ≥ Θ_MIN. */
export interface CurveRun {
  /** Distance from the start of the scored line to the run's first and last point (m). */
  startMeters: number;
  endMeters: number;
  /** Length of the run's resampled segments, inner straight gaps included (m). */
  lengthMeters: number;
  /** Absolute heading change over the run, from windowed headings (°). */
  turnDeg: number;
  /** +1 for a left-hand bend, −1 for a right-hand bend. */
  direction: 1 | -1;
  /** Smallest segment radius in the run (m). */
  minRadiusMeters: number;
  /** Σ length × weight over the run (weighted metres). */
  curvature: number;
  /** Turns at least CURVE_DEG (40° by default): counted as a curve. */
  isCurve: boolean;
  /** A kept run turning ≥ HAIRPIN_DEG on a minimum radius ≤ HAIRPIN_R. */
  isHairpin: boolean;
  /** Resampled segments `firstSegment..lastSegment` (inclusive) of the scored line form the run. */
  firstSegment: number;
  lastSegment: number;
  /** In a summed score: index of the part the run came from (its segments index that part's profile). */
  part?: number;
}

/** Starts a gate pass that `gateCurveRunsUpTo` continues. */
export function startGate(s: CurvatureScratch): void {
  s.levelTotals.fill(0);
  s.gateState[0] = 0; // next segment to look at
  s.gateState[1] = 0; // cleaned segment of the last run end looked up (run ends only move forward)
}

/**
 * The noise gate over segments `0..m-2` (levels in `s.segLevel`, set from the averaged curvature),
 * as far as their levels are known: below `limit` (≤ m − 1). Zeroes the levels of runs turning less
 * than `minRunTurnDeg`, appends the kept runs to `out` in order, and sums the metres at levels 1–4
 * after the gate into `s.levelTotals[1..4]`, over the kept runs' segments in order (so a fully gated
 * line is exactly 0; level 0 is left to the caller).
 *
 * Takes every run that starts below `limit` and whose end is decided there; a run that may go on
 * past `limit` waits for the next call, and the call with `limit` = m − 1 finishes the line (start
 * with `startGate`). Called right after each chunk of curvature, it finds that chunk's data still
 * in the processor's cache.
 *
 * This loop goes run by run; the per-segment work is in small functions called once or twice per
 * run, which V8 optimises early (see the notes on hot loops in planar-samples.ts).
 */
export function gateCurveRunsUpTo(s: CurvatureScratch, m: number, p: Rc1Parameters, out: CurveRun[], limit: number): void {
  const nSeg = m - 1;
  const { segLevel, segLevelWords, sKappa, sHalf, sx, sy, vCum, vAlong } = s;
  const step = s.stepMeters;
  const lastVertexSeg = s.cleanedVertices - 2;
  const cleanedTotal = vCum[s.cleanedVertices - 1];
  const totals = s.levelTotals;
  const runStats = s.runStats;
  const state = s.gateState;
  let cursor = state[1] | 0;
  let j = nextCurvedSegment(segLevel, segLevelWords, state[0] | 0, limit);
  while (j < limit) {
    const sign = sKappa[j] + sKappa[j + 1] > 0 ? 1 : -1;
    const last = runEnd(segLevel, sKappa, sx, sy, j, limit, nSeg, sign, p.runGapMeters);
    if (last < 0) break; // its end depends on levels not known yet
    const turnDeg = Math.abs(runTurnRad(sx, sy, sHalf, m, j, last)) * DEG;
    if (turnDeg < p.minRunTurnDeg) {
      segLevel.fill(0, j, last + 1);
    } else {
      if (s.runMeters.length < last - j + 1) s.runMeters = new Float64Array(2 * (last - j + 1));
      const runMeters = s.runMeters;
      scoreRun(segLevel, sKappa, sx, sy, CURVE_LEVEL_WEIGHTS, j, last, runMeters, runStats);
      addLevelMeters(segLevel, runMeters, j, last, totals);
      const minRadiusMeters = 2 / runStats[0];
      const startCleaned = sampleCleanedMeters(j * step, cleanedTotal);
      cursor = cleanedSegmentAt(vCum, cursor, lastVertexSeg, startCleaned);
      const startMeters = alongOnSegment(vCum, vAlong, cursor, startCleaned);
      const endCleaned = sampleCleanedMeters((last + 1) * step, cleanedTotal);
      cursor = cleanedSegmentAt(vCum, cursor, lastVertexSeg, endCleaned);
      out.push({
        startMeters,
        endMeters: alongOnSegment(vCum, vAlong, cursor, endCleaned),
        lengthMeters: runStats[1],
        turnDeg,
        direction: sign,
        minRadiusMeters,
        curvature: runStats[2],
        isCurve: turnDeg >= p.curveTurnDeg,
        isHairpin: turnDeg >= p.hairpinTurnDeg && minRadiusMeters <= p.hairpinRadiusMeters,
        firstSegment: j,
        lastSegment: last,
      });
    }
    j = nextCurvedSegment(segLevel, segLevelWords, last + 1, limit);
  }
  state[0] = j;
  state[1] = cursor;
}

/** The first segment at or after `from` and below `limit` with a level above 0, or `limit`; straight stretches are skipped four segments at a time. */
function nextCurvedSegment(segLevel: Uint8Array, segLevelWords: Uint32Array, from: number, limit: number): number {
  const fullWords = limit >> 2; // words of segLevel wholly below limit
  let j = from;
  while (j < limit) {
    if (segLevel[j] !== 0) return j;
    j++;
    if ((j & 3) === 0) {
      let w = j >> 2;
      while (w < fullWords && segLevelWords[w] === 0) w++;
      j = w << 2;
    }
  }
  return limit;
}

/**
 * The last segment of the run starting at curved segment `first` and turning `sign`: curved
 * segments turning the same way, with straight gaps of at most `gapMax` metres between them; −1
 * when that depends on segments at or past `limit`, whose levels are not known yet.
 */
function runEnd(
  segLevel: Uint8Array, sKappa: Float64Array, sx: Float64Array, sy: Float64Array, first: number, limit: number, nSeg: number,
  sign: number, gapMax: number,
): number {
  let last = first;
  let gap = 0;
  for (let q = first + 1; q < nSeg; q++) {
    if (q >= limit) return -1;
    if (segLevel[q] !== 0) {
      if ((sKappa[q] + sKappa[q + 1] > 0 ? 1 : -1) !== sign) break;
      last = q;
      gap = 0;
    } else {
      const dx = sx[q + 1] - sx[q], dy = sy[q + 1] - sy[q]; // segmentMeters(sx, sy, q), written out
      gap += Math.sqrt(dx * dx + dy * dy);
      if (gap > gapMax) break;
    }
  }
  return last;
}

/**
 * Lengths of the run's segments into `runMeters[q − first]`, and into `stats` its largest
 * |κ_q + κ_q+1|, its length and its curvature (Σ length × weight).
 */
function scoreRun(
  segLevel: Uint8Array, sKappa: Float64Array, sx: Float64Array, sy: Float64Array, weights: readonly number[],
  first: number, last: number, runMeters: Float64Array, stats: Float64Array,
): void {
  let maxAbsKappa2 = 0;
  let length = 0;
  let curvature = 0;
  for (let q = first; q <= last; q++) {
    const dx = sx[q + 1] - sx[q], dy = sy[q + 1] - sy[q]; // segmentMeters(sx, sy, q), written out
    const segment = Math.sqrt(dx * dx + dy * dy);
    runMeters[q - first] = segment;
    length += segment;
    const level = segLevel[q];
    if (level === 0) continue;
    // Straight gaps cannot hold the maximum (|κ_q + κ_q+1| ≤ 2/175 there), and their κ may not be computed.
    const k2 = Math.abs(sKappa[q] + sKappa[q + 1]);
    if (k2 > maxAbsKappa2) maxAbsKappa2 = k2;
    curvature += segment * weights[level];
  }
  stats[0] = maxAbsKappa2; stats[1] = length; stats[2] = curvature;
}

/** Adds the lengths of a kept run's curved segments to `totals[level]`, in segment order. */
function addLevelMeters(segLevel: Uint8Array, runMeters: Float64Array, first: number, last: number, totals: Float64Array): void {
  for (let q = first; q <= last; q++) {
    const level = segLevel[q];
    if (level !== 0) totals[level] += runMeters[q - first];
  }
}

/**
 * Turn of the run over segments `first..last` (radians, signed): Σ of the heading change
 * H_{q+1} − H_q wrapped to [−π, π], with H the windowed heading of step 6 (the chord over
 * ±max(1, k_i) samples, clamped to the line).
 *
 * The sum telescopes to H_{last+1} − H_first plus 2π for every wrap, so atan2 is needed at the
 * two ends only. A wrap happens where consecutive chords lie in different half-planes (heading
 * ≥ 0 or < 0) and the turn between them crosses ±π, which the sign of their cross product tells;
 * chords within 1e-9 rad of opposite fall back to comparing their atan2 headings, as a
 * step-by-step sum would.
 */
function runTurnRad(sx: Float64Array, sy: Float64Array, sHalf: Int32Array, m: number, first: number, last: number): number {
  // k truncated so that the window stays on the line, at least 1 (helpers written out: see planar-samples.ts).
  let k = sHalf[first];
  if (k > first) k = first;
  if (k > m - 1 - first) k = m - 1 - first;
  if (k < 1) k = 1;
  let lo = first - k > 0 ? first - k : 0;
  let hi = first + k < m - 1 ? first + k : m - 1;
  let ux = sx[hi] - sx[lo], uy = sy[hi] - sy[lo];
  const headingFirst = Math.atan2(uy, ux);
  let wraps = 0;
  for (let i = first + 1; i <= last + 1; i++) {
    k = sHalf[i];
    if (k > i) k = i;
    if (k > m - 1 - i) k = m - 1 - i;
    if (k < 1) k = 1;
    lo = i - k > 0 ? i - k : 0;
    hi = i + k < m - 1 ? i + k : m - 1;
    const vx = sx[hi] - sx[lo], vy = sy[hi] - sy[lo];
    // atan2 is ≥ 0 for y = +0 and < 0 for y = −0 (1 / −0 is −Infinity).
    const uUpper = uy > 0 || (uy === 0 && 1 / uy > 0);
    const vUpper = vy > 0 || (vy === 0 && 1 / vy > 0);
    if (uUpper !== vUpper) {
      const cross = ux * vy - uy * vx;
      const dot = ux * vx + uy * vy;
      if (dot < 0 && cross * cross <= 1e-18 * (ux * ux + uy * uy) * (vx * vx + vy * vy)) {
        const d = Math.atan2(vy, vx) - Math.atan2(uy, ux);
        if (d > Math.PI) wraps--;
        else if (d < -Math.PI) wraps++;
      } else if (uUpper) {
        if (cross > 0) wraps++; // left across −x: the raw difference is below −π
      } else if (cross < 0) {
        wraps--; // right across −x: the raw difference is above π
      }
    }
    ux = vx; uy = vy;
  }
  return Math.atan2(uy, ux) - headingFirst + wraps * TWO_PI;
}

/**
 * Optional step 9 (squash): runs reaching within `squashRadiusMeters` of any of `squashAtMeters`
 * (distances from the start, e.g. route manoeuvres) are removed and their segments zeroed. Removing
 * the whole run, not only the 30 m around the point, keeps "a turn at a junction is not a curve"
 * (TomTom) from leaving a stub of that turn counted as a curve of its own.
 */
export function squashCurveRuns(
  s: CurvatureScratch,
  runs: CurveRun[],
  squashAtMeters: ArrayLike<number>,
  radiusMeters: number,
): CurveRun[] {
  if (squashAtMeters.length === 0 || runs.length === 0) return runs;
  const points = Float64Array.from(squashAtMeters).sort();
  const kept: CurveRun[] = [];
  for (const run of runs) {
    // First squash point ≥ run.start − R; the run is squashed if it is ≤ run.end + R.
    let lo = 0, hi = points.length;
    const from = run.startMeters - radiusMeters;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (points[mid] < from) lo = mid + 1; else hi = mid;
    }
    if (lo < points.length && points[lo] <= run.endMeters + radiusMeters) {
      for (let q = run.firstSegment; q <= run.lastSegment; q++) s.segLevel[q] = 0;
    } else {
      kept.push(run);
    }
  }
  return kept;
}
