/**
 * What a scout sees about a drive beyond its line: curvature scores per leg and in total, curve
 * levels along the road (for the map and the profile) and curvy stretches. Incremental: segment
 * scores are cached by route-cache key, so after an edit only the touched segments are scored
 * (see `DriveCurvature`); everything else here is sums and O(n) copies.
 *
 * Legs: a drive is cut into legs at its via waypoints (shaping points only steer), the unit
 * navigation devices announce and organizers time.
 */
import { cumulativeMeters } from '../geometry/earth';
import { sliceAlong } from '../geometry/slice-along';
import { DriveCurvature, levelSpans, sumScores, type LevelSpans, type SummedCurvatureScore } from '../scoring';
import type { CurvatureScore } from '../scoring';
import type { LonLatArray } from '../units';
import { segmentKey, type Drive } from './drive';
import type { SegmentRoute } from './segment-route';

export interface LegAnalysis {
  /** Index of the leg's first and last segment (inclusive). */
  firstSegment: number;
  lastSegment: number;
  /** Names of the via points it joins (may be ''). */
  fromName: string;
  toName: string;
  /** Distance of the leg's start along the drive's driven line (m). */
  startMeters: number;
  distanceMeters: number;
  durationSeconds: number;
  curvature: SummedCurvatureScore;
}

export interface DriveAnalysis {
  /** Curvature of the whole drive (gaps and unrouted segments excluded). */
  total: SummedCurvatureScore;
  durationSeconds: number;
  legs: LegAnalysis[];
  /** Equal-level spans per segment key, for colouring the map (distances within the segment). */
  spansByKey: ReadonlyMap<string, LevelSpans>;
  /** The driven line: every scored segment's geometry, concatenated (duplicate joins kept). */
  line: LonLatArray;
  /** Cumulative distance along `line`, in the same metric as the scores. */
  lineMeters: Float64Array;
  /** The scored segments' geometries in score-part order (for `CurvatureHoverIndex.build`). */
  partLines: LonLatArray[];
  /** Route-cache key and drive segment index of each score part. */
  partKeys: string[];
  partSegments: number[];
  /** Geometry of each curvy stretch, in `total.stretches` order. */
  stretchLines: LonLatArray[];
  /** Keys scored by this update (the touched segments). */
  rescoredKeys: readonly string[];
}

export class DriveAnalyzer {
  private readonly curvature = new DriveCurvature({ profile: true });
  private readonly spans = new Map<string, LevelSpans>();

  update(drive: Drive, getRoute: (key: string) => SegmentRoute | undefined): DriveAnalysis {
    const pieces = drive.segments.map((s, i) => ({ key: segmentKey(drive, i), gap: s.gap }));
    const { score, rescoredKeys } = this.curvature.update(pieces, (key) => getRoute(key)?.coords);

    // Map pieces to their part in the summed score (gaps and missing geometry have none).
    const partOfSegment = new Int32Array(drive.segments.length).fill(-1);
    const liveKeys = new Set<string>();
    let part = 0;
    for (let i = 0; i < pieces.length; i++) {
      if (pieces[i].gap || !getRoute(pieces[i].key)) continue;
      partOfSegment[i] = part++;
      liveKeys.add(pieces[i].key);
    }
    for (const key of this.spans.keys()) if (!liveKeys.has(key)) this.spans.delete(key);
    for (let i = 0; i < pieces.length; i++) {
      const p = partOfSegment[i];
      if (p >= 0 && !this.spans.has(pieces[i].key)) this.spans.set(pieces[i].key, levelSpans(score.parts[p].profile));
    }

    const partLines: LonLatArray[] = [];
    const partKeys: string[] = [];
    const partSegments: number[] = [];
    for (let i = 0; i < pieces.length; i++) {
      if (partOfSegment[i] < 0) continue;
      partLines.push(getRoute(pieces[i].key)!.coords);
      partKeys.push(pieces[i].key);
      partSegments.push(i);
    }
    const { line, lineMeters } = concatLines(partLines);
    const stretchLines = score.stretches.map((s) => sliceAlong(line, lineMeters, s.startMeters, s.endMeters));

    const legs: LegAnalysis[] = [];
    let durationSeconds = 0;
    let legStart = 0;
    for (let i = 0; i < drive.segments.length; i++) {
      const route = getRoute(pieces[i].key);
      if (route && !pieces[i].gap) durationSeconds += route.durationSeconds;
      const isLegEnd = i === drive.segments.length - 1 || drive.waypoints[i + 1].kind === 'via';
      if (!isLegEnd) continue;
      const parts: CurvatureScore[] = [];
      const joined: boolean[] = [];
      let legDuration = 0;
      let startMeters = -1;
      for (let s = legStart; s <= i; s++) {
        const p = partOfSegment[s];
        if (p < 0) continue;
        if (startMeters < 0) startMeters = score.partStartMeters[p];
        joined.push(parts.length > 0 && partOfSegment[s - 1] === p - 1 && !pieces[s - 1].gap);
        parts.push(score.parts[p]);
        legDuration += getRoute(pieces[s].key)!.durationSeconds;
      }
      const legScore = sumScores(parts, { joined });
      legs.push({
        firstSegment: legStart, lastSegment: i,
        fromName: drive.waypoints[legStart].name, toName: drive.waypoints[i + 1].name,
        startMeters: Math.max(0, startMeters), distanceMeters: legScore.distanceMeters, durationSeconds: legDuration, curvature: legScore,
      });
      legStart = i + 1;
    }
    return { total: score, durationSeconds, legs, spansByKey: this.spans, line, lineMeters, partLines, partKeys, partSegments, stretchLines, rescoredKeys };
  }
}

/**
 * Concatenates part lines and their distances. Each part's distances continue from the previous
 * part's end, so a jump between parts (a pen-up gap) has zero length, as in the summed score.
 */
function concatLines(lines: readonly (LonLatArray | null)[]): { line: LonLatArray; lineMeters: Float64Array } {
  let n = 0;
  for (const l of lines) if (l) n += l.length;
  const line = new Float64Array(n);
  const lineMeters = new Float64Array(n >> 1);
  let w = 0;
  let offset = 0;
  for (const l of lines) {
    if (!l || l.length === 0) continue;
    line.set(l, w);
    const cum = cumulativeMeters(l);
    for (let i = 0; i < cum.length; i++) lineMeters[(w >> 1) + i] = offset + cum[i];
    offset += cum[cum.length - 1];
    w += l.length;
  }
  return { line, lineMeters };
}
