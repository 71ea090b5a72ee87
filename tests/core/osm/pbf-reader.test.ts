/**
 * The PBF reader on the two real extracts in ../shared/data/osm. Expected counts come from
 * shared/data/README.md (osmium-tool 1.15.0). Exact coordinates, ids, refs and members were
 * read once with `osmium cat -f opl,add_metadata=false FILE` / `osmium getid -f opl FILE nID`
 * and written here as literals; osmium prints 7 decimals, which is the file's full precision.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import {
  OSM_MEMBER_NODE, OSM_MEMBER_RELATION, OSM_MEMBER_WAY, type OsmNodeBatch, type OsmTagColumns, findTag, readOsmPbf, tagValue, tagsOf,
} from '../../../src/core/osm/pbf-reader';
import { type CollectedFile, collect, findEntity, loadExtract } from './pbf-test-helpers';

let andorra: CollectedFile;
let monaco: CollectedFile;
beforeAll(() => {
  andorra = collect(loadExtract('andorra'));
  monaco = collect(loadExtract('monaco'));
});

/** Number of entities whose tag `key` equals `value` (or has any value when `value` is '*'). */
function countTagged(batches: OsmTagColumns[], key: string, value: string): number {
  let n = 0;
  for (const batch of batches) {
    const keyIndex = batch.strings.indexOf(key);
    const valueIndex = batch.strings.indexOf(value);
    for (let i = 0; i < batch.count; i++) {
      const k = findTag(batch, i, keyIndex);
      if (k >= 0 && (value === '*' || batch.tagVals[k] === valueIndex)) n++;
    }
  }
  return n;
}

/** Histogram of the values of `key` over all entities. */
function valueCounts(batches: OsmTagColumns[], key: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const batch of batches) {
    const keyIndex = batch.strings.indexOf(key);
    for (let i = 0; i < batch.count; i++) {
      const k = findTag(batch, i, keyIndex);
      if (k < 0) continue;
      const value = batch.strings.get(batch.tagVals[k]);
      counts[value] = (counts[value] ?? 0) + 1;
    }
  }
  return counts;
}

/** Nodes matching a predicate on their tags, as plain objects (few, for assertions). */
function nodesWhere(batches: OsmNodeBatch[], key: string, value: string): { id: number; lon: number; lat: number; tags: Record<string, string> }[] {
  const found: { id: number; lon: number; lat: number; tags: Record<string, string> }[] = [];
  for (const batch of batches) {
    for (let i = 0; i < batch.count; i++) {
      if (tagValue(batch, i, key) === value) found.push({ id: batch.ids[i], lon: batch.lons[i], lat: batch.lats[i], tags: tagsOf(batch, i) });
    }
  }
  return found;
}

function totalCount(batches: { count: number }[]): number {
  return batches.reduce((n, batch) => n + batch.count, 0);
}

