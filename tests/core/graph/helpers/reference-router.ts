/**
 * A deliberately naive, independent oracle for tests: edge-based Dijkstra (a state is "arrived over
 * edge e") with an O(states²) scan instead of a heap, turn restrictions applied straight from the
 * restriction rows (no slots), and endpoints handled by brute force. Only for graphs of a few
 * thousand edges.
 */
import { type PathEndpoint, type RoadGraph, NO_EDGE } from '../../../../src/core/graph';

/** Whether turning from `fromEdge` onto `toEdge` is allowed by the graph's restriction rows. */
export function turnAllowed(graph: RoadGraph, fromEdge: number, toEdge: number): boolean {
  const r = graph.restrictions;
  let hasOnly = false, onlyMatches = false;
  for (let i = 0; i < r.fromEdge.length; i++) {
    if (r.fromEdge[i] !== fromEdge) continue;
    if (r.kind[i] === 0 && r.toEdge[i] === toEdge) return false;
    if (r.kind[i] === 1) { hasOnly = true; if (r.toEdge[i] === toEdge) onlyMatches = true; }
  }
  return !hasOnly || onlyMatches;
}

/** Cheapest cost from sources to targets (PathEndpoint semantics of route-search.ts). */
export function referenceCost(graph: RoadGraph, weights: Float32Array, sources: PathEndpoint[], targets: PathEndpoint[]): number {
  const m = graph.edgeCount;
  // States 0..m-1: arrived over edge e (at edgeTarget[e]). State m + s: at source s's node with no arrival edge.
  const states = m + sources.length;
  const dist = new Float64Array(states).fill(Infinity);
  const done = new Uint8Array(states);
  for (let s = 0; s < sources.length; s++) {
    const src = sources[s];
    const state = src.edge !== undefined && src.edge !== NO_EDGE ? src.edge : m + s;
    dist[state] = Math.min(dist[state], src.cost ?? 0);
  }
  const nodeOf = (state: number) => (state < m ? graph.edgeTarget[state] : sources[state - m].node);
  let best = Infinity;
  for (;;) {
    let u = -1;
    for (let i = 0; i < states; i++) if (!done[i] && dist[i] < Infinity && (u < 0 || dist[i] < dist[u])) u = i;
    if (u < 0 || dist[u] >= best) break;
    done[u] = 1;
    const node = nodeOf(u);
    for (const t of targets) {
      if (t.node !== node) continue;
      if (u < m && t.edge !== undefined && t.edge !== NO_EDGE && !turnAllowed(graph, u, t.edge)) continue;
      best = Math.min(best, dist[u] + (t.cost ?? 0));
    }
    for (let e = graph.firstEdge[node]; e < graph.firstEdge[node + 1]; e++) {
      if (weights[e] === Infinity) continue;
      if (u < m && !turnAllowed(graph, u, e)) continue;
      const nd = dist[u] + weights[e];
      if (nd < dist[e]) dist[e] = nd;
    }
  }
  return best;
}
