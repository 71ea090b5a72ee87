/**
 * Runs the local router's code on a small built-in road grid, so a fresh worker has its search,
 * snapping, step-building and pack-reading code compiled and optimised by the time a real pack
 * arrives: on a 1M-node pack the first route of a cold worker took ~2× the later ones. Costs
 * ~0.1–0.3 s once, spent while the user is still choosing a region (`WorkerLocalRouter.warmUp`).
 * The grid mimics a pack's shape (two-way and one-way links, shape points, names, turn
 * restrictions, landmark tables for fastest and curvy) so the same typed-array kinds reach the same
 * functions. `warmUpOpening` does the same for the functions opening a stored pack spends its time in.
 */
import {
  GRAPH_FORMAT_VERSION, GRAPH_MAGIC, LINK_DIRECTION, ROAD_CLASS, type RoadGraph, buildRoadGraph, checkGraphRest, checkReverseGraphAndGrid,
  checkRoutingInputs, computeLandmarks, decodeGraphCore, decodeRoutingInputs, decodeTurnRestrictions, readSectionFile, roadGraphBbox,
  serializeGraph, withLandmarks,
} from '../graph';
import { RegionPackReader } from '../region/region-pack-reader';
import { REGION_PACK_VERSION, serializeRegionPack } from '../region/region-pack';
import { emptyPoiSet } from '../pois/poi-set';
import { LocalRouter } from './local-router';
import { prepareRouting } from './prepared-routing';
import type { RouteProfile } from './router';

const SIDE = 24;
const SPACING_DEGREES = 0.004;

/**
 * A `side` × `side` road grid. `manyRestrictions`: a no-turn (or only-turn) from the east-bound
 * link into the north-bound one at every other junction, so the restriction derivation gets
 * thousands of rows as a real region's does, and routes cross restricted junctions in both search
 * directions (with one restriction, the search's restriction paths kept no type feedback, and the
 * first route on a 1M-node pack left its compiled code: 111 ms instead of 43 in Node); otherwise one.
 */
function warmUpGrid(side: number, manyRestrictions: boolean): RoadGraph {
  const n = side * side;
  const nodeLons = new Float64Array(n), nodeLats = new Float64Array(n);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      nodeLons[y * side + x] = 1.5 + x * SPACING_DEGREES + ((x * 7 + y * 3) % 5) * 1e-5;
      nodeLats[y * side + x] = 42.5 + y * SPACING_DEGREES * 0.75;
    }
  }
  const from: number[] = [], to: number[] = [], direction: number[] = [], roadClass: number[] = [], name: number[] = [];
  const shapeStart: number[] = [0], shapeCoords: number[] = [], curvature: number[] = [];
  const east = new Int32Array(n).fill(-1), north = new Int32Array(n).fill(-1);
  const link = (a: number, b: number, k: number) => {
    from.push(a); to.push(b);
    direction.push(k % 17 === 0 ? LINK_DIRECTION.FORWARD : LINK_DIRECTION.BOTH);
    roadClass.push(k % 5 === 0 ? ROAD_CLASS.PRIMARY : ROAD_CLASS.RESIDENTIAL);
    name.push(1 + (k % 3));
    if (k % 4 === 0) shapeCoords.push((nodeLons[a] + nodeLons[b]) / 2 + 2e-4, (nodeLats[a] + nodeLats[b]) / 2 + 1e-4);
    shapeStart.push(shapeCoords.length / 2);
    curvature.push(k % 4 === 0 ? 40 : 0);
  };
  let k = 0;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const v = y * side + x;
      if (x + 1 < side) { east[v] = k; link(v, v + 1, k++); }
      if (y + 1 < side) { north[v] = k; link(v, v + side, k++); }
    }
  }
  const restrictions = { fromLink: [0], viaNode: [1], toLink: [2], kind: [0] };
  if (manyRestrictions) {
    for (let v = 3; v < n; v += 2) {
      if (east[v - 1] < 0 || north[v] < 0) continue;
      restrictions.fromLink.push(east[v - 1]); restrictions.viaNode.push(v); restrictions.toLink.push(north[v]); restrictions.kind.push(v % 4 === 1 ? 0 : 1);
    }
  }
  return buildRoadGraph({
    nodeLons, nodeLats, strings: ['', 'Carrer Major', 'Avinguda Meritxell', 'CG-1'],
    links: {
      from: Uint32Array.from(from), to: Uint32Array.from(to), direction: Uint8Array.from(direction), roadClass: Uint8Array.from(roadClass),
      name: Uint32Array.from(name), ref: new Uint32Array(from.length), curvature: Float32Array.from(curvature),
      shapeStart: Uint32Array.from(shapeStart), shapeCoords: Float64Array.from(shapeCoords),
    },
    restrictions,
  }, { onSkippedRestriction: () => undefined });
}

