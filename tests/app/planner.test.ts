/**
 * The planner against the real drafts store (Dexie on fake-indexeddb), the real segment
 * scheduler and straight-line router, and a router that counts its calls: edits autosave, a
 * reopened planner shows the drive with its geometry without routing again, and undo survives.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test } from 'vitest';
import { segmentKeys } from '../../src/core/drive/drive';
import type { RouteRequest, RouteResult, Router } from '../../src/core/routing/router';
import { RoutingError } from '../../src/core/routing/router';
import { StraightLineRouter } from '../../src/core/routing/straight-line-router';
import { schedulerPort } from '../../src/app/scheduler-port';
import { DriveRepository } from '../../src/store';
import { draftStoreFromRepository } from '../../src/app/draft-store';
import { Planner } from '../../src/app/planner';
import { regionRouter } from '../core/region/region-test-data';

class CountingRouter implements Router {
  readonly id = 'osrm' as const;
  calls = 0;
  failWith: RoutingError | null = null;
  private readonly inner = new StraightLineRouter();
  async route(request: RouteRequest, signal?: AbortSignal): Promise<RouteResult> {
    this.calls++;
    if (this.failWith) throw this.failWith;
    const r = await this.inner.route(request, signal);
    return { ...r, router: 'osrm' };
  }
}

const planners: Planner[] = [];
const repos: DriveRepository[] = [];
let dbSeq = 0;

function makePlanner(dbName: string, osrm: CountingRouter) {
  const repo = new DriveRepository(dbName);
  repos.push(repo);
  const downloads: { blob: Blob; fileName: string }[] = [];
  const planner: Planner = new Planner({
    store: draftStoreFromRepository(repo, () => undefined),
    createScheduler: (cb, _settings, cache, extra) => schedulerPort({
      routers: { osrm, straight: new StraightLineRouter(), ...extra }, cache, onRoute: cb.onRoute, onPending: cb.onPending,
      onNotice: (n) => cb.onNotice(n.message), throttleMs: 0,
    }),
    importer: { importFile: () => Promise.reject(new Error('not used')) },
    exporter: { exportDrive: async () => new Blob(['<gpx/>']) },
    download: (blob, fileName) => downloads.push({ blob, fileName }),
  });
  planners.push(planner);
  return { planner, downloads };
}

async function settle(planner: Planner): Promise<void> {
  for (let i = 0; i < 50 && planner.getState().pendingRoutes > 0; i++) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 5));
  await planner.whenSaved();
}

afterEach(() => {
  for (const p of planners.splice(0)) p.dispose();
  for (const r of repos.splice(0)) r.close();
});

describe('planner', () => {
  test('edits autosave and a reopened planner shows the drive, geometry and undo history without routing again', async () => {
    const dbName = `planner-${++dbSeq}`;
    const osrm = new CountingRouter();
    const { planner } = makePlanner(dbName, osrm);
    await planner.init();
    await planner.newDrive('Pyrenees');
    planner.addWaypoint([1.52, 42.51]);
    planner.addWaypoint([1.57, 42.556]);
    planner.addWaypoint([1.72, 42.54]);
    await settle(planner);
    expect(osrm.calls).toBe(2);
    const drive = planner.getState().drive!;
    expect(drive.waypoints).toHaveLength(3);
    expect(segmentKeys(drive).every((k) => planner.getRoute(k))).toBe(true);
    planner.moveWaypoint(drive.waypoints[1].id, [1.58, 42.55], true);
    planner.moveWaypoint(drive.waypoints[1].id, [1.59, 42.55], true);
    planner.commitInteractive();
    await settle(planner);
    expect(planner.getState().history.past.length).toBe(4); // 3 appends + 1 drag

    const reopened = makePlanner(dbName, osrm).planner;
    const callsBefore = osrm.calls;
    await reopened.init();
    await settle(reopened);
    const restored = reopened.getState().drive!;
    expect(restored.name).toBe('Pyrenees');
    expect(restored.waypoints.map((w) => w.position)).toEqual([[1.52, 42.51], [1.59, 42.55], [1.72, 42.54]]);
    expect(segmentKeys(restored).every((k) => reopened.getRoute(k))).toBe(true);
    expect(osrm.calls).toBe(callsBefore);
    // The whole drag is one undo step, kept across the reopen, and its old geometry is in the store.
    reopened.undo();
    expect(reopened.getState().drive!.waypoints[1].position).toEqual([1.57, 42.556]);
    await settle(reopened);
    expect(osrm.calls).toBe(callsBefore);
  });

  test('a failing router falls back to straight lines with a notice, and retry re-routes', async () => {
    const osrm = new CountingRouter();
    osrm.failWith = new RoutingError('rate-limited', 'Too many requests', 429);
    const { planner } = makePlanner(`planner-${++dbSeq}`, osrm);
    await planner.init();
    await planner.newDrive();
    planner.addWaypoint([7.42, 43.73]);
    planner.addWaypoint([7.36, 43.728]);
    await settle(planner);
    const d = planner.getState().drive!;
    const route = planner.getRoute(segmentKeys(d)[0])!;
    expect(route.madeBy).toBe('straight');
    expect(route.fallbackReason).toBeTruthy();
    expect(planner.getState().notices.map((n) => n.text).join('\n')).toMatch(/429|rate/i);
    osrm.failWith = null;
    planner.retryRouting();
    await settle(planner);
    expect(planner.getRoute(segmentKeys(d)[0])!.madeBy).toBe('osrm');
  });

  test('delete offers undo that restores the drive; export downloads a named file', async () => {
    const { planner, downloads } = makePlanner(`planner-${++dbSeq}`, new CountingRouter());
    await planner.init();
    await planner.newDrive('Col d’Èze & back');
    planner.setDefaultRouter('straight');
    planner.addWaypoint([7.36, 43.72]);
    planner.addWaypoint([7.4, 43.73]);
    await settle(planner);
    await planner.exportGpx();
    expect(downloads.map((d) => d.fileName)).toEqual(['Col-dEze-back.gpx']);
    const id = planner.getState().drive!.id;
    await planner.deleteDrive(id);
    expect(planner.getState().notices.filter((n) => n.kind === 'error')).toEqual([]);
    expect(planner.getState().drive).toBeNull();
    expect(planner.getState().drives).toHaveLength(0);
    const notice = planner.getState().notices.find((n) => n.action)!;
    notice.action!.run();
    await expect.poll(() => planner.getState().drive?.id).toBe(id);
    expect(planner.getState().drives.map((d) => d.id)).toEqual([id]);
  });

  test('a leg duplicated as an alternative reuses its routes and keeps the original scores to compare', async () => {
    const osrm = new CountingRouter();
    const { planner } = makePlanner(`planner-${++dbSeq}`, osrm);
    await planner.init();
    await planner.newDrive('Loop');
    for (const p of [[1.52, 42.51], [1.57, 42.556], [1.60, 42.57], [1.72, 42.54]] as const) planner.addWaypoint(p);
    await settle(planner);
    const original = planner.getState().drive!;
    planner.updateWaypoint(original.waypoints[2].id, { kind: 'shaping' });
    await settle(planner);
    expect(planner.getAnalysis()!.legs).toHaveLength(2);
    const calls = osrm.calls;
    await planner.duplicateLegAsAlternative(1);
    const alt = planner.getState().drive!;
    expect(alt.id).not.toBe(original.id);
    expect(alt.name).toBe('Loop, leg 2 (alternative)');
    expect(alt.waypoints.map((w) => w.position)).toEqual([[1.57, 42.556], [1.60, 42.57], [1.72, 42.54]]);
    expect(alt.waypoints[1].kind).toBe('shaping');
    await settle(planner);
    expect(osrm.calls).toBe(calls);
    const cmp = planner.getState().comparison!;
    expect(cmp.alternativeDriveId).toBe(alt.id);
    expect(cmp.original.distanceMeters).toBeCloseTo(planner.getAnalysis()!.total.distanceMeters, 6);
    planner.moveWaypoint(alt.waypoints[1].id, [1.61, 42.58]);
    await settle(planner);
    expect(planner.getAnalysis()!.total.distanceMeters).not.toBeCloseTo(cmp.original.distanceMeters, 0);
  });

  test('with a region open, local-router segments route on real roads and the curvy profile re-routes them', async () => {
    const { planner } = makePlanner(`planner-${++dbSeq}`, new CountingRouter());
    await planner.init();
    await planner.newDrive('Ordino loop');
    planner.setDefaultRouter('local');
    planner.addWaypoint([1.5218, 42.5063]); // Andorra la Vella
    planner.addWaypoint([1.5330, 42.5560]); // Ordino
    await settle(planner);
    const key0 = segmentKeys(planner.getState().drive!)[0];
    expect(planner.getRoute(key0)!.fallbackReason).toBeTruthy(); // no region open yet: straight stand-in
    planner.setLocalRouter(regionRouter('andorra'), 'andorra');
    await settle(planner);
    const fastest = planner.getRoute(key0)!;
    expect(fastest.madeBy).toBe('local');
    expect(fastest.fallbackReason).toBeUndefined();
    expect(fastest.steps.length).toBeGreaterThan(2);
    planner.setProfile('curvy');
    await settle(planner);
    const curvyKey = segmentKeys(planner.getState().drive!)[0];
    expect(curvyKey).not.toBe(key0);
    expect(planner.getRoute(curvyKey)!.madeBy).toBe('local');
    planner.undo();
    expect(planner.getState().drive!.profile).toBe('fastest');
    expect(segmentKeys(planner.getState().drive!)[0]).toBe(key0);
  });
});
