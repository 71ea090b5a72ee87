/**
 * Scores of routes made of pieces. Each piece (a track segment, or a drive segment between two
 * waypoints) is scored on its own, and pieces are summed:
 * - totals that are sums (distance, curvature, level metres, curves, hairpins, turn) are summed
 *   exactly, so the sum of re-used piece scores equals a from-scratch sum bit for bit;
 * - ratios (per km, curviness) are recomputed from the sums;
 * - runs are listed with distances shifted to the whole route; curvy stretches are regrouped over the
 *   whole route, crossing a join only where the pieces are marked as joined (drive segments meet at a
 *   waypoint; track segments are separated by pen-up gaps, so no curve or stretch spans them).
 *
 * Consequence of scoring per piece: a bend cut by a waypoint is scored as two half bends (each may
 * fall under the 20°/40° gates). That is the price of re-scoring only touched segments after an edit.
 */
import { emptyLevelTotals } from './curve-levels';
import type { CurveRun } from './curve-runs';
import { curvinessFromPerKm, scoreCurvature, type CurvatureScore, type ScoreCurvatureOptions } from './curvature-score';
import { findCurvyStretches } from './curvy-stretches';
import { resolveRc1Parameters, type Rc1Parameters } from './rc1-options';
import type { LonLatArray } from '../units';

/** A route score assembled from piece scores. Its own `profile` is null: look up a place with `curvatureAt`. */
export interface SummedCurvatureScore extends CurvatureScore {
  /** The piece scores, in route order. */
  parts: readonly CurvatureScore[];
  /** Distance from the route start at which each part starts (m): Σ `distanceMeters` of the parts before it. */
  partStartMeters: Float64Array;
}

export interface SumScoresOptions {
  /**
   * Whether part `i` continues part `i − 1` with no gap, so a curvy stretch may span the join
   * (`joined[0]` is ignored). `true` means all joined, `false` (default) none.
   */
  joined?: boolean | readonly boolean[];
  /** Stretch grouping parameters (defaults: 500 m gaps, 3 curves), as used for the parts. */
  stretch?: Partial<Pick<Rc1Parameters, 'stretchMaxGapMeters' | 'stretchMinCurves'>>;
}

/** Sums piece scores into one route score (see the module comment for what is exact). */
export function sumScores(parts: readonly CurvatureScore[], options: SumScoresOptions = {}): SummedCurvatureScore {
  const levelMeters = emptyLevelTotals();
  const partStartMeters = new Float64Array(parts.length);
  let distanceMeters = 0, scoredMeters = 0, curvature = 0, curves = 0, hairpins = 0, turnDeg = 0, droppedPoints = 0;
  const runs: CurveRun[] = [];
  const runBreaks: boolean[] = [];
  const joined = options.joined ?? false;
  let pendingBreak = false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    partStartMeters[i] = distanceMeters;
    if (i > 0 && !(typeof joined === 'boolean' ? joined : joined[i] === true)) pendingBreak = true;
    for (const run of part.runs) {
      runs.push(shiftedRun(run, distanceMeters, i));
      runBreaks.push(pendingBreak);
      pendingBreak = false;
    }
    distanceMeters += part.distanceMeters;
    scoredMeters += part.scoredMeters;
    curvature += part.curvature;
    curves += part.curves;
    hairpins += part.hairpins;
    turnDeg += part.turnDeg;
    droppedPoints += part.droppedPoints;
    for (let l = 0; l < 5; l++) levelMeters[l] += part.levelMeters[l];
  }
  const stretchParams = pickStretch(resolveRc1Parameters(options.stretch));
  const stretches = findCurvyStretches(runs, stretchParams, (i) => runBreaks[i]);
  const km = distanceMeters / 1000;
  const curvaturePerKm = km > 0 ? curvature / km : 0;
  return {
    distanceMeters, scoredMeters, curvature, curvaturePerKm, curviness: curvinessFromPerKm(curvaturePerKm),
    curves, hairpins, turnDeg, turnDegPerKm: km > 0 ? turnDeg / km : 0, levelMeters,
    runs, stretches, profile: null, droppedPoints, parts, partStartMeters,
  };
}

