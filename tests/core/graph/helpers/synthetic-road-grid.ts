/**
 * A seeded, road-like synthetic network (the performance-anchors §2 graph): a jittered square grid
 * about `spacingMeters` apart, a fraction of links missing, every `highwayEvery`-th row and column
 * a fast road (97 km/h, some of it motorway with tolls), ordinary links at 47–68 km/h, a few
 * oneways (both orientations), some links with a bent shape point and RC-1 curvature, and random
 * turn restrictions at junctions. Output is `RoadGraphInput` columns, so tests and the benchmark
 * build it through the real builder.
 */
import { LINK_DIRECTION, LINK_FLAG, ROAD_CLASS } from '../../../../src/core/graph/road-attributes';
import type { RoadGraphInput } from '../../../../src/core/graph';
import { mulberry32 } from './mulberry32';

export interface SyntheticGridOptions {
  /** Nodes per side: `side²` nodes. */
  side: number;
  seed: number;
  spacingMeters?: number;
  /** Fraction of grid links left out (default 0.12). */
  dropFraction?: number;
  highwayEvery?: number;
  /** Fraction of ordinary links that are one-way (default 0.03). */
  onewayFraction?: number;
  /** Attempted turn restrictions (invalid ones are skipped by the builder); default 0. */
  restrictions?: number;
  /** South-west corner, degrees; default Andorra-ish latitude. */
  originLon?: number;
  originLat?: number;
}

/** `RoadGraphInput` with every column present, as concrete arrays. */
export interface SyntheticRoadGrid extends RoadGraphInput {
  nodeLons: Float64Array;
  nodeLats: Float64Array;
  links: {
    from: Uint32Array; to: Uint32Array; direction: Uint8Array; speedKmh: Uint8Array; roadClass: Uint8Array;
    flags: Uint16Array; curvature: Float32Array; shapeStart: Uint32Array; shapeCoords: Float64Array;
  };
  restrictions: { fromLink: number[]; viaNode: number[]; toLink: number[]; kind: number[] };
}

export function syntheticRoadGrid(options: SyntheticGridOptions): SyntheticRoadGrid {
  const { side, seed } = options;
  const spacing = options.spacingMeters ?? 500;
  const drop = options.dropFraction ?? 0.12;
  const highwayEvery = options.highwayEvery ?? 20;
  const onewayFraction = options.onewayFraction ?? 0.03;
  const originLon = options.originLon ?? 1.4, originLat = options.originLat ?? 42.4;
  const rand = mulberry32(seed);
  const n = side * side;
  const degLat = spacing / 111_195;
  const degLon = degLat / Math.cos(((originLat + (side * degLat) / 2) * Math.PI) / 180);
  const nodeLons = new Float64Array(n), nodeLats = new Float64Array(n);
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) {
      const v = j * side + i;
      nodeLons[v] = originLon + (i + (rand() - 0.5) * 0.5) * degLon;
      nodeLats[v] = originLat + (j + (rand() - 0.5) * 0.5) * degLat;
    }
  }

  const maxLinks = 2 * side * side;
  const from = new Uint32Array(maxLinks), to = new Uint32Array(maxLinks);
  const direction = new Uint8Array(maxLinks), speedKmh = new Uint8Array(maxLinks), roadClass = new Uint8Array(maxLinks);
  const flags = new Uint16Array(maxLinks), curvature = new Float32Array(maxLinks);
  const shapeStart = new Uint32Array(maxLinks + 1);
  const shapeCoords: number[] = [];
  let m = 0;
  const addLink = (a: number, b: number, highway: boolean, motorway: boolean) => {
    if (!highway && rand() < drop) return;
    from[m] = a;
    to[m] = b;
    const r = rand();
    direction[m] = highway || r >= onewayFraction ? LINK_DIRECTION.BOTH : r < onewayFraction / 2 ? LINK_DIRECTION.FORWARD : LINK_DIRECTION.BACKWARD;
    speedKmh[m] = highway ? 97 : 47 + Math.floor(rand() * 22);
    roadClass[m] = motorway ? ROAD_CLASS.MOTORWAY : highway ? ROAD_CLASS.PRIMARY : rand() < 0.5 ? ROAD_CLASS.TERTIARY : ROAD_CLASS.UNCLASSIFIED;
    flags[m] = (motorway ? LINK_FLAG.MOTORWAY | LINK_FLAG.TOLL : 0) | (!highway && rand() < 0.05 ? LINK_FLAG.UNPAVED : 0);
    if (!highway && rand() < 0.1) {
      // A bend: one shape point pushed sideways, and a curvature score to match.
      const t = 0.3 + 0.4 * rand();
      shapeCoords.push(
        nodeLons[a] + (nodeLons[b] - nodeLons[a]) * t + (rand() - 0.5) * 0.3 * degLon,
        nodeLats[a] + (nodeLats[b] - nodeLats[a]) * t + (rand() - 0.5) * 0.3 * degLat,
      );
      curvature[m] = rand() * 2 * spacing;
    }
    shapeStart[m + 1] = shapeCoords.length / 2;
    m++;
  };
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) {
      const v = j * side + i;
      const rowHighway = j % highwayEvery === 0, colHighway = i % highwayEvery === 0;
      if (i + 1 < side) addLink(v, v + 1, rowHighway, rowHighway && j % (2 * highwayEvery) === 0);
      if (j + 1 < side) addLink(v, v + side, colHighway, colHighway && i % (2 * highwayEvery) === 0);
    }
  }

  // Restrictions: at random nodes, a random pair of links meeting there (the builder skips pairs a oneway makes meaningless).
  const restrictionCount = options.restrictions ?? 0;
  const linksAt: number[][] = [];
  if (restrictionCount > 0) {
    for (let v = 0; v < n; v++) linksAt.push([]);
    for (let l = 0; l < m; l++) { linksAt[from[l]].push(l); linksAt[to[l]].push(l); }
  }
  const fromLink: number[] = [], viaNode: number[] = [], toLink: number[] = [], kind: number[] = [];
  for (let k = 0; k < restrictionCount; k++) {
    const v = Math.floor(rand() * n);
    const at = linksAt[v];
    if (at.length < 3) continue;
    const a = at[Math.floor(rand() * at.length)];
    let b = at[Math.floor(rand() * at.length)];
    if (b === a) b = at[(at.indexOf(a) + 1) % at.length];
    fromLink.push(a);
    viaNode.push(v);
    toLink.push(b);
    kind.push(rand() < 0.8 ? 0 : 1);
  }

  return {
    nodeLons, nodeLats,
    links: {
      from: from.subarray(0, m), to: to.subarray(0, m), direction: direction.subarray(0, m),
      speedKmh: speedKmh.subarray(0, m), roadClass: roadClass.subarray(0, m), flags: flags.subarray(0, m),
      curvature: curvature.subarray(0, m), shapeStart: shapeStart.subarray(0, m + 1), shapeCoords: Float64Array.from(shapeCoords),
    },
    restrictions: { fromLink, viaNode, toLink, kind },
  };
}
