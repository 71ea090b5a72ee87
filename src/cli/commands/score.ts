/**
 * `score <file.gpx> [--dem <file-or-dir>] [--pois <extract.osm.pbf>] [--json]`: the score card of
 * every route and track of a GPX file, and of all of them together.
 *
 * One leg per `<rte>` and per `<trk>`: routes first, then tracks, which is document order in any
 * schema-valid GPX (the 1.0 and 1.1 XSDs put every rte before every trk). A route's line is its
 * route points with the Garmin `gpxx:rpt` shape points after each; a track's segments are scored
 * separately and summed (no curve spans a pause). `--json` prints one line:
 * `{"ok":true,"legs":[…],"total":{…}}` (see `legJson` for the fields), or `{"ok":false,"error"}`
 * with exit status 2 when an input is missing or invalid.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { HgtDemSource } from '../../core/elevation/hgt-dem-source';
import { decodeGpxBytes, readGpx, type GpxDocument, type GpxRoute } from '../../core/gpx';
import { poisFromPbf } from '../../core/pois/pois-from-pbf';
import type { PoiSet } from '../../core/pois/poi-set';
import type { ScenicPart } from '../../core/scenic/scenic-composite';
import { combineScoreCards, scoreCard, type ScoreCard } from '../../core/scoring/score-card';
import type { LonLatArray } from '../../core/units';
import { countOf } from '../../core/format';
import { EXIT_OK, EXIT_USAGE, type CliCommand } from '../command';

const usage = `Usage: npm run cli -- score <file.gpx> [--dem <file-or-dir>] [--pois <extract.osm.pbf>] [--json]

Scores every route and track of a GPX file (and all of them together): distance, RC-1 curvature,
curviness 0-100, curves, hairpins, turning per km, metres per curve level; with --dem also
ascent, descent and the highest point; with --pois the scenic score and its parts.

  --dem <path>    an SRTM .hgt / .hgt.zip tile, or a folder of them (tiles named like N42E001)
  --pois <path>   an OpenStreetMap extract (.osm.pbf) for viewpoints, passes, peaks, water…
  --json          print one JSON line: {"ok":true,"legs":[…],"total":{…}} or {"ok":false,"error"} (exit 2)`;

interface Leg {
  name: string;
  kind: 'route' | 'track';
  pieces: LonLatArray[];
}

class UsageError extends Error {}

export const score: CliCommand = {
  name: 'score',
  summary: 'score the routes and tracks of a GPX file: curvature, elevation, scenery (text or JSON)',
  usage,
  async run(args, io) {
    let json = false;
    const fail = (message: string): number => {
      if (json) io.out(JSON.stringify({ ok: false, error: message }));
      else io.err(`score: ${message}`);
      return EXIT_USAGE;
    };
    let options: { file: string; dem?: string; pois?: string; json: boolean };
    try {
      options = parseArgs(args);
      json = options.json;
    } catch (error) {
      json = args.includes('--json');
      return fail(error instanceof Error ? error.message : String(error));
    }

    let document: GpxDocument;
    try {
      document = readGpx(decodeGpxBytes(readFileSync(io.resolvePath(options.file))));
    } catch (error) {
      return fail(describeError(error, options.file, 'GPX file'));
    }
    const legs = legsOf(document);
    if (legs.length === 0) return fail(`${options.file} has no route and no track to score. Add an <rte> or <trk>, or export the drive again.`);

    const warnings: string[] = [];
    let dem: HgtDemSource | undefined;
    if (options.dem !== undefined) {
      try {
        dem = await openDem(io.resolvePath(options.dem), options.dem, legs);
      } catch (error) {
        return fail(describeError(error, options.dem, 'elevation data'));
      }
    }
    let pois: PoiSet | undefined;
    if (options.pois !== undefined) {
      try {
        pois = poisFromPbf(readFileSync(io.resolvePath(options.pois)), { inflate: (data) => inflateSync(data) });
      } catch (error) {
        return fail(describeError(error, options.pois, 'OSM extract'));
      }
    }

    const cards = legs.map((leg) => scoreCard(leg.pieces, { name: leg.name, dem, pois }));
    if (dem) {
      cards.forEach((card, i) => {
        if (card.distanceMeters > 0 && !card.elevation) warnings.push(`The elevation data covers no point of ${legs[i].kind} "${legs[i].name}": no ascent for it.`);
      });
    }
    const total = combineScoreCards(cards, { name: 'total' });

    if (json) {
      const out: Record<string, unknown> = { ok: true, legs: cards.map((card, i) => ({ ...legJson(card), kind: legs[i].kind, segments: legs[i].pieces.length })), total: legJson(total) };
      if (warnings.length > 0) out.warnings = warnings;
      io.out(JSON.stringify(out));
    } else {
      for (const warning of warnings) io.err(`score: ${warning}`);
      for (const card of [...cards, total]) printCard(io.out, card);
    }
    return EXIT_OK;
  },
};

function parseArgs(args: readonly string[]): { file: string; dem?: string; pois?: string; json: boolean } {
  const positionals: string[] = [];
  let dem: string | undefined, pois: string | undefined, json = false, flagsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (flagsEnded || !arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
    } else if (arg === '--') {
      flagsEnded = true;
    } else if (arg === '--json') {
      json = true;
    } else if (arg === '--dem' || arg === '--pois' || arg.startsWith('--dem=') || arg.startsWith('--pois=')) {
      const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
      const value = inline ?? args[++i];
      if (value === undefined || value === '') throw new UsageError(`${flag} needs a path. ${usage.split('\n')[0]}`);
      if (flag === '--dem') dem = value;
      else pois = value;
    } else {
      throw new UsageError(`unknown option ${arg}. ${usage.split('\n')[0]}`);
    }
  }
  if (positionals.length !== 1) throw new UsageError(`expected one GPX file. ${usage.split('\n')[0]}`);
  return { file: positionals[0], dem, pois, json };
}

/** Routes (their points plus shape points), then tracks (their non-empty segments). */
function legsOf(document: GpxDocument): Leg[] {
  const legs: Leg[] = [];
  document.routes.forEach((route, i) => legs.push({ name: route.name ?? `Route ${i + 1}`, kind: 'route', pieces: [routeLine(route)] }));
  document.tracks.forEach((track, i) => legs.push({
    name: track.name ?? `Track ${i + 1}`, kind: 'track', pieces: track.segments.map((s) => s.coords).filter((coords) => coords.length >= 2),
  }));
  return legs;
}

