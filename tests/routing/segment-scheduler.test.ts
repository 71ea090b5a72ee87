import { afterEach, describe, expect, test, vi } from 'vitest';
import { createDrive, segmentKey, segmentKeys, type Drive } from '../../src/core/drive/drive';
import { appendWaypoint, moveWaypoint, setSegmentRouter } from '../../src/core/drive/edits';
import type { SegmentRoute } from '../../src/core/drive/segment-route';
import { RoutingError, type RouteRequest, type RouteResult, type Router, type RouterId } from '../../src/core/routing/router';
import { StraightLineRouter } from '../../src/core/routing/straight-line-router';
import type { LonLat } from '../../src/core/units';
import { SegmentScheduler, type RoutingNotice } from '../../src/routing/segment-scheduler';

// Known places from ../shared/data/README.md, [lon, lat].
const ENVALIRA: LonLat = [1.71938, 42.54018];
const COLL_ORDINO: LonLat = [1.57229, 42.55606];
const COLL_JOVELL: LonLat = [1.56381, 42.50171];
const COMAPEDROSA: LonLat = [1.44367, 42.5918];
const TORRE_MORUS: LonLat = [1.5872, 42.53928];

interface Call {
  request: RouteRequest;
  signal: AbortSignal;
  resolve: (result: RouteResult) => void;
  reject: (error: unknown) => void;
}

/** A router whose answers the test gives by hand. It ignores abort signals on purpose: the scheduler must drop late answers itself. */
class DeferredRouter implements Router {
  readonly calls: Call[] = [];
  constructor(readonly id: RouterId) {}
  route(request: RouteRequest, signal?: AbortSignal): Promise<RouteResult> {
    return new Promise((resolve, reject) => this.calls.push({ request, signal: signal!, resolve, reject }));
  }
  /** A plausible answer: the straight line, attributed to this router, 1.3× longer. */
  answer(call: Call): void {
    const line = new StraightLineRouter().routeSync(call.request);
    call.resolve({ ...line, router: this.id, distanceMeters: (line.distanceMeters * 1.3) as RouteResult['distanceMeters'] });
  }
}

