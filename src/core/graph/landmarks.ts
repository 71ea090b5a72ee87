/**
 * Landmarks for ALT (A*, Landmarks, Triangle inequality; Goldberg & Harrelson 2005).
 *
 * For a few landmark nodes L we store costs d(L → v) and d(v → L) for every node. By the
 * triangle inequality, d(v, t) ≥ max(d(L, t) − d(L, v), d(v, L) − d(t, L)) for every L, a lower
 * bound far tighter than straight-line distance ÷ top speed (on the 1M-node benchmark grid a
 * bidirectional query settles ~20× fewer nodes).
 *
 * - Metric: one table per profile (`fastest` by default): distances are that profile's costs
 *   (`profileWeights` without avoid options), ignoring turn restrictions. Restrictions and avoid
 *   options only remove paths or raise costs, so the bounds stay valid. Any profile can use any
 *   table, scaled by α = min over edges of its cost / the table's cost (`landmarkScale`): a
 *   profile's own table gives α = 1 and the tightest bounds. Curvy profiles discount winding
 *   roads, so against the fastest table they get α = 0.5 (curvy) or 0.25 (extra-curvy); on the
 *   1M-node grid that is ~35× more settled nodes than with their own table. So a pack carries
 *   one table per profile family it wants fast, and the search picks per query the table with
 *   the best scaled bound between source and target.
 * - Selection: the first landmark is the node farthest from a seeded random start on the main
 *   network; the others by "farthest" (default: each next one maximises min over chosen landmarks
 *   of d(L → v) + d(v → L)) or by "avoid" (see `ShortestPathTree`), which puts each new landmark
 *   behind the region the chosen ones bound worst. On the seeded 90k-node grid both give the same
 *   search spaces (bidirectional ALT, 8 landmarks: median 640 vs 700 settled), farthest at 2/3
 *   of the precomputation; real regions with valleys may favour avoid, so both stay available.
 *   Candidates are limited to the main network (nodes the start reaches), so an island never wins.
 * - Storage: 16-bit quanta of `unit` cost each (the largest finite distance / 65534, rounded
 *   down), node-major (`[(v * count + l) * 2]` = d(L → v), `+ 1` = d(v → L)), so a node's bounds
 *   come from one cache line. A stored q stands for a cost in [q·unit, (q + 1)·unit), so a
 *   difference of two quanta overstates the true difference by less than one quantum: every
 *   bound is taken `LANDMARK_SLACK_QUANTA` lower, which keeps it below the true distance.
 *   Unreachable = `LANDMARK_UNREACHABLE` (read as Infinity, and then the bound proves
 *   unreachability). Half the bytes of Float32 (which format 2 packs hold; `quantizeLandmarkDistances`
 *   converts them): on a 1M-node pack a table is 32 MB instead of 64, read before the first route.
 *   One quantum is 1/65534 of the table's range (on the 1M-node benchmark grid 0.57 s of travel
 *   time, or 14 m for the shortest profile): the search settles as many nodes as with Float32.
 * - Cost: about 3 one-to-all Dijkstra runs per landmark (2 for farthest); 4 bytes × count per node.
 */
import { incomingEdges } from './incoming-edges';
import { MinHeap } from './min-heap';
import { type RoadGraph, RoadGraphError } from './road-graph';
import type { RouteProfile } from '../routing/router';
import { profileWeights } from './edge-weights';

export interface LandmarkTable {
  /** The profile whose costs the distances are. */
  readonly profile: RouteProfile;
  readonly count: number;
  /** Landmark node ids. */
  readonly nodes: Uint32Array;
  /**
   * `nodeCount × count × 2` costs in quanta of `unit`: `[(v * count + l) * 2]` = d(L → v),
   * `+ 1` = d(v → L); `LANDMARK_UNREACHABLE` where there is no path.
   */
  readonly distances: Uint16Array;
  /** Cost of one quantum (cost units, > 0): a stored q stands for a cost in [q·unit, (q + 1)·unit). */
  readonly unit: number;
}

/** The stored value of "no path" (read as Infinity). */
export const LANDMARK_UNREACHABLE = 0xffff;

/**
 * Quanta subtracted from every landmark bound: a difference of two stored quanta overstates the
 * true cost difference by less than one quantum. The rest covers the Float32 costs quantized
 * (computed here, or a format 2 pack's table): each is off by ≤ 2^-24 relative, ≤ 0.004 quanta.
 */
export const LANDMARK_SLACK_QUANTA = 1.01;

/**
 * Quantizes exact landmark costs (Infinity = no path) to 16-bit quanta of `unit`: the largest
 * finite cost / 65534, each value rounded down. Used by `computeLandmarks` and to read format 2
 * packs, whose tables are Float32.
 */
