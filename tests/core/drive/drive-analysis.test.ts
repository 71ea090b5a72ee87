import { expect, test } from 'vitest';
import { createDrive, segmentKey, type Drive } from '../../../src/core/drive/drive';
import { DriveAnalyzer } from '../../../src/core/drive/drive-analysis';
import { appendWaypoint, moveWaypoint, updateWaypoint } from '../../../src/core/drive/edits';
import type { SegmentRoute } from '../../../src/core/drive/segment-route';
import { StraightLineRouter } from '../../../src/core/routing/straight-line-router';
import { segmentRouteFromResult } from '../../../src/core/drive/segment-route';
import { scoreCurvature } from '../../../src/core/scoring';

/** A winding line: a sine wave of 60 m amplitude, 300 m wavelength, 10 m vertex spacing, starting at `lon0`. */
function wiggle(lon0: number, lat0: number, lengthMeters: number): Float64Array {
  const n = Math.floor(lengthMeters / 10) + 1;
  const out = new Float64Array(n * 2);
  const mPerDegLat = 111_195;
  const mPerDegLon = mPerDegLat * Math.cos((lat0 * Math.PI) / 180);
  for (let i = 0; i < n; i++) {
    const x = i * 10;
    out[2 * i] = lon0 + x / mPerDegLon;
    out[2 * i + 1] = lat0 + (60 * Math.sin((2 * Math.PI * x) / 300)) / mPerDegLat;
  }
  return out;
}

function routed(drive: Drive, cache: Map<string, SegmentRoute>, coordsFor: (i: number) => Float64Array | null) {
  const router = new StraightLineRouter();
  for (let i = 0; i < drive.segments.length; i++) {
    const key = segmentKey(drive, i);
    if (cache.has(key)) continue;
    const custom = coordsFor(i);
    const a = drive.waypoints[i].position, b = drive.waypoints[i + 1].position;
    const r = router.routeSync({ waypoints: [a, b] });
    cache.set(key, custom ? { ...segmentRouteFromResult(key, r), coords: custom } : segmentRouteFromResult(key, r));
  }
}

test('legs split at via points, totals sum the legs, and an edit re-scores only touched segments', () => {
  let d = createDrive('A', 1, 'straight');
  const w1 = wiggle(1.5, 42.5, 6000);
  const start2 = [w1[w1.length - 2], w1[w1.length - 1]] as const;
  d = appendWaypoint(d, [1.5, 42.5]);
  d = appendWaypoint(d, start2);
  d = appendWaypoint(d, [start2[0] + 0.05, start2[1]]);
  d = appendWaypoint(d, [start2[0] + 0.1, start2[1] + 0.02]);
  d = updateWaypoint(d, d.waypoints[2].id, { kind: 'shaping' });
  const cache = new Map<string, SegmentRoute>();
  routed(d, cache, (i) => (i === 0 ? w1 : null));
  const analyzer = new DriveAnalyzer();
  const a1 = analyzer.update(d, (k) => cache.get(k));
  expect(a1.legs).toHaveLength(2);
  expect(a1.legs[0]).toMatchObject({ firstSegment: 0, lastSegment: 0 });
  expect(a1.legs[1]).toMatchObject({ firstSegment: 1, lastSegment: 2 });
  expect(a1.rescoredKeys).toHaveLength(3);
  const wiggleScore = scoreCurvature(w1);
  expect(a1.legs[0].curvature.curvature).toBeCloseTo(wiggleScore.curvature, 6);
  expect(a1.legs[0].curvature.curves).toBeGreaterThan(5);
  expect(a1.legs[1].curvature.curvature).toBe(0);
  expect(a1.total.curvature).toBeCloseTo(a1.legs[0].curvature.curvature + a1.legs[1].curvature.curvature, 6);
  expect(a1.total.distanceMeters).toBeCloseTo(a1.lineMeters[a1.lineMeters.length - 1], 3);
  expect(a1.stretchLines.length).toBe(a1.total.stretches.length);
  expect(a1.total.stretches.length).toBeGreaterThan(0);
  expect(a1.spansByKey.get(segmentKey(d, 0))!.level.some((l) => l >= 2)).toBe(true);

  const moved = moveWaypoint(d, d.waypoints[3].id, [start2[0] + 0.11, start2[1] + 0.02]);
  routed(moved, cache, () => null);
  const a2 = analyzer.update(moved, (k) => cache.get(k));
  expect(a2.rescoredKeys).toEqual([segmentKey(moved, 2)]);
  expect(a2.legs[0].curvature.curvature).toBe(a1.legs[0].curvature.curvature);
});

test('gaps are not driven and unrouted segments are left out until their route arrives', () => {
  let d = createDrive('G', 1, 'straight');
  d = appendWaypoint(appendWaypoint(appendWaypoint(d, [1.5, 42.5]), [1.51, 42.5]), [1.6, 42.6]);
  d = { ...d, segments: [d.segments[0], { router: 'straight', gap: true }] };
  const cache = new Map<string, SegmentRoute>();
  const analyzer = new DriveAnalyzer();
  const empty = analyzer.update(d, (k) => cache.get(k));
  expect(empty.total.distanceMeters).toBe(0);
  routed(d, cache, () => null);
  const a = analyzer.update(d, (k) => cache.get(k));
  expect(a.total.distanceMeters).toBeCloseTo(cache.get(segmentKey(d, 0))!.distanceMeters, 0);
  expect(a.total.distanceMeters).toBeLessThan(1000);
});
