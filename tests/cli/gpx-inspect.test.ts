import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeGpxBytes } from '../../src/core/gpx';
import { FIXTURE_DIR, oracleRead, readShared } from '../core/gpx/xmldom-oracle';

const REPO = path.resolve(__dirname, '../..');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');

interface Run { status: number; stdout: string; stderr: string }

/** At most 4 CLI processes at a time: each is a Node start-up, and the machine is shared. */
let running = 0;
const waiting: (() => void)[] = [];
async function limited<T>(task: () => Promise<T>): Promise<T> {
  if (running >= 4) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await task();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Runs `tsx src/cli/main.ts …args` from the repository root, as `npm run cli` does. */
function cli(...args: string[]): Promise<Run> {
  return limited(() => spawnCli(args));
}

function spawnCli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, ['src/cli/main.ts', ...args], { cwd: REPO, env: { ...process.env, INIT_CWD: REPO } }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}

const fixturePath = (name: string) => path.relative(REPO, path.join(FIXTURE_DIR, name));
const FILES = readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.gpx') || f.endsWith('.itn')).sort();

describe('gpx-inspect --json on every fixture', () => {
  test('all 16 fixtures are there', () => {
    expect(FILES, `fixtures in ${FIXTURE_DIR}`).toHaveLength(16);
  });

  // All fixture runs start together (4 at a time); each test awaits its own.
  const runs = new Map(FILES.map((name) => [name, cli('gpx-inspect', fixturePath(name), '--json')]));
  const run = (name: string) => runs.get(name) as Promise<Run>;

  test.each(FILES.filter((f) => f.endsWith('.gpx') && !f.startsWith('malformed')))('%s: counts equal an independent DOM reading', async (name) => {
    const { status, stdout, stderr } = await run(name);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout.endsWith('\n') && stdout.indexOf('\n') === stdout.length - 1).toBe(true);
    const oracle = oracleRead(decodeGpxBytes(readShared(`fixtures/gpx/${name}`)));
    expect(JSON.parse(stdout)).toEqual({
      ok: true,
      version: oracle.version,
      creator: oracle.creator,
      waypoints: oracle.waypoints.map((w) => ({ name: w.name ?? null, lon: w.lon, lat: w.lat })),
      routes: oracle.routes.map((r) => ({ name: r.name ?? null, points: r.points.length, shapePoints: r.points.reduce((n, p) => n + (p.shape?.length ?? 0) / 2, 0) })),
      tracks: oracle.tracks.map((t) => ({ name: t.name ?? null, segments: t.segments.map((s) => s.coords.length / 2) })),
    });
    expect(Object.keys(JSON.parse(stdout))).toEqual(['ok', 'version', 'creator', 'waypoints', 'routes', 'tracks']);
  });

  test('the numbers SOURCES.md gives', async () => {
    const json = async (name: string) => JSON.parse((await run(name)).stdout);
    expect((await json('mapsource_route_645_gpxx_rpt_inline_ns.gpx')).routes).toEqual([{ name: 'Eastern Lakes Ride', points: 5, shapePoints: 592 }]);
    const furkot = await json('furkot_garmin_trip_via_shaping_rpt.gpx');
    expect(furkot.routes.reduce((n: number, r: { shapePoints: number }) => n + r.shapePoints, 0)).toBe(1276);
    expect(furkot.waypoints).toHaveLength(4);
    expect((await json('osmand_recorded_multi_segment.gpx')).tracks[0].segments).toHaveLength(3);
    expect((await json('track_with_empty_segment.gpx')).tracks).toEqual([{ name: '2013-07-06T14:59:00Z', segments: [9, 0] }]);
    const gpx10 = await json('gpx10_gpsbabel_track.gpx');
    expect([gpx10.version, gpx10.tracks.length, gpx10.waypoints.length]).toEqual(['1.0', 8, 7]);
    expect((await json('empty_rte_and_empty_trkseg.gpx')).routes).toEqual([{ name: 'Day 1 - Fri, Mar 22, 2019', points: 0, shapePoints: 0 }]);
    expect((await json('gpxstudio_routes.gpx')).routes.map((r: { points: number }) => r.points)).toEqual([49, 28]);
    expect((await json('garmin_etrex20x_car_drive.gpx')).tracks[0].segments).toEqual([104]);
    expect((await json('garmin_connect_run.gpx')).tracks[0].segments).toEqual([206]);
    expect((await json('basecamp_route_viapoints_bom.gpx')).waypoints).toHaveLength(2);
  });

  test('malformed XML: ok false with the line, exit 2', async () => {
    const { status, stdout } = await run('malformed_mismatched_close_tag.gpx');
    expect(status).toBe(2);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual(['ok', 'error']);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^Line 13: closing tag <\/ggpx> does not match <gpx>/);
  });

  test('TomTom ITN: ok false, exit 2', async () => {
    const { status, stdout } = await run('tomtom_sample_cp1252.itn');
    expect(status).toBe(2);
    expect(JSON.parse(stdout)).toEqual({ ok: false, error: expect.stringMatching(/TomTom ITN itinerary, not a GPX file/) });
  });
});

describe('the CLI shell', () => {
  test('a missing file: ok false, exit 2 (JSON) or a message on stderr (text)', async () => {
    const [json, text] = await Promise.all([cli('gpx-inspect', 'no/such/file.gpx', '--json'), cli('gpx-inspect', 'no/such/file.gpx')]);
    expect([json.status, JSON.parse(json.stdout)]).toEqual([2, { ok: false, error: 'file not found: no/such/file.gpx' }]);
    expect([text.status, text.stdout, text.stderr]).toEqual([2, '', 'gpx-inspect: file not found: no/such/file.gpx\n']);
  });

  test('text summary lists what is in the file', async () => {
    const { status, stdout } = await cli('gpx-inspect', fixturePath('furkot_garmin_trip_via_shaping_rpt.gpx'));
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Ski trip: GPX 1\.1 by http:\/\/furkot\.com\//);
    expect(stdout).toContain('4 waypoints');
    expect(stdout).toContain('Day 1 - Tue Apr 23 2013: 3 route points (2 via, 1 shaping), 312 shape points');
    expect(stdout).toContain('0 tracks');
  });

  test('--help, <command> --help, unknown command, bad usage', async () => {
    const [help, commandHelp, unknown, none, extra, flag] = await Promise.all([
      cli('--help'), cli('gpx-inspect', '--help'), cli('frobnicate'), cli(), cli('gpx-inspect', 'a.gpx', 'b.gpx'), cli('gpx-inspect', 'a.gpx', '--jsno'),
    ]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Commands:\n {2}gpx-inspect +show what a GPX file contains/);
    expect(commandHelp.status).toBe(0);
    expect(commandHelp.stdout).toMatch(/^Usage: npm run cli -- gpx-inspect <file\.gpx> \[--json\]/);
    expect([unknown.status, unknown.stderr]).toEqual([2, 'Unknown command "frobnicate". Run "npm run cli -- --help" to list the commands.\n']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('Commands:');
    expect([extra.status, extra.stderr]).toEqual([2, expect.stringMatching(/expected one GPX file/)]);
    expect([flag.status, flag.stderr]).toEqual([2, expect.stringMatching(/unknown option --jsno/)]);
  });
});
