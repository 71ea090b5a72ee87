/**
 * Hover readout on a scored route: the nearest point of the route to the pointer, how far along the
 * route it is, and the road's radius and curve level there. One packed spatial index query
 * (`LineIndex`) plus one binary search in the score's profile; no allocation per query.
 */
import { LineIndex, emptyNearest, type NearestOnLine } from '../geometry/line-index';
import type { LonLatArray } from '../units';
import { profileAt, type CurvatureAtDistance } from './curvature-lookup';
import type { CurvatureScore } from './curvature-score';
import type { SummedCurvatureScore } from './score-sum';

export interface HoverReadout extends NearestOnLine {
  /** Radius of the road at the nearest point (m); `Infinity` on a straight; NaN without a profile. */
  radiusMeters: number;
  /** Curve level 0–4 at the nearest point (0 without a profile). */
  level: number;
  /** +1 bending left, −1 bending right, 0 at level 0 or without a profile. */
  direction: number;
}

export function emptyHoverReadout(): HoverReadout {
  return { ...emptyNearest(), radiusMeters: NaN, level: 0, direction: 0 };
}

export class CurvatureHoverIndex {
  readonly index: LineIndex;
  private readonly score: CurvatureScore | SummedCurvatureScore;
  private readonly at: CurvatureAtDistance = { radiusMeters: 0, level: 0, direction: 0, part: 0, sample: 0 };

  private constructor(index: LineIndex, score: CurvatureScore | SummedCurvatureScore) {
    this.index = index;
    this.score = score;
  }

  /**
   * Indexes the geometry a score was computed from: one line for a `scoreCurvature` result, or the
   * parts, in the same order and without gap pieces, for a `sumScores` / `DriveCurvature` result.
   * Throws when the number of lines does not match the number of scored parts.
   */
  static build(lines: LonLatArray | readonly LonLatArray[], score: CurvatureScore | SummedCurvatureScore): CurvatureHoverIndex {
    const count = lines instanceof Float64Array ? 1 : lines.length;
    const expected = 'parts' in score ? score.parts.length : 1;
    if (count !== expected) {
      throw new RangeError(`CurvatureHoverIndex: got ${count} line(s) for a score of ${expected} part(s); pass the same pieces that were scored, in order, without gaps.`);
    }
    return new CurvatureHoverIndex(LineIndex.build(lines), score);
  }

  /**
   * Readout for the pointer at (lon, lat) in degrees, written into `out`. Null on an empty route
   * or a non-finite pointer.
   */
  query(lon: number, lat: number, out: HoverReadout = emptyHoverReadout()): HoverReadout | null {
    if (!this.index.nearest(lon, lat, out)) return null;
    const score = this.score;
    const profile = 'parts' in score ? score.parts[out.part].profile : score.profile;
    const partStart = this.index.cumulativeMeters[this.index.partStarts[out.part]];
    const at = profileAt(profile, out.distanceMeters - partStart, out.part, this.at);
    out.radiusMeters = at ? at.radiusMeters : NaN;
    out.level = at ? at.level : 0;
    out.direction = at ? at.direction : 0;
    return out;
  }
}
