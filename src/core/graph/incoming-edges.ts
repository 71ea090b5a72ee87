/**
 * The reverse (incoming) CSR of a graph, for backward searches (landmark distances *to* a node,
 * bidirectional search): in-edges of node `v` are `inEdge[firstIn[v] .. firstIn[v + 1]]`, with
 * their tails in `inSource` at the same positions. Derived in O(nodes + edges) by a counting sort
 * and cached per graph; region packs store it (graph-serialization.ts writes this derivation, and
 * `decodeGraphCore` hands the stored arrays to `rememberIncomingEdges`), since deriving it took
 * ~150–300 ms of a 1M-node pack's opening in the browser.
 */
import { type RoadGraph, RoadGraphError } from './road-graph';

export interface IncomingEdges {
  /** `nodeCount + 1` offsets into `inEdge` / `inSource`. */
  readonly firstIn: Uint32Array;
  /** Edge ids, grouped by head node. */
  readonly inEdge: Uint32Array;
  /** Tail node of each listed edge. */
  readonly inSource: Uint32Array;
}

const cache = new WeakMap<Uint32Array, IncomingEdges>();

export function incomingEdges(graph: RoadGraph): IncomingEdges {
  const cached = cache.get(graph.edgeTarget);
  if (cached !== undefined) return cached;
  const result = computeIncomingEdges(graph);
  cache.set(graph.edgeTarget, result);
  return result;
}

/** The arrays the reverse CSR is derived from. */
export type IncomingInputs = Pick<RoadGraph, 'nodeCount' | 'edgeCount' | 'firstEdge' | 'edgeTarget'>;

/** Hands `incomingEdges` the reverse CSR of `graph` read from its pack (or derived elsewhere). */
export function rememberIncomingEdges(graph: RoadGraph, incoming: IncomingEdges): void {
  if (incoming.firstIn.length !== graph.nodeCount + 1 || incoming.inEdge.length !== graph.edgeCount || incoming.inSource.length !== graph.edgeCount) {
    throw new RoadGraphError('Internal error: this reverse graph was derived for another graph.');
  }
  cache.set(graph.edgeTarget, incoming);
}

/** Derives the reverse CSR (uncached). */
export function computeIncomingEdges(graph: IncomingInputs): IncomingEdges {
  const n = graph.nodeCount, m = graph.edgeCount;
  const { firstEdge, edgeTarget } = graph;
  const firstIn = new Uint32Array(n + 1);
  for (let e = 0; e < m; e++) firstIn[edgeTarget[e] + 1]++;
  for (let v = 0; v < n; v++) firstIn[v + 1] += firstIn[v];
  const fill = firstIn.slice(0, n);
  const inEdge = new Uint32Array(m);
  const inSource = new Uint32Array(m);
  for (let u = 0; u < n; u++) {
    for (let e = firstEdge[u], end = firstEdge[u + 1]; e < end; e++) {
      const k = fill[edgeTarget[e]]++;
      inEdge[k] = e;
      inSource[k] = u;
    }
  }
  return { firstIn, inEdge, inSource };
}
