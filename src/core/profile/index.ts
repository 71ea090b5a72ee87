/**
 * Pure helpers behind the elevation & curvature profile panel (`src/ui/profile`): the data
 * contract, scales, nice ticks, downsampling for drawing, range math and the hover readout.
 */
export { profileSampleCount, profileExtent, hasKnownElevation } from './profile-data';
export type { ProfileData, DistanceRange } from './profile-data';
export { niceStep, niceTicks, niceExtent, stepDecimals } from './nice-ticks';
export { indexAtDistance, firstIndexAtOrAfter, valueAtDistance } from './distance-lookup';
export { downsampleMinMax } from './downsample-min-max';
export type { MinMaxBuckets } from './downsample-min-max';
export { levelRuns } from './level-runs';
export type { LevelRuns } from './level-runs';
export { xAtDistance, distanceAtX, clamp } from './distance-scale';
export { orderedRange, extendRange, sameRange } from './range-math';
export {
  METERS_PER_MILE, METERS_PER_FOOT, distanceUnitMeters, heightUnitMeters, distanceUnitLabel, heightUnitLabel,
  toDisplayDistance, fromDisplayDistance, toDisplayHeight, fromDisplayHeight,
} from './display-units';
export { formatHoverReadout, formatCursorDistance, formatHeight, formatRadius } from './hover-readout';