describe('andorra.osm.pbf', () => {
  test('entity counts match the documented 69,644 nodes, 2,725 ways, 74 relations', () => {
    expect(andorra.summary).toMatchObject({ nodeCount: 69_644, wayCount: 2_725, relationCount: 74, bytesRead: 565_390, cancelled: false });
    expect(totalCount(andorra.nodes)).toBe(69_644);
    expect(totalCount(andorra.ways)).toBe(2_725);
    expect(totalCount(andorra.relations)).toBe(74);
  });

  test('the header declares the documented extract bbox, features and replication time', () => {
    const header = andorra.header!;
    expect(header.bbox).toEqual({ west: 1.422104, south: 42.43509, east: 1.780386, north: 42.65717 });
    expect(header.requiredFeatures).toEqual(['OsmSchema-V0.6', 'DenseNodes']);
    expect(header.writingProgram).toMatch(/^Osmium/);
    expect(new Date(header.replicationTimestampSeconds! * 1000).toISOString()).toBe('2013-05-28T18:59:04.000Z');
  });

  test('nodes come before ways and ways before relations, each with ascending ids', () => {
    expect(andorra.summary.typesInOrder).toBe(true);
    expect(andorra.summary.idsAscending).toBe(true);
  });

  test('Port d\'Envalira is a mountain_pass=yes node at the documented place, with exact osmium coordinates', () => {
    const passes = nodesWhere(andorra.nodes, 'mountain_pass', 'yes');
    expect(passes).toHaveLength(17);
    const envalira = passes.find((pass) => pass.tags.name === 'Port d\'Envalira')!;
    expect(envalira).toBeDefined();
    expect(envalira.lon).toBeCloseTo(1.71938, 5);
    expect(envalira.lat).toBeCloseTo(42.54018, 5);
    // osmium: n206332846 ... Tele=2408,mountain_pass=yes,name=Port d'Envalira,... x1.719381 y42.5401763
    expect(envalira).toEqual({
      id: 206_332_846, lon: 1.719381, lat: 42.5401763,
      tags: { ele: '2408', mountain_pass: 'yes', name: 'Port d\'Envalira', 'name:es': 'Puerto de Envalira' },
    });
  });

  test('the 6 tourism=viewpoint nodes, 2 named, at the documented places', () => {
    const viewpoints = nodesWhere(andorra.nodes, 'tourism', 'viewpoint');
    expect(viewpoints).toHaveLength(6);
    const named = viewpoints.filter((v) => v.tags.name !== undefined);
    expect(named.map((v) => v.tags.name).sort()).toEqual(['Coll d\'Ordino', 'Torre dals Morus']);
    const documented: [number, number][] = [[1.57222, 42.55497], [1.58720, 42.53928], [1.61410, 42.57278], [1.59169, 42.54015], [1.51781, 42.58986], [1.54849, 42.51443]];
    for (const [lon, lat] of documented) {
      expect(viewpoints.some((v) => Math.abs(v.lon - lon) < 1e-5 && Math.abs(v.lat - lat) < 1e-5), `viewpoint near ${lon}, ${lat}`).toBe(true);
    }
    // osmium: n262472865 Tname=Coll d'Ordino,tourism=viewpoint x1.5722207 y42.5549682
    //         n894259010 Tman_made=tower,name=Torre dals Morus,tourism=viewpoint x1.5872042 y42.5392816
    expect(named.find((v) => v.id === 262_472_865)).toMatchObject({ lon: 1.5722207, lat: 42.5549682 });
    expect(named.find((v) => v.id === 894_259_010)).toMatchObject({ lon: 1.5872042, lat: 42.5392816, tags: { man_made: 'tower' } });
  });

  test('POI node counts match the README: 106 peaks (99 with ele), 11 alpine huts, 19 fuel, 33 parking', () => {
    expect(countTagged(andorra.nodes, 'natural', 'peak')).toBe(106);
    const peaks = nodesWhere(andorra.nodes, 'natural', 'peak');
    expect(peaks.filter((p) => p.tags.ele !== undefined)).toHaveLength(99);
    const comapedrosa = peaks.find((p) => p.tags.name === 'Pic de Comapedrosa')!;
    expect(comapedrosa.lon).toBeCloseTo(1.44367, 4);
    expect(comapedrosa.lat).toBeCloseTo(42.59180, 4);
    expect(countTagged(andorra.nodes, 'tourism', 'alpine_hut')).toBe(11);
    expect(countTagged(andorra.nodes, 'amenity', 'fuel')).toBe(19);
    expect(countTagged(andorra.nodes, 'amenity', 'parking')).toBe(33);
    expect(countTagged(andorra.ways, 'amenity', 'parking')).toBe(72);
  });

  test('highway values on ways match the README table (1,615 highway ways)', () => {
    expect(valueCounts(andorra.ways, 'highway')).toEqual({
      residential: 468, primary: 309, path: 211, track: 152, secondary: 144, service: 124, unclassified: 98, footway: 44,
      primary_link: 17, steps: 13, pedestrian: 12, tertiary: 9, road: 5, secondary_link: 4, bridleway: 2, construction: 2, living_street: 1,
    });
    expect(countTagged(andorra.ways, 'highway', '*')).toBe(1_615);
  });

  test('road attributes match the README: oneway=yes 251, bridge=yes 145, tunnel=yes 37, maxspeed on 204 ways', () => {
    expect(countTagged(andorra.ways, 'oneway', 'yes')).toBe(251);
    expect(countTagged(andorra.ways, 'bridge', 'yes')).toBe(145);
    expect(countTagged(andorra.ways, 'tunnel', 'yes')).toBe(37);
    expect(countTagged(andorra.ways, 'maxspeed', '*')).toBe(204);
  });

  test('sampled nodes have osmium\'s exact coordinates, including ids above 2^31 and UTF-8 tags', () => {
    // osmium cat -f opl,add_metadata=false andorra.osm.pbf (first node, node 35,000, last node) and getid.
    const expected: [number, number, number][] = [
      [625_022, 1.5513077, 42.5128977], [625_023, 1.5516495, 42.51312], [1_142_624_289, 1.7632538, 42.5084933],
      [51_408_872, 1.5484936, 42.5144347], [1_407_827_125, 1.7048516, 42.6193181], [2_323_322_020, 1.6710937, 42.612069],
    ];
    for (const [id, lon, lat] of expected) {
      const hit = findEntity(andorra.nodes, id)!;
      expect(hit, `node ${id}`).toBeDefined();
      expect([hit.batch.lons[hit.i], hit.batch.lats[hit.i]], `node ${id}`).toEqual([lon, lat]);
      expect(Math.abs(hit.batch.lons[hit.i] - lon)).toBeLessThanOrEqual(1e-7);
    }
    const fontargenta = findEntity(andorra.nodes, 1_407_827_125)!;
    expect(tagsOf(fontargenta.batch, fontargenta.i)).toEqual({ alt_name: 'Port d\'Inclès', ele: '2262', mountain_pass: 'yes', name: 'Port de Fontargenta' });
  });

  test('way refs and tags decode exactly (the CG-2 over Port d\'Envalira)', () => {
    // osmium: w28833935 Thighway=primary,maxspeed=90,name=Port d'Envalira,ref=CG-2,source=yahoo
    //         Nn51119127,n51119128,n1832213759,n51119129,n1832213756,n51119130,n51119131,n51118641,n51118642,n206332846,...
    const { batch, i } = findEntity(andorra.ways, 28_833_935)!;
    expect(tagsOf(batch, i)).toEqual({ highway: 'primary', maxspeed: '90', name: 'Port d\'Envalira', ref: 'CG-2', source: 'yahoo' });
    expect(Array.from(batch.refs.subarray(batch.refStart[i], batch.refStart[i + 1]))).toEqual([
      51119127, 51119128, 1832213759, 51119129, 1832213756, 51119130, 51119131, 51118641, 51118642, 206332846,
      206330773, 206333191, 206333347, 206333343,
    ]);
  });

  test('relation members decode with types and roles', () => {
    // osmium: r957715 T...,name=French holidays,type=defaults Mr11980@apply_to
    const { batch, i } = findEntity(andorra.relations, 957_715)!;
    expect(tagValue(batch, i, 'type')).toBe('defaults');
    const m = batch.memberStart[i];
    expect(batch.memberStart[i + 1] - m).toBe(1);
    expect([batch.memberIds[m], batch.memberTypes[m], batch.strings.get(batch.memberRoles[m])]).toEqual([11980, OSM_MEMBER_RELATION, 'apply_to']);
    // osmium: r7466 (Pyrénées-Orientales) Mn1664142674@admin_centre,w140461373@outer,...
    const po = findEntity(andorra.relations, 7466)!;
    expect(tagValue(po.batch, po.i, 'name')).toBe('Pyrénées-Orientales');
    const first = po.batch.memberStart[po.i];
    expect([po.batch.memberIds[first], po.batch.memberTypes[first], po.batch.strings.get(po.batch.memberRoles[first])]).toEqual([1664142674, OSM_MEMBER_NODE, 'admin_centre']);
    expect([po.batch.memberIds[first + 1], po.batch.memberTypes[first + 1], po.batch.strings.get(po.batch.memberRoles[first + 1])]).toEqual([140461373, OSM_MEMBER_WAY, 'outer']);
  });

  test('every way ref points at a node in the file (the extract keeps complete ways)', () => {
    const nodeIds = new Set<number>();
    for (const batch of andorra.nodes) for (const id of batch.ids) nodeIds.add(id);
    let refs = 0;
    const missing: number[] = [];
    for (const batch of andorra.ways) {
      for (const ref of batch.refs) { if (!nodeIds.has(ref)) missing.push(ref); refs++; }
    }
    expect(missing).toEqual([]);
    // osmium cat -f opl andorra.osm.pbf -t way: the N fields list 72,968 node refs in total.
    expect(refs).toBe(72_968);
  });
});

