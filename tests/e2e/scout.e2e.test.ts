/**
 * A scout's session in real Chromium against the built app, fully offline: create a drive, click
 * four waypoints, drag one, undo, reload and find the drive as left, export GPX (validated with
 * xmllint against the GPX 1.1 and Garmin schemas), and import a real fixture.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { requireFile, sharedDir, outDir, useE2eSession } from './browser';

const session = useE2eSession();

interface DriveView { name: string; waypoints: { id: string; position: [number, number] }[]; routed: number; pending: number; segments: number }

/** Reads what the planner holds (for assertions only; every action goes through the UI). */
function driveView(page: Page): Promise<DriveView | null> {
  return page.evaluate(() => {
    type P = { getState(): { drive: { name: string; waypoints: { id: string; position: [number, number] }[]; segments: unknown[] } | null; pendingRoutes: number }; getRoute(k: string): unknown };
    const planner = (window as unknown as { __switchback: P & { __keys?: (d: unknown) => string[] } }).__switchback;
    const st = planner.getState();
    if (!st.drive) return null;
    const keys = (window as unknown as { __switchbackSegmentKeys: (d: unknown) => string[] }).__switchbackSegmentKeys(st.drive);
    return {
      name: st.drive.name,
      waypoints: st.drive.waypoints.map((w) => ({ id: w.id, position: [w.position[0], w.position[1]] as [number, number] })),
      routed: keys.filter((k) => planner.getRoute(k)).length,
      pending: st.pendingRoutes,
      segments: st.drive.segments.length,
    };
  });
}

async function waitForRouted(page: Page, segments: number): Promise<void> {
  await expect.poll(async () => (await driveView(page))?.routed, { timeout: 15_000 }).toBe(segments);
}

test('a scout plans, edits, reloads, exports and imports a drive offline', async () => {
  const s = session();
  const { page } = s;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(s.baseUrl);
  await page.waitForSelector('.maplibregl-canvas');

  // The online basemap is unreachable: the offline style is shown with a notice, never a blank screen.
  await expect.poll(() => page.locator('[data-testid=notice]').allTextContents(), { timeout: 20_000 })
    .toEqual(expect.arrayContaining([expect.stringContaining('offline map')]));
  await expect.poll(() => page.locator('.maplibregl-ctrl-attrib').innerText()).toContain('OpenStreetMap contributors');

  // Create a drive and route with straight lines (the OSRM server is unreachable offline).
  await page.getByTestId('new-drive').click();
  await expect.poll(async () => (await driveView(page))?.name).toBe('New drive');
  await page.getByTestId('default-router').selectOption('straight');

  const map = page.getByTestId('map');
  const box = (await map.boundingBox())!;
  const clicks: [number, number][] = [[0.3, 0.3], [0.6, 0.35], [0.65, 0.65], [0.35, 0.7]];
  for (const [fx, fy] of clicks) {
    await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
  }
  await expect.poll(async () => (await driveView(page))?.waypoints.length).toBe(4);
  await waitForRouted(page, 3);
  const before = (await driveView(page))!;

  // Notices float over the map; a scout dismisses them before working under them.
  for (const button of await page.getByRole('button', { name: 'Dismiss' }).all()) await button.click().catch(() => undefined);

  // Drag waypoint 2 (index 1) by 80 px to the south-east.
  const marker = page.locator(`.sb-waypoint[data-index="1"]`);
  const mb = (await marker.boundingBox())!;
  await page.mouse.move(mb.x + mb.width / 2, mb.y + mb.height / 2);
  await page.mouse.down();
  for (let k = 1; k <= 8; k++) await page.mouse.move(mb.x + mb.width / 2 + 10 * k, mb.y + mb.height / 2 + 10 * k);
  await page.mouse.up();
  await expect.poll(async () => (await driveView(page))!.waypoints[1].position).not.toEqual(before.waypoints[1].position);
  const dragged = (await driveView(page))!;
  expect(dragged.waypoints[0].position).toEqual(before.waypoints[0].position);

  // Undo puts it back exactly.
  await page.locator('body').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await driveView(page))!.waypoints[1].position).toEqual(before.waypoints[1].position);
  await waitForRouted(page, 3);
  await page.evaluate(() => (window as unknown as { __switchback: { whenSaved(): Promise<void> } }).__switchback.whenSaved());

  // Reload: the drive opens as left, geometry included, without routing again.
  await page.reload();
  await page.waitForSelector('.maplibregl-canvas');
  await expect.poll(async () => (await driveView(page))?.waypoints.length, { timeout: 15_000 }).toBe(4);
  const restored = (await driveView(page))!;
  expect(restored.waypoints).toEqual(before.waypoints);
  expect(restored.routed).toBe(3);
  expect(restored.pending).toBe(0);
  // Undo history survived the reload: redo brings the drag back.
  await expect(page.getByRole('button', { name: /Redo/ }).isEnabled()).resolves.toBe(true);

  // Export GPX and validate it against the XSDs.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export GPX' }).click()]);
  const gpxPath = path.join(outDir, 'e2e-export.gpx');
  await download.saveAs(gpxPath);
  for (const xsd of ['gpx.xsd', 'gpx11-garmin.xsd']) {
    const schema = requireFile(path.join(sharedDir, 'schemas', xsd), 'the shared GPX schemas are needed');
    execFileSync('xmllint', ['--nonet', '--noout', '--schema', schema, gpxPath], { stdio: 'pipe' });
  }

  // Import a real recorded track: it becomes a new drive.
  const fixture = requireFile(path.join(sharedDir, 'fixtures/gpx/osmand_recorded_multi_segment.gpx'), 'shared GPX fixtures are needed');
  await page.getByTestId('import-input').first().setInputFiles(fixture);
  await expect.poll(async () => (await driveView(page))?.name, { timeout: 15_000 }).not.toBe('New drive');
  const imported = (await driveView(page))!;
  expect(imported.waypoints.length).toBe(6); // 3 track segments, start and end of each
  expect(imported.routed).toBe(imported.segments);

  const shot = await page.screenshot({ path: path.join(outDir, 'e2e-scout.png') });
  expect(shot.byteLength).toBeGreaterThan(10_000);
  writeFileSync(path.join(outDir, 'e2e-blocked-requests.txt'), s.blocked.join('\n'));
  expect(errors).toEqual([]);
}, 120_000);
