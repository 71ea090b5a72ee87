/**
 * Elevation for a drive from a real SRTM tile: a straight-line drive from Andorra la Vella up to
 * Port d'Envalira (2408 m) climbs, and its profile and leg stats say so.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ElevationService } from '../../src/app/elevation-service';
import { createDrive, segmentKey } from '../../src/core/drive/drive';
import { DriveAnalyzer } from '../../src/core/drive/drive-analysis';
import { buildDriveProfile, legElevationStats } from '../../src/core/drive/drive-profile';
import { appendWaypoint } from '../../src/core/drive/edits';
import { segmentRouteFromResult, type SegmentRoute } from '../../src/core/drive/segment-route';
import { StraightLineRouter } from '../../src/core/routing/straight-line-router';

const hgtPath = path.resolve(__dirname, '../../../shared/data/dem/N42E001.hgt.zip');

function fileOf(p: string) {
  if (!existsSync(p)) throw new Error(`Missing ${p}: the shared SRTM tiles are needed (see ../shared/README.md).`);
  const bytes = readFileSync(p);
  return { name: path.basename(p), arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer };
}

test('a drive up to Port d’Envalira gets ascent, highest point and a profile from SRTM', async () => {
  const service = new ElevationService();
  expect(service.hasData).toBe(false);
  const added = await service.addHgtFiles([fileOf(hgtPath)]);
  expect(added).toEqual(['N42E001.hgt.zip']);
  let d = createDrive('Envalira', 1, 'straight');
  d = appendWaypoint(d, [1.5218, 42.5063]); // Andorra la Vella
  d = appendWaypoint(d, [1.6340, 42.5380]); // Canillo valley
  d = appendWaypoint(d, [1.71938, 42.54018]); // Port d'Envalira
  const router = new StraightLineRouter({ densifyMeters: 100 });
  const cache = new Map<string, SegmentRoute>();
  for (let i = 0; i < d.segments.length; i++) {
    const key = segmentKey(d, i);
    cache.set(key, segmentRouteFromResult(key, router.routeSync({ waypoints: [d.waypoints[i].position, d.waypoints[i + 1].position] })));
  }
  const analysis = new DriveAnalyzer().update(d, (k) => cache.get(k));
  const elevationOf = (key: string) => service.profileFor(key, cache.get(key)!.coords);
  const { legs, total } = legElevationStats(analysis, elevationOf);
  expect(legs).toHaveLength(2);
  expect(total).not.toBeNull();
  expect(total!.maxMeters).toBeGreaterThan(2300);
  expect(total!.maxMeters).toBeLessThan(2700); // the straight line crosses ridges; the pass itself is 2408 m
  expect(total!.ascentMeters).toBeGreaterThan(1300); // at least la Vella (~1030 m) to the pass
  expect(legs[0]!.ascentMeters + legs[1]!.ascentMeters).toBeGreaterThan(1300);

  const profile = buildDriveProfile(analysis, elevationOf);
  expect(profile.elevationMeters).toBeDefined();
  expect(profile.distanceMeters.length).toBe(profile.curveLevel.length);
  const last = profile.elevationMeters![profile.elevationMeters!.length - 1];
  expect(Math.abs(last - 2408)).toBeLessThan(60);
  expect(Math.abs(profile.elevationMeters![0] - 1030)).toBeLessThan(60);
  expect(profile.legBoundsMeters).toHaveLength(1);
});

test('outside any loaded tile there is no elevation rather than a wrong one', async () => {
  const service = new ElevationService();
  await service.addHgtFiles([fileOf(hgtPath)]);
  const coords = new Float64Array([7.42, 43.73, 7.43, 43.74]); // Monaco: another tile
  expect(service.profileFor('k', coords)).toBeNull();
});

test('a file that is not an SRTM tile is refused with a message', async () => {
  const service = new ElevationService();
  await expect(service.addHgtFiles([{ name: 'N42E001.hgt', arrayBuffer: async () => new ArrayBuffer(1000) }])).rejects.toThrow(/hgt|size|tile/i);
});
