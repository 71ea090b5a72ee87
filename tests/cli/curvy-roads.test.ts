/**
 * `npm run cli -- curvy-roads` on a real Andorra pack: a GeoJSON FeatureCollection of road
 * collections, each feature's curvature being the RC-1 score of its own geometry, all ≥ --min,
 * curviest first, with the Coll d'Ordino road (CS-340) among them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lineLengthMeters } from '../../src/core/geometry/earth';
import { linkPolyline } from '../../src/core/graph';
import { splitAtLongStraights } from '../../src/core/osm/road-collections';
import { serializeRegionPack } from '../../src/core/region';
import { scoreCurvature } from '../../src/core/scoring';
import { regionPack } from '../core/region/region-test-data';

const REPO = path.resolve(__dirname, '../..');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');
const scratch = mkdtempSync(path.join(tmpdir(), 'switchback-curvy-'));
const PACK = path.join(scratch, 'andorra.pack');
beforeAll(() => writeFileSync(PACK, new Uint8Array(serializeRegionPack(regionPack('andorra')))));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, ['src/cli/main.ts', 'curvy-roads', ...args], { cwd: REPO, env: { ...process.env, INIT_CWD: REPO }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('curvy-roads', () => {
  test('Andorra: road collections with curvature ≥ 300, curviest first, scored on their own geometry', async () => {
    const run = await cli('--region', PACK, '--min', '300', '--json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as { type: string; features: { properties: Record<string, number | string>; geometry: { type: string; coordinates: number[][] } }[] };
    expect(json.type).toBe('FeatureCollection');
    expect(json.features.length).toBeGreaterThan(10);
    let previous = Infinity;
    for (const f of json.features) {
      const coords = Float64Array.from(f.geometry.coordinates.flat());
      const c = f.properties.curvature as number;
      expect(c).toBeGreaterThanOrEqual(300);
      expect(c).toBeLessThanOrEqual(previous);
      previous = c;
      // Coordinates are printed at the pack's 1e-7° resolution, so the score reproduces (curvature is rounded to 1).
      expect(Math.abs(scoreCurvature(coords, { profile: false }).curvature - c)).toBeLessThanOrEqual(0.001 * c + 0.5);
      expect(Math.abs(lineLengthMeters(coords) - (f.properties.length_m as number))).toBeLessThanOrEqual(2);
      expect(f.properties.colour).toMatch(/^#[0-9a-f]{6}$/);
    }
    expect(json.features.some((f) => f.properties.ref === 'CS-340')).toBe(true); // Carretera Coll d'Ordino
    const high = await cli('--region', PACK, '--min', '5000', '--json');
    expect(JSON.parse(high.stdout).features.every((f: { properties: { curvature: number } }) => f.properties.curvature >= 5000)).toBe(true);
    const bad = await cli('--region', PACK, '--min', 'lots');
    expect(bad.status).toBe(2);
  });

  test('splitAtLongStraights cuts a 3 km straight out of a road and keeps the curvy ends', () => {
    // A real curvy Andorra road, then a 3 km straight east, then the same road again.
    const curvy = regionPack('andorra');
    const roads = [...Array(curvy.graph.linkCount).keys()].filter((l) => curvy.graph.linkCurvature[l] > 300);
    expect(roads.length).toBeGreaterThan(0);
    const bend = linkPolyline(curvy.graph, roads[0]);
    const n = bend.length / 2;
    const lastLon = bend[2 * n - 2], lastLat = bend[2 * n - 1];
    const straight: number[] = [];
    for (let k = 1; k <= 60; k++) straight.push(lastLon + (k * 50) / 82000, lastLat);
    const shift = straight[straight.length - 2] - bend[0] + 50 / 82000;
    const again: number[] = [];
    for (let i = 0; i < n; i++) again.push(bend[2 * i] + shift, bend[2 * i + 1] - bend[1] + lastLat);
    const coords = Float64Array.from([...bend, ...straight, ...again]);
    const collection = { key: 'ref:T', label: 'T', wayIds: [1], nodeIds: new Float64Array(0), coords, lengthMeters: lineLengthMeters(coords) };
    const pieces = splitAtLongStraights(collection);
    expect(pieces.length).toBe(2);
    expect(pieces[0].lengthMeters + pieces[1].lengthMeters).toBeLessThan(collection.lengthMeters - 2414);
    expect(splitAtLongStraights({ ...collection, coords: bend, lengthMeters: lineLengthMeters(bend) })).toHaveLength(1);
  });
});
