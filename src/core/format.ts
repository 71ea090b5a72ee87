/** Human-readable distances and durations for the sidebar, score cards and roadbooks. */
import type { Meters, Seconds } from './units';

export type DistanceUnits = 'km' | 'mi';
export const METERS_PER_MILE = 1609.344;

/** "1 curve", "3 curves": a count with its noun (regular plurals only). */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function formatDistance(distanceMeters: Meters | number, units: DistanceUnits): string {
  if (units === 'mi') {
    const miles = distanceMeters / METERS_PER_MILE;
    return miles < 10 ? `${miles.toFixed(1)} mi` : `${Math.round(miles)} mi`;
  }
  if (distanceMeters < 1000) return `${Math.round(distanceMeters)} m`;
  const km = distanceMeters / 1000;
  return km < 10 ? `${km.toFixed(1)} km` : `${Math.round(km)} km`;
}

export function formatDuration(durationSeconds: Seconds | number): string {
  const minutes = Math.round(durationSeconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}

/**
 * Parses "lon,lat" (the order Switchback uses everywhere) from a go-to box. Also accepts a
 * space or semicolon separator. Returns null with no guessing when the text is not two numbers
 * in range.
 */
export function parseLonLat(text: string): [number, number] | null {
  const parts = text.trim().split(/[\s,;]+/).filter(Boolean);
  if (parts.length !== 2) return null;
  const lon = Number(parts[0]);
  const lat = Number(parts[1]);
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) return null;
  return [lon, lat];
}