/** Route points with each point's Garmin shape points (the computed path towards the next point) after it. */
function routeLine(route: GpxRoute): LonLatArray {
  let n = 0;
  for (const p of route.points) n += 2 + (p.shape ? p.shape.length : 0);
  const out = new Float64Array(n);
  let at = 0;
  for (const p of route.points) {
    out[at++] = p.lon;
    out[at++] = p.lat;
    if (p.shape) {
      out.set(p.shape, at);
      at += p.shape.length;
    }
  }
  return out;
}

/**
 * A `.hgt`/`.hgt.zip` file, or a folder whose tiles load on demand for the legs' extent (tiles are
 * named after their south-west corner, e.g. N42E001.hgt.zip).
 */
async function openDem(file: string, shown: string, legs: readonly Leg[]): Promise<HgtDemSource> {
  if (!existsSync(file)) throw Object.assign(new Error(`file not found: ${shown}`), { code: 'ENOENT' });
  if (!statSync(file).isDirectory()) {
    const dem = new HgtDemSource();
    dem.addTile(readFileSync(file), path.basename(file));
    return dem;
  }
  const dem = new HgtDemSource({
    loadTile: async (name) => {
      for (const candidate of [`${name}.hgt.zip`, `${name}.hgt`, `${name.toLowerCase()}.hgt.zip`, `${name.toLowerCase()}.hgt`]) {
        const tile = path.join(file, candidate);
        if (existsSync(tile)) return readFileSync(tile);
      }
      return null;
    },
  });
  for (const leg of legs) for (const piece of leg.pieces) await dem.ensureCoverage(piece);
  return dem;
}