/** Lets promise callbacks run (the scheduler awaits the router, then maybe the fallback). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

function driveThrough(points: LonLat[], profile: Drive['profile'] = 'fastest'): Drive {
  let drive = { ...createDrive('Andorra loop', 0), profile };
  for (const p of points) drive = appendWaypoint(drive, p, 0);
  return drive;
}

function setup(options: { routers?: Partial<Record<RouterId, Router>>; throttleMs?: number } = {}) {
  const osrm = new DeferredRouter('osrm');
  const cache = new Map<string, SegmentRoute>();
  const delivered: SegmentRoute[] = [];
  const pending: number[] = [];
  const notices: RoutingNotice[] = [];
  const scheduler = new SegmentScheduler({
    routers: options.routers ?? { osrm },
    cache,
    onRoute: (route) => {
      cache.set(route.key, route);
      delivered.push(route);
    },
    onPending: (count) => pending.push(count),
    onNotice: (notice) => notices.push(notice),
    throttleMs: options.throttleMs,
  });
  return { osrm, cache, delivered, pending, notices, scheduler };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SegmentScheduler requests', () => {
  test('one request per uncached segment, with the segment ends and the drive profile', async () => {
    const { osrm, cache, delivered, pending, scheduler } = setup();
    let drive = driveThrough([ENVALIRA, COLL_ORDINO, COLL_JOVELL, COMAPEDROSA, TORRE_MORUS], 'curvy');
    drive = setSegmentRouter(drive, 3, 'straight', 0);
    drive = { ...drive, segments: drive.segments.map((s, i) => (i === 2 ? { router: 'fixed' as const, fixedKey: 'gpx:track-1' } : s)) };
    const keys = segmentKeys(drive);
    cache.set(keys[1], { key: keys[1], madeBy: 'osrm', coords: new Float64Array(4), distanceMeters: 1, durationSeconds: 1, steps: [] });

    scheduler.update(drive);
    expect(osrm.calls.map((c) => c.request)).toEqual([{ waypoints: [ENVALIRA, COLL_ORDINO], profile: 'curvy' }]);
    expect(scheduler.pending).toBe(2); // segment 0 (osrm) and segment 3 (straight)
    await settle();
    // The straight segment answered at once, from the built-in straight-line router.
    expect(delivered.map((r) => [r.key, r.madeBy, r.fallbackReason])).toEqual([[keys[3], 'straight', undefined]]);
    expect(delivered[0].coords[0]).toBe(COMAPEDROSA[0]);

    osrm.answer(osrm.calls[0]);
    await settle();
    expect(delivered.map((r) => [r.key, r.madeBy])).toEqual([[keys[3], 'straight'], [keys[0], 'osrm']]);
    expect(delivered[1].steps.map((s) => s.maneuver.type)).toEqual(['depart', 'arrive']);
    expect(pending).toEqual([2, 1, 0]);
    expect(scheduler.pending).toBe(0);
  });

  test('never two requests for one key: repeated updates, equal drives, repeated segments, cached results', async () => {
    const { osrm, scheduler } = setup();
    const drive = driveThrough([ENVALIRA, COLL_ORDINO, ENVALIRA, COLL_ORDINO]);
    expect(new Set(segmentKeys(drive)).size).toBe(2); // A→B, B→A, A→B
    scheduler.update(drive);
    scheduler.update(drive);
    scheduler.update({ ...drive, updatedAt: 99 });
    expect(osrm.calls).toHaveLength(2);
    for (const call of osrm.calls) osrm.answer(call);
    await settle();
    scheduler.update(drive);
    expect(osrm.calls).toHaveLength(2);
  });

  test('an edit aborts exactly the requests it made obsolete, and their late answers are dropped', async () => {
    const { osrm, delivered, scheduler } = setup();
    const drive = driveThrough([ENVALIRA, COLL_ORDINO, COLL_JOVELL]);
    scheduler.update(drive);
    const [first, second] = osrm.calls;
    const moved = moveWaypoint(drive, drive.waypoints[2].id, COMAPEDROSA, 1);
    scheduler.update(moved);
    expect(second.signal.aborted).toBe(true);
    expect(first.signal.aborted).toBe(false);
    expect(osrm.calls).toHaveLength(3);
    expect(osrm.calls[2].request.waypoints).toEqual([COLL_ORDINO, COMAPEDROSA]);
    expect(scheduler.pending).toBe(2);

    osrm.answer(second); // too late: the segment no longer exists
    osrm.answer(first);
    await settle();
    expect(delivered.map((r) => r.key)).toEqual([segmentKey(moved, 0)]);

    // Removing every waypoint cancels the rest.
    scheduler.update({ ...moved, waypoints: [], segments: [] });
    expect(osrm.calls[2].signal.aborted).toBe(true);
    expect(scheduler.pending).toBe(0);
  });

  test('undo brings back a key that was aborted: it is requested again', () => {
    const { osrm, scheduler } = setup();
    const drive = driveThrough([ENVALIRA, COLL_ORDINO]);
    scheduler.update(drive);
    const moved = moveWaypoint(drive, drive.waypoints[1].id, COLL_JOVELL, 1);
    scheduler.update(moved);
    scheduler.update(drive);
    expect(osrm.calls.map((c) => c.signal.aborted)).toEqual([true, true, false]);
    expect(osrm.calls[2].request.waypoints).toEqual([ENVALIRA, COLL_ORDINO]);
  });

  test('pen-up gaps are drawn straight without asking the server', async () => {
    const { osrm, delivered, scheduler } = setup();
    const base = driveThrough([ENVALIRA, COLL_ORDINO]);
    const drive: Drive = { ...base, segments: [{ router: 'osrm', gap: true }] };
    scheduler.update(drive);
    await settle();
    expect(osrm.calls).toHaveLength(0);
    expect(delivered.map((r) => [r.key, r.madeBy, r.fallbackReason])).toEqual([[segmentKey(drive, 0), 'straight', undefined]]);
  });
});

describe('SegmentScheduler throttling during drags', () => {
  test('at most one wave per 250 ms while dragging; the drag end runs at once', async () => {
    vi.useFakeTimers();
    const { osrm, scheduler } = setup();
    let drive = driveThrough([ENVALIRA, COLL_ORDINO]);
    const id = drive.waypoints[1].id;
    const positions: LonLat[] = [];
    // 10 drag moves, 50 ms apart: t = 0, 50, …, 450.
    for (let step = 0; step < 10; step++) {
      const p: LonLat = [COLL_ORDINO[0] + step * 0.001, COLL_ORDINO[1]];
      positions.push(p);
      drive = moveWaypoint(drive, id, p, step * 50);
      scheduler.update(drive, { interactive: true });
      if (step < 9) await vi.advanceTimersByTimeAsync(50);
    }
    // t = 450: waves ran at t = 0 (leading) and t = 250 (with the drive of t = 200, the latest one then).
    expect(osrm.calls.map((c) => c.request.waypoints[1])).toEqual([positions[0], positions[4]]);
    // Each obsolete request was aborted as soon as the waypoint moved on.
    expect(osrm.calls[0].signal.aborted).toBe(true);
    expect(osrm.calls[1].signal.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(50); // t = 500: trailing wave with the latest position
    expect(osrm.calls.map((c) => c.request.waypoints[1])).toEqual([positions[0], positions[4], positions[9]]);

    // The drop (non-interactive) at t = 510, inside the next window, runs immediately.
    await vi.advanceTimersByTimeAsync(10);
    const dropped: LonLat = [COLL_ORDINO[0] + 0.02, COLL_ORDINO[1]];
    drive = moveWaypoint(drive, id, dropped, 510);
    scheduler.update(drive);
    expect(osrm.calls).toHaveLength(4);
    expect(osrm.calls[3].request.waypoints[1]).toEqual(dropped);
    expect(osrm.calls[2].signal.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(osrm.calls).toHaveLength(4);
    expect(osrm.calls[3].signal.aborted).toBe(false);
  });

  test('a queued drag wave is dropped when the drag ends first', async () => {
    vi.useFakeTimers();
    const { osrm, scheduler } = setup({ throttleMs: 100 });
    let drive = driveThrough([ENVALIRA, COLL_ORDINO]);
    const id = drive.waypoints[1].id;
    scheduler.update(drive, { interactive: true });
    drive = moveWaypoint(drive, id, COLL_JOVELL, 1);
    scheduler.update(drive, { interactive: true }); // queued
    scheduler.update(drive); // drag end: runs now
    await vi.advanceTimersByTimeAsync(500);
    expect(osrm.calls.map((c) => c.request.waypoints[1])).toEqual([COLL_ORDINO, COLL_JOVELL]);
  });
});

describe('SegmentScheduler fallbacks and notices', () => {
  test('429 on three segments: three straight lines with the reason, and one notice for the burst', async () => {
    const { osrm, delivered, notices, scheduler } = setup();
    const drive = driveThrough([ENVALIRA, COLL_ORDINO, COLL_JOVELL, COMAPEDROSA]);
    scheduler.update(drive);
    const limited = new RoutingError('rate-limited', 'The routing server at https://router.project-osrm.org is limiting requests (HTTP 429). Retry after 60 s.', 429);
    osrm.calls[0].reject(limited);
    osrm.calls[1].reject(limited);
    await settle();
    expect(notices).toHaveLength(0); // the burst is not over while a request is in flight
    osrm.calls[2].reject(limited);
    await settle();
    expect(delivered.map((r) => [r.key, r.madeBy, r.fallbackReason])).toEqual(segmentKeys(drive).map((key) => [key, 'straight', limited.message]));
    // The stand-in runs from one waypoint to the next.
    const last = delivered[2].coords;
    expect([last[0], last[1], last[last.length - 2], last[last.length - 1]]).toEqual([...COLL_JOVELL, ...COMAPEDROSA]);
    expect(notices).toEqual([{
      kind: 'rate-limited',
      router: 'osrm',
      segmentCount: 3,
      keys: segmentKeys(drive),
      message: 'OSRM server rate limit reached (429): 3 segments drawn as straight lines. They will be re-routed when you edit them, or use Retry.',
      detail: limited.message,
      status: 429,
    }]);
  });

  test('different failures make one notice per kind, each with its own count and message', async () => {
    const { osrm, notices, delivered, scheduler } = setup();
    const drive = driveThrough([ENVALIRA, COLL_ORDINO, COLL_JOVELL, COMAPEDROSA]);
    scheduler.update(drive);
    osrm.calls[0].reject(new RoutingError('timeout', 'did not answer within 10 s'));
    osrm.calls[1].reject(new RoutingError('no-route', 'No road route connects these waypoints.'));
    osrm.calls[2].reject(new RoutingError('timeout', 'did not answer within 10 s'));
    await settle();
    expect(delivered.every((r) => r.madeBy === 'straight' && r.fallbackReason)).toBe(true);
    expect(notices.map((n) => [n.kind, n.segmentCount])).toEqual([['timeout', 2], ['no-route', 1]]);
    expect(notices[0].message).toBe('OSRM server did not answer in time: 2 segments drawn as straight lines. They will be re-routed when you edit them, or use Retry.');
    expect(notices[1].message).toBe('No road route found (a waypoint may be off the road network): 1 segment drawn as a straight line. Move the waypoints onto connected roads, or keep the straight lines.');
  });

  test('each burst notifies again; http notices carry the status', async () => {
    const { osrm, notices, scheduler } = setup();
    let drive = driveThrough([ENVALIRA, COLL_ORDINO]);
    scheduler.update(drive);
    osrm.calls[0].reject(new RoutingError('http', 'HTTP 503', 503));
    await settle();
    drive = moveWaypoint(drive, drive.waypoints[1].id, COLL_JOVELL, 1);
    scheduler.update(drive);
    osrm.calls[1].reject(new RoutingError('http', 'HTTP 503', 503));
    await settle();
    expect(notices.map((n) => n.message)).toEqual([
      'OSRM server error (HTTP 503): 1 segment drawn as a straight line. It will be re-routed when you edit it, or use Retry.',
      'OSRM server error (HTTP 503): 1 segment drawn as a straight line. It will be re-routed when you edit it, or use Retry.',
    ]);
  });

  test('network and bad-response failures, and a router that throws something else', async () => {
    const { osrm, notices, delivered, scheduler } = setup();
    const drive = driveThrough([ENVALIRA, COLL_ORDINO, COLL_JOVELL, COMAPEDROSA]);
    scheduler.update(drive);
    osrm.calls[0].reject(new RoutingError('network', 'cannot be reached'));
    osrm.calls[1].reject(new RoutingError('bad-response', 'not JSON'));
    osrm.calls[2].reject(new TypeError('Cannot read properties of undefined'));
    await settle();
    expect(delivered[2].fallbackReason).toBe('The OSRM server failed unexpectedly (Cannot read properties of undefined).');
    expect(notices.map((n) => [n.kind, n.segmentCount, n.message])).toEqual([
      ['network', 1, 'OSRM server cannot be reached (check your connection): 1 segment drawn as a straight line. It will be re-routed when you edit it, or use Retry.'],
      ['bad-response', 2, 'OSRM server sent an answer that cannot be read: 2 segments drawn as straight lines. They will be re-routed when you edit them, or use Retry.'],
    ]);
  });

  test('a burst also ends when an edit cancels the last request in flight', async () => {
    const { osrm, notices, scheduler } = setup();
    const drive = driveThrough([ENVALIRA, COLL_ORDINO, COLL_JOVELL]);
    scheduler.update(drive);
    osrm.calls[0].reject(new RoutingError('rate-limited', '429', 429));
    await settle();
    expect(notices).toHaveLength(0);
    scheduler.update(moveWaypoint(drive, drive.waypoints[2].id, COMAPEDROSA, 1)); // aborts segment 1, starts its replacement
    expect(notices).toHaveLength(0);
    scheduler.update({ ...drive, waypoints: drive.waypoints.slice(0, 2), segments: drive.segments.slice(0, 1) });
    expect(notices.map((n) => [n.kind, n.segmentCount])).toEqual([['rate-limited', 1]]);
  });

  test('a router that gives up with aborted on its own: no fallback, no notice, asked again on the next update', async () => {
    const { osrm, delivered, notices, pending, scheduler } = setup();
    const drive = driveThrough([ENVALIRA, COLL_ORDINO]);
    scheduler.update(drive);
    osrm.calls[0].reject(new RoutingError('aborted', 'Route request cancelled.'));
    await settle();
    expect(delivered).toEqual([]);
    expect(notices).toEqual([]);
    expect(pending).toEqual([1, 0]);
    scheduler.update(drive);
    expect(osrm.calls).toHaveLength(2);
  });

  test('a segment whose router is not set up falls back with its own notice', async () => {
    const { notices, delivered, scheduler } = setup();
    const drive = setSegmentRouter(driveThrough([ENVALIRA, COLL_ORDINO]), 0, 'local', 0);
    scheduler.update(drive);
    await settle();
    expect(delivered.map((r) => [r.madeBy, r.fallbackReason !== undefined])).toEqual([['straight', true]]);
    expect(notices.map((n) => [n.kind, n.router, n.message])).toEqual([
      ['unavailable', 'local', 'Offline router is not available: 1 segment drawn as a straight line. Choose another router in Settings.'],
    ]);
  });

  test('a fallback aborted by an edit is not delivered', async () => {
    const straight = new DeferredRouter('straight');
    const osrm = new DeferredRouter('osrm');
    const { delivered, notices, scheduler } = setup({ routers: { osrm, straight } });
    const drive = driveThrough([ENVALIRA, COLL_ORDINO]);
    scheduler.update(drive);
    osrm.calls[0].reject(new RoutingError('timeout', 'slow'));
    await settle();
    expect(straight.calls).toHaveLength(1); // the registered straight router stands in
    scheduler.update(moveWaypoint(drive, drive.waypoints[1].id, COLL_JOVELL, 1));
    expect(straight.calls[0].signal.aborted).toBe(true);
    straight.answer(straight.calls[0]);
    await settle();
    expect(delivered).toEqual([]);
    expect(notices).toEqual([]);
  });
  test('a request that fails after an edit made it obsolete neither falls back nor notifies', async () => {
    const straight = new DeferredRouter('straight');
    const osrm = new DeferredRouter('osrm');
    const { delivered, notices, scheduler } = setup({ routers: { osrm, straight } });
    const drive = driveThrough([ENVALIRA, COLL_ORDINO]);
    scheduler.update(drive);
    scheduler.update(moveWaypoint(drive, drive.waypoints[1].id, COLL_JOVELL, 1));
    osrm.calls[0].reject(new RoutingError('timeout', 'slow'));
    await settle();
    expect(straight.calls).toHaveLength(0);
    expect(delivered).toEqual([]);
    expect(notices).toEqual([]);
  });
});

describe('SegmentScheduler retry and dispose', () => {
  test('retryFallbacks asks again for the fallback segments only, and replaces them when the server answers', async () => {
    const { osrm, cache, delivered, scheduler } = setup();
    const drive = driveThrough([ENVALIRA, COLL_ORDINO, COLL_JOVELL]);
    const keys = segmentKeys(drive);
    scheduler.update(drive);
    osrm.answer(osrm.calls[0]);
    osrm.calls[1].reject(new RoutingError('rate-limited', '429', 429));
    await settle();
    expect(cache.get(keys[1])?.fallbackReason).toBe('429');
    scheduler.update(drive);
    expect(osrm.calls).toHaveLength(2); // a cached fallback is not re-requested by updates

    expect(scheduler.retryFallbacks(drive)).toBe(1);
    expect(scheduler.retryFallbacks(drive)).toBe(0); // already in flight
    expect(osrm.calls).toHaveLength(3);
    expect(osrm.calls[2].request.waypoints).toEqual([COLL_ORDINO, COLL_JOVELL]);
    osrm.answer(osrm.calls[2]);
    await settle();
    expect(delivered.map((r) => [r.key, r.madeBy, r.fallbackReason])).toEqual([
      [keys[0], 'osrm', undefined],
      [keys[1], 'straight', '429'],
      [keys[1], 'osrm', undefined],
    ]);
    expect(cache.get(keys[1])?.madeBy).toBe('osrm');
    expect(scheduler.retryFallbacks(drive)).toBe(0);
  });

  test('dispose aborts everything in flight and ignores later calls', async () => {
    vi.useFakeTimers();
    const { osrm, delivered, pending, scheduler } = setup();
    const drive = driveThrough([ENVALIRA, COLL_ORDINO, COLL_JOVELL]);
    scheduler.update(drive, { interactive: true });
    scheduler.update(moveWaypoint(drive, drive.waypoints[2].id, COMAPEDROSA, 1), { interactive: true }); // queued
    scheduler.dispose();
    expect(osrm.calls.every((c) => c.signal.aborted)).toBe(true);
    expect(pending[pending.length - 1]).toBe(0);
    for (const call of osrm.calls) osrm.answer(call);
    await vi.advanceTimersByTimeAsync(1000);
    scheduler.update(drive);
    expect(osrm.calls).toHaveLength(2);
    expect(delivered).toEqual([]);
  });
});
