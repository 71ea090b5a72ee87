/**
 * `round-trip --region <pack> --start <lon,lat> --km <n> [--profile curvy] [--count 3] [--seed N] [--json]`:
 * proposes distinct loops from a start back to it (core/routing/round-trip.ts). `--json` prints
 * `{"loops":[{distance_m, duration_s, curvature_per_km, curviness, curves, hairpins, overlap_share,
 * waypoints: [[lon, lat]…], geometry: GeoJSON LineString}…]}`, best first; without it, one line per
 * loop. No loop, a start off the pack or bad usage: `{"code":"NoRoute"|"InvalidQuery","message"}`
 * with --json (else the message on stderr), exit status 2.
 */
import { readFileSync } from 'node:fs';
import { readRegionPack } from '../../core/region';
import { LocalRouter } from '../../core/routing/local-router';
import { type RoundTrip, type RoundTripProfile, proposeRoundTripsNow } from '../../core/routing/round-trip';
import { RoutingError } from '../../core/routing/router';
import type { LonLat } from '../../core/units';
import { countOf } from '../../core/format';
import { EXIT_OK, EXIT_USAGE, type CliCommand } from '../command';
import { describeFileError } from './region-build';

const usage = `Usage: npm run cli -- round-trip --region <pack> --start <lon,lat> --km <length> [--profile <profile>] [--count <n>] [--seed <n>] [--json]

Proposes distinct loops of about the given length that start and end at one point, on a region
pack built with "region build", offline. Curvy profiles rank the loops by curvature per km.

  --region <path>    the region pack (required)
  --start <lon,lat>  where the loops start and end, in degrees (required), e.g. 1.5218,42.5063
  --km <length>      wanted loop length in km (required); loops within ±20 % are accepted
  --profile <name>   curvy (default), extra-curvy or fastest
  --count <n>        how many loops to propose, 1–20 (default 3)
  --seed <n>         seed of the loop layouts (default 1): the same seed gives the same loops
  --json             print {"loops":[…]} with GeoJSON geometry; {"code","message"} and exit 2 when none is found`;

const PROFILES: readonly RoundTripProfile[] = ['curvy', 'extra-curvy', 'fastest'];

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

function loopJson(trip: RoundTrip) {
  const coords = trip.route.coords;
  const coordinates: number[][] = [];
  for (let i = 0; i + 1 < coords.length; i += 2) coordinates.push([round(coords[i], 7), round(coords[i + 1], 7)]);
  return {
    distance_m: round(trip.distanceMeters, 1),
    duration_s: round(trip.durationSeconds, 1),
    curvature_per_km: round(trip.curvature.curvaturePerKm, 1),
    curviness: round(trip.curvature.curviness, 1),
    curves: trip.curvature.curves,
    hairpins: trip.curvature.hairpins,
    overlap_share: round(trip.overlapShare, 3),
    waypoints: trip.waypoints.map(([lon, lat]) => [round(lon, 7), round(lat, 7)]),
    geometry: { type: 'LineString', coordinates },
  };
}

export const roundTrip: CliCommand = {
  name: 'round-trip',
  summary: 'propose distinct loops of a given length from a start point on a region pack',
  usage,
  run(args, io) {
    const json = args.includes('--json');
    const fail = (message: string, code = 'InvalidQuery'): number => {
      if (json) io.out(JSON.stringify({ code, message }));
      else io.err(`round-trip: ${message}`);
      return EXIT_USAGE;
    };
    const firstLine = usage.split('\n')[0];
    let region: string | undefined, start: LonLat | undefined, km: number | undefined;
    let profile: RoundTripProfile = 'curvy';
    let count = 3, seed = 1;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg === '--json') continue;
      if (!['--region', '--start', '--km', '--profile', '--count', '--seed'].includes(arg)) return fail(`unknown argument ${arg}. ${firstLine}`);
      const value = args[++i];
      if (value === undefined || value === '') return fail(`${arg} needs a value. ${firstLine}`);
      if (arg === '--region') region = value;
      else if (arg === '--start') {
        const parts = value.split(',');
        const lon = Number(parts[0]), lat = Number(parts[1]);
        if (parts.length !== 2 || !Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
          return fail(`--start "${value}" is not a point; write longitude,latitude in degrees, e.g. 1.5218,42.5063.`);
        }
        start = [lon, lat];
      } else if (arg === '--km') {
        km = Number(value);
        if (!(km > 0 && km <= 10000)) return fail(`--km ${value} is not a loop length; give a length in km above 0, e.g. 40.`);
      } else if (arg === '--profile') {
        if (!PROFILES.includes(value as RoundTripProfile)) return fail(`unknown profile "${value}"; use ${PROFILES.join(', ')}.`);
        profile = value as RoundTripProfile;
      } else if (arg === '--count') {
        count = Number(value);
        if (!(Number.isInteger(count) && count >= 1 && count <= 20)) return fail(`--count ${value} is not a number of loops; give a whole number from 1 to 20.`);
      } else {
        seed = Number(value);
        if (!Number.isSafeInteger(seed)) return fail(`--seed ${value} is not a whole number.`);
      }
    }
    if (region === undefined) return fail(`give the region pack with --region <path>. ${firstLine}`);
    if (start === undefined) return fail(`give the start with --start <lon,lat>. ${firstLine}`);
    if (km === undefined) return fail(`give the loop length with --km <length>. ${firstLine}`);

    let router: LocalRouter;
    try {
      const bytes = readFileSync(io.resolvePath(region));
      router = new LocalRouter(readRegionPack(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).graph);
    } catch (error) {
      const code = (error as { code?: string }).code;
      return fail(code ? describeFileError(error, region) : `${region}: ${error instanceof Error ? error.message : String(error)}`);
    }
    let trips: RoundTrip[];
    try {
      trips = proposeRoundTripsNow(router, { start, targetMeters: km * 1000, curviness: profile, count, seed });
    } catch (error) {
      if (error instanceof RoutingError) return fail(error.message, error.kind === 'no-route' ? 'NoRoute' : 'InvalidQuery');
      if (error instanceof RangeError) return fail(error.message);
      throw error;
    }
    if (json) {
      io.out(JSON.stringify({ loops: trips.map(loopJson) }));
      return EXIT_OK;
    }
    io.out(`${countOf(trips.length, 'loop')} of about ${km} km (${profile}), best first:`);
    trips.forEach((trip, i) => {
      const vias = trip.waypoints.slice(1, -1).map(([lon, lat]) => `${lon.toFixed(5)},${lat.toFixed(5)}`).join(' → ');
      io.out(`  ${i + 1}. ${(trip.distanceMeters / 1000).toFixed(1)} km, ${Math.round(trip.durationSeconds / 60)} min, `
        + `curvature ${Math.round(trip.curvature.curvaturePerKm)}/km (curviness ${Math.round(trip.curvature.curviness)}), `
        + `${countOf(trip.curvature.curves, 'curve')}, retraced ${Math.round(100 * trip.overlapShare)} %, via ${vias}`);
    });
    return EXIT_OK;
  },
};
