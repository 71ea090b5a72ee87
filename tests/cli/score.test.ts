/**
 * `npm run cli -- score` end to end: the CLI is spawned on the real GPX fixtures and on GPX files
 * written to a temp folder from real Andorra roads (so elevation and scenery mean something), and
 * its JSON is checked against the library functions computed here on the same input.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { HgtDemSource } from '../../src/core/elevation/hgt-dem-source';
import { decodeGpxBytes, readGpx, type GpxDocument } from '../../src/core/gpx';
import { poisFromPbf } from '../../src/core/pois/pois-from-pbf';
import { combineScoreCards, scoreCard, type ScoreCard, type ScoreCardOptions } from '../../src/core/scoring/score-card';
import { DEM_DIR, FIXTURE_DIR, PLACES, extractBytes, joinLines, roadThrough, sharedPath } from '../core/pois/shared-data';

const REPO = path.resolve(__dirname, '../..');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');
const scratch = mkdtempSync(path.join(tmpdir(), 'switchback-score-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run { status: number; stdout: string; stderr: string }
/** At most 2 CLI processes at a time: the machine is shared. */
let running = 0;
const waiting: (() => void)[] = [];
async function cli(...args: string[]): Promise<Run> {
  if (running >= 2) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await new Promise((resolve) => {
      execFile(TSX, ['src/cli/main.ts', 'score', ...args], { cwd: REPO, env: { ...process.env, INIT_CWD: REPO }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      });
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** The legs as the command defines them, rebuilt here from the parsed file. */
function legsOf(doc: GpxDocument): { name: string; pieces: Float64Array[] }[] {
  const routes = doc.routes.map((route, i) => {
    const coords: number[] = [];
    for (const p of route.points) {
      coords.push(p.lon, p.lat);
      if (p.shape) coords.push(...p.shape);
    }
    return { name: route.name ?? `Route ${i + 1}`, pieces: [Float64Array.from(coords)] };
  });
  const tracks = doc.tracks.map((track, i) => ({ name: track.name ?? `Track ${i + 1}`, pieces: track.segments.map((s) => s.coords).filter((c) => c.length >= 2) }));
  return [...routes, ...tracks];
}

/** The JSON fields of a card, as the command documents them. */
function expectedLeg(card: ScoreCard): Record<string, unknown> {
  const leg: Record<string, unknown> = {
    name: card.name, distance_m: card.distanceMeters, curvature: card.curvature, curvature_per_km: card.curvaturePerKm, curviness: card.curviness,
    curves: card.curves, hairpins: card.hairpins, turn_deg_per_km: card.turnDegPerKm, level_m: card.levelMeters,
  };
  if (card.elevation) Object.assign(leg, { ascent_m: card.elevation.ascentMeters, descent_m: card.elevation.descentMeters, max_ele_m: card.elevation.maxMeters, min_ele_m: card.elevation.minMeters });
  if (card.scenic) Object.assign(leg, { scenic: card.scenic.scenic, drive_score: card.driveScore });
  return leg;
}

function demFromDir(doc: GpxDocument): Promise<HgtDemSource> {
  const dem = new HgtDemSource({ loadTile: async (name) => { try { return new Uint8Array(readFileSync(path.join(DEM_DIR, `${name}.hgt.zip`))); } catch { return null; } } });
  return Promise.all(legsOf(doc).flatMap((leg) => leg.pieces.map((p) => dem.ensureCoverage(p)))).then(() => dem);
}

async function libraryCards(file: string, options: Omit<ScoreCardOptions, 'name'> & { withDem?: boolean } = {}): Promise<{ legs: ScoreCard[]; total: ScoreCard }> {
  const doc = readGpx(decodeGpxBytes(readFileSync(file)));
  const dem = options.withDem ? await demFromDir(doc) : undefined;
  const legs = legsOf(doc).map((leg) => scoreCard(leg.pieces, { ...options, dem, name: leg.name }));
  return { legs, total: combineScoreCards(legs, { name: 'total' }) };
}

const FIXTURES = readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.gpx') && !f.startsWith('malformed')).sort();

describe('score --json on the real GPX fixtures (with --dem ../shared/data/dem)', () => {
  test('all 14 well-formed GPX fixtures are there (16 files minus the malformed one and the ITN)', () => {
    expect(FIXTURES).toHaveLength(14);
  });

  const runs = new Map(FIXTURES.map((name) => [name, cli(path.relative(REPO, path.join(FIXTURE_DIR, name)), '--dem', path.relative(REPO, DEM_DIR), '--json')]));

  test.each(FIXTURES)('%s: one leg per rte and trk, values equal the library\'s', async (name) => {
    const { status, stdout, stderr } = await (runs.get(name) as Promise<Run>);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const result = JSON.parse(stdout);
    const doc = readGpx(decodeGpxBytes(readFileSync(path.join(FIXTURE_DIR, name))));
    const { legs, total } = await libraryCards(path.join(FIXTURE_DIR, name), { withDem: true });
    expect(result.ok).toBe(true);
    expect(result.legs).toHaveLength(doc.routes.length + doc.tracks.length);
    result.legs.forEach((leg: Record<string, unknown>, i: number) => {
      expect(leg).toEqual({ ...expectedLeg(legs[i]), kind: i < doc.routes.length ? 'route' : 'track', segments: legsOf(doc)[i].pieces.length });
      expect((leg.level_m as number[]).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual((leg.distance_m as number) + 1e-6);
      expect(leg.curviness).toBeGreaterThanOrEqual(0);
      expect(leg.curviness).toBeLessThanOrEqual(100);
    });
    expect(result.total).toEqual(expectedLeg(total));
    // None of these lies on the shared DEM tiles (Andorra, Monaco): no elevation, and a warning per non-empty leg.
    expect(result.legs.every((leg: Record<string, unknown>) => !('ascent_m' in leg))).toBe(true);
    expect(result.warnings ?? []).toHaveLength(legs.filter((card) => card.distanceMeters > 0).length);
  });

  test('GPX files are read the way gpx-inspect reads them: Garmin shape points make the route line', async () => {
    const result = JSON.parse((await (runs.get('mapsource_route_645_gpxx_rpt_inline_ns.gpx') as Promise<Run>)).stdout);
    const doc = readGpx(decodeGpxBytes(readFileSync(path.join(FIXTURE_DIR, 'mapsource_route_645_gpxx_rpt_inline_ns.gpx'))));
    const straight = doc.routes[0].points.map((p) => [p.lon, p.lat]).flat();
    // With the 592 shape points the line is longer than the 5 route points joined by straight lines.
    expect(result.legs[0].distance_m).toBeGreaterThan(scoreCard(Float64Array.from(straight)).distanceMeters);
    const tracks = JSON.parse((await (runs.get('osmand_recorded_multi_segment.gpx') as Promise<Run>)).stdout);
    expect(tracks.legs[0]).toMatchObject({ kind: 'track', segments: 3 });
  });
});

/** A GPX 1.1 file with a route (3 route points, road vertices as Garmin shape points) and a 2-segment track. */
function writeAndorraGpx(): { file: string; route: Float64Array; track: Float64Array[] } {
  const up = roadThrough('andorra', 'ref:CS-340', PLACES.collOrdinoPass).coords;
  const down = roadThrough('andorra', 'ref:CS-240', PLACES.collOrdinoPass).coords;
  const route = joinLines(up, down);
  const envalira = roadThrough('andorra', 'ref:CG-2', PLACES.envaliraPass).coords;
  const half = 2 * Math.floor(envalira.length / 4);
  const track = [envalira.slice(0, half + 2), envalira.slice(half)];
  const pt = (coords: Float64Array, i: number) => `lat="${coords[i + 1].toFixed(7)}" lon="${coords[i].toFixed(7)}"`;
  const shape = (from: number, to: number) => {
    const rpts: string[] = [];
    for (let i = from + 2; i < to; i += 2) rpts.push(`<gpxx:rpt ${pt(route, i)}/>`);
    return `<extensions><gpxx:RoutePointExtension>${rpts.join('')}</gpxx:RoutePointExtension></extensions>`;
  };
  const passAt = up.length - 2;
  const end = route.length - 2;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="switchback tests" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxx="http://www.garmin.com/xmlschemas/GpxExtensions/v3">
<rte><name>Coll d'Ordino</name>
<rtept ${pt(route, 0)}><name>Ordino</name>${shape(0, passAt)}</rtept>
<rtept ${pt(route, passAt)}><name>Coll d'Ordino</name>${shape(passAt, end)}</rtept>
<rtept ${pt(route, end)}><name>Canillo</name></rtept>
</rte>
<trk><name>Port d'Envalira</name>
${track.map((seg) => `<trkseg>${Array.from({ length: seg.length / 2 }, (_, k) => `<trkpt ${pt(seg, 2 * k)}/>`).join('')}</trkseg>`).join('\n')}
</trk>
</gpx>
`;
  const file = path.join(scratch, 'andorra-drive.gpx');
  writeFileSync(file, xml);
  return { file, route, track };
}

describe('score on a drive over real Andorra roads', () => {
  const { file } = writeAndorraGpx();
  const pbf = sharedPath('data/osm/andorra.osm.pbf');
  const full = cli(file, '--dem', DEM_DIR, '--pois', pbf, '--json');
  const singleTile = cli(file, '--dem', path.join(DEM_DIR, 'N42E001.hgt.zip'), '--json');
  const text = cli(file, `--dem=${DEM_DIR}`, `--pois=${pbf}`);

  test('legs and total equal the library\'s score cards, with elevation and scenery', async () => {
    const { status, stdout, stderr } = await full;
    expect([status, stderr]).toEqual([0, '']);
    const result = JSON.parse(stdout);
    const { legs, total } = await libraryCards(file, { withDem: true, pois: poisFromPbf(extractBytes('andorra')) });
    expect(result.legs.map((leg: { name: string }) => leg.name)).toEqual(["Coll d'Ordino", "Port d'Envalira"]);
    expect(result.legs.map((leg: { kind: string; segments: number }) => [leg.kind, leg.segments])).toEqual([['route', 1], ['track', 2]]);
    result.legs.forEach((leg: Record<string, unknown>, i: number) => {
      expect(leg).toMatchObject(expectedLeg(legs[i]));
      expect((leg.scenic_parts as { id: string; score: number }[]).map((p) => [p.id, p.score])).toEqual(legs[i].scenic?.parts.map((p) => [p.id, p.score]));
    });
    expect(result.total).toMatchObject(expectedLeg(total));
    expect(result.warnings).toBeUndefined();
  });

  test('sanity: heights, climbing and scenery are those of the two passes', async () => {
    const result = JSON.parse((await full).stdout);
    const [ordino, envalira] = result.legs;
    expect(ordino.max_ele_m).toBeGreaterThan(1987 - 60); // SRTM at the pass node (1987 m in OSM)
    expect(ordino.max_ele_m).toBeLessThan(1987 + 60);
    expect(envalira.max_ele_m).toBeGreaterThan(2408 - 60); // Port d'Envalira, 2408 m
    expect(envalira.max_ele_m).toBeLessThan(2408 + 60);
    expect(ordino.ascent_m).toBeGreaterThan(ordino.max_ele_m - ordino.min_ele_m - 5); // at least the climb to the top
    expect(result.total.ascent_m).toBeCloseTo(ordino.ascent_m + envalira.ascent_m, 6);
    expect(result.total.max_ele_m).toBe(envalira.max_ele_m);
    for (const leg of [ordino, envalira, result.total]) {
      expect(leg.scenic).toBeGreaterThan(0);
      expect(leg.scenic).toBeLessThanOrEqual(100);
      expect(leg.curvature).toBeGreaterThan(1000); // Franco's "very twisty"
    }
    const view = ordino.scenic_parts.find((p: { id: string }) => p.id === 'view');
    const viewpoint = view.items.find((item: { name: string }) => item.name === "Coll d'Ordino");
    expect(viewpoint).toMatchObject({ kind: 'viewpoint', contribution: 1, counted: true });
    expect(viewpoint.distance_m).toBeLessThan(150);
    expect(viewpoint.osm).toMatch(/^node\/\d+$/);
    const passes = envalira.scenic_parts.find((p: { id: string }) => p.id === 'pass');
    expect(passes.items.map((item: { name: string }) => item.name)).toContain("Port d'Envalira");
  });

  test('--dem with one tile file gives the same climbing as the folder', async () => {
    const [a, b] = [JSON.parse((await full).stdout), JSON.parse((await singleTile).stdout)];
    expect(b.legs.map((leg: { ascent_m: number }) => leg.ascent_m)).toEqual(a.legs.map((leg: { ascent_m: number }) => leg.ascent_m));
    expect(b.legs[0].scenic).toBeUndefined();
  });

  test('the text report names each leg with its figures', async () => {
    const { status, stdout } = await text;
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Coll d'Ordino: \d+\.\d km, curvature \d+/);
    expect(stdout).toMatch(/\nPort d'Envalira: \d+\.\d km/);
    expect(stdout).toMatch(/\ntotal: /);
    expect(stdout).toContain("Viewpoints");
    expect(stdout).toMatch(/ascent \d+ m, descent \d+ m, highest \d+ m/);
  });

  test('the text report counts in words: "1 hairpin", "10 curves"', async () => {
    const file = path.join(FIXTURE_DIR, 'garmin_etrex20x_car_drive.gpx');
    const { status, stdout } = await cli(file);
    expect(status).toBe(0);
    const card = scoreCard(legsOf(readGpx(decodeGpxBytes(readFileSync(file))))[0].pieces);
    expect([card.curves, card.hairpins]).toEqual([10, 1]);
    expect(stdout).toContain(', 10 curves, 1 hairpin, ');
  });
});

describe('score errors: exit 2 with a message', () => {
  test('missing or malformed GPX, missing DEM, an extract that is not PBF, bad usage', async () => {
    const [missing, malformed, itn, noDem, badPois, unknown, noValue, none, text] = await Promise.all([
      cli('no/such/drive.gpx', '--json'),
      cli(path.join(FIXTURE_DIR, 'malformed_mismatched_close_tag.gpx'), '--json'),
      cli(path.join(FIXTURE_DIR, 'tomtom_sample_cp1252.itn'), '--json'),
      cli(path.join(FIXTURE_DIR, 'gpxstudio_routes.gpx'), '--dem', 'no/such/dem', '--json'),
      cli(path.join(FIXTURE_DIR, 'gpxstudio_routes.gpx'), '--pois', path.join(FIXTURE_DIR, 'gpxstudio_routes.gpx'), '--json'),
      cli(path.join(FIXTURE_DIR, 'gpxstudio_routes.gpx'), '--jsno'),
      cli(path.join(FIXTURE_DIR, 'gpxstudio_routes.gpx'), '--json', '--dem'),
      cli('--json'),
      cli('no/such/drive.gpx'),
    ]);
    for (const run of [missing, malformed, itn, noDem, badPois, unknown, noValue, none, text]) expect(run.status).toBe(2);
    expect(JSON.parse(missing.stdout)).toEqual({ ok: false, error: 'file not found: no/such/drive.gpx' });
    expect(JSON.parse(malformed.stdout).error).toMatch(/Line 13: closing tag <\/ggpx> does not match <gpx>/);
    expect(JSON.parse(itn.stdout).error).toMatch(/TomTom ITN itinerary, not a GPX file/);
    expect(JSON.parse(noDem.stdout)).toEqual({ ok: false, error: 'file not found: no/such/dem' });
    expect(JSON.parse(badPois.stdout).error).toMatch(/gpxstudio_routes\.gpx: .*(not an OSM PBF|PBF)/);
    expect(unknown.stderr).toMatch(/^score: unknown option --jsno/);
    expect(JSON.parse(noValue.stdout).error).toMatch(/^--dem needs a path/);
    expect(JSON.parse(none.stdout).error).toMatch(/^expected one GPX file/);
    expect([text.stdout, text.stderr]).toEqual(['', 'score: file not found: no/such/drive.gpx\n']);
  });
});
