/**
 * "Reopen a drive and show it on the map", in real Chromium (IndexedDB through Dexie, MapLibre on
 * WebGL/SwiftShader). A drive of 20 segments × 5,000 vertices (100,000 points) stored through
 * `DriveRepository`; each sample runs until the route source holds the data and a frame has been
 * drawn with all its tiles loaded:
 *   - reopen: new `DriveRepository` connection + `loadDrive` + `PlannerMap.render` (route features
 *     sent with `updateData`, 21 markers created), target ≤ 300 ms median;
 *     baseline: the same reopen, pushed the naive way, one `setData` of a FeatureCollection built
 *     from nested `[lon, lat]` arrays into an identically styled source (no markers);
 *   - one edit: `PlannerMap.render` after the middle waypoint moved (an `updateData` diff of 2 of
 *     the 20 features); baseline: `setData` of all 20 segments rebuilt as nested arrays.
 * Baseline and candidate samples alternate in the same run (the machine is shared, load drifts).
 * Prints median and p95; asserts only correctness (feature counts), never a time.
 *
 * Run: npx vitest bench --run --project browser tests/bench/map-reopen.browser.bench.ts
 *
 * Last results (2-vCPU VM shared with other jobs, load average 6–10, headless Chromium 156, SwiftShader;
 * medians of 3 runs, p95 in brackets): storage alone 87–137 ms;
 *   reopen → drawn   536–1030 ms [770–1520] | baseline setData 498–709 ms: updateData is 0.69–0.93× (slower)
 *   one edit → drawn 226–302 ms  [388–456]  | baseline setData of all 559–617 ms: 1.85–2.24× faster
 */
import { bench, describe } from 'vitest';
import { Dexie } from 'dexie';
import type { GeoJSONSource, LineLayerSpecification } from 'maplibre-gl';
import { segmentKey, type Drive } from '../../src/core/drive/drive';
import { moveWaypoint } from '../../src/core/drive/edits';
import { emptyHistory } from '../../src/core/drive/history';
import type { SegmentRoute } from '../../src/core/drive/segment-route';
import { DriveRepository } from '../../src/store';
import { deleteDatabase, makeAllRoutes, makeDrive, makeSegmentRoute, uniqueDbName } from '../store/store-fixtures';
import { ROUTE_SOURCE, mountPlannerMap, nextSourceContent, renderedWithSource, routeFeatures, type MountedMap } from './map-harness';

// Production builds run Dexie without debug mode (on for localhost, where it traces every call).
Dexie.debug = false;

const LEGS = 20;
const VERTICES = 5_000;
const MOVED = LEGS / 2;
/** Positions the middle waypoint cycles through; each has its two routes pre-computed. */
const POSITION_POOL = 4;
const WARMUP_ROUNDS = 2;
const REOPEN_ROUNDS = 12;
const EDIT_ROUNDS = 20;
const NAIVE_SOURCE = 'bench-naive-route';

type RouteLookup = (key: string) => SegmentRoute | undefined;

