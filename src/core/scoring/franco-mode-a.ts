/**
 * "Mode A": Adam Franco's `curvature` algorithm (roadcurvature.com) with exact math, as described
 * in scoring-spec §1.1 and §2.2. Raw vertices, haversine segment lengths, circumradius of each pair
 * of consecutive segments by (stable) Heron, and each segment takes the smaller radius of the two
 * triangles it belongs to.
 *
 * This is a test oracle and a way to compare our numbers with roadcurvature.com, not a production
 * score: on dense, noisy or quantised geometry it over-scores badly (a ±0.5 m zig-zag on a straight
 * road scores 804). It applies none of Franco's tag-driven filters, squashes or splits.
 */
import { haversineMeters } from '../geometry/earth';
import type { LonLatArray } from '../units';
import { MODE_A_STRAIGHT_RADIUS_METERS, circumradiusFromSidesMeters } from './circumradius';
import { CURVE_LEVEL_WEIGHTS, curveLevel, emptyLevelTotals, type LevelTotals } from './curve-levels';

export interface ModeAScore {
  /** Σ haversine segment lengths over the valid vertices (m). */
  distanceMeters: number;
  /** Σ segment length × Franco weight (weighted metres). */
  curvature: number;
  /** Metres at each level 0–4. */
  levelMeters: LevelTotals;
  /** Radius assigned to each raw segment (m); 10,000 is Franco's "straight" sentinel. */
  segmentRadiusMeters: Float64Array;
}

/**
 * Scores `coords` (interleaved `[lon, lat, …]`, degrees) the way Franco's post-processors do.
 * Vertices with non-finite coordinates are skipped; fewer than two give an empty score.
 */
export function scoreCurvatureModeA(coords: LonLatArray): ModeAScore {
  const n0 = coords.length >> 1;
  const lon = new Float64Array(n0);
  const lat = new Float64Array(n0);
  let n = 0;
  for (let i = 0; i < n0; i++) {
    const x = coords[2 * i], y = coords[2 * i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y) || y > 90 || y < -90) continue;
    lon[n] = x; lat[n] = y; n++;
  }
  const levelMeters = emptyLevelTotals();
  const segments = n > 1 ? n - 1 : 0;
  const radius = new Float64Array(segments);
  if (segments === 0) return { distanceMeters: 0, curvature: 0, levelMeters, segmentRadiusMeters: radius };

  const len = new Float64Array(segments);
  for (let j = 0; j < segments; j++) len[j] = haversineMeters(lon[j], lat[j], lon[j + 1], lat[j + 1]);
  radius.fill(MODE_A_STRAIGHT_RADIUS_METERS);
  // Triangle t is made of segments t and t + 1; each segment keeps the smaller radius of its triangles.
  for (let t = 0; t + 1 < segments; t++) {
    const base = haversineMeters(lon[t], lat[t], lon[t + 2], lat[t + 2]);
    const r = circumradiusFromSidesMeters(len[t], len[t + 1], base);
    if (t === 0 || r < radius[t]) radius[t] = r;
    radius[t + 1] = r;
  }
  // The last segment belongs to one triangle only; Franco caps it at the straight sentinel.
  if (radius[segments - 1] > MODE_A_STRAIGHT_RADIUS_METERS) radius[segments - 1] = MODE_A_STRAIGHT_RADIUS_METERS;

  let distanceMeters = 0;
  for (let j = 0; j < segments; j++) {
    levelMeters[curveLevel(radius[j])] += len[j];
    distanceMeters += len[j];
  }
  let curvature = 0;
  for (let l = 0; l < 5; l++) curvature += levelMeters[l] * CURVE_LEVEL_WEIGHTS[l];
  return { distanceMeters, curvature, levelMeters, segmentRadiusMeters: radius };
}