/**
 * One leg (or the total) as JSON: `name, distance_m, curvature, curvature_per_km, curviness,
 * curves, hairpins, turn_deg_per_km, level_m` (metres at levels 0–4); with elevation
 * `ascent_m, descent_m, max_ele_m, min_ele_m`; with features `scenic, scenic_parts, scenic_bonus,
 * drive_score`. `duration_s` when known.
 */
function legJson(card: ScoreCard): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: card.name,
    distance_m: card.distanceMeters,
    curvature: card.curvature,
    curvature_per_km: card.curvaturePerKm,
    curviness: card.curviness,
    curves: card.curves,
    hairpins: card.hairpins,
    turn_deg_per_km: card.turnDegPerKm,
    level_m: card.levelMeters,
  };
  if (card.durationSeconds !== null) out.duration_s = card.durationSeconds;
  if (card.elevation) {
    out.ascent_m = card.elevation.ascentMeters;
    out.descent_m = card.elevation.descentMeters;
    out.max_ele_m = card.elevation.maxMeters;
    out.min_ele_m = card.elevation.minMeters;
  }
  if (card.scenic) {
    out.scenic = card.scenic.scenic;
    out.scenic_parts = card.scenic.parts.map(partJson);
    out.scenic_bonus = partJson(card.scenic.bonus);
    out.drive_score = card.driveScore;
  }
  return out;
}

function partJson(part: ScenicPart): Record<string, unknown> {
  return {
    id: part.id, label: part.label, score: part.score, weight: part.weight, effective_weight: part.effectiveWeight, available: part.available,
    inputs: part.inputs, summary: part.summary,
    items: part.items.map((item) => ({
      kind: item.kind, name: item.name, distance_m: item.distanceMeters,
      ...(item.alongMeters !== undefined ? { along_m: item.alongMeters } : {}),
      ...(item.eleMeters !== undefined ? { ele_m: item.eleMeters } : {}),
      ...(item.contribution !== undefined ? { contribution: item.contribution } : {}),
      ...(item.samples !== undefined ? { samples: item.samples } : {}),
      counted: item.counted, osm: `${item.osm.type}/${item.osm.id}`,
    })),
  };
}

function printCard(out: (text: string) => void, card: ScoreCard): void {
  const km = card.distanceMeters / 1000;
  out(`${card.name ?? '(no name)'}: ${km.toFixed(1)} km, curvature ${Math.round(card.curvature)} (${Math.round(card.curvaturePerKm)}/km, curviness ${Math.round(card.curviness)}), ` +
    `${countOf(card.curves, 'curve')}, ${countOf(card.hairpins, 'hairpin')}, ${Math.round(card.turnDegPerKm)}°/km`);
  out(`  metres per level (straight…hairpin): ${card.levelMeters.map((m) => Math.round(m)).join(' / ')}`);
  if (card.elevation) {
    const e = card.elevation;
    out(`  ascent ${Math.round(e.ascentMeters)} m, descent ${Math.round(e.descentMeters)} m, highest ${Math.round(e.maxMeters)} m at km ${(e.highestPoint.distanceMeters / 1000).toFixed(1)}`);
  }
  if (card.scenic && card.scenic.scenic !== null) {
    out(`  scenic ${Math.round(card.scenic.scenic)}/100, drive score ${Math.round(card.driveScore ?? 0)}/100`);
    for (const part of card.scenic.parts) {
      out(`    ${part.label.padEnd(18)} ${part.available ? String(Math.round(part.score)).padStart(3) : '  –'}  ${part.summary}`);
    }
  }
}

function describeError(error: unknown, shownPath: string, what: string): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return `file not found: ${shownPath}`;
  if (code === 'EISDIR') return `${shownPath} is a folder, not a ${what}`;
  if (code === 'EACCES') return `no permission to read ${shownPath}`;
  const message = error instanceof Error ? error.message : String(error);
  return `${shownPath}: ${message}`;
}
