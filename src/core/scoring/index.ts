/**
 * Road curvature scoring (RC-1, scoring-spec §2.2) and its helpers. Import from here; the files
 * behind it are implementation detail.
 */
export { scoreCurvature, emptyCurvatureScore, curvinessFromPerKm, CURVINESS_FULL_SCALE_PER_KM } from './curvature-score';
export type { CurvatureScore, CurvatureProfile, ScoreCurvatureOptions } from './curvature-score';
export { RC1_DEFAULTS, resolveRc1Parameters } from './rc1-options';
export type { Rc1Parameters } from './rc1-options';
export { CurvatureScratch } from './planar-samples';
export type { CurvatureProjection } from './planar-samples';
export type { CurveRun } from './curve-runs';
export { findCurvyStretches } from './curvy-stretches';
export type { CurvyStretch } from './curvy-stretches';
export {
  curveLevel, curveLevelOfCurvature, twistinessLabel, emptyLevelTotals, CURVE_LEVEL_NAMES, CURVE_LEVEL_WEIGHTS, CURVE_LEVEL_COLOURS,
  CURVE_LEVEL_RADIUS_BELOW_METERS, CURVE_LEVEL_CURVATURE_ABOVE, MODERATELY_TWISTY_CURVATURE, VERY_TWISTY_CURVATURE,
} from './curve-levels';
export type { CurveLevel, LevelTotals } from './curve-levels';
export { signedCurvature, circumradiusMeters, circumradiusFromSidesMeters, MODE_A_STRAIGHT_RADIUS_METERS } from './circumradius';
export { scoreCurvatureModeA } from './franco-mode-a';
export type { ModeAScore } from './franco-mode-a';
export { sumScores, DriveCurvature } from './score-sum';
export type { SummedCurvatureScore, SumScoresOptions, DrivePiece, DriveCurvatureUpdate } from './score-sum';
export { curvatureAt, profileAt, levelSpans } from './curvature-lookup';
export type { CurvatureAtDistance, LevelSpans } from './curvature-lookup';
export { CurvatureHoverIndex, emptyHoverReadout } from './curvature-hover';
export type { HoverReadout } from './curvature-hover';
export { scoreCard, combineScoreCards, scoreRangeCard, sliceLine } from './score-card';
export type { ScoreCard as LegScoreCard, ScoreCardOptions, ScoreCardElevation, CombineOptions } from './score-card';
