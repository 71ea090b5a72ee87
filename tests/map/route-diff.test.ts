import { expect, test } from 'vitest';
import { createDrive, segmentKey, type Drive } from '../../src/core/drive/drive';
import { appendWaypoint, insertWaypoint, moveWaypoint } from '../../src/core/drive/edits';
import type { SegmentRoute } from '../../src/core/drive/segment-route';
import { diffRouteFeatures, segmentFeatureId, type RenderedRoutes } from '../../src/map/route-diff';

function straightRoute(d: Drive, i: number): SegmentRoute {
  const a = d.waypoints[i].position;
  const b = d.waypoints[i + 1].position;
  return { key: segmentKey(d, i), madeBy: 'straight', coords: new Float64Array([a[0], a[1], b[0], b[1]]), distanceMeters: 1, durationSeconds: 1, steps: [] };
}

test('the first render adds every segment; an unchanged drive sends nothing', () => {
  let d = createDrive('D', 1, 'straight');
  for (const p of [[1, 42], [1.1, 42.1], [1.2, 42.2]] as const) d = appendWaypoint(d, p);
  const cache = new Map<string, SegmentRoute>();
  for (let i = 0; i < d.segments.length; i++) { const r = straightRoute(d, i); cache.set(r.key, r); }
  const rendered: RenderedRoutes = new Map();
  const first = diffRouteFeatures(rendered, d, (k) => cache.get(k));
  expect(first.add.map((f) => f.id)).toEqual([segmentFeatureId(d, 0), segmentFeatureId(d, 1)]);
  expect(first.add[0].properties).toMatchObject({ state: 'routed', index: 0 });
  const again = diffRouteFeatures(rendered, d, (k) => cache.get(k));
  expect(again).toEqual({ add: [], update: [], remove: [] });
});

test('moving a waypoint updates only its two segments; inserting re-ids one and renumbers the rest', () => {
  let d = createDrive('D', 1, 'straight');
  for (const p of [[1, 42], [1.1, 42.1], [1.2, 42.2], [1.3, 42.3]] as const) d = appendWaypoint(d, p);
  const cache = new Map<string, SegmentRoute>();
  const fill = (x: Drive) => { for (let i = 0; i < x.segments.length; i++) { const r = straightRoute(x, i); cache.set(r.key, r); } };
  fill(d);
  const rendered: RenderedRoutes = new Map();
  diffRouteFeatures(rendered, d, (k) => cache.get(k));

  const moved = moveWaypoint(d, d.waypoints[3].id, [1.35, 42.3]);
  const pending = diffRouteFeatures(rendered, moved, (k) => cache.get(k));
  expect(pending.update.map((u) => u.id)).toEqual([segmentFeatureId(moved, 2)]);
  expect(pending.update[0].newGeometry?.coordinates).toEqual([[1.2, 42.2], [1.35, 42.3]]);
  fill(moved);
  const arrived = diffRouteFeatures(rendered, moved, (k) => cache.get(k));
  expect(arrived.update).toHaveLength(1);
  expect(arrived.add).toHaveLength(0);

  const ins = insertWaypoint(moved, 1, [1.05, 42.08]);
  fill(ins);
  const diff = diffRouteFeatures(rendered, ins, (k) => cache.get(k));
  expect(diff.remove).toEqual([segmentFeatureId(moved, 0)]);
  expect(diff.add.map((f) => f.id)).toEqual([segmentFeatureId(ins, 0), segmentFeatureId(ins, 1)]);
  // Later segments keep their geometry and only get their new index.
  expect(diff.update.every((u) => u.newGeometry === undefined)).toBe(true);
  expect(diff.update.map((u) => u.id)).toEqual([segmentFeatureId(ins, 2), segmentFeatureId(ins, 3)]);
});

test('closing the drive removes everything', () => {
  let d = createDrive('D', 1, 'straight');
  d = appendWaypoint(appendWaypoint(d, [1, 42]), [1.1, 42.1]);
  const rendered: RenderedRoutes = new Map();
  diffRouteFeatures(rendered, d, () => undefined);
  const diff = diffRouteFeatures(rendered, null, () => undefined);
  expect(diff.remove).toEqual([segmentFeatureId(d, 0)]);
  expect(rendered.size).toBe(0);
});
