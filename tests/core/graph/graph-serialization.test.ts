import { describe, expect, test } from 'vitest';
import {
  GRAPH_FORMAT_VERSION, GRAPH_MAGIC, LANDMARK_UNREACHABLE, type RoadGraph, RoadGraphError, buildRoadGraph, computeLandmarks, graphFromBuffer,
  linkNameAndRef, nearestEdge, profileWeights, readSectionFile, serializeGraph, shortestPath, withLandmarks,
} from '../../../src/core/graph';
import { asFormat2 } from './helpers/format-2-pack';
import { mulberry32 } from './helpers/mulberry32';
import { syntheticRoadGrid } from './helpers/synthetic-road-grid';

const ARRAY_FIELDS = [
  'nodeCoordsE7', 'firstEdge', 'edgeTarget', 'edgeLink', 'linkFrom', 'linkTo', 'linkLengthMeters', 'linkSpeedKmh', 'linkClass',
  'linkFlags', 'linkNameRef', 'linkCurvature', 'linkShapeStart', 'shapeCoordsE7', 'nameRefPairs',
] as const;

function sampleGraph(): RoadGraph {
  const input = syntheticRoadGrid({ side: 25, seed: 21, restrictions: 120, onewayFraction: 0.1 });
  const m = input.links.from.length;
  const names = ['', 'Carretera de la Rabassa', 'CG-6', 'Ctra. d’Arinsal', 'Route 🏔️'];
  const graph = buildRoadGraph({
    ...input,
    strings: names,
    links: { ...input.links, name: Array.from({ length: m }, (_, i) => [0, 1, 3, 4][i % 4]), ref: Array.from({ length: m }, (_, i) => (i % 3 === 0 ? 2 : 0)) },
  }, { onSkippedRestriction: () => undefined });
  return withLandmarks(graph, [computeLandmarks(graph, { count: 6 }), computeLandmarks(graph, { count: 4, profile: 'curvy' })]);
}

