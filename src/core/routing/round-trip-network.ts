/**
 * Where a loop can go without retracing: the bridges of the road network (links whose removal
 * disconnects it: dead-end valleys, spurs, the one road into a village) and its 2-edge-connected
 * components (what remains connected without them). A loop through a via point on a bridge must
 * cross that bridge twice, and a via in another component than the start's costs the bridges in
 * between twice, so round trips place their vias on non-bridge links of large components.
 *
 * Directions are ignored (a oneway pair is a cycle, which is right for dual carriageways).
 * O(nodes + links), iterative (no recursion depth limit on large packs).
 */
import type { RoadGraph } from '../graph';

export interface LoopNetwork {
  /** 1 for a link that is a bridge of the drivable network (or not drivable at all). */
  readonly bridge: Uint8Array;
  /** 2-edge-connected component of each node. */
  readonly nodeComponent: Int32Array;
  /** Total length of the non-bridge links of each component (m). */
  readonly componentMeters: Float64Array;
}

const cache = new WeakMap<Uint8Array, LoopNetwork>();

/**
 * Bridges and components of the links for which `linkOpen` is 1. Cached per `linkOpen` array
 * (the router caches one per profile, so each profile's network is computed once).
 */
export function loopNetwork(graph: RoadGraph, linkOpen: Uint8Array): LoopNetwork {
  let network = cache.get(linkOpen);
  if (network === undefined) {
    network = computeLoopNetwork(graph, linkOpen);
    cache.set(linkOpen, network);
  }
  return network;
}

function computeLoopNetwork(graph: RoadGraph, linkOpen: Uint8Array): LoopNetwork {
  const n = graph.nodeCount, linkCount = graph.linkCount;
  const { linkFrom, linkTo } = graph;
  // Undirected adjacency (CSR) of the open links.
  const first = new Uint32Array(n + 1);
  for (let l = 0; l < linkCount; l++) if (linkOpen[l] === 1) { first[linkFrom[l] + 1]++; first[linkTo[l] + 1]++; }
  for (let u = 0; u < n; u++) first[u + 1] += first[u];
  const fill = first.slice(0, n);
  const adjLink = new Uint32Array(first[n]), adjNode = new Uint32Array(first[n]);
  for (let l = 0; l < linkCount; l++) {
    if (linkOpen[l] !== 1) continue;
    const a = linkFrom[l], b = linkTo[l];
    adjLink[fill[a]] = l; adjNode[fill[a]++] = b;
    adjLink[fill[b]] = l; adjNode[fill[b]++] = a;
  }

  // Tarjan's bridge search with an explicit stack; the parent link (not node) is skipped so parallel links count as a cycle.
  const bridge = new Uint8Array(linkCount);
  for (let l = 0; l < linkCount; l++) if (linkOpen[l] !== 1) bridge[l] = 1;
  const disc = new Int32Array(n).fill(-1), low = new Int32Array(n);
  const stackNode = new Uint32Array(n), stackNext = new Uint32Array(n), stackParentLink = new Int32Array(n);
  let time = 0;
  for (let root = 0; root < n; root++) {
    if (disc[root] >= 0) continue;
    let top = 0;
    disc[root] = low[root] = time++;
    stackNode[0] = root; stackNext[0] = first[root]; stackParentLink[0] = -1;
    while (top >= 0) {
      const u = stackNode[top];
      const k = stackNext[top];
      if (k < first[u + 1]) {
        stackNext[top] = k + 1;
        const l = adjLink[k], v = adjNode[k];
        if (l === stackParentLink[top]) continue;
        if (disc[v] < 0) {
          disc[v] = low[v] = time++;
          top++;
          stackNode[top] = v; stackNext[top] = first[v]; stackParentLink[top] = l;
        } else if (disc[v] < low[u]) low[u] = disc[v];
      } else {
        const parentLink = stackParentLink[top];
        top--;
        if (top >= 0) {
          const p = stackNode[top];
          if (low[u] < low[p]) low[p] = low[u];
          if (low[u] > disc[p]) bridge[parentLink] = 1;
        }
      }
    }
  }

  // Components: flood fill over non-bridge links.
  const nodeComponent = new Int32Array(n).fill(-1);
  const meters: number[] = [];
  const queue = new Uint32Array(n);
  for (let s = 0; s < n; s++) {
    if (nodeComponent[s] >= 0) continue;
    const c = meters.length;
    meters.push(0);
    nodeComponent[s] = c;
    let head = 0, tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const u = queue[head++];
      for (let k = first[u]; k < first[u + 1]; k++) {
        if (bridge[adjLink[k]] === 1) continue;
        const v = adjNode[k];
        if (nodeComponent[v] < 0) { nodeComponent[v] = c; queue[tail++] = v; }
      }
    }
  }
  const componentMeters = Float64Array.from(meters);
  for (let l = 0; l < linkCount; l++) if (bridge[l] === 0) componentMeters[nodeComponent[linkFrom[l]]] += graph.linkLengthMeters[l];
  return { bridge, nodeComponent, componentMeters };
}
