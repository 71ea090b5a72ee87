/**
 * `curvy-roads --region <pack> [--min 300] [--json]`: the curvy roads of a region pack as a
 * GeoJSON FeatureCollection (with --json) of LineStrings, curviest first, each with `name`, `ref`,
 * `curvature` (RC-1), `length_m` and `colour` (Franco's yellow → red → magenta scale); without
 * --json one line per road. Bad input: `{"ok":false,"error"}` / a message, exit status 2.
 */
import { readFileSync } from 'node:fs';
import { curvatureColour, curvyRoadsOfGraph, readRegionPack } from '../../core/region';
import { EXIT_OK, EXIT_USAGE, type CliCommand } from '../command';
import { describeFileError } from './region-build';

const usage = `Usage: npm run cli -- curvy-roads --region <pack> [--min <curvature>] [--json]

Lists the curvy roads of a region pack: roads joined by ref or name, cut at straights longer than
2414 m, scored with RC-1 curvature (300 moderately twisty, 1000 very twisty).

  --region <path>   the region pack (required)
  --min <number>    smallest curvature to list (default 300)
  --json            print a GeoJSON FeatureCollection`;

export const curvyRoads: CliCommand = {
  name: 'curvy-roads',
  summary: 'list the curvy roads of a region pack by RC-1 curvature (GeoJSON with --json)',
  usage,
  run(args, io) {
    const json = args.includes('--json');
    const fail = (message: string): number => {
      if (json) io.out(JSON.stringify({ ok: false, error: message }));
      else io.err(`curvy-roads: ${message}`);
      return EXIT_USAGE;
    };
    let region: string | undefined, min = 300;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg === '--json') continue;
      if (arg === '--region' || arg === '--min') {
        const value = args[++i];
        if (value === undefined || value === '') return fail(`${arg} needs a value. ${usage.split('\n')[0]}`);
        if (arg === '--region') region = value;
        else {
          min = Number(value);
          if (!(min >= 0 && min < Infinity)) return fail(`--min ${value} is not a curvature; give a number ≥ 0, e.g. 300.`);
        }
      } else return fail(`unknown argument ${arg}. ${usage.split('\n')[0]}`);
    }
    if (region === undefined) return fail(`give the region pack with --region <path>. ${usage.split('\n')[0]}`);
    let roads;
    try {
      const bytes = readFileSync(io.resolvePath(region));
      roads = curvyRoadsOfGraph(readRegionPack(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).graph, min);
    } catch (error) {
      const code = (error as { code?: string }).code;
      return fail(code ? describeFileError(error, region) : `${region}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (json) {
      io.out(JSON.stringify({
        type: 'FeatureCollection',
        features: roads.map((road) => ({
          type: 'Feature',
          properties: { name: road.name, ref: road.ref, curvature: Math.round(road.curvature), length_m: Math.round(road.lengthMeters), colour: curvatureColour(road.curvature) },
          geometry: { type: 'LineString', coordinates: Array.from({ length: road.coords.length / 2 }, (_, i) => [Math.round(road.coords[2 * i] * 1e7) / 1e7, Math.round(road.coords[2 * i + 1] * 1e7) / 1e7]) },
        })),
      }));
    } else {
      for (const road of roads) io.out(`${String(Math.round(road.curvature)).padStart(6)}  ${(road.lengthMeters / 1000).toFixed(1).padStart(5)} km  ${[road.ref, road.name].filter(Boolean).join(' ') || '(unnamed)'}`);
    }
    return EXIT_OK;
  },
};
