/**
 * Shortest paths on a `RoadGraph`: plain Dijkstra (the baseline and the test oracle), A* with a
 * straight-line bound, and ALT (A* with landmark bounds), each one- or two-directional. All share
 * one pair of loops and differ only in the potential, so they return identical costs; ALT settles
 * far fewer nodes, and bidirectional ALT (the default) fewer still.
 *
 * - Exactness: the lower bound to the targets is π_t(v) = max(α × landmark bound, β × plane
 *   distance), minimised over the targets (edge-weights.ts explains α and β); π_s(v), the bound
 *   from the sources, is its mirror. Both are admissible and consistent for every profile. The
 *   one-directional search uses π_t; the bidirectional one uses the average potentials
 *   p_f = (π_t − π_s) / 2 and p_r = −p_f (Goldberg & Harrelson 2005), which keep both directions
 *   consistent, and stops when top_f + top_r ≥ μ (the best meeting so far). Rounding can make a
 *   bound very slightly inconsistent, so a settled state whose cost improves is re-opened (lazy
 *   deletion skips stale heap entries): results stay exact.
 * - Turn restrictions: forward states are nodes plus "slots" (node entered over a restricted
 *   edge), backward states are nodes plus "departures" (node left over an edge some slot bans);
 *   a meeting counts only if the arrival allows the departure (turn-restrictions.ts).
 * - Memory layout: everything a relaxation touches for one state (both directions' cost,
 *   potential, epoch stamp and predecessor) sits in 8 adjacent doubles, one cache line, allocated
 *   once per graph and "cleared" by bumping the epoch. No allocation per query beyond the result.
 * - Endpoints are nodes or lists of (node, extra cost, edge), so that a click snapped to the middle
 *   of a road starts on both of its ends (`snapEndpoints`).
 */
import { type EdgeWeights, METERS_PER_E7, landmarkScale, planeKx, planeScale } from './edge-weights';
import type { EdgeSnap } from './edge-grid-index';
import { type IncomingEdges, incomingEdges } from './incoming-edges';
import { MinHeap } from './min-heap';
import { LANDMARK_SLACK_QUANTA, LANDMARK_UNREACHABLE } from './landmarks';
import { EDGE_LINK_MASK, NO_EDGE, type RoadGraph, RoadGraphError } from './road-graph';
import type { TurnRestrictions } from './turn-restrictions';
import { binarySearch, edgeTailNode, lowerBound } from './sorted-search';

export type SearchAlgorithm = 'dijkstra' | 'astar' | 'alt';

/**
 * A place a path may start or end. As a source: the traveller is at `node` having arrived over
 * `edge` (restrictions at `node` from that edge apply) with `cost` already spent. As a target: the
 * path ends by leaving `node` over `edge` (it must be a turn allowed there) and `cost` is added.
 */
export interface PathEndpoint {
  node: number;
  /** Extra cost, ≥ 0; default 0. */
  cost?: number;
  /** Source: the edge arrived on; target: the edge left on. Default: none. */
  edge?: number;
}

export interface ShortestPathOptions {
  /** Default: `alt` when the graph has landmarks, else `astar`. */
  algorithm?: SearchAlgorithm;
  /** Search from both ends (default true). */
  bidirectional?: boolean;
  /** Landmarks used per query, the ones with the best bound between source and target; default 6 (capped by the table). */
  activeLandmarks?: number;
  /** Give up (found = false) after settling this many states; default unlimited. */
  maxSettled?: number;
}

export interface ShortestPathResult {
  found: boolean;
  /** Total cost in the weights' unit, endpoint costs included; Infinity when not found. */
  cost: number;
  /** Length and travel time of the edges in `edgePath` (endpoint parts not included). */
  distanceMeters: number;
  durationSeconds: number;
  /** Directed edges from source to target. */
  edgePath: Uint32Array;
  /** Nodes visited, `edgePath.length + 1` of them (empty when not found). */
  nodePath: Uint32Array;
  /** Which source and target endpoint the path uses (-1 when not found). */
  sourceIndex: number;
  targetIndex: number;
  /** States taken off the queues and expanded, both directions together: the work the query did. */
  settled: number;
  algorithm: SearchAlgorithm;
  bidirectional: boolean;
}

// Local copies: imported bindings cost a lookup per use in some module systems (tsx/CJS), and these sit in hot loops.
const NONE = NO_EDGE;
const LINK_MASK = EDGE_LINK_MASK;
const M_PER_E7 = METERS_PER_E7;

const MODE_DIJKSTRA = 0;
const MODE_ASTAR = 1;
const MODE_ALT = 2;
const MAX_LANDMARKS = 64;
const UNREACHABLE = LANDMARK_UNREACHABLE;

/** A stored landmark value in quanta, Infinity for "no path". */
function quanta(stored: number): number {
  return stored === UNREACHABLE ? Infinity : stored;
}

