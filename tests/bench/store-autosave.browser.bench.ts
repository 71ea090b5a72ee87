/**
 * Drafts-store benchmarks in real Chromium IndexedDB (Dexie). A drive of 20 legs × 5,000 vertices
 * (100,000 points) with a 100-step undo history:
 *   - autosave one edit (the last waypoint moves: drive + history + ONE new 5,000-vertex route),
 *     against two naive baselines measured in the same run: the same save rewriting all 20
 *     routes, and release-1 style (one record with every leg's geometry inline as nested arrays);
 *   - reopen: `loadDrive` of the 20 routes (on the open connection, and from a new connection as
 *     after a page load), against release 1's single nested-array record.
 * Prints median and p95 of the storage call only; never asserts a time.
 *
 * Run: npx vitest bench --run --project browser tests/bench/store-autosave.browser.bench.ts
 *
 * Last results (2-vCPU CI-class VM shared with other jobs, headless Chromium 156; medians, range of 3 runs):
 *   saveEdit (1 new route)            4.2–5.6 ms  (p95 8.7–9.4)   | rewrite all 20 routes 16–26 ms | release-1 nested 102–197 ms
 *   loadDrive, 20 routes             12–15 ms     (p95 19–33)     | new connection + loadDrive 15–20 ms | release-1 get 55–138 ms
 */
import { bench, describe } from 'vitest';
import { Dexie } from 'dexie';
import { segmentKey, type Drive } from '../../src/core/drive/drive';
import { moveWaypoint } from '../../src/core/drive/edits';
import { emptyHistory, record, HISTORY_LIMIT, type History } from '../../src/core/drive/history';
import type { SegmentRoute } from '../../src/core/drive/segment-route';
import { DriveRepository } from '../../src/store';
import { deleteDatabase, makeAllRoutes, makeDrive, makeSegmentRoute, uniqueDbName } from '../store/store-fixtures';

// Production builds run Dexie without debug mode (which is on for localhost and traces every call).
Dexie.debug = false;

const LEGS = 20;
const VERTICES = 5_000;
/** Positions the last waypoint cycles through; each has its own pre-computed route. */
const POSITION_POOL = 4;

interface Fixture {
  repo: DriveRepository;
  dbName: string;
  /** The drive being edited, its history, and the routes it currently uses. */
  drive: Drive;
  history: History;
  currentRoutes: SegmentRoute[];
  /** Last-leg routes for each pooled position of the last waypoint. */
  poolRoutes: SegmentRoute[];
  poolPositions: Array<[number, number]>;
  /** A second copy of the drive with empty history, for the reopen-20-routes case. */
  freshDriveId: string;
  /** Release-1 baseline: the same drive as one record with nested-array geometry. */
  v1: Dexie;
  v1Record: { id: string; legs: Array<{ router: string; geometry: number[][]; distance: number; duration: number }> } & Record<string, unknown>;
  v1PoolGeometry: number[][][];
}

function nested(coords: Float64Array): number[][] {
  const out: number[][] = new Array(coords.length / 2);
  for (let i = 0; i < coords.length; i += 2) out[i / 2] = [coords[i], coords[i + 1]];
  return out;
}

let fixture: Promise<Fixture> | undefined;
function prepare(): Promise<Fixture> {
  fixture ??= (async () => {
    const dbName = uniqueDbName('bench');
    const repo = new DriveRepository(dbName);
    const drive = makeDrive('Bench rally', LEGS + 1, 42);
    const routes = makeAllRoutes(drive, VERTICES);
    const last = drive.waypoints[LEGS];
    const poolPositions: Array<[number, number]> = Array.from({ length: POSITION_POOL }, (_, i) => [last.position[0] + 0.001 * (i + 1), last.position[1] - 0.001 * (i + 1)]);
    const poolRoutes = poolPositions.map((p, i) => makeSegmentRoute(moveWaypoint(drive, last.id, p), LEGS - 1, VERTICES, 1000 + i));
    // A session in progress: the undo stack is full, so every save writes HISTORY_LIMIT snapshots.
    let history: History = emptyHistory;
    for (let i = 0; i < HISTORY_LIMIT; i++) history = record(history, { ...drive, updatedAt: drive.updatedAt - HISTORY_LIMIT + i });
    await repo.saveEdit({ drive, history, newRoutes: routes });
    const fresh = { ...drive, id: 'fresh-copy' };
    await repo.saveEdit({ drive: fresh, history: emptyHistory });

    const v1 = new Dexie(uniqueDbName('bench-v1'));
    v1.version(1).stores({ drives: 'id, updatedAt', settings: 'key' });
    const v1Record = {
      id: drive.id, name: drive.name, createdAt: drive.createdAt, updatedAt: drive.updatedAt,
      waypoints: drive.waypoints.map((w) => ({ lon: w.position[0], lat: w.position[1], name: w.name })),
      legs: routes.map((r) => ({ router: 'osrm', geometry: nested(r.coords), distance: r.distanceMeters, duration: r.durationSeconds })),
    };
    await v1.table('drives').put(v1Record);
    return { repo, dbName, drive, history, currentRoutes: routes, poolRoutes, poolPositions, freshDriveId: fresh.id, v1, v1Record, v1PoolGeometry: poolRoutes.map((r) => nested(r.coords)) };
  })();
  return fixture;
}

