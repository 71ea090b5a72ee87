/**
 * Which roads a loop drives, measured in metres per link: how much of the loop retraces road it
 * already drove (`overlapShare`), and how alike two loops are (`loopSimilarity`, a length-weighted
 * Jaccard index over links, so a long mountain road shared weighs more than a few town streets).
 *
 * Links, not directed edges: driving a road back the other way is a retrace, and two loops over the
 * same roads in opposite directions are the same drive for a planner.
 */
import type { LocalLegPath } from './local-router';

export interface LoopLinks {
  /** Links driven, ascending, each once. */
  links: Uint32Array;
  /** Metres of each link the loop covers (parallel to `links`). */
  coveredMeters: Float64Array;
  /** Metres driven in all (≥ Σ coveredMeters; the difference was driven twice). */
  drivenMeters: number;
}

/**
 * Metres per link of a routed loop, from the router's leg pieces. Where the loop passes through a
 * waypoint without turning (the last piece of a leg and the first of the next run on the same
 * directed edge, the loop's end and start included), the two pieces are one pass; otherwise a link
 * met twice counts the longer pass as covered and the rest as driven twice.
 */
export function loopLinks(legs: readonly LocalLegPath[]): LoopLinks {
  const pieceEdge: number[] = [], pieceLink: number[] = [], pieceMeters: number[] = [];
  let drivenMeters = 0;
  for (const leg of legs) {
    leg.pieces.forEach((piece, k) => {
      drivenMeters += piece.distanceMeters;
      const last = pieceEdge.length - 1;
      if (k === 0 && last >= 0 && pieceEdge[last] === piece.edge) pieceMeters[last] += piece.distanceMeters;
      else { pieceEdge.push(piece.edge); pieceLink.push(piece.link); pieceMeters.push(piece.distanceMeters); }
    });
  }
  const n = pieceEdge.length;
  if (n > 1 && pieceEdge[0] === pieceEdge[n - 1]) {
    pieceMeters[0] += pieceMeters[n - 1];
    pieceEdge.pop(); pieceLink.pop(); pieceMeters.pop();
  }
  const order = Array.from(pieceLink.keys()).sort((a, b) => pieceLink[a] - pieceLink[b]);
  const links: number[] = [], covered: number[] = [];
  for (const i of order) {
    const last = links.length - 1;
    if (last >= 0 && links[last] === pieceLink[i]) covered[last] = Math.max(covered[last], pieceMeters[i]);
    else { links.push(pieceLink[i]); covered.push(pieceMeters[i]); }
  }
  return { links: Uint32Array.from(links), coveredMeters: Float64Array.from(covered), drivenMeters };
}

/** Share (0–1) of the driven metres that retrace road the loop already drove. */
export function overlapShare(loop: LoopLinks): number {
  if (!(loop.drivenMeters > 0)) return 0;
  let covered = 0;
  for (let i = 0; i < loop.coveredMeters.length; i++) covered += loop.coveredMeters[i];
  return Math.min(1, Math.max(0, (loop.drivenMeters - covered) / loop.drivenMeters));
}

/** Length-weighted Jaccard index of two loops' roads: Σ min(covered) / Σ max(covered) over links, 0–1. */
export function loopSimilarity(a: LoopLinks, b: LoopLinks): number {
  let shared = 0, union = 0;
  let i = 0, j = 0;
  const na = a.links.length, nb = b.links.length;
  while (i < na || j < nb) {
    if (j >= nb || (i < na && a.links[i] < b.links[j])) union += a.coveredMeters[i++];
    else if (i >= na || b.links[j] < a.links[i]) union += b.coveredMeters[j++];
    else {
      const ma = a.coveredMeters[i++], mb = b.coveredMeters[j++];
      shared += Math.min(ma, mb);
      union += Math.max(ma, mb);
    }
  }
  return union > 0 ? shared / union : 0;
}