describe('monaco.osm.pbf', () => {
  test('entity counts match the documented 180,118 nodes, 27,377 ways, 212 relations', () => {
    expect(monaco.summary).toMatchObject({ nodeCount: 180_118, wayCount: 27_377, relationCount: 212, bytesRead: 1_759_101, typesInOrder: true, idsAscending: true });
    expect(totalCount(monaco.nodes)).toBe(180_118);
    expect(totalCount(monaco.ways)).toBe(27_377);
    expect(totalCount(monaco.relations)).toBe(212);
  });

  test('the header declares the documented bbox and osmconvert\'s sort feature', () => {
    expect(monaco.header!.bbox).toEqual({ west: 7.349, south: 43.71, east: 7.491, north: 43.77 });
    expect(monaco.header!.optionalFeatures).toContain('Sort.Type_then_ID');
    expect(monaco.header!.writingProgram).toBe('osmconvert 0.7T');
    expect(new Date(monaco.header!.replicationTimestampSeconds! * 1000).toISOString()).toBe('2016-03-05T00:26:02.000Z');
  });

  test('25 viewpoints (6 named), 5 peaks all with ele, no mountain passes, 14 fuel, 55 + 64 parking', () => {
    const viewpoints = nodesWhere(monaco.nodes, 'tourism', 'viewpoint');
    expect(viewpoints).toHaveLength(25);
    expect(viewpoints.filter((v) => v.tags.name !== undefined)).toHaveLength(6);
    // osmium: n1395006348 Tname=Château d'Eze,tourism=viewpoint x7.3610142 y43.7283904
    expect(viewpoints.find((v) => v.tags.name === 'Château d\'Eze')).toMatchObject({ id: 1_395_006_348, lon: 7.3610142, lat: 43.7283904 });
    expect(viewpoints.find((v) => v.tags.name === 'Tête de Chien')).toMatchObject({ lon: 7.4027934, lat: 43.7302813 });
    const simboula = viewpoints.find((v) => v.tags.name === 'Table d\'orientation de la Simboula')!;
    expect([simboula.lon, simboula.lat, simboula.tags.ele]).toEqual([7.3727703, 43.7355982, '675']);
    const peaks = nodesWhere(monaco.nodes, 'natural', 'peak');
    expect(peaks).toHaveLength(5);
    expect(peaks.every((p) => p.tags.ele !== undefined)).toBe(true);
    expect(countTagged(monaco.nodes, 'mountain_pass', 'yes')).toBe(0);
    expect(countTagged(monaco.nodes, 'amenity', 'fuel')).toBe(14);
    expect(countTagged(monaco.nodes, 'amenity', 'parking')).toBe(55);
    expect(countTagged(monaco.ways, 'amenity', 'parking')).toBe(64);
  });

  test('highway values on ways match the README table', () => {
    expect(valueCounts(monaco.ways, 'highway')).toEqual({
      residential: 660, footway: 566, service: 394, primary: 309, steps: 259, path: 169, secondary: 140, pedestrian: 96, tertiary: 83,
      track: 63, unclassified: 63, motorway: 34, motorway_link: 31, living_street: 22, primary_link: 22, secondary_link: 4, construction: 3,
      cycleway: 2, escape: 2, raceway: 1, rest_area: 1, road: 1, services: 1, tertiary_link: 1,
    });
  });

  test('road attributes match the README: oneway=yes 643, tunnel=yes 176, bridge=yes 82, maxspeed on 153 ways', () => {
    expect(countTagged(monaco.ways, 'oneway', 'yes')).toBe(643);
    expect(countTagged(monaco.ways, 'tunnel', 'yes')).toBe(176);
    expect(countTagged(monaco.ways, 'bridge', 'yes')).toBe(82);
    expect(countTagged(monaco.ways, 'maxspeed', '*')).toBe(153);
  });

  test('sampled nodes have osmium\'s exact coordinates', () => {
    // osmium cat -f opl,add_metadata=false monaco.osm.pbf: first node, node 100,000, last node (id > 2^31).
    const expected: [number, number, number][] = [[21_911_863, 7.422028, 43.7370125], [1_519_656_061, 7.46969, 43.765891], [4_035_273_179, 7.3628142, 43.7250224]];
    for (const [id, lon, lat] of expected) {
      const hit = findEntity(monaco.nodes, id)!;
      expect([hit.batch.lons[hit.i], hit.batch.lats[hit.i]], `node ${id}`).toEqual([lon, lat]);
    }
  });

  test('relation members of mixed types and empty roles', () => {
    // osmium: r2102585 Ttype=street Mw157134377@street,n273248512@house
    //         r2207111 T...,type=route_master Mr2207100@,r2207095@
    const street = findEntity(monaco.relations, 2_102_585)!;
    const s = street.batch.memberStart[street.i];
    const members = (batch: typeof street.batch, from: number, to: number): [number, number, string][] =>
      Array.from({ length: to - from }, (_, k) => [batch.memberIds[from + k], batch.memberTypes[from + k], batch.strings.get(batch.memberRoles[from + k])]);
    expect(members(street.batch, s, street.batch.memberStart[street.i + 1])).toEqual([[157134377, OSM_MEMBER_WAY, 'street'], [273248512, OSM_MEMBER_NODE, 'house']]);
    const master = findEntity(monaco.relations, 2_207_111)!;
    const ms = master.batch.memberStart[master.i];
    expect(members(master.batch, ms, master.batch.memberStart[master.i + 1])).toEqual([[2207100, OSM_MEMBER_RELATION, ''], [2207095, OSM_MEMBER_RELATION, '']]);
  });
});

describe('selective decoding', () => {
  test('omitting a callback skips decoding that type but still counts it', () => {
    const bytes = loadExtract('andorra');
    let wayBatches = 0;
    const summary = readOsmPbf(bytes, { ways: () => { wayBatches++; } });
    expect(summary).toMatchObject({ nodeCount: 69_644, wayCount: 2_725, relationCount: 74 });
    expect(wayBatches).toBeGreaterThan(0);
  });

  test('string tables are shared per block and decode each entry once', () => {
    const batch = andorra.ways[0];
    const highway = batch.strings.indexOf('highway');
    expect(highway).toBeGreaterThan(0);
    expect(batch.strings.get(highway)).toBe('highway');
    expect(batch.strings.get(highway)).toBe(batch.strings.get(highway));
    expect(batch.strings.get(0)).toBe('');
    expect(batch.strings.indexOf('no such key in this block')).toBe(-1);
    expect(findTag(batch, 0, -1)).toBe(-1);
  });
});
