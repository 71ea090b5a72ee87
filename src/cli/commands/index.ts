/**
 * Every CLI command, in the order `--help` lists them. To add one (`score`, `region build`,
 * `route`, `curvy-roads`…), create `commands/<name>.ts` exporting a `CliCommand` and list it here.
 */
import type { CliCommand } from '../command';
import { gpxInspect } from './gpx-inspect';
import { score } from './score';
import { regionBuild } from './region-build';
import { route } from './route';
import { curvyRoads } from './curvy-roads';
import { roundTrip } from './round-trip';

export const commands: readonly CliCommand[] = [gpxInspect, score, regionBuild, route, curvyRoads, roundTrip];
