/** The text beside the profile cursor: where along the drive, how high, and what the road does there. */
import { CURVE_LEVEL_NAMES } from '../scoring';
import type { DistanceUnits } from '../format';
import { indexAtDistance, valueAtDistance } from './distance-lookup';
import { distanceUnitLabel, heightUnitLabel, toDisplayDistance, toDisplayHeight } from './display-units';
import { profileSampleCount, type ProfileData } from './profile-data';

/** "12.34 km" below 10 units, "123.4 km" above: hover needs finer steps than the sidebar's totals. */
export function formatCursorDistance(distanceMeters: number, units: DistanceUnits): string {
  const value = toDisplayDistance(distanceMeters, units);
  return `${value.toFixed(Math.abs(value) < 10 ? 2 : 1)} ${distanceUnitLabel(units)}`;
}

/** "1234 m" / "4049 ft"; "elevation unknown" for NaN. */
export function formatHeight(heightMeters: number, units: DistanceUnits): string {
  if (heightMeters !== heightMeters) return 'elevation unknown';
  return `${Math.round(toDisplayHeight(heightMeters, units))} ${heightUnitLabel(units)}`;
}

/** Radii above this read as straight: no road sign or driver distinguishes a 5 km bend from a straight. */
export const STRAIGHT_RADIUS_METERS = 5000;

/** "r 42 m left" (positive radius bends left), "r 150 ft right"; empty for a straight (non-finite, NaN or > 5 km) radius. */
export function formatRadius(radiusMeters: number, units: DistanceUnits): string {
  if (!Number.isFinite(radiusMeters) || Math.abs(radiusMeters) > STRAIGHT_RADIUS_METERS) return '';
  const side = radiusMeters > 0 ? ' left' : radiusMeters < 0 ? ' right' : '';
  return `r ${Math.round(toDisplayHeight(Math.abs(radiusMeters), units))} ${heightUnitLabel(units)}${side}`;
}

/**
 * The readout at `distanceMeters`: "12.34 km · 1234 m · tight · r 42 m left". Elevation is
 * interpolated between samples; level and radius are those of the sample whose stretch holds the
 * distance. Parts without data are left out (no elevation array, no radius array, straight road).
 * Empty when the profile has no samples.
 */
export function formatHoverReadout(data: ProfileData | null, distanceMeters: number, units: DistanceUnits): string {
  const n = profileSampleCount(data);
  if (!data || n === 0) return '';
  const i = indexAtDistance(data.distanceMeters, distanceMeters, n);
  if (i < 0) return '';
  const parts = [formatCursorDistance(distanceMeters, units)];
  if (data.elevationMeters) parts.push(formatHeight(valueAtDistance(data.distanceMeters.subarray(0, n), data.elevationMeters, distanceMeters), units));
  parts.push(CURVE_LEVEL_NAMES[Math.min(data.curveLevel[i], CURVE_LEVEL_NAMES.length - 1)]);
  const radius = data.radiusMeters && i < data.radiusMeters.length ? formatRadius(data.radiusMeters[i], units) : '';
  if (radius) parts.push(radius);
  return parts.join(' · ');
}
