/**
 * Overpass query text and answer parsing. The answer is Overpass JSON written from the real
 * Andorra and Monaco extracts (`overpass-json-from-pbf.ts`, no invented places); parsing it must
 * give exactly the features `poisFromPbf` reads from the same file.
 */
import { describe, expect, test } from 'vitest';
import { PoiSourceError, buildOverpassQuery, parseOverpassJson } from '../../../src/core/pois';
import { overpassJsonFromPbf } from './overpass-json-from-pbf';
import { pointRecords, shapeRecords } from './poi-set-records';
import { extractBytes, extractPois, type ExtractName } from './shared-data';

describe('buildOverpassQuery', () => {
  const query = buildOverpassQuery([1.422104, 42.43509, 1.780386, 42.65717], 25);

  test('asks for JSON with a global bbox in south,west,north,east order and a server timeout', () => {
    expect(query.split('\n')[0]).toBe('[out:json][timeout:25][bbox:42.435090,1.422104,42.657170,1.780386];');
    expect(query.trim().endsWith('out geom qt;')).toBe(true);
  });

  test('selects every feature the classifier keeps', () => {
    for (const clause of [
      'node["tourism"="viewpoint"]', 'node["mountain_pass"="yes"]', 'node["natural"~"^(peak|volcano|saddle)$"]',
      'node["man_made"="tower"]["tower:type"="observation"]', 'way["waterway"~"^(river|canal|riverbank)$"]', 'way["scenic"="yes"]',
      'relation["type"~"^(multipolygon|boundary)$"]["boundary"~"^(national_park|protected_area)$"]',
    ]) expect(query).toContain(clause);
    expect(query).toMatch(/way\["natural"~"\^\([^"]*\bcoastline\b[^"]*\bwood\b[^"]*\)\$"\]/);
    expect(query).toMatch(/way\["highway"~"\^\([^"]*\bmotorway_link\b[^"]*\bunclassified\b[^"]*\)\$"\]/);
    expect(query).toMatch(/way\["landuse"~"\^\([^"]*\bforest\b[^"]*\bresidential\b[^"]*\)\$"\]/);
    // Balanced union, every statement terminated.
    expect(query.match(/\(/g)?.length).toBe(query.match(/\)/g)?.length);
    for (const line of query.split('\n').slice(2, -2)) expect(line.trim().endsWith(';')).toBe(true);
  });
});

describe.each<ExtractName>(['andorra', 'monaco'])('parseOverpassJson on an answer written from the %s extract', (name) => {
  const json = JSON.parse(JSON.stringify(overpassJsonFromPbf(extractBytes(name)))) as unknown;
  const fromPbf = extractPois(name);

  test('gives the same points and shapes as reading the PBF', () => {
    const parsed = parseOverpassJson(json, fromPbf.bbox);
    expect(parsed.points.count).toBe(fromPbf.points.count);
    expect(pointRecords(parsed)).toEqual(pointRecords(fromPbf));
    expect(shapeRecords(parsed)).toEqual(shapeRecords(fromPbf));
    expect(parsed.layers).toBe(fromPbf.layers);
  });

  test('ways without node ids fall back to comparing end coordinates', () => {
    const elements = (json as { elements: Record<string, unknown>[] }).elements.map((e) => {
      const { nodes: _nodes, ...rest } = e;
      return rest;
    });
    expect(shapeRecords(parseOverpassJson({ elements }, null))).toEqual(shapeRecords(fromPbf));
  });
});

describe('parseOverpassJson errors', () => {
  test('an answer that is not Overpass JSON', () => {
    expect(() => parseOverpassJson({ error: 'nope' }, null)).toThrow(PoiSourceError);
    expect(() => parseOverpassJson('<html>', null)).toThrow(/not Overpass JSON/);
  });

  test('a runtime error remark (a partial answer) is an error, not fewer features', () => {
    const remark = 'runtime error: Query timed out in "query" at line 3 after 26 seconds.';
    expect(() => parseOverpassJson({ elements: [], remark }, null)).toThrow(/could not finish the query \(runtime error: Query timed out/);
  });

  test('malformed elements are skipped, good ones kept', () => {
    const set = parseOverpassJson({
      elements: [
        null, 42, { type: 'node' }, { type: 'way', id: 1, geometry: 'x' }, { type: 'relation', id: 2, tags: { type: 'multipolygon', landuse: 'forest' } },
        { type: 'node', id: 262472865, lat: 42.5549682, lon: 1.5722207, tags: { tourism: 'viewpoint', name: "Coll d'Ordino" } },
      ],
    }, null);
    expect(set.points.count).toBe(1);
    expect(set.names[set.points.name[0]]).toBe("Coll d'Ordino");
    expect(set.shapes.count).toBe(0);
  });
});
