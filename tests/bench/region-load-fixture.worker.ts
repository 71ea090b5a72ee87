/**
 * Bench-only worker for region-load.browser.bench.ts, two jobs:
 * - `make`: a synthetic region pack of `side²` nodes (the seeded road grid of the graph benchmark,
 *   tests/core/graph/helpers/synthetic-road-grid.ts), with the builder's default landmark tables
 *   (fastest, shortest and curvy, 8 landmarks each), OSM id columns, no POIs; serialized with the region
 *   pack writer. Returns the pack, the grid's input columns (for the baseline) and a query.
 * - `opfs-read`: reads an OPFS file through a synchronous access handle, timed (storage comparison).
 * - `baseline`: what loading costs without a pack file: build the graph from the transferred
 *   edge arrays (`buildRoadGraph`, CSR + snapping grid; no landmarks, which would add seconds
 *   more) and answer the first route. Runs in a fresh worker per measurement, like the real router.
 */
import { buildRoadGraph, computeLandmarks, withLandmarks } from '../../src/core/graph';
import { emptyPoiSet } from '../../src/core/pois/poi-set';
import { REGION_PACK_VERSION, serializeRegionPack, type RegionPack } from '../../src/core/region';
import { LocalRouter } from '../../src/core/routing/local-router';
import type { RouteProfile, RouteRequest } from '../../src/core/routing/router';
import type { LonLat } from '../../src/core/units';
import { syntheticRoadGrid, type SyntheticRoadGrid } from '../core/graph/helpers/synthetic-road-grid';

const LANDMARK_PROFILES: readonly RouteProfile[] = ['fastest', 'shortest', 'curvy'];

export type FixtureRequest =
  | { type: 'make'; side: number; seed: number }
  | { type: 'baseline'; input: SyntheticRoadGrid; request: RouteRequest }
  | { type: 'opfs-read'; fileName: string };

export type FixtureMessage =
  | { type: 'made'; pack: ArrayBuffer; input: SyntheticRoadGrid; request: RouteRequest; nodes: number; edges: number; makeMs: number }
  | { type: 'baseline-done'; distanceMeters: number }
  | { type: 'opfs-read-done'; bytes: number; readMs: number }
  | { type: 'error'; message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FixtureMessage, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

function inputBuffers(input: SyntheticRoadGrid): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const column of [input.nodeLons, input.nodeLats, ...Object.values(input.links)]) buffers.add(column.buffer as ArrayBuffer);
  return [...buffers];
}

/** OPFS read through a synchronous access handle (workers only): straight into one ArrayBuffer. */
async function opfsRead(fileName: string): Promise<FixtureMessage> {
  const root = await navigator.storage.getDirectory();
  const handle = await root.getFileHandle(fileName);
  const t0 = performance.now();
  const access = await handle.createSyncAccessHandle();
  try {
    const buffer = new ArrayBuffer(access.getSize());
    const read = access.read(new Uint8Array(buffer), { at: 0 });
    return { type: 'opfs-read-done', bytes: read, readMs: performance.now() - t0 };
  } finally {
    access.close();
  }
}

scope.onmessage = (event: MessageEvent<FixtureRequest>) => {
  const job = event.data;
  if (job.type === 'opfs-read') {
    opfsRead(job.fileName).then(post, (error: unknown) => post({ type: 'error', message: String(error) }));
    return;
  }
  try {
    if (job.type === 'make') {
      const t0 = performance.now();
      const input = syntheticRoadGrid({ side: job.side, seed: job.seed, restrictions: job.side * 10 });
      let graph = buildRoadGraph(input, { onSkippedRestriction: () => undefined });
      // The builder's default tables (build-region-pack.ts `landmarkProfiles`).
      graph = withLandmarks(graph, LANDMARK_PROFILES.map((profile) => computeLandmarks(graph, { profile, count: 8 })));
      const pack: RegionPack = {
        meta: {
          packVersion: REGION_PACK_VERSION, name: `synthetic ${job.side}²`, bbox: null, osmTimestamp: null,
          stats: { nodes: graph.nodeCount, edges: graph.edgeCount, links: graph.linkCount, drivableKm: 0, restrictions: graph.restrictions.fromEdge.length, skippedRestrictions: 0, poisByKind: {}, parking: 0, parkingWithCapacity: 0 },
        },
        graph,
        linkWayIds: Float64Array.from({ length: graph.linkCount }, (_, l) => 1e6 + l),
        nodeOsmIds: Float64Array.from({ length: graph.nodeCount }, (_, n) => 1e7 + n),
        pois: emptyPoiSet(),
        parking: { count: 0, lon: new Float64Array(0), lat: new Float64Array(0), capacity: new Int32Array(0), osmType: new Uint8Array(0), osmId: new Float64Array(0) },
      };
      const buffer = serializeRegionPack(pack);
      // A regional query: from a quarter of the way in to three quarters, across the grid.
      const at = (fx: number, fy: number): LonLat => {
        const v = Math.floor(fy * job.side) * job.side + Math.floor(fx * job.side);
        return [input.nodeLons[v], input.nodeLats[v]];
      };
      const request: RouteRequest = { waypoints: [at(0.25, 0.3), at(0.7, 0.75)], profile: 'fastest' };
      post({ type: 'made', pack: buffer, input, request, nodes: graph.nodeCount, edges: graph.edgeCount, makeMs: performance.now() - t0 }, [buffer, ...inputBuffers(input)]);
    } else {
      const graph = buildRoadGraph(job.input, { onSkippedRestriction: () => undefined });
      const { result } = new LocalRouter(graph).plan(job.request);
      post({ type: 'baseline-done', distanceMeters: result.distanceMeters });
    }
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
};

