/** Sums over a drive's driven segments (gaps excluded), from whatever routes are known. */
import { segmentKey, type Drive } from './drive';
import type { SegmentRoute } from './segment-route';

export interface DriveTotals {
  distanceMeters: number;
  durationSeconds: number;
  /** Segments (gaps included) whose route is known. */
  knownSegments: number;
  /** Segments drawn as straight lines because their router failed. */
  fallbackSegments: number;
}

export function driveTotals(drive: Drive, getRoute: (key: string) => SegmentRoute | undefined): DriveTotals {
  const totals: DriveTotals = { distanceMeters: 0, durationSeconds: 0, knownSegments: 0, fallbackSegments: 0 };
  for (let i = 0; i < drive.segments.length; i++) {
    const route = getRoute(segmentKey(drive, i));
    if (!route) continue;
    totals.knownSegments++;
    if (route.fallbackReason) totals.fallbackSegments++;
    if (drive.segments[i].gap) continue;
    totals.distanceMeters += route.distanceMeters;
    totals.durationSeconds += route.durationSeconds;
  }
  return totals;
}