/** Label layout: 8 doubles per state. */
const STRIDE = 8;
const F_DIST = 0, F_POT = 1, F_STAMP = 2, F_PRED = 3, B_DIST = 4, B_POT = 5, B_STAMP = 6, B_PRED = 7;
/**
 * A predecessor is one double: the edge between the state and its predecessor, plus 2^32 × (1 +
 * the predecessor's slot) when the predecessor is a slot/departure state rather than a plain node;
 * -1 at an endpoint.
 */
const SLOT_UNIT = 2 ** 32;

/** An endpoint with defaults filled in. */
interface Endpoint { node: number; cost: number; edge: number }

/** Per-query bound data for a set of endpoints (targets for π_t, sources for π_s). */
class EndpointBounds {
  count = 0;
  cost = new Float64Array(4);
  x = new Float64Array(4);
  y = new Float64Array(4);
  /** Per endpoint j and active landmark i (at j × MAX_LANDMARKS + i): d(L → p) and d(p → L). */
  lmFrom = new Float64Array(4 * MAX_LANDMARKS);
  lmTo = new Float64Array(4 * MAX_LANDMARKS);

  set(graph: RoadGraph, points: Endpoint[]): void {
    const k = points.length;
    if (this.cost.length < k) {
      this.cost = new Float64Array(k);
      this.x = new Float64Array(k);
      this.y = new Float64Array(k);
      this.lmFrom = new Float64Array(k * MAX_LANDMARKS);
      this.lmTo = new Float64Array(k * MAX_LANDMARKS);
    }
    this.count = k;
    for (let j = 0; j < k; j++) {
      const p = points[j];
      this.cost[j] = p.cost;
      this.x[j] = graph.nodeCoordsE7[2 * p.node];
      this.y[j] = graph.nodeCoordsE7[2 * p.node + 1];
    }
  }

  setLandmarks(points: Endpoint[], distances: Uint16Array, count: number, active: Uint32Array, activeCount: number): void {
    for (let j = 0; j < points.length; j++) {
      const p = points[j].node;
      for (let i = 0; i < activeCount; i++) {
        this.lmFrom[j * MAX_LANDMARKS + i] = quanta(distances[(p * count + active[i]) * 2]);
        this.lmTo[j * MAX_LANDMARKS + i] = quanta(distances[(p * count + active[i]) * 2 + 1]);
      }
    }
  }
}

/** Reusable search state for one graph. Not re-entrant: one query at a time. */
export class RouteSearch {
  private _graph: RoadGraph;
  private readonly labels: Float64Array;
  private readonly forwardHeap = new MinHeap(1 << 14);
  private readonly backwardHeap = new MinHeap(1 << 14);
  private incoming: IncomingEdges | null = null;
  private epoch = 0;
  private readonly kx: number;

  // Per-query potential set-up.
  private mode = MODE_DIJKSTRA;
  private readonly targets = new EndpointBounds();
  private readonly sources = new EndpointBounds();
  private readonly active = new Uint32Array(MAX_LANDMARKS);
  private activeCount = 0;
  /** The chosen landmark table of this query. */
  private lmDistances: Uint16Array = new Uint16Array(0);
  private lmCount = 0;
  /** Cost per landmark quantum for these weights: the table's unit × the profile's scale α. */
  private alpha = 0;
  private beta = 0;
  /** Quanta subtracted from every landmark bound (`LANDMARK_SLACK_QUANTA`). */
  private slack = 0;

  constructor(graph: RoadGraph) {
    this._graph = graph;
    const r = graph.restrictions;
    this.labels = new Float64Array(STRIDE * (graph.nodeCount + Math.max(r.slotEdge.length, r.departEdge.length)));
    this.kx = planeKx(graph);
  }

  get graph(): RoadGraph {
    return this._graph;
  }

  /** Switches to `graph`, the same road graph (same arrays) with other landmark tables. */
  useLandmarksOf(graph: RoadGraph): void {
    if (graph.firstEdge !== this._graph.firstEdge || graph.edgeTarget !== this._graph.edgeTarget || graph.restrictions !== this._graph.restrictions) {
      throw new RoadGraphError('Internal error: a search state can only switch to the same graph with other landmark tables.');
    }
    this._graph = graph;
  }

  /**
   * Derives now what a bidirectional query with `weights` needs: the reverse graph (stored in a
   * pack). The backward search reads each cost by edge id (`weights[inEdge[i]]`): a copy of the
   * costs in reverse-graph order saved nothing measurable (1M-node grid: ALT median 4.8 ms without
   * it, 5.0 with), and cost 14 MB and ~20–35 ms per profile to derive.
   */
  prepare(weights: EdgeWeights): void {
    if (weights.graphKey !== this._graph.edgeTarget) throw new RoadGraphError('These edge weights were computed for another graph; compute them for this one (profileWeights).');
    this.incoming ??= incomingEdges(this._graph);
  }

