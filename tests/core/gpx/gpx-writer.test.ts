import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { segmentKey, type Drive } from '../../../src/core/drive/drive';
import type { SegmentRoute } from '../../../src/core/drive/segment-route';
import { decodeGpxBytes, driveToGpx, gpxToDrive, readGpx, type GpxWriteOptions } from '../../../src/core/gpx';
import { mulberry32 } from '../../bench/gpx-synthetic-track';
import { FIXTURE_DIR, readShared } from './xmldom-oracle';
import { xmllintValidate } from './xmllint';

const GOLDEN_DIR = path.join(__dirname, 'golden');
const TIME = Date.UTC(2024, 5, 1, 8, 30);

/** Compares with tests/core/gpx/golden/<name>; `REGEN=1` rewrites the file instead. */
function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.REGEN) {
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`Golden file ${file} is missing: run REGEN=1 npx vitest run --project unit tests/core/gpx and review the diff.`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

function expectSchemaValid(xml: string): void {
  for (const schema of ['gpx.xsd', 'gpx11-garmin.xsd'] as const) {
    const result = xmllintValidate(xml, schema);
    expect(result.status, `${schema}: ${result.output}`).toBe(0);
  }
}

/** A small Andorra loop: via/shaping points, a fixed imported line, a pen-up gap, hostile names. */
function goldenDrive(): { drive: Drive; routes: Map<string, SegmentRoute> } {
  const drive: Drive = {
    id: 'd-golden', name: `Ordino & "Envalira" <loop> it's 🏔️\u0007`, createdAt: 0, updatedAt: 0,
    waypoints: [
      { id: 'w1', position: [1.5339, 42.5078], name: 'Andorra la Vella & café', kind: 'via' },
      { id: 'w2', position: [1.5701, 42.556], name: 'Ordino', kind: 'shaping' },
      { id: 'w3', position: [1.5953, 42.5867], name: 'Coll d\'Ordino "top"', kind: 'via' },
      { id: 'w4', position: [1.7334, 42.5431], name: '', kind: 'shaping' },
      { id: 'w5', position: [1.7211, 42.5433], name: 'Pas de la Casa <end>\u0001', kind: 'shaping' },
    ],
    segments: [{ router: 'osrm' }, { router: 'fixed', fixedKey: 'fixed|d-golden|0' }, { router: 'straight', gap: true }, { router: 'straight' }],
    pois: [{ id: 'p1', position: [1.5405, 42.5297], name: 'Roc del Quer > "glass floor"', description: 'View & café', symbol: 'Scenic Area' }, { id: 'p2', position: [1.6, 42.6], name: '' }],
    defaultRouter: 'osrm', profile: 'fastest',
  };
  const line = (coords: number[], elevations?: number[]) => ({ coords: new Float64Array(coords), elevationsMeters: elevations && new Float32Array(elevations) });
  const routes = new Map<string, SegmentRoute>();
  const add = (i: number, geometry: { coords: Float64Array; elevationsMeters?: Float32Array }) => {
    const key = segmentKey(drive, i);
    routes.set(key, { key, madeBy: i === 1 ? 'fixed' : 'osrm', ...geometry, distanceMeters: 1, durationSeconds: 1, steps: [] });
  };
  add(0, line([1.5339, 42.5078, 1.54001, 42.52, 1.5512345678, 42.53, 1.5701, 42.556]));
  add(1, line([1.5701, 42.556, 1.58, 42.57, 1.5953, 42.5867], [1300.04, 1500.56, NaN]));
  return { drive, routes };
}

test('the schema check rejects the shared invalid example (so a pass means something)', () => {
  const invalid = readShared('schemas/examples/route-gpxx-trp-invalid.gpx').toString('utf8');
  expect(xmllintValidate(invalid, 'gpx11-garmin.xsd').status).toBe(3);
  expect(xmllintValidate(readShared('schemas/examples/route-gpxx-trp-valid.gpx').toString('utf8'), 'gpx11-garmin.xsd').status).toBe(0);
});

describe('driveToGpx goldens', () => {
  const cases: [string, GpxWriteOptions][] = [
    ['drive-default.gpx', {}],
    ['drive-route-without-shape.gpx', { includeTrack: false, includeRouteShape: false, displayColor: 'DarkBlue', transportationMode: 'Motorcycling' }],
    ['drive-track-only.gpx', { includeRoute: false, includePois: false }],
  ];
  test.each(cases)('%s matches its golden and validates against gpx.xsd and the Garmin schemas', (name, options) => {
    const { drive, routes } = goldenDrive();
    const xml = driveToGpx(drive, (key) => routes.get(key), { timeMs: TIME, ...options });
    expectGolden(name, xml);
    expectSchemaValid(xml);
  });

  test('header, namespace and names are as devices need them', () => {
    const { drive, routes } = goldenDrive();
    const xml = driveToGpx(drive, (key) => routes.get(key), { timeMs: TIME });
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="Switchback" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxx=')).toBe(true);
    expect(xml).toContain('<name>Ordino &amp; &quot;Envalira&quot; &lt;loop&gt; it\'s 🏔️</name>');
    expect(xml).toContain('<name>Pas de la Casa &lt;end&gt;</name>');
    expect(xml).not.toMatch(/[\u0000-\u0008]/);
    expect(xml).not.toMatch(/\d[eE][+-]?\d/);
  });
});

describe('driveToGpx semantics', () => {
  test('write → read gives the same points at 1e-6, roles and one trkseg per run between gaps', () => {
    const random = mulberry32(3);
    const n = 12;
    // Crosses the antimeridian between waypoints 4 and 5 (lon 179.9 → -180.0).
    const positions = Array.from({ length: n }, (_, i): [number, number] => [179.5 + i * 0.1 - (i >= 5 ? 360 : 0), -45 + random()]);
    const drive: Drive = {
      id: 'd', name: 'Dateline', createdAt: 0, updatedAt: 0, defaultRouter: 'osrm', profile: 'fastest', pois: [],
      waypoints: positions.map((p, i) => ({ id: `w${i}`, position: p, name: `P${i}`, kind: i % 3 === 1 ? 'shaping' : 'via' })),
      segments: positions.slice(1).map((_, i) => (i === 5 ? { router: 'straight', gap: true } : { router: 'osrm' })),
    };
    const routes = new Map<string, SegmentRoute>();
    for (let i = 0; i + 1 < n; i++) {
      const [a, b] = [positions[i], positions[i + 1]];
      const coords = new Float64Array(2 * 200);
      for (let k = 0; k < 200; k++) {
        const t = k / 199;
        coords[2 * k] = a[0] + (b[0] - a[0] + (Math.abs(b[0] - a[0]) > 180 ? 360 : 0)) * t;
        coords[2 * k + 1] = a[1] + (b[1] - a[1]) * t + (k > 0 && k < 199 ? (random() - 0.5) * 1e-3 : 0);
        if (coords[2 * k] >= 180) coords[2 * k] -= 360;
      }
      routes.set(segmentKey(drive, i), { key: segmentKey(drive, i), madeBy: 'osrm', coords, distanceMeters: 0, durationSeconds: 0, steps: [] });
    }
    const xml = driveToGpx(drive, (key) => routes.get(key), { timeMs: TIME });
    expectSchemaValid(xml);
    const back = readGpx(xml);

    /** Equal at 1e-6 degrees; longitudes compared modulo 360 (the writer wraps them into [-180, 180)). */
    const near = (a: number, b: number) => Math.abs(((a - b + 540) % 360) - 180) <= 1e-6;
    const rte = back.routes[0];
    expect(rte.points.map((p) => p.name)).toEqual(drive.waypoints.map((w) => w.name));
    expect(rte.points.map((p) => p.kind)).toEqual(drive.waypoints.map((w, i) => (i === 0 || i === n - 1 ? 'via' : w.kind)));
    rte.points.forEach((p, i) => {
      expect(near(p.lon, drive.waypoints[i].position[0]) && near(p.lat, drive.waypoints[i].position[1])).toBe(true);
      const route = i < n - 1 && !drive.segments[i].gap ? routes.get(segmentKey(drive, i)) : undefined;
      expect(Array.from(p.shape ?? []).length).toBe(route ? route.coords.length : 0);
      if (route && p.shape) expect(Array.from(p.shape).every((v, k) => near(v, route.coords[k]))).toBe(true);
    });

    // Segments 0-4 form one run, 6-10 another; shared joining vertices appear once.
    const segs = back.tracks[0].segments;
    expect(segs.map((s) => s.coords.length / 2)).toEqual([5 * 199 + 1, 5 * 199 + 1]);
    const expected = [0, 6].map((first) => {
      const out: number[] = [];
      for (let i = first; i < first + 5; i++) {
        const c = Array.from(routes.get(segmentKey(drive, i))?.coords ?? []);
        out.push(...(i === first ? c : c.slice(2)));
      }
      return out;
    });
    segs.forEach((s, k) => expect(Array.from(s.coords).every((v, j) => near(v, expected[k][j]))).toBe(true));
    expect(xml).not.toContain('lon="180.000000"');
  });

  test('every fixture imported and exported again is schema-valid GPX 1.1', () => {
    const files = readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.gpx') && !f.startsWith('malformed'));
    expect(files.length).toBe(14);
    for (const file of files) {
      const { drive, routes } = gpxToDrive(readGpx(decodeGpxBytes(readShared(`fixtures/gpx/${file}`))), { fileName: file, now: TIME });
      const byKey = new Map(routes.map((r) => [r.key, r]));
      const xml = driveToGpx(drive, (key) => byKey.get(key), { timeMs: TIME });
      expectSchemaValid(xml);
      const back = readGpx(xml);
      expect(back.routes.flatMap((r) => r.points)).toHaveLength(drive.waypoints.length);
      expect(back.waypoints).toHaveLength(drive.pois.length);
    }
  });

  test('empty drive, options off, and a waypoint without a position', () => {
    const { drive, routes } = goldenDrive();
    const empty = driveToGpx({ ...drive, waypoints: [], segments: [], pois: [] }, () => undefined, { timeMs: TIME });
    expectSchemaValid(empty);
    expect(empty).not.toMatch(/<rte>|<trk>|<wpt/);
    const bare = driveToGpx(drive, (key) => routes.get(key), { timeMs: TIME, includeRoute: false, includeTrack: false, includePois: false });
    expect(bare).not.toMatch(/<rte>|<trk>|<wpt/);
    const broken = { ...drive, waypoints: drive.waypoints.map((w, i) => (i === 2 ? { ...w, position: [NaN, 42] as const } : w)) };
    expect(() => driveToGpx(broken, () => undefined)).toThrow(/Waypoint 3 \("Coll d'Ordino "top""\) has no valid position/);
  });
});
