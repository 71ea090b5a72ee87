import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { readPoisFromPbf } from '../../src/core/pois';
import { extractBasemapFeatures } from '../../src/map/extract-basemap';

test('the Andorra extract gives an offline basemap: named roads by class, water, green and the region’s POIs', () => {
  const file = path.resolve(__dirname, '../../../shared/data/osm/andorra.osm.pbf');
  if (!existsSync(file)) throw new Error(`Missing ${file}: the shared OSM extracts are needed (see ../shared/README.md).`);
  const { pois } = readPoisFromPbf(new Uint8Array(readFileSync(file)), { inflate: (d) => inflateSync(d) });
  const fc = extractBasemapFeatures(pois);
  const of = (layer: string) => fc.features.filter((f) => f.properties?.layer === layer);
  const roads = of('road');
  // Andorra has no motorway or trunk (data/README highway table): minor and other classes only.
  expect(new Set(roads.map((f) => f.properties?.class))).toEqual(new Set(['minor', 'other']));
  expect(roads.some((f) => f.properties?.name === "Túnel d'Envalira")).toBe(true);
  expect(roads.filter((f) => f.properties?.name).length).toBeGreaterThan(300);
  expect(of('area').some((f) => f.properties?.class === 'water')).toBe(true);
  expect(of('area').some((f) => f.properties?.class === 'green')).toBe(true);
  const viewpoints = of('poi').filter((f) => f.properties?.class === 'viewpoint');
  expect(viewpoints).toHaveLength(6); // data/README: 6 tourism=viewpoint in Andorra
  expect(of('poi').filter((f) => f.properties?.class === 'pass').length).toBe(17);
  expect(of('poi').filter((f) => f.properties?.class === 'peak').length).toBe(106);
});