/** A copy of `run` with distances moved by `offsetMeters`, tagged with its part (explicit fields keep one object shape). */
function shiftedRun(run: CurveRun, offsetMeters: number, part: number): CurveRun {
  return {
    startMeters: run.startMeters + offsetMeters,
    endMeters: run.endMeters + offsetMeters,
    lengthMeters: run.lengthMeters,
    turnDeg: run.turnDeg,
    direction: run.direction,
    minRadiusMeters: run.minRadiusMeters,
    curvature: run.curvature,
    isCurve: run.isCurve,
    isHairpin: run.isHairpin,
    firstSegment: run.firstSegment,
    lastSegment: run.lastSegment,
    part,
  };
}

function pickStretch(p: Rc1Parameters): Pick<Rc1Parameters, 'stretchMaxGapMeters' | 'stretchMinCurves'> {
  return { stretchMaxGapMeters: p.stretchMaxGapMeters, stretchMinCurves: p.stretchMinCurves };
}

/** One piece of a drive, in route order: its route-cache key and whether it is a pen-up gap. */
export interface DrivePiece {
  readonly key: string;
  /** A pen-up gap is not driven: it is not scored and it separates the pieces around it. */
  readonly gap?: boolean;
}

export interface DriveCurvatureUpdate {
  score: SummedCurvatureScore;
  /** Keys scored in this update (cache misses). */
  rescoredKeys: string[];
  /** Keys whose geometry was not available (e.g. still routing); they count as empty pieces. */
  missingKeys: string[];
}

/**
 * Incremental curvature of a drive: piece scores are cached by route-cache key (`segmentKey()`), which
 * is content-addressed, so after an edit only pieces with new keys are scored and the rest is summed
 * from cache. Pieces meeting at a waypoint are joined (stretches may span them); gaps break them.
 */
export class DriveCurvature {
  private readonly cache = new Map<string, CurvatureScore>();
  private readonly options: ScoreCurvatureOptions;

  /** `options` apply to every piece (RC-1 parameters, `profile`); a per-piece squash is not supported here. */
  constructor(options: ScoreCurvatureOptions = {}) {
    resolveRc1Parameters(options); // fail fast on bad options, with the option's name
    this.options = { ...options, squashAtMeters: undefined };
  }

  /**
   * Brings the score up to date with `pieces`. `geometryOf(key)` is called only for keys not cached.
   * Cached keys that are no longer in `pieces` are forgotten, so memory follows the drive.
   */
  update(pieces: readonly DrivePiece[], geometryOf: (key: string) => LonLatArray | undefined): DriveCurvatureUpdate {
    const parts: CurvatureScore[] = [];
    const joined: boolean[] = [];
    const rescoredKeys: string[] = [];
    const missingKeys: string[] = [];
    const live = new Set<string>();
    let previousWasGap = true;
    for (const piece of pieces) {
      if (piece.gap) { previousWasGap = true; continue; }
      live.add(piece.key);
      let score = this.cache.get(piece.key);
      if (!score) {
        const coords = geometryOf(piece.key);
        if (!coords) {
          missingKeys.push(piece.key);
          previousWasGap = true;
          continue;
        }
        score = scoreCurvature(coords, this.options);
        this.cache.set(piece.key, score);
        rescoredKeys.push(piece.key);
      }
      joined.push(!previousWasGap);
      parts.push(score);
      previousWasGap = false;
    }
    for (const key of this.cache.keys()) if (!live.has(key)) this.cache.delete(key);
    return { score: sumScores(parts, { joined, stretch: this.options }), rescoredKeys, missingKeys };
  }

  /** Number of cached piece scores. */
  get size(): number {
    return this.cache.size;
  }
}
