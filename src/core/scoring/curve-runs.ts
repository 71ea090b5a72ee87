/**
 * RC-1 step 8, the noise gate (scoring-spec §2.2): group curved resampled segments into runs that
 * turn one way, and zero the runs that turn too little to be a real bend. This is what makes
 * sub-metre jitter and zig-zag digitising score 0 while a real bend keeps its full weight.
 */
import { CURVE_LEVEL_WEIGHTS } from './curve-levels';
import { sampleAlongMeters, type CurvatureScratch } from './planar-samples';
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

/**
 * Scans segments `0..m-2` (levels in `s.segLevel`, set from the averaged curvature), zeroes the
 * levels of runs turning less than `minRunTurnDeg`, and appends the kept runs to `out` in order.
 * Headings (the only trigonometry) are computed for segments inside runs only.
 */
export function gateCurveRuns(s: CurvatureScratch, m: number, p: Rc1Parameters, out: CurveRun[]): void {
  const nSeg = m - 1;
  const weights = CURVE_LEVEL_WEIGHTS;
  const { segLevel, segLen, sKappa, sHalf, sx, sy } = s;
  const gapMax = p.runGapMeters;
  // Windowed heading H_i (step 6): the chord over ±max(1, k_i) samples, clamped to the line.
  const heading = (i: number): number => {
    const k = sHalf[i] > 1 ? sHalf[i] : 1;
    const lo = i - k > 0 ? i - k : 0;
    const hi = i + k < m - 1 ? i + k : m - 1;
    return Math.atan2(sy[hi] - sy[lo], sx[hi] - sx[lo]);
  };
  let j = 0;
  while (j < nSeg) {
    if (segLevel[j] === 0) { j++; continue; }
    const sign = sKappa[j] + sKappa[j + 1] > 0 ? 1 : -1;
    let last = j;
    let gap = 0;
    for (let q = j + 1; q < nSeg; q++) {
      if (segLevel[q] !== 0) {
        if ((sKappa[q] + sKappa[q + 1] > 0 ? 1 : -1) !== sign) break;
        last = q;
        gap = 0;
      } else {
        gap += segLen[q];
        if (gap > gapMax) break;
      }
    }

    let turn = 0;
    let maxAbsKappa2 = 0;
    let length = 0;
    let curvature = 0;
    let hPrev = heading(j);
    for (let q = j; q <= last; q++) {
      const h = heading(q + 1);
      let d = h - hPrev;
      if (d > Math.PI) d -= TWO_PI;
      else if (d < -Math.PI) d += TWO_PI;
      turn += d;
      hPrev = h;
      const k2 = Math.abs(sKappa[q] + sKappa[q + 1]);
      if (k2 > maxAbsKappa2) maxAbsKappa2 = k2;
      length += segLen[q];
      curvature += segLen[q] * weights[segLevel[q]];
    }
    const turnDeg = Math.abs(turn) * DEG;
    if (turnDeg < p.minRunTurnDeg) {
      for (let q = j; q <= last; q++) segLevel[q] = 0;
    } else {
      const minRadiusMeters = 2 / maxAbsKappa2;
      const isCurve = turnDeg >= p.curveTurnDeg;
      out.push({
        startMeters: sampleAlongMeters(s, j),
        endMeters: sampleAlongMeters(s, last + 1),
        lengthMeters: length,
        turnDeg,
        direction: sign,
        minRadiusMeters,
        curvature,
        isCurve,
        isHairpin: turnDeg >= p.hairpinTurnDeg && minRadiusMeters <= p.hairpinRadiusMeters,
        firstSegment: j,
        lastSegment: last,
      });
    }
    j = last + 1;
  }
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
