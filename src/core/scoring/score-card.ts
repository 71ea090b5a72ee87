/**
 * The score card of a leg, a drive or a stretch of either: distance, duration, RC-1 curvature and
 * its statistics, elevation (when a DEM is given) and the scenic composite with its parts (when a
 * feature set is given), plus the drive score that blends curviness and scenery.
 *
 * A line may come in pieces (the segments of a GPX track): each piece is scored on its own and the
 * pieces are summed, so no curve spans a gap, the climbing of a gap is not counted, and scenic
 * features are listed once for the whole line.
 *
 * Cards combine exactly: `combineScoreCards` sums the curvature parts (`sumScores`), adds the
 * climbing, and re-scores the merged scenic measures (per-100 km densities and shares are not
 * averages of the legs' scores).
 *
 * Elevation sources must be ready to sample (`AsyncDemSource.ensureCoverage` first); positions
 * the DEM does not cover are unknown and simply not counted.
 */
import type { DemSource } from '../elevation/dem-source';
import { ProfileScratch, sampleProfileEvery } from '../elevation/elevation-profile';
import { DEFAULT_HYSTERESIS_METERS, elevationStats } from '../elevation/elevation-stats';
import { cumulativeMeters } from '../geometry/earth';
import type { PoiSet } from '../pois/poi-set';
import { measureScenic, mergeScenicMeasures, type ScenicMeasures } from '../scenic/measure-scenic';
import { driveScore, scenicFromMeasures, type ScenicScore } from '../scenic/scenic-composite';
import { resolveScenicParameters, type ScenicOptions } from '../scenic/scenic-params';
import type { LonLatArray } from '../units';
import { scoreCurvature, type CurvatureScore, type ScoreCurvatureOptions } from './curvature-score';
import { sumScores, type SummedCurvatureScore } from './score-sum';

export interface ScoreCardOptions {
  name?: string;
  /** Driving time if known (e.g. from the router), seconds. */
  durationSeconds?: number;
  /** Elevation model; without it the card has no elevation and scenic relief/peaks are unavailable. */
  dem?: DemSource;
  /** DEM sampling step along the line (default 50 m, scoring-spec §3.3). */
  elevationStepMeters?: number;
  /** Ascent/descent hysteresis (default 5 m). */
  hysteresisMeters?: number;
  /** Scenic features; without them the card has no scenic score. */
  pois?: PoiSet;
  scenic?: ScenicOptions;
  /** RC-1 overrides (e.g. `squashAtMeters` for manoeuvres of a single-piece line). */
  curvature?: Omit<ScoreCurvatureOptions, 'profile' | 'vertexMeters'>;
}

export interface CardPoint {
  lon: number;
  lat: number;
  /** Distance from the start of the line (m). */
  distanceMeters: number;
  eleMeters: number;
}

export interface ScoreCardElevation {
  /** Climbing with hysteresis (m). */
  ascentMeters: number;
  descentMeters: number;
  maxMeters: number;
  minMeters: number;
  highestPoint: CardPoint;
  lowestPoint: CardPoint;
  /** Share of the elevation samples the DEM covered (0–1). */
  coveredShare: number;
}

export interface ScoreCard {
  name: string | null;
  distanceMeters: number;
  durationSeconds: number | null;
  /** RC-1 curvature (weighted metres). */
  curvature: number;
  curvaturePerKm: number;
  /** 0–100 (S_curve). */
  curviness: number;
  curves: number;
  hairpins: number;
  turnDeg: number;
  turnDegPerKm: number;
  /** Metres at curve levels 0–4 (straight … hairpin radius class). */
  levelMeters: number[];
  elevation: ScoreCardElevation | null;
  scenic: ScenicScore | null;
  /** α·curviness + (1 − α)·scenic; null without a scenic score. */
  driveScore: number | null;
  /** Number of pieces scored (track segments; 1 for a route). */
  pieces: number;
  /** The summed curvature score, with per-piece parts, runs and curvy stretches. */
  curvatureScore: SummedCurvatureScore;
  /** Scenic measures behind `scenic`, kept so cards can be combined exactly. */
  scenicMeasures: ScenicMeasures | null;
}

/** The elevation profile's buffers while a card is computed (JS runs one card at a time). */
const profileScratch = new ProfileScratch();

