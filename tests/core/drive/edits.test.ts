import { describe, expect, test } from 'vitest';
import { createDrive, segmentKey, segmentKeys, type Drive } from '../../../src/core/drive/drive';
import * as edits from '../../../src/core/drive/edits';

const T = 1_700_000_000_000;

function driveWith(points: [number, number][], router: 'osrm' | 'straight' = 'osrm'): Drive {
  let d = createDrive('Test', T, router);
  for (const p of points) d = edits.appendWaypoint(d, p, T);
  return d;
}

describe('drive edits', () => {
  test('appending waypoints adds one segment per consecutive pair with the default router', () => {
    const d = driveWith([[1, 42], [1.1, 42.1], [1.2, 42.2]], 'straight');
    expect(d.waypoints).toHaveLength(3);
    expect(d.segments).toEqual([{ router: 'straight' }, { router: 'straight' }]);
    expect(segmentKey(d, 0)).toBe('straight||1.000000,42.000000|1.100000,42.100000');
  });

  test('moving a waypoint changes only the keys of its two segments', () => {
    const d = driveWith([[1, 42], [1.1, 42.1], [1.2, 42.2], [1.3, 42.3]]);
    const moved = edits.moveWaypoint(d, d.waypoints[1].id, [1.15, 42.05], T + 1);
    const a = segmentKeys(d);
    const b = segmentKeys(moved);
    expect(b[0]).not.toBe(a[0]);
    expect(b[1]).not.toBe(a[1]);
    expect(b[2]).toBe(a[2]);
    expect(moved.updatedAt).toBe(T + 1);
  });

  test('an edit that changes nothing returns the same drive object', () => {
    const d = driveWith([[1, 42], [1.1, 42.1]]);
    expect(edits.moveWaypoint(d, d.waypoints[0].id, [1, 42])).toBe(d);
    expect(edits.deleteWaypoint(d, 'nope')).toBe(d);
    expect(edits.reorderWaypoint(d, 0, 0)).toBe(d);
    expect(edits.renameDrive(d, '  Test ')).toBe(d);
    expect(edits.updateWaypoint(d, d.waypoints[0].id, { name: '' })).toBe(d);
  });

  test('inserting into a segment splits it and both halves inherit its router', () => {
    let d = driveWith([[1, 42], [1.2, 42.2]]);
    d = edits.setSegmentRouter(d, 0, 'straight');
    const ins = edits.insertWaypoint(d, 1, [1.1, 42.15]);
    expect(ins.waypoints.map((w) => w.position)).toEqual([[1, 42], [1.1, 42.15], [1.2, 42.2]]);
    expect(ins.segments).toEqual([{ router: 'straight' }, { router: 'straight' }]);
  });

  test('deleting a middle waypoint joins its segments; deleting an end drops one', () => {
    const d = driveWith([[1, 42], [1.1, 42.1], [1.2, 42.2]]);
    const mid = edits.deleteWaypoint(d, d.waypoints[1].id);
    expect(mid.waypoints).toHaveLength(2);
    expect(segmentKey(mid, 0)).toBe('osrm|fastest|1.000000,42.000000|1.200000,42.200000');
    const end = edits.deleteWaypoint(d, d.waypoints[2].id);
    expect(end.segments).toHaveLength(1);
    expect(segmentKey(end, 0)).toBe(segmentKey(d, 0));
  });

  test('a fixed (imported) segment survives unrelated edits but is re-routed when an end moves', () => {
    let d = driveWith([[1, 42], [1.1, 42.1], [1.2, 42.2]]);
    d = { ...d, segments: [{ router: 'fixed', fixedKey: 'fixed|x|0' }, d.segments[1]] };
    const renamed = edits.updateWaypoint(d, d.waypoints[2].id, { name: 'End' });
    expect(renamed.segments[0]).toEqual({ router: 'fixed', fixedKey: 'fixed|x|0' });
    const movedFar = edits.moveWaypoint(d, d.waypoints[2].id, [1.3, 42.3]);
    expect(movedFar.segments[0].router).toBe('fixed');
    const movedEnd = edits.moveWaypoint(d, d.waypoints[1].id, [1.12, 42.1]);
    expect(movedEnd.segments[0]).toEqual({ router: 'osrm' });
  });

  test('reordering keeps specs of pairs that stay adjacent', () => {
    let d = driveWith([[1, 42], [1.1, 42.1], [1.2, 42.2], [1.3, 42.3]]);
    d = edits.setSegmentRouter(d, 2, 'straight');
    const r = edits.reorderWaypoint(d, 0, 1);
    expect(r.waypoints.map((w) => w.position[0])).toEqual([1.1, 1, 1.2, 1.3]);
    expect(r.segments[2]).toEqual({ router: 'straight' });
    expect(r.segments).toHaveLength(3);
  });

  test('reverse flips waypoint order and turns fixed lines back into routed segments', () => {
    let d = driveWith([[1, 42], [1.1, 42.1], [1.2, 42.2]]);
    d = { ...d, segments: [{ router: 'fixed', fixedKey: 'k' }, { router: 'straight' }] };
    const r = edits.reverseDrive(d);
    expect(r.waypoints.map((w) => w.position[0])).toEqual([1.2, 1.1, 1]);
    expect(r.segments).toEqual([{ router: 'straight' }, { router: 'osrm', gap: undefined }]);
  });

  test('setDefaultRouter re-routes routed segments and leaves fixed and gap segments alone', () => {
    let d = driveWith([[1, 42], [1.1, 42.1], [1.2, 42.2], [1.3, 42.3]]);
    d = { ...d, segments: [{ router: 'osrm' }, { router: 'fixed', fixedKey: 'k' }, { router: 'straight', gap: true }] };
    const r = edits.setDefaultRouter(d, 'straight');
    expect(r.defaultRouter).toBe('straight');
    expect(r.segments).toEqual([{ router: 'straight' }, { router: 'fixed', fixedKey: 'k' }, { router: 'straight', gap: true }]);
  });
});

describe('profile and avoid options', () => {
  test('change the keys of local-router segments only as far as each router honours them', () => {
    let d = driveWith([[1, 42], [1.1, 42.1], [1.2, 42.2]]);
    d = edits.setSegmentRouter(d, 1, 'local');
    const curvy = edits.setProfile(d, 'curvy');
    expect(segmentKey(curvy, 0)).toBe('osrm|curvy|1.000000,42.000000|1.100000,42.100000');
    expect(segmentKey(curvy, 1)).toBe('local|curvy|1.100000,42.100000|1.200000,42.200000');
    const avoiding = edits.setAvoid(curvy, ['toll', 'motorway']);
    expect(avoiding.avoid).toEqual(['motorway', 'toll']);
    expect(segmentKey(avoiding, 0)).toBe(segmentKey(curvy, 0));
    expect(segmentKey(avoiding, 1)).toBe('local|curvy!motorway,toll|1.100000,42.100000|1.200000,42.200000');
    expect(edits.setAvoid(avoiding, ['motorway', 'toll'])).toBe(avoiding);
    expect(edits.setAvoid(avoiding, []).avoid).toBeUndefined();
    expect(edits.setProfile(curvy, 'curvy')).toBe(curvy);
  });
});
