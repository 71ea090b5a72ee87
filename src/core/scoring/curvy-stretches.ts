/**
 * Curvy stretches (scoring-spec §2.4, TomTom's defaults): at least 3 curves (kept runs turning
 * ≥ 40°) in a row with at most 500 m from the end of one to the start of the next. These are
 * outlined on the map and listed with their own scores.
 */
import { twistinessLabel } from './curve-levels';
import type { CurveRun } from './curve-runs';
import type { Rc1Parameters } from './rc1-options';

export interface CurvyStretch {
  /** Distance from the start of the line to the first curve's start and the last curve's end (m). */
  startMeters: number;
  endMeters: number;
  /** `endMeters − startMeters` (m). */
  lengthMeters: number;
  curves: number;
  hairpins: number;
  /** Smallest radius among the stretch's curves (m). */
  minRadiusMeters: number;
  /** Σ turn of every kept run inside the stretch, curves and the gentler bends between them (°). */
  turnDeg: number;
  /** Σ curvature of every kept run inside the stretch (weighted metres): the RC-1 score of the stretch. */
  curvature: number;
  curvaturePerKm: number;
  /** Franco's label for the stretch's curvature (≥ 1000 very, ≥ 300 moderately twisty), or null. */
  label: 'very twisty' | 'moderately twisty' | null;
  /** Index of the stretch's first and last run in the runs list it was built from. */
  firstRun: number;
  lastRun: number;
}

/** Where consecutive runs may not be grouped (e.g. across a pen-up gap): a stretch never spans a break. */
export type RunBreaks = (runIndex: number) => boolean;

/**
 * Groups `runs` (kept runs in order along the line) into curvy stretches. `breakBefore(i)` returning
 * true means run `i` starts a new piece of line, so no stretch may join it to run `i − 1`.
 */
export function findCurvyStretches(
  runs: readonly CurveRun[],
  p: Pick<Rc1Parameters, 'stretchMaxGapMeters' | 'stretchMinCurves'>,
  breakBefore?: RunBreaks,
): CurvyStretch[] {
  const out: CurvyStretch[] = [];
  let first = -1; // first curve of the open group
  let last = -1; // last curve of the open group
  let count = 0;
  const close = () => {
    if (count >= p.stretchMinCurves) out.push(summarise(runs, first, last));
    first = -1; last = -1; count = 0;
  };
  for (let i = 0; i < runs.length; i++) {
    if (breakBefore && breakBefore(i)) close();
    const run = runs[i];
    if (!run.isCurve) continue;
    if (count > 0 && run.startMeters - runs[last].endMeters > p.stretchMaxGapMeters) close();
    if (count === 0) first = i;
    last = i;
    count++;
  }
  close();
  return out;
}

function summarise(runs: readonly CurveRun[], first: number, last: number): CurvyStretch {
  let curves = 0, hairpins = 0, turnDeg = 0, curvature = 0, minRadiusMeters = Infinity;
  for (let i = first; i <= last; i++) {
    const r = runs[i];
    turnDeg += r.turnDeg;
    curvature += r.curvature;
    if (!r.isCurve) continue;
    curves++;
    if (r.isHairpin) hairpins++;
    if (r.minRadiusMeters < minRadiusMeters) minRadiusMeters = r.minRadiusMeters;
  }
  const startMeters = runs[first].startMeters;
  const endMeters = runs[last].endMeters;
  const lengthMeters = endMeters - startMeters;
  return {
    startMeters, endMeters, lengthMeters, curves, hairpins, minRadiusMeters, turnDeg, curvature,
    curvaturePerKm: lengthMeters > 0 ? curvature / (lengthMeters / 1000) : 0,
    label: twistinessLabel(curvature),
    firstRun: first, lastRun: last,
  };
}
