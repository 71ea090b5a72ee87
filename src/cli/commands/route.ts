/**
 * `route --region <pack> [--profile fastest|shortest|curvy|extra-curvy] [--avoid motorway,unpaved,ferry,toll]
 * <lon,lat> <lon,lat> [...] [--json]`: routes through the points on a region pack with the local
 * router. `--json` prints an OSRM `/route/v1` response (`code`, `routes[0]` with `distance`,
 * `duration`, a GeoJSON LineString `geometry`, `legs[].steps[]`, and `waypoints[]`); without it,
 * one instruction per line. An unroutable request prints `{"code":"NoRoute","message"}` (or the
 * message) and exits with status 2, like any bad input.
 */
import { readFileSync } from 'node:fs';
import { readRegionPack } from '../../core/region';
import { stepInstruction } from '../../core/routing/instructions';
import { LocalRouter } from '../../core/routing/local-router';
import { toOsrmRouteResponse } from '../../core/routing/osrm-response';
import { type RouteProfile, type RouteRequest, RoutingError } from '../../core/routing/router';
import type { LonLat } from '../../core/units';
import { EXIT_OK, EXIT_USAGE, type CliCommand } from '../command';
import { describeFileError } from './region-build';

const usage = `Usage: npm run cli -- route --region <pack> [--profile <profile>] [--avoid <list>] <lon,lat> <lon,lat> [...] [--json]

Routes through two or more points (longitude,latitude in degrees) on a region pack built with
"region build", offline.

  --region <path>    the region pack (required)
  --profile <name>   fastest (default), shortest, curvy or extra-curvy
  --avoid <list>     comma-separated: motorway, unpaved, ferry, toll
  --json             print an OSRM /route/v1 response; {"code":"NoRoute","message"} and exit 2 when there is no route`;

const PROFILES: readonly RouteProfile[] = ['fastest', 'shortest', 'curvy', 'extra-curvy'];
const AVOIDABLE = ['motorway', 'unpaved', 'ferry', 'toll'] as const;
type AvoidFeature = (typeof AVOIDABLE)[number];

export const route: CliCommand = {
  name: 'route',
  summary: 'route between points on a region pack (fastest, shortest, curvy); OSRM JSON or instructions',
  usage,
  run(args, io) {
    const json = args.includes('--json');
    const fail = (message: string, code = 'InvalidQuery'): number => {
      if (json) io.out(JSON.stringify({ code, message }));
      else io.err(`route: ${message}`);
      return EXIT_USAGE;
    };
    let region: string | undefined;
    let profile: RouteProfile = 'fastest';
    const avoid: AvoidFeature[] = [];
    const points: LonLat[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg === '--json') continue;
      if (arg === '--region' || arg === '--profile' || arg === '--avoid') {
        const value = args[++i];
        if (value === undefined || value === '') return fail(`${arg} needs a value. ${usage.split('\n')[0]}`);
        if (arg === '--region') region = value;
        else if (arg === '--profile') {
          if (!PROFILES.includes(value as RouteProfile)) return fail(`unknown profile "${value}"; use ${PROFILES.join(', ')}.`);
          profile = value as RouteProfile;
        } else {
          for (const part of value.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
            if (!(AVOIDABLE as readonly string[]).includes(part)) return fail(`cannot avoid "${part}"; use ${AVOIDABLE.join(', ')}.`);
            avoid.push(part as AvoidFeature);
          }
        }
      } else if (/^-?\d|^-?\./.test(arg)) {
        const parts = arg.split(',');
        const lon = Number(parts[0]), lat = Number(parts[1]);
        if (parts.length !== 2 || !Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
          return fail(`"${arg}" is not a point; write longitude,latitude in degrees, e.g. 1.5211,42.5078.`);
        }
        points.push([lon, lat]);
      } else {
        return fail(`unknown argument ${arg}. ${usage.split('\n')[0]}`);
      }
    }
    if (region === undefined) return fail(`give the region pack with --region <path>. ${usage.split('\n')[0]}`);
    if (points.length < 2) return fail(`give at least two points (lon,lat). ${usage.split('\n')[0]}`);

    let buffer: ArrayBuffer;
    try {
      const bytes = readFileSync(io.resolvePath(region));
      buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    } catch (error) {
      return fail(describeFileError(error, region));
    }
    let router: LocalRouter;
    try {
      router = new LocalRouter(readRegionPack(buffer).graph);
    } catch (error) {
      return fail(`${region}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const request: RouteRequest = { waypoints: points, profile, avoid };
    let result;
    try {
      result = router.plan(request).result;
    } catch (error) {
      if (error instanceof RoutingError) return fail(error.message, error.kind === 'no-route' ? 'NoRoute' : 'InvalidQuery');
      throw error;
    }
    if (json) {
      io.out(JSON.stringify(toOsrmRouteResponse(result)));
      return EXIT_OK;
    }
    io.out(`${(result.distanceMeters / 1000).toFixed(2)} km, ${Math.round(result.durationSeconds / 60)} min (${profile}${avoid.length ? `, avoiding ${avoid.join(', ')}` : ''})`);
    result.legs.forEach((leg, legIndex) => {
      for (const step of leg.steps) {
        const text = stepInstruction(step, { legIndex, legCount: result.legs.length });
        io.out(`  ${text}${step.distance > 0 ? ` (${step.distance >= 1000 ? `${(step.distance / 1000).toFixed(1)} km` : `${Math.round(step.distance)} m`})` : ''}`);
      }
    });
    return EXIT_OK;
  },
};
