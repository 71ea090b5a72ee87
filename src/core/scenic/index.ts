/**
 * Scenic scoring (scoring-spec §3): measure what is scenic along a route against a `PoiSet`
 * (`measureScenic`, `mergeScenicMeasures` for several legs), then score it with the transparent
 * §3.4 composite (`scenicFromMeasures`); `scoreScenic` does both for one line.
 */
export { SCENIC_DEFAULTS, resolveScenicParameters, sat, type ScenicParameters, type ScenicWeights, type ScenicOptions } from './scenic-params';
export {
  measureScenic, mergeScenicMeasures, forEachSample, ScenicIndex, scenicIndexFor,
  type ScenicMeasures, type MeasureScenicOptions, type PointNear, type PeakNear, type SampleTally, type ShapeTally, type ScenicElevation,
} from './measure-scenic';
export { scenicFromMeasures, driveScore, type ScenicScore, type ScenicPart, type ScenicPartId, type ScenicItem } from './scenic-composite';
export { scoreScenic } from './score-scenic';