  shortestPath(
    source: number | readonly PathEndpoint[], target: number | readonly PathEndpoint[],
    weights: EdgeWeights, options: ShortestPathOptions = {},
  ): ShortestPathResult {
    const graph = this.graph;
    if (weights.graphKey !== graph.edgeTarget || weights.weights.length !== graph.edgeCount) {
      throw new RoadGraphError('These edge weights were computed for another graph; compute them for this one (profileWeights).');
    }
    const sources = normalizeEndpoints(graph, source, 'source');
    const targets = normalizeEndpoints(graph, target, 'target');
    const algorithm = options.algorithm ?? (graph.landmarks.length > 0 ? 'alt' : 'astar');
    if (algorithm === 'alt' && graph.landmarks.length === 0) {
      throw new RoadGraphError('ALT needs landmarks: compute them (computeLandmarks + withLandmarks) or load a pack that has them, or use astar.');
    }
    const bidirectional = options.bidirectional ?? true;
    this.setUpBounds(algorithm, sources, targets, weights, options.activeLandmarks ?? 6);
    this.nextEpoch();
    const maxSettled = options.maxSettled ?? Infinity;
    return bidirectional
      ? this.searchBothWays(algorithm, sources, targets, weights.weights, maxSettled)
      : this.searchForward(algorithm, sources, targets, weights.weights, maxSettled);
  }

  // ---------------------------------------------------------------- one direction

  private searchForward(algorithm: SearchAlgorithm, sources: Endpoint[], targets: Endpoint[], w: Float32Array, maxSettled: number): ShortestPathResult {
    const graph = this.graph, n = graph.nodeCount;
    const { firstEdge, edgeTarget } = graph;
    const r = graph.restrictions;
    const { viaFlag, slotEdge, slotBanStart, slotBanned } = r;
    const lab = this.labels, heap = this.forwardHeap, epoch = this.epoch;
    const tCount = targets.length;

    for (const s of sources) {
      const state = s.edge !== NONE && viaFlag[s.node] !== 0 ? arrivalState(r, n, edgeTarget, s.edge) : s.node;
      this.seed(state, F_DIST, s.cost, this.boundToTargets(s.node), heap);
    }

    let best = Infinity, bestState = -1, bestTarget = -1, settled = 0;
    while (heap.length > 0) {
      const key = heap.peekKey();
      if (key >= best) break;
      const s = heap.pop();
      const at = s * STRIDE;
      const g = lab[at + F_DIST];
      if (key > g + lab[at + F_POT]) continue; // stale entry: s was improved after this push
      settled++;
      const slot = s - n;
      const u = slot < 0 ? s : edgeTarget[slotEdge[slot]];
      for (let j = 0; j < tCount; j++) {
        const t = targets[j];
        if (t.node !== u) continue;
        if (slot >= 0 && t.edge !== NONE && isBanned(slotBanStart, slotBanned, slot, t.edge)) continue;
        if (g + t.cost < best) { best = g + t.cost; bestState = s; bestTarget = j; }
      }
      if (settled >= maxSettled) { bestState = -1; break; }
      const predCode = slot < 0 ? 0 : (slot + 1) * SLOT_UNIT;
      for (let e = firstEdge[u], end = firstEdge[u + 1]; e < end; e++) {
        const we = w[e];
        if (we === Infinity) continue;
        if (slot >= 0 && isBanned(slotBanStart, slotBanned, slot, e)) continue;
        const v = edgeTarget[e];
        const vs = viaFlag[v] === 0 ? v : arrivalState(r, n, edgeTarget, e);
        const nd = g + we;
        const vat = vs * STRIDE;
        if (lab[vat + F_STAMP] !== epoch) {
          lab[vat + F_STAMP] = epoch;
          lab[vat + F_POT] = this.boundToTargets(v);
        } else if (!(nd < lab[vat + F_DIST])) continue;
        lab[vat + F_DIST] = nd;
        lab[vat + F_PRED] = predCode + e;
        const p = lab[vat + F_POT];
        if (p < Infinity) heap.push(vs, nd + p);
      }
    }
    heap.clear();
    if (bestState < 0) return notFound(algorithm, false, settled);
    const nodes: number[] = [], edges: number[] = [];
    const root = this.walk(bestState, F_PRED, nodes, edges);
    nodes.reverse();
    edges.reverse();
    const sourceIndex = findEndpoint(sources, this.stateNode(root, true), lab[root * STRIDE + F_DIST]);
    return this.result(algorithm, false, best, nodes, edges, sourceIndex, bestTarget, settled);
  }

  // ---------------------------------------------------------------- both directions