function warmUpGraph(): RoadGraph {
  const graph = warmUpGrid(SIDE, true);
  return withLandmarks(graph, (['fastest', 'curvy'] as RouteProfile[]).map((profile) => computeLandmarks(graph, { profile, count: 8 })));
}

/** Warms the router's code paths up; returns the number of routes it ran. Never throws. */
export async function warmUpRouting(rounds = 150): Promise<number> {
  try {
    const built = warmUpGraph();
    const file = serializeRegionPack({
      meta: {
        packVersion: REGION_PACK_VERSION, name: 'warm-up', bbox: null, osmTimestamp: null,
        stats: { nodes: built.nodeCount, edges: built.edgeCount, links: built.linkCount, drivableKm: 0, restrictions: 0, skippedRestrictions: 0, poisByKind: {}, parking: 0, parkingWithCapacity: 0 },
      },
      graph: built, linkWayIds: new Float64Array(built.linkCount), nodeOsmIds: new Float64Array(built.nodeCount), pois: emptyPoiSet(),
      parking: { count: 0, lon: new Float64Array(0), lat: new Float64Array(0), capacity: new Int32Array(0), osmType: new Uint8Array(0), osmId: new Float64Array(0) },
    });
    // The stored-pack path: staged reads, the helper's derivation, adoption.
    const reader = await RegionPackReader.open((start, end) => Promise.resolve(file.slice(start, end)), file.byteLength);
    const core = await reader.readRouterCore();
    const prepared = prepareRouting(await reader.readRoutingInputs(), 'fastest');
    const router = new LocalRouter(core.graph);
    const tables = await Promise.all(core.tableProfiles.map((profile) => reader.readLandmarkTable(profile)));
    router.addLandmarkTables(tables.flatMap((t) => (t === null ? [] : [t])));
    router.adoptPrepared(prepared);
    let routes = 0;
    for (let i = 0; i < rounds; i++) {
      const a = (i * 37) % (SIDE * SIDE), b = (i * 101 + 13) % (SIDE * SIDE);
      if (a === b) continue;
      const at = (v: number): [number, number] => [1.5 + (v % SIDE) * SPACING_DEGREES + 3e-4, 42.5 + Math.floor(v / SIDE) * SPACING_DEGREES * 0.75];
      const profile: RouteProfile = i % 5 === 4 ? 'curvy' : 'fastest';
      try {
        router.plan({ waypoints: [at(a), at(b)], profile });
        routes++;
      } catch {
        // an unreachable pair on the grid: fine for a warm-up
      }
    }
    return routes;
  } catch {
    return 0;
  }
}

/**
 * Runs the functions a stored-pack open spends its time in (the three parts of the checks, the
 * turn restrictions, the bbox, `prepareRouting`, the decode) a few times on a 100 × 100 grid, so
 * they run optimised code on the first pack: on 2 busy cores the optimising compiler, which works
 * in the background, otherwise finished only after most of a 1M-node pack's loops (the routing
 * warm-up's grid is too small to get them there). Returns the rounds run. Never throws.
 */
export async function warmUpOpening(rounds = 3): Promise<number> {
  try {
    const file = readSectionFile(serializeGraph(warmUpGrid(100, true)), GRAPH_MAGIC, [GRAPH_FORMAT_VERSION], 'region pack');
    for (let round = 0; round < rounds; round++) {
      checkGraphRest(file);
      decodeTurnRestrictions(file);
      roadGraphBbox({ nodeCoordsE7: file.get('NODE', Int32Array), shapeCoordsE7: file.get('SHPC', Int32Array) });
      const inputs = decodeRoutingInputs(file);
      checkRoutingInputs(inputs);
      prepareRouting(inputs, 'fastest');
      checkReverseGraphAndGrid(file);
      decodeGraphCore(file, { checked: true });
      await new Promise((resolve) => setTimeout(resolve, 0)); // lets compiled code be installed
    }
    return rounds;
  } catch {
    return 0; // a warm-up that fails only leaves the first pack's open slower
  }
}
