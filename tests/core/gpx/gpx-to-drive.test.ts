import { describe, expect, test } from 'vitest';
import { segmentKey } from '../../../src/core/drive/drive';
import { haversineMeters } from '../../../src/core/geometry/earth';
import { decodeGpxBytes, gpxToDrive, readGpx, type ImportedDrive } from '../../../src/core/gpx';
import { readShared } from './xmldom-oracle';

const NOW = Date.UTC(2024, 5, 1);
const importFixture = (name: string): ImportedDrive =>
  gpxToDrive(readGpx(decodeGpxBytes(readShared(`fixtures/gpx/${name}`))), { fileName: name, now: NOW });

/** Checks the contracts every import must keep, whatever the file. */
function expectConsistent({ drive, routes }: ImportedDrive): void {
  expect(drive.segments).toHaveLength(Math.max(0, drive.waypoints.length - 1));
  const byKey = new Map(routes.map((r) => [r.key, r]));
  expect(byKey.size).toBe(routes.length);
  drive.segments.forEach((spec, i) => {
    if (spec.router !== 'fixed') return;
    const route = byKey.get(segmentKey(drive, i));
    expect(route, `segment ${i} has its geometry`).toBeDefined();
    if (!route) return;
    const c = route.coords;
    const [a, b] = [drive.waypoints[i].position, drive.waypoints[i + 1].position];
    expect([c[0], c[1], c[c.length - 2], c[c.length - 1]]).toEqual([a[0], a[1], b[0], b[1]]);
    let sum = 0;
    for (let k = 2; k < c.length; k += 2) sum += haversineMeters(c[k - 2], c[k - 1], c[k], c[k + 1]);
    expect(route.distanceMeters).toBeCloseTo(sum, 0);
    expect(route.madeBy).toBe('fixed');
    expect(route.steps).toEqual([]);
  });
  expect(new Set(drive.waypoints.map((w) => w.id)).size).toBe(drive.waypoints.length);
}