/** The naive way: every vertex as its own `[lon, lat]` array, everything in one FeatureCollection. */
function naiveCollection(drive: Drive, getRoute: RouteLookup): GeoJSON.FeatureCollection<GeoJSON.LineString> {
  const features: GeoJSON.Feature<GeoJSON.LineString>[] = [];
  for (let i = 0; i < drive.segments.length; i++) {
    const route = getRoute(segmentKey(drive, i));
    if (!route) throw new Error(`bench fixture out of sync: no route for segment ${i}`);
    const coordinates: number[][] = [];
    for (let j = 0; j < route.coords.length; j += 2) coordinates.push([route.coords[j], route.coords[j + 1]]);
    features.push({
      type: 'Feature', id: i,
      properties: { index: i, router: drive.segments[i].router, state: 'routed', distanceMeters: Math.round(route.distanceMeters) },
      geometry: { type: 'LineString', coordinates },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** A second GeoJSON source with the route source's options and copies of its layers. */
function addNaiveSource(m: MountedMap): GeoJSONSource {
  m.map.addSource(NAIVE_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, tolerance: 0.4 });
  for (const layer of m.map.getStyle().layers) {
    if (layer.type === 'line' && layer.source === ROUTE_SOURCE) {
      m.map.addLayer({ ...(layer as LineLayerSpecification), id: `${NAIVE_SOURCE}${layer.id.slice(ROUTE_SOURCE.length)}`, source: NAIVE_SOURCE });
    }
  }
  return m.map.getSource<GeoJSONSource>(NAIVE_SOURCE) as GeoJSONSource;
}

/** Runs `push`, then waits until `sourceId` has the data and a frame was drawn with it; returns ms. */
async function timeUntilDrawn(m: MountedMap, sourceId: string, push: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await push();
  await renderedWithSource(m.map, sourceId);
  return performance.now() - t0;
}

async function pushAndWait(m: MountedMap, sourceId: string, push: () => void): Promise<void> {
  const content = nextSourceContent(m.map, sourceId);
  push();
  await content;
}

// ---- samples and the printed table ------------------------------------------------------------

const samples = new Map<string, number[]>();
function sample(name: string, ms: number, keep: boolean): void {
  if (!keep) return;
  const list = samples.get(name) ?? [];
  list.push(ms);
  samples.set(name, list);
}

function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

function row(name: string, baselineOf?: string): string {
  const s = (samples.get(name) ?? []).slice().sort((a, b) => a - b);
  const median = quantile(s, 0.5);
  const base = baselineOf ? (samples.get(baselineOf) ?? []).slice().sort((a, b) => a - b) : [];
  const ratio = base.length ? `  ${(quantile(base, 0.5) / median).toFixed(2)}× vs "${baselineOf}"` : '';
  return `${name.padEnd(68)} median ${median.toFixed(1).padStart(7)} ms   p95 ${quantile(s, 0.95).toFixed(1).padStart(7)} ms   n=${s.length}${ratio}`;
}

const LOAD = 'reopen, storage only: new connection + loadDrive';
const REOPEN = 'reopen: loadDrive + PlannerMap.render (updateData) → drawn';
const REOPEN_NAIVE = 'baseline: loadDrive + setData(nested-array collection) → drawn';
const REOPEN_FULL = 'reopen → full geometry in the map and drawn (after the preview)';
const REOPEN_DATA = 'reopen, up to the data in the worker (content event)';
const REOPEN_NAIVE_DATA = 'baseline, up to the data in the worker (content event)';
const EDIT = 'edit: render after moving 1 waypoint (updateData, 2 of 20) → drawn';
const EDIT_NAIVE = 'baseline: setData of all 20 segments (nested arrays) → drawn';
const EDIT_SYNC = 'edit, main thread: the PlannerMap.render call';
const EDIT_NAIVE_SYNC = 'baseline, main thread: nested arrays + setData call';

describe(`reopen a ${LEGS}-segment × ${VERTICES.toLocaleString('en')}-vertex drive and show it on the map`, () => {
  bench('interleaved samples (table printed to the console)', async () => {
    const dbName = uniqueDbName('map-bench');
    const drive = makeDrive('Bench rally', LEGS + 1, 42);
    const routes = makeAllRoutes(drive, VERTICES);
    const seed = new DriveRepository(dbName);
    await seed.saveEdit({ drive, history: emptyHistory, newRoutes: routes });
    seed.close();

    // Edit fixture: the middle waypoint cycles through pooled positions with their routes known.
    const cache = new Map(routes.map((r) => [r.key, r]));
    const middle = drive.waypoints[MOVED];
    const edits: Drive[] = [];
    for (let p = 0; p < POSITION_POOL; p++) {
      const moved = moveWaypoint(drive, middle.id, [middle.position[0] + 0.004 * (p + 1), middle.position[1] - 0.003 * (p + 1)], drive.updatedAt + p + 1);
      for (const i of [MOVED - 1, MOVED]) {
        const r = makeSegmentRoute(moved, i, VERTICES, 500 + 10 * p + i);
        cache.set(r.key, r);
      }
      edits.push(moved);
    }
    const getCached: RouteLookup = (key) => cache.get(key);

    const m = await mountPlannerMap();
    try {
      m.planner.fitDrive(drive, getCached);
      const naive = addNaiveSource(m);
      // Clearing waits for the cleared frame too, so no tile work is left over for the next sample.
      const clearPlanner = async () => {
        // An empty drive over an empty map sends nothing (and so fires no data event).
        if ((await routeFeatures(m.map)).length > 0) await pushAndWait(m, ROUTE_SOURCE, () => m.planner.render(null, getCached, null));
        await renderedWithSource(m.map, ROUTE_SOURCE);
      };
      const clearNaive = async () => {
        await pushAndWait(m, NAIVE_SOURCE, () => void naive.setData({ type: 'FeatureCollection', features: [] }));
        await renderedWithSource(m.map, NAIVE_SOURCE);
      };
      const expectFeatures = async (n: number) => {
        const got = (await routeFeatures(m.map)).length;
        if (got !== n) throw new Error(`the route source has ${got} features, expected ${n}`);
      };

      // ---- reopen -------------------------------------------------------------------------
      for (let round = 0; round < WARMUP_ROUNDS + REOPEN_ROUNDS; round++) {
        const keep = round >= WARMUP_ROUNDS;
        const runPlanner = async () => {
          await clearNaive();
          await clearPlanner();
          await expectFeatures(0);
          let loadMs = 0;
          let dataMs = 0;
          const reopenStart = performance.now();
          const ms = await timeUntilDrawn(m, ROUTE_SOURCE, async () => {
            const t0 = performance.now();
            const repo = new DriveRepository(dbName);
            const loaded = await repo.loadDrive(drive.id);
            repo.close();
            loadMs = performance.now() - t0;
            if (loaded.routes.size !== LEGS) throw new Error(`loadDrive returned ${loaded.routes.size} routes, expected ${LEGS}`);
            await pushAndWait(m, ROUTE_SOURCE, () => m.planner.render(loaded.drive, (key) => loaded.routes.get(key), null));
            dataMs = performance.now() - t0;
          });
          // The drive is on screen (as a half-pixel preview when it is long); the full geometry
          // follows. Measured from the same start, and waited for so no sample overlaps the next.
          await m.planner.fullDetail();
          sample(REOPEN_FULL, performance.now() - reopenStart, keep);
          await expectFeatures(LEGS);
          const vertices = (await routeFeatures(m.map)).reduce((sum, f) => sum + (f.geometry as GeoJSON.LineString).coordinates.length, 0);
          if (vertices !== LEGS * VERTICES) throw new Error(`the route source holds ${vertices} vertices after full detail, expected ${LEGS * VERTICES}`);
          const markers = m.container.querySelectorAll('.sb-waypoint').length;
          if (markers !== LEGS + 1) throw new Error(`${markers} markers on the map, expected ${LEGS + 1}`);
          sample(LOAD, loadMs, keep);
          sample(REOPEN_DATA, dataMs, keep);
          sample(REOPEN, ms, keep);
        };
        const runNaive = async () => {
          await clearPlanner();
          await clearNaive();
          let dataMs = 0;
          const ms = await timeUntilDrawn(m, NAIVE_SOURCE, async () => {
            const t0 = performance.now();
            const repo = new DriveRepository(dbName);
            const loaded = await repo.loadDrive(drive.id);
            repo.close();
            const collection = naiveCollection(loaded.drive, (key) => loaded.routes.get(key));
            await pushAndWait(m, NAIVE_SOURCE, () => void naive.setData(collection));
            dataMs = performance.now() - t0;
          });
          sample(REOPEN_NAIVE_DATA, dataMs, keep);
          const data = await naive.getData();
          if (data.type !== 'FeatureCollection' || data.features.length !== LEGS) throw new Error(`the naive source does not hold ${LEGS} features`);
          sample(REOPEN_NAIVE, ms, keep);
        };
        if (round % 2 === 0) { await runPlanner(); await runNaive(); } else { await runNaive(); await runPlanner(); }
      }

      // ---- one edit -----------------------------------------------------------------------
      await clearNaive();
      await clearPlanner();
      await pushAndWait(m, ROUTE_SOURCE, () => m.planner.render(drive, getCached, null));
      await m.planner.fullDetail();
      await pushAndWait(m, NAIVE_SOURCE, () => void naive.setData(naiveCollection(drive, getCached)));
      for (let round = 0; round < WARMUP_ROUNDS + EDIT_ROUNDS; round++) {
        const keep = round >= WARMUP_ROUNDS;
        const edited = edits[round % POSITION_POOL];
        const runPlanner = async () => {
          const updateData = m.planner.map.getSource<GeoJSONSource>(ROUTE_SOURCE) as GeoJSONSource;
          let sentFeatures = 0;
          const original = updateData.updateData.bind(updateData);
          updateData.updateData = (diff) => {
            sentFeatures = (diff.add?.length ?? 0) + (diff.update?.length ?? 0) + (diff.remove?.length ?? 0);
            return original(diff);
          };
          let syncMs = 0;
          const ms = await timeUntilDrawn(m, ROUTE_SOURCE, () => pushAndWait(m, ROUTE_SOURCE, () => {
            const t0 = performance.now();
            m.planner.render(edited, getCached, null);
            syncMs = performance.now() - t0;
          }));
          sample(EDIT_SYNC, syncMs, keep);
          updateData.updateData = original;
          if (sentFeatures !== 2) throw new Error(`the edit sent ${sentFeatures} features, expected 2`);
          await expectFeatures(LEGS);
          sample(EDIT, ms, keep);
        };
        const runNaive = async () => {
          let syncMs = 0;
          const ms = await timeUntilDrawn(m, NAIVE_SOURCE, () => pushAndWait(m, NAIVE_SOURCE, () => {
            const t0 = performance.now();
            void naive.setData(naiveCollection(edited, getCached));
            syncMs = performance.now() - t0;
          }));
          sample(EDIT_NAIVE_SYNC, syncMs, keep);
          sample(EDIT_NAIVE, ms, keep);
        };
        if (round % 2 === 0) { await runPlanner(); await runNaive(); } else { await runNaive(); await runPlanner(); }
      }

      const chromium = navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? '?';
      console.log([
        `[map bench] ${LEGS} segments × ${VERTICES.toLocaleString('en')} vertices, Chromium ${chromium}, ${navigator.hardwareConcurrency} cores, WebGL ${m.map.getCanvas().getContext('webgl2') ? '2' : '?'}`,
        `  ${row(LOAD)}`,
        `  ${row(REOPEN, REOPEN_NAIVE)}`,
        `  ${row(REOPEN_NAIVE)}`,
        `  ${row(REOPEN_FULL, REOPEN_NAIVE)}`,
        `  ${row(REOPEN_DATA, REOPEN_NAIVE_DATA)}`,
        `  ${row(REOPEN_NAIVE_DATA)}`,
        `  ${row(EDIT, EDIT_NAIVE)}`,
        `  ${row(EDIT_NAIVE)}`,
        `  ${row(EDIT_SYNC, EDIT_NAIVE_SYNC)}`,
        `  ${row(EDIT_NAIVE_SYNC)}`,
      ].join('\n'));
    } finally {
      m.destroy();
      await deleteDatabase(dbName);
    }
  }, { time: 0, iterations: 1, warmupTime: 0, warmupIterations: 0 });
});