  private searchBothWays(algorithm: SearchAlgorithm, sources: Endpoint[], targets: Endpoint[], w: Float32Array, maxSettled: number): ShortestPathResult {
    const graph = this.graph, n = graph.nodeCount;
    const { firstEdge, edgeTarget } = graph;
    const r = graph.restrictions;
    const { viaFlag, slotEdge, slotBanStart, slotBanned, departEdge, departNode, viaSlots } = r;
    this.incoming ??= incomingEdges(graph);
    const { firstIn, inSource, inEdge } = this.incoming;
    const lab = this.labels, fHeap = this.forwardHeap, bHeap = this.backwardHeap, epoch = this.epoch;
    let mu = Infinity, meetF = -1, meetB = -1, settled = 0;

    for (const s of sources) {
      const state = s.edge !== NONE && viaFlag[s.node] !== 0 ? arrivalState(r, n, edgeTarget, s.edge) : s.node;
      this.seed(state, F_DIST, s.cost, this.forwardPotential(s.node), fHeap);
    }
    for (const t of targets) {
      const state = t.edge !== NONE && viaFlag[t.node] !== 0 ? departState(r, n, firstEdge, t.edge) : t.node;
      const p = this.forwardPotential(t.node);
      if (!this.seed(state, B_DIST, t.cost, p === Infinity ? Infinity : -p, bHeap)) continue;
      // A source at the same node meets this target at once.
      const depart = state < n ? NONE : departEdge[state - n];
      if (lab[t.node * STRIDE + F_STAMP] === epoch && lab[t.node * STRIDE + F_DIST] + t.cost < mu) {
        mu = lab[t.node * STRIDE + F_DIST] + t.cost; meetF = t.node; meetB = state;
      }
      const [a, b] = viaSlotRange(r, t.node);
      for (let m = a; m < b; m++) {
        const x = n + viaSlots[m];
        if (lab[x * STRIDE + F_STAMP] !== epoch || lab[x * STRIDE + F_DIST] + t.cost >= mu) continue;
        if (depart !== NONE && isBanned(slotBanStart, slotBanned, viaSlots[m], depart)) continue;
        mu = lab[x * STRIDE + F_DIST] + t.cost; meetF = x; meetB = state;
      }
    }

    for (;;) {
      const topF = fHeap.peekKey(), topR = bHeap.peekKey();
      if (topF + topR >= mu || topF === Infinity || topR === Infinity) break;
      if (settled >= maxSettled) { meetF = -1; break; }
      if (topF <= topR) {
        const s = fHeap.pop();
        const at = s * STRIDE;
        const g = lab[at + F_DIST];
        if (topF > g + lab[at + F_POT]) continue;
        settled++;
        const slot = s - n;
        const u = slot < 0 ? s : edgeTarget[slotEdge[slot]];
        const predCode = slot < 0 ? 0 : (slot + 1) * SLOT_UNIT;
        for (let e = firstEdge[u], end = firstEdge[u + 1]; e < end; e++) {
          const we = w[e];
          if (we === Infinity) continue;
          if (slot >= 0 && isBanned(slotBanStart, slotBanned, slot, e)) continue;
          const v = edgeTarget[e];
          const via = viaFlag[v] !== 0;
          const vs = via ? arrivalState(r, n, edgeTarget, e) : v;
          const nd = g + we;
          const vat = vs * STRIDE;
          if (lab[vat + F_STAMP] !== epoch) {
            lab[vat + F_STAMP] = epoch;
            lab[vat + F_POT] = this.forwardPotential(v);
          } else if (!(nd < lab[vat + F_DIST])) continue;
          lab[vat + F_DIST] = nd;
          lab[vat + F_PRED] = predCode + e;
          const p = lab[vat + F_POT];
          if (p < Infinity) fHeap.push(vs, nd + p);
          // Meeting: backward labels at v that this arrival may continue with. The plain one
          // leaves over an edge no slot bans, so it fits any arrival.
          const bat = v * STRIDE;
          if (lab[bat + B_STAMP] === epoch && nd + lab[bat + B_DIST] < mu) { mu = nd + lab[bat + B_DIST]; meetF = vs; meetB = v; }
          if (via) {
            for (let k = lowerBound(departEdge, firstEdge[v]), kEnd = lowerBound(departEdge, firstEdge[v + 1]); k < kEnd; k++) {
              const y = (n + k) * STRIDE;
              if (lab[y + B_STAMP] !== epoch || nd + lab[y + B_DIST] >= mu) continue;
              if (vs >= n && isBanned(slotBanStart, slotBanned, vs - n, departEdge[k])) continue;
              mu = nd + lab[y + B_DIST]; meetF = vs; meetB = n + k;
            }
          }
        }
      } else {
        const y = bHeap.pop();
        const at = y * STRIDE;
        const g = lab[at + B_DIST];
        if (topR > g + lab[at + B_POT]) continue;
        settled++;
        const k = y - n;
        const v = k < 0 ? y : departNode[k];
        const departing = k < 0 ? NONE : departEdge[k];
        const predCode = k < 0 ? 0 : (k + 1) * SLOT_UNIT;
        for (let i = firstIn[v], end = firstIn[v + 1]; i < end; i++) {
          const f = inEdge[i];
          const wf = w[f];
          if (wf === Infinity) continue;
          if (departing !== NONE) {
            const arrival = binarySearch(slotEdge, f);
            if (arrival >= 0 && isBanned(slotBanStart, slotBanned, arrival, departing)) continue;
          }
          const u = inSource[i];
          const via = viaFlag[u] !== 0;
          const us = via ? departState(r, n, firstEdge, f) : u;
          const nd = g + wf;
          const uat = us * STRIDE;
          if (lab[uat + B_STAMP] !== epoch) {
            lab[uat + B_STAMP] = epoch;
            const p = this.forwardPotential(u);
            lab[uat + B_POT] = p === Infinity ? Infinity : -p;
          } else if (!(nd < lab[uat + B_DIST])) continue;
          lab[uat + B_DIST] = nd;
          lab[uat + B_PRED] = predCode + f;
          const p = lab[uat + B_POT];
          if (p < Infinity) bHeap.push(us, nd + p);
          // Meeting: forward labels at u that may leave over f (the plain one may leave over anything).
          const fat = u * STRIDE;
          if (lab[fat + F_STAMP] === epoch && lab[fat + F_DIST] + nd < mu) { mu = lab[fat + F_DIST] + nd; meetF = u; meetB = us; }
          if (via) {
            const [a, b] = viaSlotRange(r, u);
            for (let m = a; m < b; m++) {
              const slot = viaSlots[m], x = (n + slot) * STRIDE;
              if (lab[x + F_STAMP] !== epoch || lab[x + F_DIST] + nd >= mu || isBanned(slotBanStart, slotBanned, slot, f)) continue;
              mu = lab[x + F_DIST] + nd; meetF = n + slot; meetB = us;
            }
          }
        }
      }
    }
    fHeap.clear();
    bHeap.clear();
    if (meetF < 0 || mu === Infinity) return notFound(algorithm, true, settled);

    const nodes: number[] = [], edges: number[] = [];
    const fRoot = this.walk(meetF, F_PRED, nodes, edges);
    nodes.reverse();
    edges.reverse();
    nodes.pop(); // the meeting node comes again first on the backward walk
    const bRoot = this.walk(meetB, B_PRED, nodes, edges);
    const sourceIndex = findEndpoint(sources, this.stateNode(fRoot, true), lab[fRoot * STRIDE + F_DIST]);
    const targetIndex = findEndpoint(targets, this.stateNode(bRoot, false), lab[bRoot * STRIDE + B_DIST]);
    return this.result(algorithm, true, mu, nodes, edges, sourceIndex, targetIndex, settled);
  }

