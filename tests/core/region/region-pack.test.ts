/**
 * Region packs built from the real Andorra and Monaco extracts, checked against the OSM data read
 * independently (way tags, restriction relations, parking counts from osmium-documented figures),
 * against RC-1 scores of whole ways, and through a write/read round trip.
 */
import { describe, expect, test } from 'vitest';
import {
  EDGE_LINK_MASK, LINK_FLAG, RoadGraphError, linkEdges, linkPolyline, NO_EDGE,
} from '../../../src/core/graph';
import { OsmPbfError } from '../../../src/core/osm/pbf-reader';
import { countPointsByKind, countShapesByKind } from '../../../src/core/pois/poi-set';
import { readPoisFromPbf } from '../../../src/core/pois/pois-from-pbf';
import {
  RegionBuildCancelled, buildRegionPack, parseMaxspeedKmh, readRegionPack, serializeRegionPack, type RegionBuildStage,
} from '../../../src/core/region';
import { scoreCurvature } from '../../../src/core/scoring';
import { type ExtractName, carMayUse, extractBytes, nodeInflate, onewayOf, osmFacts, regionPack } from './region-test-data';

const EXTRACTS: ExtractName[] = ['andorra', 'monaco'];

describe.each(EXTRACTS)('region pack of %s', (name) => {
  const pack = regionPack(name);
  const facts = osmFacts(name);
  const { graph } = pack;

  test('every link comes from a way a car may drive, and every plain public road is in', () => {
    const bad: string[] = [];
    for (let l = 0; l < graph.linkCount; l++) {
      const tags = facts.wayTags.get(pack.linkWayIds[l]);
      if (!tags) { bad.push(`link ${l}: way ${pack.linkWayIds[l]} is not a highway/route way`); continue; }
      const verdict = carMayUse(tags);
      if (!verdict.ok) bad.push(`way ${pack.linkWayIds[l]}: ${verdict.why}`);
    }
    expect(bad).toEqual([]);
    const inPack = new Set(pack.linkWayIds);
    const missing: number[] = [];
    for (const [id, tags] of facts.wayTags) {
      const plain = ['primary', 'secondary', 'tertiary', 'residential', 'unclassified'].includes(tags.highway ?? '')
        && tags.access === undefined && tags.motor_vehicle === undefined && tags.motorcar === undefined && tags.vehicle === undefined
        && tags.area !== 'yes' && tags.oneway !== 'reversible';
      if (plain && (facts.wayNodes.get(id)?.length ?? 0) >= 2 && !inPack.has(id)) missing.push(id);
    }
    expect(missing).toEqual([]);
  });

  test('link directions follow oneway tags (yes, -1, roundabouts, motorways)', () => {
    const wrong: string[] = [];
    let oneways = 0;
    for (let l = 0; l < graph.linkCount; l++) {
      const tags = facts.wayTags.get(pack.linkWayIds[l]) ?? {};
      const expected = onewayOf(tags);
      const { forward, backward } = linkEdges(graph, l);
      const got = (forward !== NO_EDGE ? 1 : 0) | (backward !== NO_EDGE ? 2 : 0);
      if (expected !== 3) oneways++;
      if (got !== expected) wrong.push(`way ${pack.linkWayIds[l]} oneway=${tags.oneway} junction=${tags.junction}: directions ${got}, expected ${expected}`);
    }
    expect(wrong).toEqual([]);
    expect(oneways).toBeGreaterThan(100);
  });

  test('link geometry follows the way, and graph nodes are the OSM nodes they claim', () => {
    for (let l = 0; l < graph.linkCount; l += 7) {
      const nodes = facts.wayNodes.get(pack.linkWayIds[l]) ?? [];
      const from = pack.nodeOsmIds[graph.linkFrom[l]], to = pack.nodeOsmIds[graph.linkTo[l]];
      const i = nodes.indexOf(from), j = nodes.lastIndexOf(to);
      expect(i, `link ${l} of way ${pack.linkWayIds[l]}`).toBeGreaterThanOrEqual(0);
      expect(j).toBeGreaterThan(i);
      expect(linkPolyline(graph, l).length / 2).toBeLessThanOrEqual(j - i + 1);
    }
  });

  test('link curvature shares out the RC-1 score of each whole way', () => {
    const byWay = new Map<number, number>();
    for (let l = 0; l < graph.linkCount; l++) byWay.set(pack.linkWayIds[l], (byWay.get(pack.linkWayIds[l]) ?? 0) + graph.linkCurvature[l]);
    let compared = 0, curvy = 0;
    for (const [wayId, sum] of byWay) {
      // Rebuild the way's line from its links (links of one way are consecutive and in way order).
      const parts: number[] = [];
      for (let l = 0; l < graph.linkCount; l++) {
        if (pack.linkWayIds[l] !== wayId) continue;
        const line = linkPolyline(graph, l);
        for (let k = parts.length === 0 ? 0 : 2; k < line.length; k++) parts.push(line[k]);
      }
      const whole = scoreCurvature(Float64Array.from(parts), { profile: false }).curvature;
      // Same score up to Float32 storage and the 1e-7° rounding of the coordinates.
      expect(Math.abs(sum - whole)).toBeLessThanOrEqual(0.002 * whole + 0.5);
      compared++;
      if (whole >= 300) curvy++;
      if (compared > 300) break;
    }
    expect(curvy).toBeGreaterThan(0);
  });

  test('stats: drivable km, POIs by kind as the POI reader finds them, parking as tagged', () => {
    const { stats } = pack.meta;
    let meters = 0;
    for (let l = 0; l < graph.linkCount; l++) meters += graph.linkLengthMeters[l];
    expect(stats.drivableKm).toBeCloseTo(meters / 1000, 6);
    expect(stats.nodes).toBe(graph.nodeCount);
    expect(stats.edges).toBe(graph.edgeCount);
    const pois = readPoisFromPbf(extractBytes(name), { inflate: nodeInflate }).pois;
    const expected = new Map<number, number>([...countPointsByKind(pois), ...countShapesByKind(pois)]);
    expect(Object.values(stats.poisByKind).reduce((a, b) => a + b, 0)).toBe([...expected.values()].reduce((a, b) => a + b, 0));
    expect(stats.parking).toBe(facts.parkingCount);
    // data/README.md: 33 + 72 parking features in Andorra, 55 + 64 in Monaco.
    expect(stats.parking).toBe(name === 'andorra' ? 105 : 119);
    for (let i = 0; i < pack.parking.count; i++) expect(pack.parking.capacity[i]).toBeGreaterThanOrEqual(-1);
  });

  test('turn restrictions: every node-via restriction of the extract is applied or counted as skipped', () => {
    const carRestrictions = facts.restrictions.filter((r) => /^(no|only)_/.test(r.value) && !(r.tags.except ?? '').split(';').includes('motorcar'));
    expect(pack.meta.stats.restrictions + pack.meta.stats.skippedRestrictions).toBe(carRestrictions.length);
    if (name === 'monaco') {
      expect(carRestrictions.length).toBe(27); // osmium tags-filter r/type=restriction finds 27
      expect(pack.meta.stats.restrictions).toBeGreaterThanOrEqual(25);
      expect(graph.restrictions.fromEdge.length).toBeGreaterThanOrEqual(pack.meta.stats.restrictions);
    } else {
      expect(carRestrictions.length).toBe(0); // the 2013 Andorra extract has no restriction relations
    }
  });

  test('flags: tunnels, bridges, roundabouts and unpaved roads are marked as tagged', () => {
    let tunnels = 0, roundabouts = 0;
    for (let l = 0; l < graph.linkCount; l++) {
      const tags = facts.wayTags.get(pack.linkWayIds[l]) ?? {};
      const f = graph.linkFlags[l];
      expect((f & LINK_FLAG.TUNNEL) !== 0).toBe(tags.tunnel !== undefined && tags.tunnel !== 'no');
      expect((f & LINK_FLAG.ROUNDABOUT) !== 0).toBe(tags.junction === 'roundabout' || tags.junction === 'circular');
      if (tags.surface === 'gravel' || tags.surface === 'unpaved' || tags.surface === 'dirt') expect(f & LINK_FLAG.UNPAVED).not.toBe(0);
      if (tags.surface === 'asphalt') expect(f & LINK_FLAG.UNPAVED).toBe(0);
      const speed = parseMaxspeedKmh(tags.maxspeed);
      if (speed !== undefined) expect(graph.linkSpeedKmh[l]).toBe(Math.round(speed));
      if (f & LINK_FLAG.TUNNEL) tunnels++;
      if (f & LINK_FLAG.ROUNDABOUT) roundabouts++;
    }
    expect(tunnels).toBeGreaterThan(0);
    expect(roundabouts).toBeGreaterThan(0);
  });

  test('write and read back: every array and the metadata survive', () => {
    const buffer = serializeRegionPack(pack);
    const back = readRegionPack(buffer);
    expect(back.meta).toEqual(pack.meta);
    expect(back.graph.nodeCount).toBe(graph.nodeCount);
    expect(Array.from(back.graph.edgeTarget)).toEqual(Array.from(graph.edgeTarget));
    expect(Array.from(back.graph.linkCurvature)).toEqual(Array.from(graph.linkCurvature));
    expect(back.graph.landmarks.map((t) => t.profile)).toEqual(['fastest', 'shortest', 'curvy']);
    expect(Array.from(back.linkWayIds)).toEqual(Array.from(pack.linkWayIds));
    expect(back.pois.names).toEqual(pack.pois.names);
    expect(Array.from(back.pois.points.lon)).toEqual(Array.from(pack.pois.points.lon));
    expect(Array.from(back.pois.shapes.coords)).toEqual(Array.from(pack.pois.shapes.coords));
    expect(back.pois.bbox).toEqual(pack.pois.bbox);
    expect(Array.from(back.parking.capacity)).toEqual(Array.from(pack.parking.capacity));
    let nameChecked = 0;
    for (let l = 0; l < graph.linkCount && nameChecked < 50; l++) {
      const tags = osmFacts(name).wayTags.get(pack.linkWayIds[l]) ?? {};
      if (!tags.name) continue;
      const pair = back.graph.linkNameRef[l];
      expect(back.graph.strings.get(back.graph.nameRefPairs[2 * pair])).toBe(tags.name);
      nameChecked++;
    }
    expect(nameChecked).toBe(50);
  });
});

