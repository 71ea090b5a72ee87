/**
 * The constants of the scenic composite (scoring-spec §3.4), all in one place. The reference
 * values (6, 10, 0.25, 0.6, 25 m/km, 800 m…) are the spec's provisional choices, to be calibrated
 * on known routes; weights sum to 1.
 */

export interface ScenicWeights {
  view: number;
  pass: number;
  peak: number;
  water: number;
  green: number;
  relief: number;
  roads: number;
  rural: number;
}

export interface ScenicParameters {
  /** Route samples for the share-based parts are taken every this many metres. */
  sampleStepMeters: number;
  /** L* = max(L, this): short routes do not explode per-100 km densities (km). */
  minLengthKm: number;

  /** Viewpoints: full credit up to this distance from the road (m)… */
  viewpointFullMeters: number;
  /** …falling linearly to 0 here (m). */
  viewpointMaxMeters: number;
  /** Viewpoints closer than this to each other form one cluster, worth its best member (m). */
  viewpointClusterMeters: number;
  /** V100 (viewpoint credit per 100 km) at which S_view saturates. */
  viewpointRefPer100Km: number;

  /** A pass counts when within this distance of the route (m). */
  passMaxMeters: number;
  /** Passes closer than this to each other count once (m). */
  passDistinctMeters: number;
  /** S_pass = 100·(1 − base^P). */
  passBase: number;

  /** Peaks: full credit up to this distance (m)… */
  peakFullMeters: number;
  /** …falling linearly to 0 here (m). */
  peakMaxMeters: number;
  /** A peak counts only if it rises at least this much above the route at the nearest point (m). */
  peakMinAboveRouteMeters: number;
  /** K100 (peak credit per 100 km) at which S_peak saturates. */
  peakRefPer100Km: number;

  /** A sample is "by water" within this distance of a river or canal (m)… */
  riverMeters: number;
  /** …or of a lake (≥ `minWaterAreaSquareMeters`), the coastline or a bay (m). */
  waterAreaMeters: number;
  minWaterAreaSquareMeters: number;
  /** Share of samples by water at which S_water saturates. */
  waterRefShare: number;

  /** Share of samples inside natural landscape or protected areas at which S_green saturates. */
  greenRefShare: number;

  /** Ascent per km (m/km) at which the climbing half of S_relief saturates. */
  ascentRefPerKm: number;
  /** Relief (max − min elevation, m) at which the other half saturates. */
  reliefRefMeters: number;
  /** Hysteresis of the ascent count (m). */
  hysteresisMeters: number;

  /** A sample is on the road nearest to it within this distance (m); farther samples are on no known road. */
  roadMatchMeters: number;
  /** Share on motorway/trunk at which S_roads reaches 0. */
  fastRefShare: number;
  /** Share on secondary/tertiary/unclassified at which the minor-road half saturates. */
  minorRefShare: number;

  /** Share of samples in built-up landuse at which S_rural reaches 0. */
  urbanRefShare: number;

  /** Bonus points for roads signed scenic (scenic=yes) … */
  scenicBonusPoints: number;
  /** … reached at this share of samples on them. */
  scenicRefShare: number;

  weights: ScenicWeights;
  /** Drive score = α·S_curve + (1 − α)·S_scenic. */
  curveShare: number;
}

export const SCENIC_DEFAULTS: Readonly<ScenicParameters> = Object.freeze({
  sampleStepMeters: 50,
  minLengthKm: 20,
  viewpointFullMeters: 150,
  viewpointMaxMeters: 1000,
  viewpointClusterMeters: 250,
  viewpointRefPer100Km: 6,
  passMaxMeters: 50,
  passDistinctMeters: 500,
  passBase: 0.4,
  peakFullMeters: 2000,
  peakMaxMeters: 5000,
  peakMinAboveRouteMeters: 300,
  peakRefPer100Km: 10,
  riverMeters: 150,
  waterAreaMeters: 200,
  minWaterAreaSquareMeters: 10_000,
  waterRefShare: 0.25,
  greenRefShare: 0.6,
  ascentRefPerKm: 25,
  reliefRefMeters: 800,
  hysteresisMeters: 5,
  roadMatchMeters: 30,
  fastRefShare: 0.2,
  minorRefShare: 0.6,
  urbanRefShare: 0.5,
  scenicBonusPoints: 10,
  scenicRefShare: 0.3,
  weights: Object.freeze({ view: 0.2, pass: 0.1, peak: 0.1, water: 0.15, green: 0.15, relief: 0.15, roads: 0.1, rural: 0.05 }),
  curveShare: 0.5,
});

/** Defaults with `overrides` applied (weights merged key by key). Throws `RangeError` for a negative or non-finite value. */
export function resolveScenicParameters(overrides: Partial<Omit<ScenicParameters, 'weights'>> & { weights?: Partial<ScenicWeights> } = {}): ScenicParameters {
  const { weights, ...rest } = overrides;
  const params: ScenicParameters = { ...SCENIC_DEFAULTS, ...rest, weights: { ...SCENIC_DEFAULTS.weights, ...weights } };
  for (const [key, value] of Object.entries(params)) {
    if (key === 'weights') continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new RangeError(`Scenic option ${key} must be a finite number ≥ 0 (got ${String(value)}).`);
  }
  for (const [key, value] of Object.entries(params.weights)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`Scenic weight ${key} must be a finite number ≥ 0 (got ${String(value)}).`);
  }
  if (params.sampleStepMeters <= 0) throw new RangeError('Scenic option sampleStepMeters must be > 0.');
  if (params.curveShare > 1) throw new RangeError('Scenic option curveShare must be between 0 and 1.');
  return params;
}

export type ScenicOptions = Parameters<typeof resolveScenicParameters>[0];

/** sat(x, ref) = min(1, max(0, x/ref)) (scoring-spec §3.4); 0 when ref is 0. */
export function sat(x: number, ref: number): number {
  if (!(ref > 0)) return 0;
  const v = x / ref;
  return v >= 1 ? 1 : v > 0 ? v : 0;
}