  // ---------------------------------------------------------------- helpers

  /** Labels an endpoint state with `cost` (side = F_DIST or B_DIST) if new or cheaper; returns whether it did. */
  private seed(state: number, side: number, cost: number, potential: number, heap: MinHeap): boolean {
    const lab = this.labels, at = state * STRIDE + side; // dist, pot, stamp, pred follow in this order
    if (lab[at + 2] === this.epoch && lab[at] <= cost) return false;
    if (lab[at + 2] !== this.epoch) lab[at + 1] = potential;
    lab[at + 2] = this.epoch;
    lab[at] = cost;
    lab[at + 3] = -1;
    if (lab[at + 1] < Infinity) heap.push(state, cost + lab[at + 1]);
    return true;
  }

  private stateNode(state: number, forward: boolean): number {
    const n = this.graph.nodeCount, r = this.graph.restrictions;
    if (state < n) return state;
    return forward ? this.graph.edgeTarget[r.slotEdge[state - n]] : r.departNode[state - n];
  }

  /**
   * Follows predecessors (field F_PRED or B_PRED) from `state` to its endpoint, appending nodes
   * and edges in walk order (towards the source forward, towards the target backward); returns
   * the endpoint state.
   */
  private walk(state: number, predField: number, nodes: number[], edges: number[]): number {
    const graph = this.graph, n = graph.nodeCount, lab = this.labels;
    const forward = predField === F_PRED;
    let s = state;
    nodes.push(this.stateNode(s, forward));
    for (let guard = 0; guard <= lab.length / STRIDE; guard++) {
      const pred = lab[s * STRIDE + predField];
      if (pred < 0) return s;
      const edge = pred % SLOT_UNIT, code = Math.floor(pred / SLOT_UNIT);
      edges.push(edge);
      const node = forward ? edgeTail(graph, edge) : graph.edgeTarget[edge];
      s = code === 0 ? node : n + code - 1;
      nodes.push(node);
    }
    throw new RoadGraphError('Internal error: a path does not lead back to its endpoint. Please report this route.');
  }

  private nextEpoch(): void {
    if (this.epoch >= 2 ** 52) {
      for (let i = 0; i < this.labels.length; i += STRIDE) { this.labels[i + F_STAMP] = 0; this.labels[i + B_STAMP] = 0; }
      this.epoch = 0;
    }
    this.epoch++;
  }