/** One edit: the last waypoint moves to the next pooled position; returns what an autosave writes. */
let editCount = 0;
function nextEdit(f: Fixture): { drive: Drive; history: History; newRoute: SegmentRoute; pool: number } {
  const pool = editCount++ % POSITION_POOL;
  const drive = moveWaypoint(f.drive, f.drive.waypoints[LEGS].id, f.poolPositions[pool], f.drive.updatedAt + 1);
  const history = record(f.history, f.drive);
  const newRoute = f.poolRoutes[pool];
  if (newRoute.key !== segmentKey(drive, LEGS - 1)) throw new Error('bench fixture out of sync: the pooled route does not match the edited leg');
  f.drive = drive;
  f.history = history;
  f.currentRoutes[LEGS - 1] = newRoute;
  return { drive, history, newRoute, pool };
}

// ---- sample collection and the printed table -------------------------------------------------

const samples = new Map<string, number[]>();
const printed: string[] = [];
let collecting = false;

function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

function report(name: string, baselineOf?: string) {
  const s = (samples.get(name) ?? []).slice().sort((a, b) => a - b);
  const median = quantile(s, 0.5);
  const base = baselineOf ? (samples.get(baselineOf) ?? []).slice().sort((a, b) => a - b) : undefined;
  const ratio = base && base.length ? `  (${(quantile(base, 0.5) / median).toFixed(1)}× faster than "${baselineOf}")` : '';
  const line = `${name.padEnd(64)} median ${median.toFixed(2).padStart(8)} ms   p95 ${quantile(s, 0.95).toFixed(2).padStart(8)} ms   n=${s.length}${ratio}`;
  printed.push(line);
  console.log(`[store bench] ${line}`);
}

/** Wraps a storage call so only its own time is sampled, warm-up runs excluded. */
function timed(name: string, body: (f: Fixture) => Promise<void>): () => Promise<void> {
  return async () => {
    const f = await prepare();
    const t0 = performance.now();
    await body(f);
    const ms = performance.now() - t0;
    if (collecting) samples.get(name)?.push(ms);
  };
}

function options(name: string, iterations: number, baselineOf?: string) {
  return {
    time: 0, iterations, warmupTime: 0, warmupIterations: 3,
    setup: async (_task: unknown, mode: 'warmup' | 'run') => {
      await prepare();
      collecting = mode === 'run';
      samples.set(name, []);
    },
    teardown: (_task: unknown, mode: 'warmup' | 'run') => {
      if (mode === 'run') report(name, baselineOf);
    },
  };
}

const SAVE_ONE = 'saveEdit: drive + 100-step history + 1 new route';
const SAVE_ALL = 'baseline: same save, rewriting all 20 routes';
const SAVE_V1 = 'baseline: release-1 record, 20 legs inline as nested arrays';
const LOAD = 'loadDrive: drive + 20 routes (open connection)';
const REOPEN = 'reopen: new connection + loadDrive (20 routes)';
const LOAD_HISTORY = 'loadDrive incl. undo-history routes (20 + 4 routes)';
const LOAD_V1 = 'baseline: release-1 get of the nested-array record';

describe(`autosave one edit of a ${LEGS}-leg × ${VERTICES.toLocaleString('en')}-vertex drive`, () => {
  bench(SAVE_V1, timed(SAVE_V1, async (f) => {
    const { drive, pool } = nextEdit(f);
    f.v1Record.legs[LEGS - 1] = { ...f.v1Record.legs[LEGS - 1], geometry: f.v1PoolGeometry[pool] };
    await f.v1.table('drives').put({ ...f.v1Record, updatedAt: drive.updatedAt });
  }), options(SAVE_V1, 15));

  bench(SAVE_ALL, timed(SAVE_ALL, async (f) => {
    const { drive, history } = nextEdit(f);
    await f.repo.saveEdit({ drive, history, newRoutes: f.currentRoutes });
  }), options(SAVE_ALL, 25));

  bench(SAVE_ONE, timed(SAVE_ONE, async (f) => {
    const { drive, history, newRoute } = nextEdit(f);
    await f.repo.saveEdit({ drive, history, newRoutes: [newRoute] });
  }), options(SAVE_ONE, 40, SAVE_V1));
});

describe(`reopen a ${LEGS}-leg × ${VERTICES.toLocaleString('en')}-vertex drive`, () => {
  bench(LOAD_V1, timed(LOAD_V1, async (f) => {
    const rec = await f.v1.table('drives').get(f.drive.id);
    if (!rec) throw new Error('v1 record missing');
  }), options(LOAD_V1, 20));

  bench(LOAD, timed(LOAD, async (f) => {
    const loaded = await f.repo.loadDrive(f.freshDriveId);
    if (loaded.routes.size !== LEGS) throw new Error(`expected ${LEGS} routes, got ${loaded.routes.size}`);
  }), options(LOAD, 25, LOAD_V1));

  bench(REOPEN, timed(REOPEN, async (f) => {
    const repo = new DriveRepository(f.dbName);
    const loaded = await repo.loadDrive(f.freshDriveId);
    repo.close();
    if (loaded.routes.size !== LEGS) throw new Error(`expected ${LEGS} routes, got ${loaded.routes.size}`);
  }), options(REOPEN, 25, LOAD_V1));

  bench(LOAD_HISTORY, timed(LOAD_HISTORY, async (f) => {
    const loaded = await f.repo.loadDrive(f.drive.id);
    if (loaded.missingRouteKeys.length > 0) throw new Error(`missing routes: ${loaded.missingRouteKeys.join(', ')}`);
  }), {
    ...options(LOAD_HISTORY, 25),
    teardown: (_task: unknown, mode: 'warmup' | 'run') => {
      if (mode !== 'run') return;
      report(LOAD_HISTORY);
      console.log(`[store bench] summary (Chromium ${navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? '?'}):\n  ${printed.join('\n  ')}`);
      void prepare().then(async (f) => {
        f.repo.close();
        f.v1.close();
        await deleteDatabase(f.dbName);
        await deleteDatabase(f.v1.name);
      });
    },
  });
});