export function quantizeLandmarkDistances(exact: Float32Array | Float64Array): { distances: Uint16Array; unit: number } {
  let maxFinite = 0;
  for (let i = 0; i < exact.length; i++) {
    const d = exact[i];
    if (d < Infinity && d > maxFinite) maxFinite = d;
  }
  const top = LANDMARK_UNREACHABLE - 1;
  const unit = maxFinite > 0 ? maxFinite / top : 1;
  const perUnit = 1 / unit;
  const distances = new Uint16Array(exact.length);
  for (let i = 0; i < exact.length; i++) {
    const d = exact[i];
    if (!(d < Infinity)) { distances[i] = LANDMARK_UNREACHABLE; continue; }
    const q = Math.floor(d * perUnit);
    distances[i] = q > top ? top : q > 0 ? q : 0;
  }
  return { distances, unit };
}

export interface LandmarkOptions {
  /** Whose costs to store; default `fastest` (travel time). */
  profile?: RouteProfile;
  /** Number of landmarks, 1..64; default 8. */
  count?: number;
  /** How to place them; default `farthest` (on the synthetic grids it bounds as well as `avoid`, at 2/3 of the cost). */
  selection?: 'avoid' | 'farthest';
  /** Seed of the random start and root nodes; default 1. */
  seed?: number;
}

/** Chooses landmarks and computes their distance tables. O(count × Dijkstra over the whole graph). */
export function computeLandmarks(graph: RoadGraph, options: LandmarkOptions = {}): LandmarkTable {
  const count = options.count ?? 8;
  const profile = options.profile ?? 'fastest';
  if (!(Number.isInteger(count) && count >= 1 && count <= 64)) throw new RoadGraphError(`Landmark count ${count} is out of range; use 1..64 (8–16 is typical).`);
  const selection = options.selection ?? 'farthest';
  if (selection !== 'avoid' && selection !== 'farthest') throw new RoadGraphError(`Unknown landmark selection "${String(selection)}"; use avoid or farthest.`);
  const n = graph.nodeCount;
  if (n === 0) throw new RoadGraphError('Cannot place landmarks in an empty graph.');
  const weights = profileWeights(graph, { profile }).weights;
  const incoming = incomingEdges(graph);
  const forward = new Float64Array(n);
  const backward = new Float64Array(n);
  const heap = new MinHeap(1 << 16);
  // Exact costs while landmarks are chosen (the avoid rule reads them); quantized at the end.
  const distances = new Float32Array(n * count * 2);
  const nodes = new Uint32Array(count);
  const random = seededRandom(options.seed ?? 1);
  const tree = selection === 'avoid' ? new ShortestPathTree(n) : null;
  const minSum = selection === 'farthest' ? new Float64Array(n).fill(Infinity) : null;

  // Start on the main network: seeded random nodes until one reaches at least half the graph
  // (or the best of 16 tries, for regions made of several islands).
  let start = 0, bestReach = -1;
  for (let tries = 0; tries < 16 && bestReach < n / 2; tries++) {
    const candidate = Math.floor(random() * n);
    oneToAll(graph.firstEdge, graph.edgeTarget, null, weights, candidate, forward, heap);
    let reach = 0;
    for (let v = 0; v < n; v++) if (forward[v] < Infinity) reach++;
    if (reach > bestReach) { bestReach = reach; start = candidate; }
  }
  oneToAll(graph.firstEdge, graph.edgeTarget, null, weights, start, forward, heap);
  const mainNetwork = new Uint8Array(n);
  for (let v = 0; v < n; v++) if (forward[v] < Infinity) mainNetwork[v] = 1;
  let next = argMaxFinite(forward, start);

  for (let l = 0; l < count; l++) {
    if (tree !== null && l > 0) next = tree.avoidChoice(graph, weights, heap, distances, count, nodes, l, mainNetwork, random) ?? next;
    nodes[l] = next;
    oneToAll(graph.firstEdge, graph.edgeTarget, null, weights, next, forward, heap);
    oneToAll(incoming.firstIn, incoming.inSource, incoming.inEdge, weights, next, backward, heap);
    for (let v = 0, at = l * 2; v < n; v++, at += count * 2) {
      const f = forward[v], b = backward[v];
      distances[at] = f;
      distances[at + 1] = b;
    }
    if (minSum !== null) {
      for (let v = 0; v < n; v++) {
        const sum = mainNetwork[v] === 1 ? forward[v] + backward[v] : -1;
        if (sum < minSum[v]) minSum[v] = sum;
      }
      next = argMaxFinite(minSum, next);
    }
  }
  return { profile, count, nodes, ...quantizeLandmarkDistances(distances) };
}

/**
 * "avoid" selection (Goldberg & Werneck 2005): grow a shortest-path tree from a random root, weigh
 * each node by how badly the landmarks chosen so far bound its distance from the root
 * (d(r, v) − bound), sum the weights per subtree (a subtree that already holds a landmark counts
 * zero), then walk from the root into the heaviest subtree down to a leaf: the new landmark sits
 * "behind" the region the current ones cover worst.
 */