  private setUpBounds(algorithm: SearchAlgorithm, sources: Endpoint[], targets: Endpoint[], weights: EdgeWeights, activeWanted: number): void {
    const graph = this.graph;
    this.mode = algorithm === 'dijkstra' ? MODE_DIJKSTRA : algorithm === 'astar' ? MODE_ASTAR : algorithm === 'alt' ? MODE_ALT : -1;
    if (this.mode < 0) throw new RoadGraphError(`Unknown search algorithm "${String(algorithm)}"; use dijkstra, astar or alt.`);
    this.targets.set(graph, targets);
    this.sources.set(graph, sources);
    this.beta = 0;
    this.activeCount = 0;
    if (this.mode === MODE_ASTAR || (this.mode === MODE_ALT && graph.landmarks.length === 0)) {
      this.beta = planeScale(graph, weights);
      return;
    }
    if (this.mode !== MODE_ALT) return;

    // The landmark table: the weights' own profile's if the graph has it (α = 1), else the one
    // with the best scaled bound between the first source and first target. In it, the active
    // landmarks are those with the largest bounds for this pair.
    const s = sources[0].node, t = targets[0].node;
    const own = graph.landmarks.find((table) => table.profile === weights.profile);
    let bestScore = -Infinity;
    let scores: { l: number; bound: number }[] = [];
    for (const table of own !== undefined ? [own] : graph.landmarks) {
      const L = table.count, D = table.distances;
      const alpha = landmarkScale(graph, weights, table.profile);
      const tableScores: { l: number; bound: number }[] = [];
      for (let l = 0; l < L; l++) {
        const a = quanta(D[(t * L + l) * 2]) - quanta(D[(s * L + l) * 2]);
        const b = quanta(D[(s * L + l) * 2 + 1]) - quanta(D[(t * L + l) * 2 + 1]);
        tableScores.push({ l, bound: Math.max(0, a > b ? a : b || 0) });
      }
      tableScores.sort((x, y) => y.bound - x.bound || x.l - y.l);
      const score = alpha * table.unit * (tableScores[0].bound - LANDMARK_SLACK_QUANTA);
      if (alpha > 0 && score > bestScore) {
        bestScore = score;
        scores = tableScores;
        this.lmDistances = D;
        this.lmCount = L;
        this.slack = LANDMARK_SLACK_QUANTA;
        this.alpha = alpha * table.unit;
      }
    }
    if (scores.length === 0) return; // no table bounds this profile (α = 0): plain A*
    const count = Math.max(1, Math.min(this.lmCount, Math.floor(activeWanted) || 1));
    for (let i = 0; i < count; i++) this.active[i] = scores[i].l;
    this.activeCount = count;
    this.targets.setLandmarks(targets, this.lmDistances, this.lmCount, this.active, count);
    this.sources.setLandmarks(sources, this.lmDistances, this.lmCount, this.active, count);
    // The straight-line term only costs time when the table is the profile's own; otherwise
    // (e.g. shortest distance against travel times) keep it if it bounds better at the source.
    if (own === undefined) {
      const beta = planeScale(graph, weights);
      const dx = (graph.nodeCoordsE7[2 * s] - graph.nodeCoordsE7[2 * t]) * this.kx, dy = graph.nodeCoordsE7[2 * s + 1] - graph.nodeCoordsE7[2 * t + 1];
      if (beta * Math.sqrt(dx * dx + dy * dy) * M_PER_E7 > bestScore) this.beta = beta;
    }
  }

  /** Bidirectional forward potential (π_t − π_s) / 2; Infinity when the node cannot be on a path. */
  private forwardPotential(node: number): number {
    if (this.mode === MODE_DIJKSTRA) return 0;
    let toTargets: number, fromSources: number;
    if (this.activeCount > 0 && this.beta === 0 && this.targets.count === 1 && this.sources.count === 1) {
      // The common case (one source, one target, landmarks only): both bounds in one pass over the node's landmark row.
      const D = this.lmDistances, base = node * this.lmCount, act = this.active, T = this.targets, S = this.sources;
      const tFrom = T.lmFrom, tTo = T.lmTo, sFrom = S.lmFrom, sTo = S.lmTo;
      let lt = 0, ls = 0;
      for (let i = 0; i < this.activeCount; i++) {
        const at = (base + act[i]) * 2;
        const dFrom = quanta(D[at]), dTo = quanta(D[at + 1]);
        const a = tFrom[i] - dFrom, b = dTo - tTo[i], c = dFrom - sFrom[i], d = sTo[i] - dTo;
        if (a > lt) lt = a;
        if (b > lt) lt = b;
        if (c > ls) ls = c;
        if (d > ls) ls = d;
      }
      toTargets = Math.max(0, this.alpha * (lt - this.slack)) + T.cost[0];
      fromSources = Math.max(0, this.alpha * (ls - this.slack)) + S.cost[0];
    } else {
      toTargets = this.boundToTargets(node);
      fromSources = this.boundFromSources(node);
    }
    if (!(toTargets < Infinity && fromSources < Infinity)) return Infinity;
    return (toTargets - fromSources) / 2;
  }