describe('serializeGraph / graphFromBuffer', () => {
  const graph = sampleGraph();
  const buffer = serializeGraph(graph);
  const loaded = graphFromBuffer(buffer);

  test('round trip keeps every array, the strings, the restrictions, the grid and the landmarks', () => {
    expect(loaded.nodeCount).toBe(graph.nodeCount);
    expect(loaded.edgeCount).toBe(graph.edgeCount);
    expect(loaded.linkCount).toBe(graph.linkCount);
    for (const field of ARRAY_FIELDS) expect(loaded[field], field).toEqual(graph[field]);
    for (let l = 0; l < graph.linkCount; l += 37) expect(linkNameAndRef(loaded, l)).toEqual(linkNameAndRef(graph, l));
    expect(linkNameAndRef(loaded, 3).name).toBe('Route 🏔️');
    expect(loaded.restrictions.fromEdge).toEqual(graph.restrictions.fromEdge);
    expect(loaded.restrictions.slotEdge).toEqual(graph.restrictions.slotEdge);
    expect(loaded.restrictions.slotBanned).toEqual(graph.restrictions.slotBanned);
    expect(loaded.restrictions.slotEdge.length).toBeGreaterThan(10);
    expect(loaded.snapIndex).toEqual(graph.snapIndex);
    expect(loaded.landmarks).toEqual(graph.landmarks);
    expect(loaded.landmarks.map((t) => [t.profile, t.count])).toEqual([['fastest', 6], ['curvy', 4]]);
  });

  test('arrays are zero-copy views on the one buffer, 8-byte aligned', () => {
    for (const field of ARRAY_FIELDS) {
      expect(loaded[field].buffer).toBe(buffer);
      expect(loaded[field].byteOffset % 8).toBe(0);
    }
    expect(loaded.landmarks[1].distances.buffer).toBe(buffer);
  });

  test('the loaded graph routes and snaps exactly like the original', () => {
    const rand = mulberry32(2);
    const w0 = profileWeights(graph), w1 = profileWeights(loaded);
    const c0 = profileWeights(graph, { profile: 'curvy' }), c1 = profileWeights(loaded, { profile: 'curvy' });
    for (let q = 0; q < 100; q++) {
      const s = Math.floor(rand() * graph.nodeCount), t = Math.floor(rand() * graph.nodeCount);
      expect(shortestPath(loaded, s, t, w1)).toEqual(shortestPath(graph, s, t, w0));
      expect(shortestPath(loaded, s, t, c1)).toEqual(shortestPath(graph, s, t, c0));
      const lon = 1.4 + rand() * 0.15, lat = 42.4 + rand() * 0.12;
      expect(nearestEdge(loaded, lon, lat)).toEqual(nearestEdge(graph, lon, lat));
    }
  });

  test('a graph without landmarks round-trips too, and extra sections ride along', () => {
    const bare = withLandmarks(graph, null);
    const extra = new Float32Array([1.5, 2.5]);
    const buf = serializeGraph(bare, [['POIS', extra]]);
    expect(graphFromBuffer(buf).landmarks).toEqual([]);
    expect(readSectionFile(buf, 'SWRG', [GRAPH_FORMAT_VERSION], 'region pack').get('POIS', Float32Array)).toEqual(extra);
    expect(() => serializeGraph(bare, [['ETGT', extra]])).toThrow(/"ETGT" is used by the graph itself/);
  });

  test('landmark tables are stored as 16-bit quanta: half the bytes of Float32', () => {
    const file = readSectionFile(buffer, GRAPH_MAGIC, [GRAPH_FORMAT_VERSION], 'region pack');
    expect(GRAPH_FORMAT_VERSION).toBe(3);
    expect(file.get('LMD0', Uint16Array).byteLength).toBe(graph.nodeCount * 6 * 2 * 2);
  });

  test('a format 2 pack (Float32 landmark tables) is still read: its tables are quantized, and it routes like the original', () => {
    const v2 = asFormat2(buffer, graph.landmarks);
    const old = graphFromBuffer(v2);
    expect(old.landmarks.map((t) => [t.profile, t.count])).toEqual([['fastest', 6], ['curvy', 4]]);
    for (let i = 0; i < 2; i++) {
      // Quantized from the exact costs the format 2 file held: the same quanta, give or take the one a Float32 rounding tips.
      const a = old.landmarks[i].distances, b = graph.landmarks[i].distances;
      expect(old.landmarks[i].unit).toBeCloseTo(graph.landmarks[i].unit, 6);
      let off = 0;
      for (let k = 0; k < a.length; k++) {
        expect(Math.abs(a[k] - b[k])).toBeLessThanOrEqual(a[k] === LANDMARK_UNREACHABLE || b[k] === LANDMARK_UNREACHABLE ? 0 : 1);
        if (a[k] !== b[k]) off++;
      }
      expect(off).toBeLessThan(a.length / 100);
    }
    const rand = mulberry32(5);
    const w0 = profileWeights(graph), w1 = profileWeights(old);
    for (let q = 0; q < 60; q++) {
      const s = Math.floor(rand() * graph.nodeCount), t = Math.floor(rand() * graph.nodeCount);
      const [r0, r1] = [shortestPath(graph, s, t, w0), shortestPath(old, s, t, w1)];
      expect(r1.found).toBe(r0.found);
      expect(r1.cost).toBeCloseTo(r0.cost, 6);
    }
  });
});

