/**
 * Region packs in the browser, offline: import the real Andorra extract (built in a worker,
 * stored in IndexedDB), draw a drive with the local router, switch the profile to curvy, and see
 * the route and its score change; the region's curvy roads are listed and drawn.
 */
import path from 'node:path';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { requireFile, sharedDir, outDir, useE2eSession } from './browser';

const session = useE2eSession();

type W = {
  __switchback: { getState(): { drive: { segments: { router: string }[]; profile: string } | null; pendingRoutes: number; localRegion: string | null }; getRoute(k: string): { madeBy: string; coords: Float64Array; fallbackReason?: string } | undefined; getAnalysis(): { total: { curvaturePerKm: number; distanceMeters: number } } | null };
  __switchbackSegmentKeys(d: unknown): string[];
  __switchbackMap: { map: { project(p: [number, number]): { x: number; y: number }; getContainer(): HTMLElement; queryRenderedFeatures(o: { layers: string[] }): unknown[] } };
};

async function routeState(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as W;
    const st = w.__switchback.getState();
    if (!st.drive) return null;
    const keys = w.__switchbackSegmentKeys(st.drive);
    const routes = keys.map((k) => w.__switchback.getRoute(k));
    const a = w.__switchback.getAnalysis();
    return {
      keys, pending: st.pendingRoutes, madeBy: routes.map((r) => r?.madeBy ?? null), fallback: routes.some((r) => r?.fallbackReason),
      vertices: routes.reduce((n, r) => n + (r ? r.coords.length / 2 : 0), 0), perKm: a?.total.curvaturePerKm ?? 0, distance: a?.total.distanceMeters ?? 0,
    };
  });
}

async function clickLonLat(page: Page, lonLat: [number, number]) {
  const p = await page.evaluate((ll) => {
    const w = window as unknown as W;
    const pt = w.__switchbackMap.map.project(ll);
    const r = w.__switchbackMap.map.getContainer().getBoundingClientRect();
    return { x: r.left + pt.x, y: r.top + pt.y };
  }, lonLat);
  await page.mouse.click(p.x, p.y);
}

test('a scout imports Andorra, routes offline with the local router and switches to curvy', async () => {
  const s = session();
  const { page } = s;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(s.baseUrl);
  await page.waitForSelector('.maplibregl-canvas');

  const pbf = requireFile(path.join(sharedDir, 'data/osm/andorra.osm.pbf'), 'the shared OSM extracts are needed');
  await page.getByTestId('region-input').setInputFiles(pbf);
  await expect.poll(() => page.evaluate(() => (window as unknown as W).__switchback.getState().localRegion), { timeout: 60_000 }).toBe('andorra');
  await expect.poll(() => page.getByTestId('pack-list').innerText()).toContain('andorra');
  await expect.poll(() => page.getByTestId('curvy-list').locator('li').count(), { timeout: 20_000 }).toBeGreaterThan(3);

  await page.getByTestId('new-drive').click();
  await page.getByTestId('default-router').selectOption('local');
  await page.getByLabel('Go to lon, lat').fill('1.561, 42.537');
  await page.getByRole('button', { name: 'Go' }).click();
  for (const button of await page.getByRole('button', { name: 'Dismiss' }).all()) await button.click().catch(() => undefined);
  await clickLonLat(page, [1.5218, 42.5063]); // Andorra la Vella
  await clickLonLat(page, [1.5995, 42.5676]); // Canillo valley
  await expect.poll(async () => (await routeState(page))?.madeBy, { timeout: 20_000 }).toEqual(['local']);
  const fastest = (await routeState(page))!;
  expect(fastest.fallback).toBe(false);
  expect(fastest.vertices).toBeGreaterThan(50); // follows roads, not a straight line
  expect(fastest.distance).toBeGreaterThan(9000);

  await page.getByTestId('profile').selectOption('curvy');
  await expect.poll(async () => (await routeState(page))?.keys[0], { timeout: 10_000 }).not.toBe(fastest.keys[0]);
  await expect.poll(async () => (await routeState(page))?.madeBy, { timeout: 20_000 }).toEqual(['local']);
  const curvy = (await routeState(page))!;
  expect(curvy.perKm).toBeGreaterThan(fastest.perKm); // the curvy profile found a twistier way
  expect(curvy.distance).toBeLessThan(fastest.distance * 1.4);

  // The curve-level layer shows the routed road.
  await expect.poll(() => page.evaluate(() => (window as unknown as W).__switchbackMap.map.queryRenderedFeatures({ layers: ['sb-curvature-line'] }).length)).toBeGreaterThan(0);
  await page.screenshot({ path: path.join(outDir, 'e2e-region.png') });

  // Round trip from the drive's start: distinct loops with score cards; one becomes a drive.
  await page.getByLabel('Round trip length in km').fill('40');
  await page.getByTestId('roundtrip-go').click();
  await expect.poll(() => page.getByTestId('roundtrip-list').locator('> li').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  const firstLoop = await page.getByTestId('roundtrip-0').innerText();
  const loopKm = Number(/Distance\s+([\d.]+) km/.exec(firstLoop)?.[1]);
  expect(loopKm).toBeGreaterThan(30);
  expect(loopKm).toBeLessThan(50);
  await page.getByRole('button', { name: 'Use this loop' }).first().click();
  await expect.poll(async () => (await routeState(page))?.madeBy.every((m) => m === 'local'), { timeout: 30_000 }).toBe(true);
  const loop = (await routeState(page))!;
  expect(loop.keys.length).toBeGreaterThanOrEqual(3);
  expect(loop.distance / 1000).toBeGreaterThan(30);

  // A returning scout opens the stored pack from the list: its Blob is read by the router workers,
  // started while the list showed; the drive routes locally again.
  const localRegion = () => page.evaluate(() => (window as unknown as W).__switchback.getState().localRegion);
  await page.getByRole('button', { name: 'Close andorra' }).click();
  await expect.poll(localRegion).toBe(null);
  await page.getByTestId('pack-list').getByRole('button', { name: 'Open' }).click();
  await expect.poll(localRegion, { timeout: 30_000 }).toBe('andorra');
  await page.getByTestId('profile').selectOption('fastest');
  await expect.poll(async () => (await routeState(page))?.madeBy.every((m) => m === 'local'), { timeout: 30_000 }).toBe(true);
  expect(errors).toEqual([]);
}, 180_000);