/** Scores one line, given whole or as pieces separated by gaps. */
export function scoreCard(line: LonLatArray | readonly LonLatArray[], options: ScoreCardOptions = {}): ScoreCard {
  const pieces = isPieceList(line) ? line : [line];
  const hysteresis = options.hysteresisMeters ?? DEFAULT_HYSTERESIS_METERS;
  const step = options.elevationStepMeters ?? 50;
  const scenicOptions: ScenicOptions = { ...options.scenic, hysteresisMeters: hysteresis };

  const parts: CurvatureScore[] = [];
  const pieceMeasures: ScenicMeasures[] = [];
  const elevations: PieceElevation[] = [];
  for (const piece of pieces) {
    // Scoring measures the piece anyway: the elevation profile reuses its distances (exactly its own).
    const vertexMeters = options.dem ? vertexMetersFor(piece) : undefined;
    const part = scoreCurvature(piece, { ...options.curvature, profile: false, vertexMeters });
    parts.push(part);
    const cumulative = part.droppedPoints === 0 ? vertexMeters : undefined;
    // Without scenery only the climbing and two points are kept, so the profile can live in scratch buffers.
    const profile = options.dem ? sampleProfileEvery(options.dem, piece, step, cumulative, options.pois ? undefined : profileScratch) : null;
    if (profile) elevations.push(pieceElevation(profile, hysteresis));
    if (options.pois) {
      pieceMeasures.push(measureScenic(piece, options.pois, { elevation: profile ?? undefined, params: scenicOptions }));
    }
  }
  const curvatureScore = sumScores(parts);
  const elevation = options.dem ? joinElevations(elevations, curvatureScore.partStartMeters) : null;
  const scenicMeasures = options.pois ? mergeScenicMeasures(pieceMeasures) : null;
  return finishCard(options.name ?? null, curvatureScore, options.durationSeconds ?? null, elevation, scenicMeasures, pieces.length, scenicOptions);
}

export interface CombineOptions {
  name?: string;
  /** Whether consecutive cards continue each other (legs of one drive): curvy stretches may span joins. Default false. */
  joined?: boolean;
  scenic?: ScenicOptions;
}

/**
 * The card of several cards end to end (a drive from its legs). Durations add up when every card
 * has one (else null). Scenic is scored from the merged measures; cards measured against
 * different feature sets must not be combined.
 */
export function combineScoreCards(cards: readonly ScoreCard[], options: CombineOptions = {}): ScoreCard {
  const curvatureParts = cards.flatMap((card) => card.curvatureScore.parts);
  const joins: boolean[] = [];
  cards.forEach((card, c) => card.curvatureScore.parts.forEach((_, p) => joins.push(p === 0 ? c > 0 && options.joined === true : false)));
  const curvatureScore = sumScores(curvatureParts, { joined: joins });
  const durationSeconds = cards.length > 0 && cards.every((card) => card.durationSeconds !== null)
    ? cards.reduce((sum, card) => sum + (card.durationSeconds ?? 0), 0)
    : null;
  // Coverage is weighted by distance: a card without elevation counts as uncovered.
  const asPieces: PieceElevation[] = cards.map((card) => ({
    stats: card.elevation, validCount: (card.elevation?.coveredShare ?? 0) * card.distanceMeters, sampleCount: card.distanceMeters,
  }));
  const cardStarts: number[] = [];
  cards.reduce((offset, card) => (cardStarts.push(offset), offset + card.distanceMeters), 0);
  const elevation = cards.some((card) => card.elevation) ? joinElevations(asPieces, cardStarts) : null;
  const withScenic = cards.filter((card) => card.scenicMeasures !== null);
  const scenicMeasures = withScenic.length === cards.length && cards.length > 0
    ? mergeScenicMeasures(cards.map((card) => card.scenicMeasures as ScenicMeasures))
    : null;
  const pieces = cards.reduce((sum, card) => sum + card.pieces, 0);
  return finishCard(options.name ?? null, curvatureScore, durationSeconds, elevation, scenicMeasures, pieces, options.scenic);
}

/**
 * The card of the stretch `[fromMeters, toMeters]` of a line (e.g. a range selected on the
 * elevation profile). Distances are along the line, pieces counted end to end without their gaps
 * (as `cumulativeMeters` measures each piece); the ends are interpolated. A curve cut by the range
 * boundary counts only with the part inside.
 */
export function scoreRangeCard(line: LonLatArray | readonly LonLatArray[], fromMeters: number, toMeters: number, options: ScoreCardOptions = {}): ScoreCard {
  const card = scoreCard(sliceLine(line, fromMeters, toMeters), options);
  return options.durationSeconds === undefined ? card : { ...card, durationSeconds: options.durationSeconds };
}

/**
 * The pieces of `line` between `fromMeters` and `toMeters` along it (swapped when reversed,
 * clamped to the line). Each piece keeps its vertices inside the range plus interpolated ends.
 */
export function sliceLine(line: LonLatArray | readonly LonLatArray[], fromMeters: number, toMeters: number): LonLatArray[] {
  const pieces = isPieceList(line) ? line : [line];
  let from = Math.min(fromMeters, toMeters), to = Math.max(fromMeters, toMeters);
  if (!Number.isFinite(from)) from = 0;
  if (!Number.isFinite(to)) to = Infinity;
  const out: LonLatArray[] = [];
  let offset = 0;
  for (const piece of pieces) {
    const n = piece.length >> 1;
    const cumulative = cumulativeMeters(piece);
    const length = n > 0 ? cumulative[n - 1] : 0;
    const a = from - offset, b = to - offset;
    offset += length;
    if (n < 2 || b < 0 || a > length) continue;
    const coords: number[] = [];
    const pushAt = (d: number): void => {
      let s = 0;
      while (s < n - 2 && cumulative[s + 1] < d) s++;
      const segment = cumulative[s + 1] - cumulative[s];
      const t = segment > 0 ? Math.min(1, Math.max(0, (d - cumulative[s]) / segment)) : 0;
      coords.push(piece[2 * s] + (piece[2 * s + 2] - piece[2 * s]) * t, piece[2 * s + 1] + (piece[2 * s + 3] - piece[2 * s + 1]) * t);
    };
    const start = Math.max(0, a), end = Math.min(length, b);
    pushAt(start);
    for (let v = 0; v < n; v++) if (cumulative[v] > start && cumulative[v] < end) coords.push(piece[2 * v], piece[2 * v + 1]);
    if (end > start) pushAt(end);
    if (coords.length >= 4) out.push(Float64Array.from(coords));
  }
  return out;
}