class ShortestPathTree {
  private readonly dist: Float64Array;
  private readonly parent: Int32Array;
  private readonly order: Uint32Array;
  private readonly size: Float64Array;
  private readonly bestChild: Int32Array;
  private readonly bestChildSize: Float64Array;
  private readonly hasLandmark: Uint8Array;

  constructor(n: number) {
    this.dist = new Float64Array(n);
    this.parent = new Int32Array(n);
    this.order = new Uint32Array(n);
    this.size = new Float64Array(n);
    this.bestChild = new Int32Array(n);
    this.bestChildSize = new Float64Array(n);
    this.hasLandmark = new Uint8Array(n);
  }

  /** The next landmark, or null when 16 random roots found nothing uncovered. */
  avoidChoice(
    graph: RoadGraph, weights: Float32Array, heap: MinHeap, distances: Float32Array, count: number, chosen: Uint32Array,
    chosenCount: number, mainNetwork: Uint8Array, random: () => number,
  ): number | null {
    const n = graph.nodeCount;
    const { dist, parent, order, size, bestChild, bestChildSize, hasLandmark } = this;
    for (let attempt = 0; attempt < 16; attempt++) {
      const root = Math.floor(random() * n);
      if (mainNetwork[root] === 0) continue;
      const settled = this.grow(graph, weights, heap, root);
      hasLandmark.fill(0);
      for (let i = 0; i < chosenCount; i++) hasLandmark[chosen[i]] = 1;
      bestChild.fill(-1);
      bestChildSize.fill(0);
      const rootAt = root * count * 2;
      for (let i = settled - 1; i >= 0; i--) {
        const v = order[i];
        // How much the current landmarks underestimate d(root, v).
        let bound = 0;
        const at = v * count * 2;
        for (let l = 0; l < chosenCount; l++) {
          const a = distances[at + 2 * l] - distances[rootAt + 2 * l];
          const b = distances[rootAt + 2 * l + 1] - distances[at + 2 * l + 1];
          if (a > bound) bound = a;
          if (b > bound) bound = b;
        }
        size[v] += Math.max(0, dist[v] - bound);
        if (hasLandmark[v] === 1) size[v] = 0;
        const p = parent[v];
        if (p >= 0) {
          size[p] += size[v];
          if (hasLandmark[v] === 1) hasLandmark[p] = 1;
          if (size[v] > bestChildSize[p]) { bestChildSize[p] = size[v]; bestChild[p] = v; }
        }
      }
      if (hasLandmark[root] === 1 && bestChildSize[root] === 0) continue;
      let v = root;
      while (bestChild[v] >= 0) v = bestChild[v];
      if (hasLandmark[v] === 0 && v !== root) return v;
    }
    return null;
  }

  /** Dijkstra from `root` recording parents and settle order; returns the number settled. */
  private grow(graph: RoadGraph, weights: Float32Array, heap: MinHeap, root: number): number {
    const { dist, parent, order, size } = this;
    const { firstEdge, edgeTarget } = graph;
    dist.fill(Infinity);
    size.fill(0);
    heap.clear();
    dist[root] = 0;
    parent[root] = -1;
    heap.push(root, 0);
    let settled = 0;
    while (heap.length > 0) {
      const key = heap.peekKey();
      const u = heap.pop();
      if (key > dist[u]) continue;
      order[settled++] = u;
      for (let e = firstEdge[u], end = firstEdge[u + 1]; e < end; e++) {
        const v = edgeTarget[e];
        const d = key + weights[e];
        if (d < dist[v]) {
          dist[v] = d;
          parent[v] = u;
          heap.push(v, d);
        }
      }
    }
    return settled;
  }
}

/** Index of the largest finite value (ties: lowest index); `fallback` when there is none. */
function argMaxFinite(values: Float64Array, fallback: number): number {
  let best = -Infinity, at = fallback;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > best && v < Infinity) { best = v; at = i; }
  }
  return at;
}

/**
 * Plain one-to-all Dijkstra over a CSR (`first`, `heads`): `out[v]` = distance from `source`.
 * With `edgeIds`, position k of the CSR uses `weights[edgeIds[k]]` (the incoming CSR), else `weights[k]`.
 */
function oneToAll(
  first: Uint32Array, heads: Uint32Array, edgeIds: Uint32Array | null, weights: Float32Array,
  source: number, out: Float64Array, heap: MinHeap,
): void {
  out.fill(Infinity);
  heap.clear();
  out[source] = 0;
  heap.push(source, 0);
  while (heap.length > 0) {
    const key = heap.peekKey();
    const u = heap.pop();
    if (key > out[u]) continue;
    for (let k = first[u], end = first[u + 1]; k < end; k++) {
      const w = weights[edgeIds === null ? k : edgeIds[k]];
      const v = heads[k];
      const d = key + w;
      if (d < out[v]) {
        out[v] = d;
        heap.push(v, d);
      }
    }
  }
}

function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
