/**
 * `npm run cli -- route` end to end on a real Andorra pack: OSRM /route/v1 JSON equal to the
 * library's, instructions as text, NoRoute with exit status 2, usage errors.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serializeRegionPack } from '../../src/core/region';
import { toOsrmRouteResponse } from '../../src/core/routing/osrm-response';
import { regionPack, regionRouter } from '../core/region/region-test-data';

const REPO = path.resolve(__dirname, '../..');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');
const scratch = mkdtempSync(path.join(tmpdir(), 'switchback-route-'));
const PACK = path.join(scratch, 'andorra.pack');
beforeAll(() => writeFileSync(PACK, new Uint8Array(serializeRegionPack(regionPack('andorra')))));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, ['src/cli/main.ts', 'route', ...args], { cwd: REPO, env: { ...process.env, INIT_CWD: REPO }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('route', () => {
  test('prints the OSRM response of the local router: Andorra la Vella → Coll d\'Ordino → Port d\'Envalira', async () => {
    const run = await cli('--region', PACK, '--profile', 'curvy', '--avoid', 'unpaved,toll', '1.5211,42.5078', '1.57229,42.55606', '1.71938,42.54018', '--json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.code).toBe('Ok');
    expect(json.routes[0].geometry.type).toBe('LineString');
    expect(json.routes[0].legs.length).toBe(2);
    expect(json.waypoints.length).toBe(3);
    const expected = toOsrmRouteResponse(regionRouter('andorra').plan({
      waypoints: [[1.5211, 42.5078], [1.57229, 42.55606], [1.71938, 42.54018]], profile: 'curvy', avoid: ['unpaved', 'toll'],
    }).result);
    expect(json).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(json.routes[0].legs[0].steps[0].maneuver.type).toBe('depart');
  });

  test('text output: one instruction per line', async () => {
    const run = await cli('--region', PACK, '1.5211,42.5078', '1.71938,42.54018');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/km, \d+ min \(fastest\)/);
    expect(run.stdout).toMatch(/exit onto CG-2/);
    expect(run.stdout).toMatch(/You have arrived/);
  });

  test('an unroutable request prints code NoRoute and exits 2; bad usage exits 2 with a message', async () => {
    const far = await cli('--region', PACK, '2.35,48.85', '1.71938,42.54018', '--json');
    expect(far.status).toBe(2);
    expect(JSON.parse(far.stdout)).toMatchObject({ code: 'NoRoute', message: expect.stringMatching(/Waypoint 1/) });
    const profile = await cli('--region', PACK, '--profile', 'scenic', '1.52,42.5', '1.7,42.54');
    expect(profile.status).toBe(2);
    expect(profile.stderr).toMatch(/unknown profile "scenic"/);
    const onePoint = await cli('--region', PACK, '1.52,42.5', '--json');
    expect(onePoint.status).toBe(2);
    const noPack = await cli('--region', path.join(scratch, 'none.pack'), '1.52,42.5', '1.7,42.54');
    expect(noPack.status).toBe(2);
    expect(noPack.stderr).toMatch(/file not found/);
  });
});
