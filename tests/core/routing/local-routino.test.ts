/**
 * Shortest-route lengths of the local router against Debian's routino on the same extracts.
 *
 * Routino's stock `motorcar` profile divides each way's length by a road-type preference, so its
 * `--shortest` is not the minimum distance; the test writes a copy of the profile with every
 * allowed highway type at 100 % and every property neutral (50 %) to a temp dir and routes with
 * it. Routino prunes isolated, short and straight-line nodes by default (which moves geometry), so
 * the database is built with `--prune-none`. Lengths of both routes are measured the same way
 * (`segmentMeters` over their points: routino's `--output-text-all` lists every route point).
 *
 * Known causes of larger differences, explained per pair in the failure message when they occur:
 * - `access=destination` roads: routino's tagging closes them to cars; we allow them (at 4× cost
 *   in every profile, so shortest may still avoid them);
 * - snapping: both snap to the nearest usable segment, but where roads are stacked (Monaco's
 *   tunnels under streets) the nearest is a coin toss: 7.41982975,43.73658975 lies on both Rue
 *   Louis Auréglia and the Tunnel Sainte-Dévote below it, routino took the street, we the tunnel
 *   (2120 m against 1257 m). So the pairs use points with no other road within 15 m.
 * Needs routino installed (`apt-get install -y routino`): the test fails, saying so, when missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { segmentMeters } from '../../../src/core/geometry/earth';
import { LINK_FLAG } from '../../../src/core/graph';
import { type ExtractName, extractPath, regionRouter, routablePairs } from '../region/region-test-data';

const scratch = mkdtempSync(path.join(tmpdir(), 'switchback-routino-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function requireRoutino(): void {
  for (const tool of ['planetsplitter', 'routino-router']) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
    if (found.status !== 0) {
      throw new Error(`${tool} is not installed: this test compares routes with Debian's routino. Install it with "apt-get install -y routino" (CI: add routino to the apt install list).`);
    }
  }
}

const HIGHWAYS = ['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'unclassified', 'residential', 'service'];
const CLOSED = ['track', 'cycleway', 'path', 'steps', 'ferry'];
const PROPERTIES = ['paved', 'multilane', 'bridge', 'tunnel', 'footroute', 'bicycleroute'];
/** routino's motorcar profile with all car highways at 100 % and no property preferences. */
const PROFILE_XML = `<?xml version="1.0" encoding="UTF-8" ?>
<routino-profiles xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <profile name="shortestcar" transport="motorcar">
    <speeds>
${HIGHWAYS.map((h) => `      <speed highway="${h}" kph="50" />`).join('\n')}
${CLOSED.map((h) => `      <speed highway="${h}" kph="0" />`).join('\n')}
    </speeds>
    <preferences>
${HIGHWAYS.map((h) => `      <preference highway="${h}" percent="100" />`).join('\n')}
${CLOSED.map((h) => `      <preference highway="${h}" percent="0" />`).join('\n')}
    </preferences>
    <properties>
${PROPERTIES.map((p) => `      <property type="${p}" percent="50" />`).join('\n')}
    </properties>
    <restrictions>
      <oneway obey="1" />
      <turns  obey="1" />
      <weight limit="0.0" />
      <height limit="0.0" />
      <width  limit="0.0" />
      <length limit="0.0" />
    </restrictions>
  </profile>
</routino-profiles>
`;

function routinoDatabase(name: ExtractName): string {
  const dir = path.join(scratch, name);
  const made = spawnSync('sh', ['-c', `mkdir -p "${dir}" && planetsplitter --dir="${dir}" --tagging=/usr/share/routino/tagging.xml --prune-none "${extractPath(name)}"`], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`planetsplitter failed on ${name}: ${made.stderr}`);
  writeFileSync(path.join(dir, 'profiles.xml'), PROFILE_XML);
  return dir;
}

/** Length (m) of routino's shortest route between two points, or null when it finds none. */
function routinoShortestMeters(dir: string, a: readonly number[], b: readonly number[]): number | null {
  const run = spawnSync('routino-router', [
    `--dir=${dir}`, `--profiles=${path.join(dir, 'profiles.xml')}`, '--profile=shortestcar', '--shortest', '--quiet',
    '--output-text-all', '--output-stdout', `--lon1=${a[0]}`, `--lat1=${a[1]}`, `--lon2=${b[0]}`, `--lat2=${b[1]}`,
  ], { encoding: 'utf8' });
  if (run.status !== 0) return null;
  let total = 0, lon0 = NaN, lat0 = NaN;
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [lat, lon] = line.trim().split(/\s+/).map(Number);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    if (!Number.isNaN(lon0)) total += segmentMeters(lon0, lat0, lon, lat);
    lon0 = lon; lat0 = lat;
  }
  return Number.isNaN(lon0) ? null : total;
}

describe.each(['andorra', 'monaco'] as const)('shortest routes on %s against routino', (name) => {
  test('30 seeded pairs: lengths within 1 % median and 5 % worst case', () => {
    requireRoutino();
    const dir = routinoDatabase(name);
    const diffs: { rel: number; destinationOnly: boolean; text: string }[] = [];
    let routinoFailed = 0;
    for (const [a, b] of routablePairs(name, 41, 30, 15).pairs) {
      const plan = regionRouter(name).plan({ waypoints: [a, b], profile: 'shortest' });
      const ours = plan.result.distanceMeters;
      const graph = regionRouter(name).graph;
      const destinationOnly = plan.legs[0].pieces.some((p) => (graph.linkFlags[p.link] & LINK_FLAG.DESTINATION_ONLY) !== 0);
      const theirs = routinoShortestMeters(dir, a, b);
      if (theirs === null) { routinoFailed++; continue; }
      const rel = Math.abs(ours - theirs) / Math.max(theirs, 1);
      diffs.push({ rel, destinationOnly, text: `${a.join(',')} → ${b.join(',')}: ours ${ours.toFixed(1)} m, routino ${theirs.toFixed(1)} m (${(100 * rel).toFixed(2)} %)${destinationOnly ? ' — uses an access=destination road, closed in routino' : ''}` });
    }
    expect(routinoFailed, 'pairs routino could not route').toBeLessThanOrEqual(3);
    expect(diffs.length).toBeGreaterThanOrEqual(27);
    const sorted = diffs.map((d) => d.rel).sort((x, y) => x - y);
    const median = sorted[Math.floor(sorted.length / 2)];
    const report = diffs.filter((d) => d.rel > 0.01).map((d) => d.text).join('\n');
    expect(median, report).toBeLessThanOrEqual(0.01);
    // Worst case over the pairs that drive no access=destination road (routino closes those; see the
    // module comment: Monaco seed 41 has one, 7.41809,43.73223 → 7.41216,43.75418 through Chemin
    // Romain, 7120 m against routino's 8082 m).
    const comparable = diffs.filter((d) => !d.destinationOnly).map((d) => d.rel);
    expect(diffs.length - comparable.length, report).toBeLessThanOrEqual(3);
    expect(Math.max(...comparable), report).toBeLessThanOrEqual(0.05);
  });
});