  /** π_t: lower bound on the cost from `node` to the best target, its endpoint cost included. */
  private boundToTargets(node: number): number {
    if (this.mode === MODE_DIJKSTRA) return 0;
    return this.bound(node, this.targets, 1);
  }

  /** π_s: lower bound on the cost from the best source to `node`, its endpoint cost included. */
  private boundFromSources(node: number): number {
    if (this.mode === MODE_DIJKSTRA) return 0;
    return this.bound(node, this.sources, -1);
  }

  /**
   * min over endpoints p of (cost_p + max(α × landmark bound, β × plane distance)) between `node`
   * and p; `sign` 1 bounds d(node, p), -1 bounds d(p, node).
   */
  private bound(node: number, P: EndpointBounds, sign: number): number {
    const coords = this.graph.nodeCoordsE7;
    const beta = this.beta, alpha = this.alpha, slack = this.slack, kx = this.kx;
    const activeCount = this.activeCount, act = this.active;
    const D = this.lmDistances, base = node * this.lmCount;
    const lmFrom = P.lmFrom, lmTo = P.lmTo;
    let best = Infinity;
    for (let j = 0; j < P.count; j++) {
      let h = 0;
      if (beta > 0) {
        const dx = (coords[2 * node] - P.x[j]) * kx, dy = coords[2 * node + 1] - P.y[j];
        h = beta * Math.sqrt(dx * dx + dy * dy) * M_PER_E7;
      }
      if (activeCount > 0) {
        const off = j * MAX_LANDMARKS;
        let lb = 0;
        for (let i = 0; i < activeCount; i++) {
          const at = (base + act[i]) * 2;
          // To p: d(L, p) − d(L, v) and d(v, L) − d(p, L); from p: the mirror.
          const a = sign * (lmFrom[off + i] - quanta(D[at]));
          const b = sign * (quanta(D[at + 1]) - lmTo[off + i]);
          if (a > lb) lb = a;
          if (b > lb) lb = b;
        }
        const alt = alpha * (lb - slack);
        if (alt > h) h = alt;
      }
      h += P.cost[j];
      if (h < best) best = h;
    }
    return best;
  }

  private result(
    algorithm: SearchAlgorithm, bidirectional: boolean, cost: number, nodes: number[], edges: number[],
    sourceIndex: number, targetIndex: number, settled: number,
  ): ShortestPathResult {
    const graph = this.graph;
    const edgePath = Uint32Array.from(edges);
    let distanceMeters = 0, durationSeconds = 0;
    for (let i = 0; i < edgePath.length; i++) {
      const l = graph.edgeLink[edgePath[i]] & LINK_MASK;
      distanceMeters += graph.linkLengthMeters[l];
      durationSeconds += graph.linkLengthMeters[l] / (graph.linkSpeedKmh[l] / 3.6);
    }
    return {
      found: true, cost, distanceMeters, durationSeconds, edgePath, nodePath: Uint32Array.from(nodes),
      sourceIndex, targetIndex, settled, algorithm, bidirectional,
    };
  }
}

function isBanned(banStart: Uint32Array, banned: Uint32Array, slot: number, edge: number): boolean {
  for (let k = banStart[slot], end = banStart[slot + 1]; k < end; k++) if (banned[k] === edge) return true;
  return false;
}

/** Forward state for arriving at `edgeTarget[edge]` over `edge`. */
function arrivalState(r: TurnRestrictions, n: number, edgeTarget: Uint32Array, edge: number): number {
  const slot = binarySearch(r.slotEdge, edge);
  return slot < 0 ? edgeTarget[edge] : n + slot;
}

/** Backward state for leaving the tail of `edge` over `edge`. */
function departState(r: TurnRestrictions, n: number, firstEdge: Uint32Array, edge: number): number {
  const k = binarySearch(r.departEdge, edge);
  return k < 0 ? edgeTailNode(firstEdge, edge) : n + k;
}

function viaSlotRange(r: TurnRestrictions, node: number): [number, number] {
  const i = binarySearch(r.viaNodes, node);
  return i < 0 ? [0, 0] : [r.viaSlotStart[i], r.viaSlotStart[i + 1]];
}

function edgeTail(graph: RoadGraph, edge: number): number {
  return edgeTailNode(graph.firstEdge, edge);
}

function notFound(algorithm: SearchAlgorithm, bidirectional: boolean, settled: number): ShortestPathResult {
  return {
    found: false, cost: Infinity, distanceMeters: 0, durationSeconds: 0, edgePath: new Uint32Array(0), nodePath: new Uint32Array(0),
    sourceIndex: -1, targetIndex: -1, settled, algorithm, bidirectional,
  };
}