describe('gpxToDrive', () => {
  test('a recorded track with 3 segments: 6 waypoints, fixed lines joined by pen-up gaps', () => {
    const imported = importFixture('osmand_recorded_multi_segment.gpx');
    expectConsistent(imported);
    const { drive, routes } = imported;
    const doc = readGpx(decodeGpxBytes(readShared('fixtures/gpx/osmand_recorded_multi_segment.gpx')));
    expect(drive.name).toBe('2024-04-21_10-55_Sun');
    expect(drive.waypoints).toHaveLength(6);
    expect(drive.segments.map((s) => (s.gap ? 'gap' : s.router))).toEqual(['fixed', 'gap', 'fixed', 'gap', 'fixed']);
    expect(routes.map((r) => r.coords)).toEqual(doc.tracks[0].segments.map((s) => s.coords));
    expect(routes[0].elevationsMeters).toEqual(doc.tracks[0].segments[0].elevationsMeters);
    const times = doc.tracks[0].segments[0].timesMs as Float64Array;
    expect(routes[0].durationSeconds).toBe((times[times.length - 1] - times[0]) / 1000);
    expect(routes.map((r) => r.key)).toEqual([0, 1, 2].map((n) => `fixed|${drive.id}|${n}`));
    expect(drive.createdAt).toBe(NOW);
  });

  test('a Garmin route with gpxx:rpt shape: one fixed segment per stretch along the shape', () => {
    const imported = importFixture('mapsource_route_645_gpxx_rpt_inline_ns.gpx');
    expectConsistent(imported);
    const { drive, routes } = imported;
    expect(drive.name).toBe('Eastern Lakes Ride');
    expect(drive.waypoints.map((w) => w.name)).toEqual(['Wingate by Wyndham', '4288 Lake Shore Dr', '5581 Lake Shore Dr', '6076 Lake Shore Dr', 'Lake George Lookout']);
    expect(drive.waypoints.every((w) => w.kind === 'via')).toBe(true);
    expect(drive.segments.every((s) => s.router === 'fixed' && !s.gap)).toBe(true);
    // Each stretch is [route point, …its rpt shape, next route point] with repeated vertices
    // (MapSource writes some rpts twice) dropped.
    const doc = readGpx(decodeGpxBytes(readShared('fixtures/gpx/mapsource_route_645_gpxx_rpt_inline_ns.gpx')));
    const pts = doc.routes[0].points;
    pts.slice(0, 4).forEach((p, i) => {
      const all = [p.lon, p.lat, ...Array.from(p.shape ?? []), pts[i + 1].lon, pts[i + 1].lat];
      const deduped: number[] = [];
      for (let k = 0; k < all.length; k += 2) {
        if (deduped.length === 0 || deduped[deduped.length - 2] !== all[k] || deduped[deduped.length - 1] !== all[k + 1]) deduped.push(all[k], all[k + 1]);
      }
      expect(Array.from(routes[i].coords)).toEqual(deduped);
    });
    expect(pts[1].shape?.length).toBeGreaterThan(2);
    expect(drive.pois.map((p) => p.name)).toEqual(['Lake George Lookout', 'Wingate by Wyndham']);
    expect(drive.pois[1].description).toBe('3994 Hwy 9l');
    expect(drive.pois[0].symbol).toBe('Scenic Area');
  });

  test('Furkot trip: via and shaping kinds come from trp extensions; routes are separated by gaps', () => {
    const imported = importFixture('furkot_garmin_trip_via_shaping_rpt.gpx');
    expectConsistent(imported);
    const { drive } = imported;
    expect(drive.waypoints.map((w) => w.kind[0]).join('')).toBe('vsvvvvvsv');
    expect(drive.segments.filter((s) => s.gap)).toHaveLength(2);
    expect(drive.pois).toHaveLength(4);
  });

  test('routes without shape points become straight segments', () => {
    const imported = importFixture('gpxstudio_routes.gpx');
    expectConsistent(imported);
    expect(imported.routes).toHaveLength(0);
    expect(imported.drive.waypoints).toHaveLength(77);
    expect(imported.drive.segments.filter((s) => s.router === 'straight' && !s.gap)).toHaveLength(75);
  });

  test('empty routes and segments are skipped; names fall back to the file name', () => {
    const empty = importFixture('empty_rte_and_empty_trkseg.gpx');
    expect([empty.drive.name, empty.drive.waypoints.length, empty.routes.length]).toEqual(['empty', 0, 0]);
    const oneEmpty = importFixture('track_with_empty_segment.gpx');
    expectConsistent(oneEmpty);
    expect(oneEmpty.drive.segments.map((s) => s.router)).toEqual(['fixed']);
    expect(oneEmpty.drive.name).toBe('2013-07-06T14:59:00Z');
    const nameless = gpxToDrive(readGpx('<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg><trkpt lat="1" lon="2"/></trkseg></trk></gpx>'), { fileName: 'C:\\rides\\Col du Galibier.v2.gpx' });
    expect(nameless.drive.name).toBe('Col du Galibier.v2');
    expect(nameless.drive.waypoints).toHaveLength(1);
    expect(gpxToDrive(readGpx('<gpx xmlns="http://www.topografix.com/GPX/1/1"/>')).drive.name).toBe('Imported GPX');
  });

  test('every fixture converts into a consistent drive; rte+trk packs keep both in file order', () => {
    for (const name of ['basecamp_route_viapoints_bom.gpx', 'brouter_osmandrouter_rte_unnamespaced_ext.gpx', 'furkot_garmin_multiday_rte_plus_trk.gpx',
      'garmin_connect_run.gpx', 'garmin_etrex20x_car_drive.gpx', 'gpx10_gpsbabel_track.gpx', 'gpxstudio_tracks_and_segments.gpx', 'apple_health_export_track.gpx']) {
      expectConsistent(importFixture(name));
    }
    const pack = importFixture('furkot_garmin_multiday_rte_plus_trk.gpx').drive;
    // 4 routes × 5 rtept, then 6 track segments × 2 ends.
    expect(pack.waypoints).toHaveLength(20 + 12);
    expect(pack.segments.filter((s) => s.router === 'fixed')).toHaveLength(6);
    // Durations without times use the assumed speed.
    const straightOnly = gpxToDrive(readGpx('<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg><trkpt lat="0" lon="0"/><trkpt lat="0" lon="1"/></trkseg></trk></gpx>'), { assumedSpeedKmh: 36 });
    expect(straightOnly.routes[0].durationSeconds).toBeCloseTo(straightOnly.routes[0].distanceMeters / 10, 6);
  });
});
