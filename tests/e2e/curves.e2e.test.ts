/**
 * Curves and views, as a scout uses them, offline: import a real car recording, see its score
 * card and curvy stretches, the route coloured by curve level on the map, and a hover readout.
 */
import path from 'node:path';
import { expect, test } from 'vitest';
import { requireFile, sharedDir, outDir, useE2eSession } from './browser';

const session = useE2eSession();

test('an imported drive shows its curvature on the map, in the score card and on hover', async () => {
  const s = session();
  const { page } = s;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(s.baseUrl);
  await page.waitForSelector('.maplibregl-canvas');
  const fixture = requireFile(path.join(sharedDir, 'fixtures/gpx/garmin_etrex20x_car_drive.gpx'), 'shared GPX fixtures are needed');
  await page.getByTestId('import-input').first().setInputFiles(fixture);
  await expect.poll(() => page.getByTestId('score-total').isVisible(), { timeout: 15_000 }).toBe(true);

  const curviness = Number(await page.getByTestId('score-total').getByTestId('curviness').innerText());
  expect(curviness).toBeGreaterThan(0);
  await expect.poll(() => page.getByTestId('stretch-list').locator('li').count()).toBeGreaterThan(0);

  // The curve-level layer is drawn: rendered features with levels above "straight".
  await expect.poll(() => page.evaluate(() => {
    const map = (window as unknown as { __switchbackMap: { map: { queryRenderedFeatures(o: { layers: string[] }): { properties: { level: number } }[] } } }).__switchbackMap.map;
    return map.queryRenderedFeatures({ layers: ['sb-curvature-line'] }).filter((f) => f.properties.level > 0).length;
  }), { timeout: 15_000 }).toBeGreaterThan(0);

  // Hovering the route shows distance, curve level and radius.
  const pixel = await page.evaluate(() => {
    const w = window as unknown as { __switchbackMap: { map: { project(p: [number, number]): { x: number; y: number }; getContainer(): HTMLElement } }; __switchback: { getAnalysis(): { line: Float64Array } } };
    const line = w.__switchback.getAnalysis().line;
    const mid = 2 * Math.floor(line.length / 4);
    const p = w.__switchbackMap.map.project([line[mid], line[mid + 1]]);
    const r = w.__switchbackMap.map.getContainer().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  });
  await page.mouse.move(pixel.x + 3, pixel.y + 3);
  await page.mouse.move(pixel.x, pixel.y);
  const readout = page.getByTestId('hover-readout');
  await expect.poll(() => readout.isVisible(), { timeout: 5000 }).toBe(true);
  expect(await readout.innerText()).toMatch(/(m|km) · (straight|broad|medium|tight|hairpin) · (r \d+ m|straight)/);

  await page.screenshot({ path: path.join(outDir, 'e2e-curves.png') });
  expect(errors).toEqual([]);
}, 120_000);

test('loading an SRTM tile adds ascent and the highest point to a drive in Andorra', async () => {
  const s = session();
  const { page } = s;
  await page.getByTestId('new-drive').click();
  await page.getByTestId('default-router').selectOption('straight');
  await page.getByLabel('Go to lon, lat').fill('1.60, 42.54');
  await page.getByRole('button', { name: 'Go' }).click();
  const box = (await page.getByTestId('map').boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.2, box.y + box.height * 0.6);
  await page.mouse.click(box.x + box.width * 0.8, box.y + box.height * 0.4);
  await expect.poll(() => page.getByTestId('score-total').isVisible(), { timeout: 15_000 }).toBe(true);
  await expect(page.getByTestId('score-total').innerText()).resolves.not.toContain('Ascent');
  const hgt = requireFile(path.join(sharedDir, 'data/dem/N42E001.hgt.zip'), 'the shared SRTM tiles are needed');
  await page.getByTestId('dem-input').setInputFiles(hgt);
  await expect.poll(() => page.getByTestId('score-total').innerText(), { timeout: 15_000 }).toMatch(/Ascent\s+\d+ m/);
  const text = await page.getByTestId('score-total').innerText();
  const highest = Number(/Highest\s+(\d+) m/.exec(text)?.[1]);
  expect(highest).toBeGreaterThan(1000); // Andorra's valleys lie above 840 m; the peaks near 2,900 m
  expect(highest).toBeLessThan(3000);

  // Scenery from the real Andorra extract, read in a worker: a scenic score and marked viewpoints.
  const pbf = requireFile(path.join(sharedDir, 'data/osm/andorra.osm.pbf'), 'the shared OSM extracts are needed');
  await page.getByTestId('extract-input').setInputFiles(pbf);
  await expect.poll(() => page.getByTestId('extract-loaded').isVisible(), { timeout: 30_000 }).toBe(true);
  await expect.poll(() => page.getByTestId('score-total').getByTestId('scenic').isVisible(), { timeout: 10_000 }).toBe(true);
  const scenicValue = Number(await page.getByTestId('score-total').getByTestId('scenic').innerText());
  expect(scenicValue).toBeGreaterThan(0);
  expect(scenicValue).toBeLessThanOrEqual(100);
  await expect.poll(() => page.evaluate(() => {
    const map = (window as unknown as { __switchbackMap: { map: { queryRenderedFeatures(o: { layers: string[] }): { properties: { kind: string } }[] } } }).__switchbackMap.map;
    return map.queryRenderedFeatures({ layers: ['sb-pois-circle'] }).filter((f) => f.properties.kind === 'viewpoint').length;
  }), { timeout: 10_000 }).toBeGreaterThan(0);

  // Offline, the extract also draws the basemap: roads by class (with names) and water.
  await expect.poll(() => page.evaluate(() => {
    const map = (window as unknown as { __switchbackMap: { map: { queryRenderedFeatures(o: { layers: string[] }): { properties: { class: string } }[] } } }).__switchbackMap.map;
    return map.queryRenderedFeatures({ layers: ['sb-extract-road', 'sb-extract-area', 'sb-extract-waterway', 'sb-extract-poi'] }).length;
  }), { timeout: 10_000 }).toBeGreaterThan(10);

  // The profile under the map follows the pointer onto the map, and a dragged range gets its own card.
  const canvas = page.getByTestId('profile-dock').locator('canvas');
  const pb = (await canvas.boundingBox())!;
  await page.mouse.move(pb.x + pb.width * 0.5, pb.y + pb.height * 0.5);
  await expect.poll(() => page.locator('.sb-hover-cursor').count()).toBe(1);
  await page.mouse.move(pb.x + pb.width * 0.2, pb.y + pb.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(pb.x + pb.width * 0.5, pb.y + pb.height * 0.5, { steps: 5 });
  await page.mouse.move(pb.x + pb.width * 0.7, pb.y + pb.height * 0.5, { steps: 5 });
  await page.mouse.up();
  await expect.poll(() => page.getByTestId('score-range').isVisible()).toBe(true);
  const rangeText = await page.getByTestId('score-range').innerText();
  expect(rangeText).toMatch(/Ascent/);
  await page.screenshot({ path: path.join(outDir, 'e2e-profile.png') });

  // Compare: the leg becomes an alternative drive; both score cards stand side by side.
  await page.getByTestId('alternative-leg-0').click();
  await expect.poll(() => page.getByTestId('compare').isVisible(), { timeout: 10_000 }).toBe(true);
  await expect(page.getByTestId('compare-original').innerText()).resolves.toContain('Original');
  await expect(page.getByTestId('compare-alternative').innerText()).resolves.toContain('This alternative');
  await expect.poll(() => page.getByTestId('drive-select').locator('option:checked').innerText()).toContain('(alternative)');
}, 60_000);
