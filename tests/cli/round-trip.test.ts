/**
 * `npm run cli -- round-trip` end to end on a real Andorra pack written to a temp file: the JSON
 * loops equal the library's proposals (same seed), text output, exit status 2 with a message for a
 * start outside the pack, an impossible length and bad usage.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { haversineMeters } from '../../src/core/geometry/earth';
import { serializeRegionPack } from '../../src/core/region';
import { proposeRoundTrips } from '../../src/core/routing/round-trip';
import { regionPack, regionRouter } from '../core/region/region-test-data';

const REPO = path.resolve(__dirname, '../..');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');
const scratch = mkdtempSync(path.join(tmpdir(), 'switchback-round-trip-'));
const PACK = path.join(scratch, 'andorra.pack');
beforeAll(() => writeFileSync(PACK, new Uint8Array(serializeRegionPack(regionPack('andorra')))));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, ['src/cli/main.ts', 'round-trip', ...args], { cwd: REPO, env: { ...process.env, INIT_CWD: REPO }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

interface LoopJson {
  distance_m: number; duration_s: number; curvature_per_km: number; curviness: number; overlap_share: number;
  waypoints: [number, number][]; geometry: { type: string; coordinates: [number, number][] };
}

describe('round-trip', () => {
  test('--json prints the library\'s three 40 km curvy loops from Andorra la Vella, with GeoJSON geometry', async () => {
    const run = await cli('--region', PACK, '--start', '1.5218,42.5063', '--km', '40', '--profile', 'curvy', '--seed', '7', '--json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { loops } = JSON.parse(run.stdout) as { loops: LoopJson[] };
    const expected = await proposeRoundTrips(regionRouter('andorra'), { start: [1.5218, 42.5063], targetMeters: 40_000, curviness: 'curvy', seed: 7 });
    expect(loops.length).toBe(3);
    expect(loops.length).toBe(expected.length);
    loops.forEach((loop, i) => {
      const trip = expected[i];
      expect(loop.distance_m).toBeCloseTo(trip.distanceMeters, 1);
      expect(loop.duration_s).toBeCloseTo(trip.durationSeconds, 1);
      expect(loop.curvature_per_km).toBeCloseTo(trip.curvature.curvaturePerKm, 1);
      expect(loop.curviness).toBeCloseTo(trip.curvature.curviness, 1);
      expect(loop.overlap_share).toBeCloseTo(trip.overlapShare, 3);
      expect(loop.overlap_share).toBeLessThan(0.3);
      expect(Math.abs(loop.distance_m / 40_000 - 1)).toBeLessThanOrEqual(0.25);
      expect(loop.waypoints.length).toBe(trip.waypoints.length);
      loop.waypoints.forEach((p, k) => expect(haversineMeters(p[0], p[1], ...trip.waypoints[k])).toBeLessThan(0.05));
      expect(loop.geometry.type).toBe('LineString');
      expect(loop.geometry.coordinates.length).toBe(trip.route.coords.length / 2);
      const first = loop.geometry.coordinates[0], last = loop.geometry.coordinates[loop.geometry.coordinates.length - 1];
      expect(haversineMeters(first[0], first[1], last[0], last[1])).toBeLessThan(5);
      expect(haversineMeters(first[0], first[1], loop.waypoints[0][0], loop.waypoints[0][1])).toBeLessThan(0.05);
    });
  });

  test('text output: one line per loop with length, curvature and retraced share', async () => {
    const run = await cli('--region', PACK, '--start', '1.5218,42.5063', '--km', '40', '--count', '2');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^2 loops of about 40 km \(curvy\), best first:/);
    expect(run.stdout).toMatch(/\n {2}1\. \d+\.\d km, \d+ min, curvature \d+\/km \(curviness \d+\), \d+ curves?, retraced \d+ %, via /);
    expect(run.stdout.trim().split('\n').length).toBe(3);
  });

  test('no loop: a start outside the pack, an impossible length, bad usage — exit 2 with a message', async () => {
    const [paris, tooLong, noKm, badStart, badProfile, noPack] = await Promise.all([
      cli('--region', PACK, '--start', '2.35,48.85', '--km', '40', '--json'),
      cli('--region', PACK, '--start', '1.5218,42.5063', '--km', '300'),
      cli('--region', PACK, '--start', '1.5218,42.5063'),
      cli('--region', PACK, '--start', 'andorra', '--km', '40'),
      cli('--region', PACK, '--start', '1.5218,42.5063', '--km', '40', '--profile', 'shortest'),
      cli('--region', path.join(scratch, 'none.pack'), '--start', '1.5218,42.5063', '--km', '40'),
    ]);
    expect(paris.status).toBe(2);
    expect(JSON.parse(paris.stdout)).toMatchObject({ code: 'NoRoute', message: expect.stringMatching(/outside this region pack/) });
    expect(tooLong.status).toBe(2);
    expect(tooLong.stderr).toMatch(/round-trip: No round trip of about 300\.0 km/);
    expect(noKm.status).toBe(2);
    expect(noKm.stderr).toMatch(/give the loop length with --km/);
    expect(badStart.status).toBe(2);
    expect(badStart.stderr).toMatch(/--start "andorra" is not a point/);
    expect(badProfile.status).toBe(2);
    expect(badProfile.stderr).toMatch(/unknown profile "shortest"/);
    expect(noPack.status).toBe(2);
    expect(noPack.stderr).toMatch(/file not found/);
  });
});
