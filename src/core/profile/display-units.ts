/**
 * The profile's display units: distances in km or miles, heights in metres or feet (miles go with
 * feet, as on US and UK road signs and devices).
 */
import type { DistanceUnits } from '../format';

import { METERS_PER_MILE } from '../format';

export { METERS_PER_MILE };
export const METERS_PER_FOOT = 0.3048;

/** Metres in one unit of distance on the profile's x axis. */
export function distanceUnitMeters(units: DistanceUnits): number {
  return units === 'mi' ? METERS_PER_MILE : 1000;
}

/** Metres in one unit of height on the y axis (and of radius in the readout). */
export function heightUnitMeters(units: DistanceUnits): number {
  return units === 'mi' ? METERS_PER_FOOT : 1;
}

export function distanceUnitLabel(units: DistanceUnits): 'km' | 'mi' {
  return units === 'mi' ? 'mi' : 'km';
}

export function heightUnitLabel(units: DistanceUnits): 'm' | 'ft' {
  return units === 'mi' ? 'ft' : 'm';
}

/** Metres → km or miles. */
export function toDisplayDistance(distanceMeters: number, units: DistanceUnits): number {
  return distanceMeters / distanceUnitMeters(units);
}

/** km or miles → metres. */
export function fromDisplayDistance(distance: number, units: DistanceUnits): number {
  return distance * distanceUnitMeters(units);
}

/** Metres → metres or feet. */
export function toDisplayHeight(heightMeters: number, units: DistanceUnits): number {
  return heightMeters / heightUnitMeters(units);
}

/** Metres or feet → metres. */
export function fromDisplayHeight(height: number, units: DistanceUnits): number {
  return height * heightUnitMeters(units);
}