/** Climbing of one piece plus how many of its samples the DEM covered. */
interface PieceElevation {
  stats: Omit<ScoreCardElevation, 'coveredShare'> | null;
  validCount: number;
  sampleCount: number;
}

function pieceElevation(profile: { coords: LonLatArray; distanceMeters: Float64Array; elevationMeters: Float32Array }, hysteresis: number): PieceElevation {
  const stats = elevationStats(profile.elevationMeters, hysteresis);
  const sampleCount = profile.elevationMeters.length;
  if (stats.validCount === 0) return { stats: null, validCount: 0, sampleCount };
  const point = (i: number): CardPoint => ({
    lon: profile.coords[2 * i], lat: profile.coords[2 * i + 1], distanceMeters: profile.distanceMeters[i], eleMeters: profile.elevationMeters[i],
  });
  return {
    stats: {
      ascentMeters: stats.ascentMeters, descentMeters: stats.descentMeters, maxMeters: stats.maxMeters, minMeters: stats.minMeters,
      highestPoint: point(stats.maxIndex), lowestPoint: point(stats.minIndex),
    },
    validCount: stats.validCount, sampleCount,
  };
}

/**
 * Climbing of consecutive pieces starting at `startMeters`: ascent and descent add up (each
 * piece's hysteresis starts afresh, so a gap is not climbed), the extremes are those of all pieces,
 * shifted to distances along the whole line. Null when no piece had a known height.
 */
function joinElevations(pieces: readonly PieceElevation[], startMeters: ArrayLike<number>): ScoreCardElevation | null {
  let joined: ScoreCardElevation | null = null;
  let valid = 0, samples = 0;
  pieces.forEach((piece, i) => {
    valid += piece.validCount;
    samples += piece.sampleCount;
    const e = piece.stats;
    if (!e) return;
    const shift = (p: CardPoint): CardPoint => ({ ...p, distanceMeters: p.distanceMeters + startMeters[i] });
    if (!joined) {
      joined = { ...e, highestPoint: shift(e.highestPoint), lowestPoint: shift(e.lowestPoint), coveredShare: 0 };
      return;
    }
    const j: ScoreCardElevation = joined;
    j.ascentMeters += e.ascentMeters;
    j.descentMeters += e.descentMeters;
    if (e.maxMeters > j.maxMeters) {
      j.maxMeters = e.maxMeters;
      j.highestPoint = shift(e.highestPoint);
    }
    if (e.minMeters < j.minMeters) {
      j.minMeters = e.minMeters;
      j.lowestPoint = shift(e.lowestPoint);
    }
  });
  const result = joined as ScoreCardElevation | null;
  if (result) result.coveredShare = samples > 0 ? valid / samples : 0;
  return result;
}

function finishCard(
  name: string | null, c: SummedCurvatureScore, durationSeconds: number | null, elevation: ScoreCardElevation | null,
  scenicMeasures: ScenicMeasures | null, pieces: number, scenicOptions: ScenicOptions | undefined,
): ScoreCard {
  // No line, no scenery: an empty leg gets no scenic score rather than the score of an empty road.
  const scenic = scenicMeasures && scenicMeasures.lengthMeters > 0 ? scenicFromMeasures(scenicMeasures, scenicOptions) : null;
  const curveShare = resolveScenicParameters(scenicOptions).curveShare;
  return {
    name, distanceMeters: c.distanceMeters, durationSeconds,
    curvature: c.curvature, curvaturePerKm: c.curvaturePerKm, curviness: c.curviness, curves: c.curves, hairpins: c.hairpins,
    turnDeg: c.turnDeg, turnDegPerKm: c.turnDegPerKm, levelMeters: Array.from(c.levelMeters),
    elevation, scenic, driveScore: scenic && scenic.scenic !== null ? driveScore(c.curviness, scenic.scenic, curveShare) : null,
    pieces, curvatureScore: c, scenicMeasures,
  };
}

/** Distances of the vertices of the piece being carded; reused across calls (JS runs one call at a time). */
let vertexMetersScratch = new Float64Array(0);

function vertexMetersFor(piece: LonLatArray): Float64Array {
  const n = piece.length >> 1;
  if (vertexMetersScratch.length < n) vertexMetersScratch = new Float64Array(Math.max(n, Math.ceil(vertexMetersScratch.length * 1.5)));
  return vertexMetersScratch;
}

function isPieceList(line: LonLatArray | readonly LonLatArray[]): line is readonly LonLatArray[] {
  return Array.isArray(line);
}
