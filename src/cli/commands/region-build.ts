/**
 * `region build <extract.osm.pbf> -o <pack-file> [--name <name>] [--json]`: builds a region pack
 * (drivable road graph with turn restrictions and curvature, scenic features, parking) from an
 * OSM extract and writes it to a file. `--json` prints one line of statistics:
 * `{"ok":true,"file","bytes","nodes","edges","links","km","restrictions","skipped_restrictions",
 * "pois":{kind: count},"parking","parking_with_capacity","seconds","pbf_mb_per_s"}`, or
 * `{"ok":false,"error"}` with exit status 2 when the input is missing or invalid.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { buildRegionPack, serializeRegionPack } from '../../core/region';
import { EXIT_OK, EXIT_USAGE, type CliCommand } from '../command';

const usage = `Usage: npm run cli -- region build <extract.osm.pbf> -o <pack-file> [--name <name>] [--json]

Builds a region pack for offline routing and scoring from an OpenStreetMap extract: the roads a
car may drive (oneways, turn restrictions, speeds, surfaces, tolls, ferries, names and refs,
curvature), scenic features (viewpoints, peaks, passes, water…) and parking places.

  -o, --output <path>  where to write the pack (required)
  --name <name>        region name stored in the pack (default: the extract's file name)
  --json               print one JSON line of statistics, or {"ok":false,"error"} (exit 2)`;

export const regionBuild: CliCommand = {
  name: 'region build',
  summary: 'build an offline region pack (roads, restrictions, curvature, POIs) from an .osm.pbf extract',
  usage,
  run(args, io) {
    const json = args.includes('--json');
    const fail = (message: string): number => {
      if (json) io.out(JSON.stringify({ ok: false, error: message }));
      else io.err(`region build: ${message}`);
      return EXIT_USAGE;
    };
    let input: string | undefined, output: string | undefined, name: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg === '--json') continue;
      if (arg === '-o' || arg === '--output' || arg === '--name') {
        const value = args[++i];
        if (value === undefined || value === '') return fail(`${arg} needs a value. ${usage.split('\n')[0]}`);
        if (arg === '--name') name = value; else output = value;
      } else if (arg.startsWith('-')) {
        return fail(`unknown option ${arg}. ${usage.split('\n')[0]}`);
      } else if (input === undefined) {
        input = arg;
      } else {
        return fail(`expected one extract, got "${input}" and "${arg}". ${usage.split('\n')[0]}`);
      }
    }
    if (input === undefined) return fail(`give the .osm.pbf extract to build from. ${usage.split('\n')[0]}`);
    if (output === undefined) return fail(`give the output file with -o <pack-file>. ${usage.split('\n')[0]}`);

    let bytes: Uint8Array;
    try {
      bytes = readFileSync(io.resolvePath(input));
    } catch (error) {
      return fail(describeFileError(error, input));
    }
    const started = performance.now();
    let packBytes: ArrayBuffer;
    let stats;
    try {
      const pack = buildRegionPack(bytes, {
        name: name ?? path.basename(input).replace(/\.osm\.pbf$|\.pbf$/i, ''),
        inflate: (data) => inflateSync(data),
      });
      stats = pack.meta.stats;
      packBytes = serializeRegionPack(pack);
    } catch (error) {
      return fail(`${input}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const seconds = (performance.now() - started) / 1000;
    try {
      writeFileSync(io.resolvePath(output), new Uint8Array(packBytes));
    } catch (error) {
      return fail(`cannot write ${output}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const mbPerSecond = bytes.length / 1e6 / seconds;
    if (json) {
      io.out(JSON.stringify({
        ok: true, file: output, bytes: packBytes.byteLength,
        nodes: stats.nodes, edges: stats.edges, links: stats.links, km: Math.round(stats.drivableKm * 10) / 10,
        restrictions: stats.restrictions, skipped_restrictions: stats.skippedRestrictions,
        pois: stats.poisByKind, parking: stats.parking, parking_with_capacity: stats.parkingWithCapacity,
        seconds: Math.round(seconds * 1000) / 1000, pbf_mb_per_s: Math.round(mbPerSecond * 100) / 100,
      }));
    } else {
      io.out(`${output}: ${(packBytes.byteLength / 1e6).toFixed(2)} MB, ${stats.nodes} nodes, ${stats.edges} edges, ${stats.drivableKm.toFixed(1)} km of drivable road, ` +
        `${stats.restrictions} turn restrictions (${stats.skippedRestrictions} skipped), ${stats.parking} parking places, built in ${seconds.toFixed(2)} s (${mbPerSecond.toFixed(2)} MB/s of PBF)`);
      io.out(`  scenic features: ${Object.entries(stats.poisByKind).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    }
    return EXIT_OK;
  },
};

export function describeFileError(error: unknown, shownPath: string): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return `file not found: ${shownPath}`;
  if (code === 'EISDIR') return `${shownPath} is a folder, not a file`;
  if (code === 'EACCES') return `no permission to read ${shownPath}`;
  return `${shownPath}: ${error instanceof Error ? error.message : String(error)}`;
}
