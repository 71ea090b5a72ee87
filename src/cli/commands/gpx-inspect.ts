/**
 * `gpx-inspect <file.gpx> [--json]`: reads a GPX file with the app's own reader and prints what
 * is in it. `--json` prints one line for scripts and tests:
 * `{"ok":true,"version","creator","waypoints":[{name,lon,lat}],"routes":[{name,points,shapePoints}],"tracks":[{name,segments:[trkpt per trkseg]}]}`,
 * or `{"ok":false,"error":"…"}` with exit status 2 when the file is missing or not valid GPX.
 */
import { readFileSync } from 'node:fs';
import { lineLengthMeters } from '../../core/geometry/earth';
import { decodeGpxBytes, readGpx, summarizeGpx, type GpxDocument, type GpxRoute } from '../../core/gpx';
import { countOf } from '../../core/format';
import { EXIT_OK, EXIT_USAGE, splitArgs, type CliCommand, type CliIo } from '../command';

const usage = `Usage: npm run cli -- gpx-inspect <file.gpx> [--json]

Reads a GPX 1.0/1.1 file the way Switchback imports it and lists its waypoints, routes
(route points, Garmin shape points) and tracks (points per segment).

  --json   print one JSON line: {"ok":true,"version",…} or {"ok":false,"error"} (exit 2)`;

export const gpxInspect: CliCommand = {
  name: 'gpx-inspect',
  summary: 'show what a GPX file contains (waypoints, routes, tracks), as text or JSON',
  usage,
  run(args, io) {
    const { flags, positionals } = splitArgs(args);
    const json = flags.delete('--json');
    const fail = (message: string): number => {
      if (json) io.out(JSON.stringify({ ok: false, error: message }));
      else io.err(`gpx-inspect: ${message}`);
      return EXIT_USAGE;
    };
    if (flags.size > 0) return fail(`unknown option ${[...flags][0]}. ${usage.split('\n')[0]}`);
    if (positionals.length !== 1) return fail(`expected one GPX file. ${usage.split('\n')[0]}`);

    const file = io.resolvePath(positionals[0]);
    let document: GpxDocument;
    let size: number;
    try {
      const bytes = readFileSync(file);
      size = bytes.length;
      document = readGpx(decodeGpxBytes(bytes));
    } catch (error) {
      return fail(describeError(error, positionals[0]));
    }
    if (json) io.out(JSON.stringify({ ok: true, ...summarizeGpx(document) }));
    else printSummary(io, positionals[0], size, document);
    return EXIT_OK;
  },
};

function describeError(error: unknown, shownPath: string): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return `file not found: ${shownPath}`;
  if (code === 'EISDIR') return `${shownPath} is a folder, not a GPX file`;
  if (code === 'EACCES') return `no permission to read ${shownPath}`;
  return error instanceof Error ? error.message : String(error);
}

function printSummary(io: CliIo, shownPath: string, size: number, doc: GpxDocument): void {
  const title = doc.metadata.name ?? doc.tracks.find((t) => t.name)?.name ?? doc.routes.find((r) => r.name)?.name ?? '(no name)';
  io.out(`${title}: GPX ${doc.version}${doc.creator ? ` by ${doc.creator}` : ''} (${shownPath}, ${formatBytes(size)})`);
  if (doc.metadata.timeMs !== undefined) io.out(`  time ${new Date(doc.metadata.timeMs).toISOString()}`);

  io.out(`${countOf(doc.waypoints.length, 'waypoint')}`);
  for (const w of doc.waypoints) io.out(`  ${w.name ?? '(no name)'}  ${w.lat.toFixed(6)}, ${w.lon.toFixed(6)}`);

  io.out(`${countOf(doc.routes.length, 'route')}`);
  for (const r of doc.routes) {
    const via = r.points.filter((p) => p.kind === 'via').length;
    const shaping = r.points.filter((p) => p.kind === 'shaping').length;
    const shape = r.points.reduce((n, p) => n + (p.shape ? p.shape.length >> 1 : 0), 0);
    const roles = via + shaping > 0 ? ` (${via} via, ${shaping} shaping)` : '';
    io.out(`  ${r.name ?? '(no name)'}: ${countOf(r.points.length, 'route point')}${roles}, ${countOf(shape, 'shape point')}, ${formatKm(routeLengthMeters(r))}`);
  }

  io.out(`${countOf(doc.tracks.length, 'track')}`);
  for (const t of doc.tracks) {
    const points = t.segments.map((s) => s.coords.length >> 1);
    const meters = t.segments.reduce((sum, s) => sum + lineLengthMeters(s.coords), 0);
    io.out(`  ${t.name ?? '(no name)'}: ${countOf(t.segments.length, 'segment')} [${points.join(', ')}], ${countOf(points.reduce((a, b) => a + b, 0), 'point')}, ${formatKm(meters)}`);
  }
}

/** Length along route points and their Garmin shape points, in file order. */
function routeLengthMeters(route: GpxRoute): number {
  const coords: number[] = [];
  for (const p of route.points) {
    coords.push(p.lon, p.lat);
    if (p.shape) for (let k = 0; k < p.shape.length; k++) coords.push(p.shape[k]);
  }
  return lineLengthMeters(Float64Array.from(coords));
}

const formatKm = (meters: number): string => `${(meters / 1000).toFixed(1)} km`;
const formatBytes = (bytes: number): string => (bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1048576).toFixed(1)} MB`);