describe('region pack errors and control', () => {
  test('a damaged or foreign file fails with a message that says to rebuild', () => {
    const buffer = serializeRegionPack(regionPack('andorra'));
    expect(() => readRegionPack(buffer.slice(0, 1000))).toThrow(RoadGraphError);
    expect(() => readRegionPack(buffer.slice(0, 1000))).toThrow(/truncated|damaged/);
    expect(() => readRegionPack(new TextEncoder().encode('<?xml version="1.0"?><gpx></gpx>').buffer as ArrayBuffer)).toThrow(/not a region pack/);
  });

  test('bytes that are not an OSM PBF file throw OsmPbfError', () => {
    expect(() => buildRegionPack(new TextEncoder().encode('this is not an extract'), { inflate: nodeInflate })).toThrow(OsmPbfError);
  });

  test('progress rises to 1 through every stage; cancel stops the build', () => {
    const seen: RegionBuildStage[] = [];
    let last = 0, monotone = true;
    buildRegionPack(extractBytes('andorra'), {
      inflate: nodeInflate, landmarkProfiles: ['fastest'],
      onProgress: (stage, fraction) => { if (fraction < last - 1e-9) monotone = false; last = fraction; if (!seen.includes(stage)) seen.push(stage); },
    });
    expect(monotone).toBe(true);
    expect(last).toBe(1);
    expect(seen).toEqual(['roads', 'nodes', 'graph', 'landmarks', 'pois']);
    let calls = 0;
    expect(() => buildRegionPack(extractBytes('andorra'), { inflate: nodeInflate, shouldCancel: () => ++calls > 3 })).toThrow(RegionBuildCancelled);
  });

  test('edges of the graph name links in range', () => {
    const { graph } = regionPack('monaco');
    for (let e = 0; e < graph.edgeCount; e++) expect((graph.edgeLink[e] & EDGE_LINK_MASK) < graph.linkCount).toBe(true);
  });
});
