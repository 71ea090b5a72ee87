/**
 * Cross-checks against osmium-tool, run live (CI installs it; these tests fail with a clear
 * message when it is missing). They cover what literal expectations cannot: every tag
 * key=value pair of both extracts, and files written with plain (non-dense) nodes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type OsmTagColumns, readOsmPbf } from '../../../src/core/osm/pbf-reader';
import { type ExtractName, collect, extractPath, loadExtract, runOsmium } from './pbf-test-helpers';

const scratch = mkdtempSync(path.join(tmpdir(), 'switchback-osm-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `osmium tags-count FILE '*=*' -t TYPE` as a map "key=value" → count. */
function osmiumTagCounts(name: ExtractName, type: 'node' | 'way' | 'relation'): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of runOsmium(['tags-count', extractPath(name), '*=*', '-t', type]).split('\n')) {
    if (!line) continue;
    // Format: count<TAB>"key"<TAB>"value", with a quote inside a string doubled (CSV style).
    const [count, key, ...value] = line.split('\t');
    const unquote = (text: string): string => text.slice(1, -1).replaceAll('""', '"');
    counts.set(`${unquote(key)}=${unquote(value.join('\t'))}`, Number(count));
  }
  return counts;
}

function ourTagCounts(batches: OsmTagColumns[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const batch of batches) {
    for (let k = 0; k < batch.tagKeys.length; k++) {
      const tag = `${batch.strings.get(batch.tagKeys[k])}=${batch.strings.get(batch.tagVals[k])}`;
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
  }
  return counts;
}

describe.each<ExtractName>(['andorra', 'monaco'])('%s against osmium', (name) => {
  test('every key=value tag count of nodes, ways and relations equals osmium tags-count', () => {
    const file = collect(loadExtract(name));
    for (const [type, batches] of [['node', file.nodes], ['way', file.ways], ['relation', file.relations]] as const) {
      const expected = osmiumTagCounts(name, type);
      expect(expected.size, `osmium found ${type} tags`).toBeGreaterThan(10);
      expect(Object.fromEntries(ourTagCounts(batches)), `${type} tags`).toEqual(Object.fromEntries(expected));
    }
  });
});

test('a file written with plain (non-dense) nodes, no compression and no metadata reads identically', () => {
  const plainFile = path.join(scratch, 'andorra-plain.osm.pbf');
  runOsmium(['cat', extractPath('andorra'), '-O', '-o', plainFile, '-f', 'pbf,pbf_dense_nodes=false,pbf_compression=none,add_metadata=false']);
  const plain = collect(new Uint8Array(readFileSync(plainFile)));
  const dense = collect(loadExtract('andorra'));
  expect(plain.summary).toMatchObject({ nodeCount: 69_644, wayCount: 2_725, relationCount: 74, typesInOrder: true, idsAscending: true });
  expect(plain.header?.requiredFeatures).not.toContain('DenseNodes');
  const columns = (file: typeof plain): { ids: number[]; lons: number[]; lats: number[]; tags: number } => ({
    ids: file.nodes.flatMap((b) => Array.from(b.ids)),
    lons: file.nodes.flatMap((b) => Array.from(b.lons)),
    lats: file.nodes.flatMap((b) => Array.from(b.lats)),
    tags: file.nodes.reduce((n, b) => n + b.tagKeys.length, 0),
  });
  expect(columns(plain)).toEqual(columns(dense));
  expect(Object.fromEntries(ourTagCounts(plain.nodes))).toEqual(Object.fromEntries(ourTagCounts(dense.nodes)));
});

test('an lz4-compressed file from osmium is refused with re-encoding advice', () => {
  const lz4File = path.join(scratch, 'andorra-lz4.osm.pbf');
  runOsmium(['cat', extractPath('andorra'), '-O', '-o', lz4File, '-f', 'pbf,pbf_compression=lz4']);
  expect(() => readOsmPbf(new Uint8Array(readFileSync(lz4File)), {})).toThrow(/lz4-compressed.*pbf_compression=zlib/);
});