function findEndpoint(points: Endpoint[], node: number, cost: number): number {
  for (let i = 0; i < points.length; i++) if (points[i].node === node && points[i].cost === cost) return i;
  return -1;
}

function normalizeEndpoints(graph: RoadGraph, input: number | readonly PathEndpoint[], role: 'source' | 'target'): Endpoint[] {
  if (graph.nodeCount === 0) throw new RoadGraphError('This graph has no roads; load a region pack that covers the area.');
  const list = typeof input === 'number' ? [{ node: input }] : input;
  if (list.length === 0) throw new RoadGraphError(`No ${role} given; pass a node id or at least one endpoint.`);
  return list.map((p, i) => {
    const { node } = p;
    const cost = p.cost ?? 0;
    const edge = p.edge ?? NONE;
    if (!(Number.isInteger(node) && node >= 0 && node < graph.nodeCount)) {
      throw new RoadGraphError(`The ${role} ${i} is node ${node}, but node ids run from 0 to ${graph.nodeCount - 1}.`);
    }
    if (!(cost >= 0 && cost < Infinity)) throw new RoadGraphError(`The ${role} ${i} has cost ${cost}; endpoint costs must be finite and ≥ 0.`);
    if (edge !== NONE) {
      const fits = role === 'source'
        ? Number.isInteger(edge) && edge >= 0 && edge < graph.edgeCount && graph.edgeTarget[edge] === node
        : Number.isInteger(edge) && edge >= graph.firstEdge[node] && edge < graph.firstEdge[node + 1];
      if (!fits) throw new RoadGraphError(`The ${role} ${i} names edge ${edge}, which does not ${role === 'source' ? 'arrive at' : 'leave'} node ${node}.`);
    }
    return { node, cost, edge };
  });
}

const searches = new WeakMap<Uint32Array, RouteSearch>();

/** `RouteSearch.shortestPath` with a search state cached per graph (per worker). */
export function shortestPath(
  graph: RoadGraph, source: number | readonly PathEndpoint[], target: number | readonly PathEndpoint[],
  weights: EdgeWeights, options: ShortestPathOptions = {},
): ShortestPathResult {
  return searchFor(graph).shortestPath(source, target, weights, options);
}

/**
 * Does now what the first bidirectional query on `graph` with `weights` would do: allocate the
 * search state, derive the reverse graph and the costs in its order (≈ 150 ms on a 1M-node graph).
 */
export function prepareShortestPath(graph: RoadGraph, weights: EdgeWeights): void {
  searchFor(graph).prepare(weights);
}

/**
 * The cached search state of `graph`. A graph that differs only by its landmark tables
 * (`withLandmarks`) shares its arrays, so it reuses the state instead of allocating it again.
 */
function searchFor(graph: RoadGraph): RouteSearch {
  let search = searches.get(graph.edgeTarget);
  if (search !== undefined && search.graph !== graph) {
    if (search.graph.firstEdge === graph.firstEdge && search.graph.restrictions === graph.restrictions) search.useLandmarksOf(graph);
    else search = undefined;
  }
  if (search === undefined) {
    search = new RouteSearch(graph);
    searches.set(graph.edgeTarget, search);
  }
  return search;
}

/**
 * Endpoints for a point snapped onto a link (`nearestEdge`): as a source, the traveller can drive
 * on to either end the link's directions allow, paying the matching part of the edge; as a target,
 * the path can come in from either end. Closed directions (Infinity weight) are left out, so the
 * list can be empty: then the point cannot start or end a route for this profile.
 * A route whose source and target are on the same link may not touch a node at all; the caller
 * compares that direct piece with the searched path.
 */
export function snapEndpoints(graph: RoadGraph, snap: EdgeSnap, weights: EdgeWeights, role: 'source' | 'target'): PathEndpoint[] {
  const out: PathEndpoint[] = [];
  const f = Math.min(1, Math.max(0, snap.fraction));
  const w = weights.weights;
  const link = snap.link;
  if (snap.forwardEdge !== NONE && w[snap.forwardEdge] < Infinity) {
    const we = w[snap.forwardEdge];
    out.push(role === 'source'
      ? { node: graph.linkTo[link], cost: (1 - f) * we, edge: snap.forwardEdge }
      : { node: graph.linkFrom[link], cost: f * we, edge: snap.forwardEdge });
  }
  if (snap.backwardEdge !== NONE && w[snap.backwardEdge] < Infinity) {
    const we = w[snap.backwardEdge];
    out.push(role === 'source'
      ? { node: graph.linkFrom[link], cost: f * we, edge: snap.backwardEdge }
      : { node: graph.linkTo[link], cost: (1 - f) * we, edge: snap.backwardEdge });
  }
  return out;
}