describe('graphFromBuffer on bad buffers', () => {
  const good = serializeGraph(buildRoadGraph(syntheticRoadGrid({ side: 6, seed: 1, restrictions: 10 }), { onSkippedRestriction: () => undefined }));
  const view = () => new DataView(good.slice(0));
  const tagOffset = (buffer: ArrayBuffer, tag: string) => {
    const dv = new DataView(buffer);
    for (let i = 0; i < dv.getUint32(8, true); i++) {
      const at = 16 + 24 * i;
      if (String.fromCharCode(...new Uint8Array(buffer, at, 4)) === tag) return { entry: at, data: dv.getFloat64(at + 16, true) };
    }
    throw new Error(`no section ${tag}`);
  };

  test('empty and short buffers', () => {
    expect(() => graphFromBuffer(new ArrayBuffer(0))).toThrow(/truncated: 0 bytes is shorter than its 16-byte header/);
    expect(() => graphFromBuffer(good.slice(0, 40))).toThrow(/truncated: its directory lists/);
    expect(() => graphFromBuffer(good.slice(0, good.byteLength - 64))).toThrow(/truncated: section "[A-Z]{4}" needs bytes up to/);
  });

  test('something that is not a pack', () => {
    const text = new TextEncoder().encode('{"type":"FeatureCollection","features":[]}').buffer as ArrayBuffer;
    expect(() => graphFromBuffer(text)).toThrow(/This is not a region pack: it starts with "\{"ty" instead of "SWRG"/);
    expect(() => graphFromBuffer(new Uint8Array(8) as unknown as ArrayBuffer)).toThrow(/must be given as an ArrayBuffer/);
  });

  test('another format version', () => {
    const dv = view();
    dv.setUint16(4, GRAPH_FORMAT_VERSION + 1, true);
    expect(() => graphFromBuffer(dv.buffer as ArrayBuffer)).toThrow(`format version ${GRAPH_FORMAT_VERSION + 1}; this app reads version 2 or ${GRAPH_FORMAT_VERSION}`);
    dv.setUint16(4, 1, true);
    expect(() => graphFromBuffer(dv.buffer as ArrayBuffer)).toThrow('format version 1; this app reads version 2 or 3. Rebuild the region pack');
  });

  test('a damaged directory', () => {
    const dv = view();
    const { entry } = tagOffset(dv.buffer as ArrayBuffer, 'ETGT');
    dv.setUint32(entry + 4, 99, true);
    expect(() => graphFromBuffer(dv.buffer as ArrayBuffer)).toThrow(/section "ETGT" has unknown type 99/);
    const dv2 = view();
    dv2.setFloat64(tagOffset(dv2.buffer as ArrayBuffer, 'ETGT').entry + 16, 3, true);
    expect(() => graphFromBuffer(dv2.buffer as ArrayBuffer)).toThrow(/section "ETGT" has an invalid position or size/);
    const dv3 = view();
    new Uint8Array(dv3.buffer, tagOffset(dv3.buffer as ArrayBuffer, 'GCLK').entry, 4).set([88, 88, 88, 88]);
    expect(() => graphFromBuffer(dv3.buffer as ArrayBuffer)).toThrow(/section "GCLK" is missing/);
  });

  test('ids out of range in the data are caught on load', () => {
    const dv = view();
    const { data } = tagOffset(dv.buffer as ArrayBuffer, 'ETGT');
    dv.setUint32(data, 1_000_000, true);
    expect(() => graphFromBuffer(dv.buffer as ArrayBuffer)).toThrow(/damaged: edge 0 points outside the graph. Download or build it again/);
    const dv2 = view();
    dv2.setUint32(tagOffset(dv2.buffer as ArrayBuffer, 'FEDG').data + 4, 0xffff, true);
    expect(() => graphFromBuffer(dv2.buffer as ArrayBuffer)).toThrow(/section FEDG is out of order/);
    const dv3 = view();
    dv3.setFloat64(tagOffset(dv3.buffer as ArrayBuffer, 'META').data, 7, true);
    expect(() => graphFromBuffer(dv3.buffer as ArrayBuffer)).toThrow(/section NODE has 72 entries, expected 14/);
  });

  test('a damaged landmark table list is caught on load: a quantum that is not a positive number', () => {
    const withTables = serializeGraph(sampleGraph());
    for (const unit of [0, -1, NaN, Infinity]) {
      const dv = new DataView(withTables.slice(0));
      dv.setFloat64(tagOffset(dv.buffer as ArrayBuffer, 'LMMT').data + 16, unit, true);
      expect(() => graphFromBuffer(dv.buffer as ArrayBuffer), String(unit)).toThrow(/its landmark table list is invalid/);
    }
  });

  test('every load error is a RoadGraphError', () => {
    expect(() => graphFromBuffer(good.slice(0, 100))).toThrow(RoadGraphError);
    expect(() => graphFromBuffer(new ArrayBuffer(16))).toThrow(RoadGraphError);
  });
});
