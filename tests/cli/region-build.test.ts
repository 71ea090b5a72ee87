/**
 * `npm run cli -- region build` end to end on the real extracts: the written pack reads back, and
 * the printed statistics are those of the pack.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readRegionPack } from '../../src/core/region';
import { extractPath } from '../core/region/region-test-data';

const REPO = path.resolve(__dirname, '../..');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');
const scratch = mkdtempSync(path.join(tmpdir(), 'switchback-region-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, ['src/cli/main.ts', ...args], { cwd: REPO, env: { ...process.env, INIT_CWD: REPO }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('region build', () => {
  test.each(['andorra', 'monaco'] as const)('%s: writes a pack and prints its statistics as JSON', async (name) => {
    const out = path.join(scratch, `${name}.pack`);
    const run = await cli('region', 'build', extractPath(name), '-o', out, '--json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const stats = JSON.parse(run.stdout) as Record<string, unknown>;
    const bytes = readFileSync(out);
    const pack = readRegionPack(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    expect(stats).toMatchObject({
      ok: true, bytes: bytes.length, nodes: pack.graph.nodeCount, edges: pack.graph.edgeCount, links: pack.graph.linkCount,
      restrictions: pack.meta.stats.restrictions, parking: pack.parking.count, pois: pack.meta.stats.poisByKind,
    });
    expect(stats.km).toBeCloseTo(pack.meta.stats.drivableKm, 1);
    expect(stats.seconds).toBeGreaterThan(0);
    expect(stats.pbf_mb_per_s).toBeGreaterThan(0);
    expect(pack.meta.name).toBe(name);
    expect((stats.pois as Record<string, number>).viewpoint).toBe(name === 'andorra' ? 6 : 25); // data/README.md
  });

  test('bad input: missing file, missing -o, not a PBF; each says what to fix and exits 2', async () => {
    const missing = await cli('region', 'build', path.join(scratch, 'nope.osm.pbf'), '-o', path.join(scratch, 'x.pack'), '--json');
    expect(missing.status).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, error: expect.stringMatching(/file not found/) });
    const noOutput = await cli('region', 'build', extractPath('andorra'));
    expect(noOutput.status).toBe(2);
    expect(noOutput.stderr).toMatch(/-o <pack-file>/);
    const notPbf = await cli('region', 'build', path.join(REPO, 'package.json'), '-o', path.join(scratch, 'y.pack'), '--json');
    expect(notPbf.status).toBe(2);
    expect(JSON.parse(notPbf.stdout).error).toMatch(/package\.json: .*(PBF|OSM)/i);
  });
});
