/**
 * Turn restrictions via a node (`restriction=no_*` / `only_*` with a `via` node), and how the
 * search honours them.
 *
 * Stored form (what a pack holds): one row per restriction, resolved to directed edges:
 * `fromEdge` arrives at the via node, `toEdge` leaves it; `kind` is `NO_TURN` (this turn is
 * banned) or `ONLY_TURN` (from `fromEdge`, `toEdge` is the only way on).
 *
 * Search form (derived on build and on load, never stored): the search is node-based except
 * where a restriction applies. Arriving at a via node over a *restricted* edge (one that is the
 * `fromEdge` of some restriction) puts the search in an extra state, a **slot**, that remembers
 * the arrival edge and lists the out-edges banned from it; arriving over any other edge is the
 * plain node state. So a slot is "node v, entered via edge f" — edge-based search only where it
 * matters. The backward half of a bidirectional search mirrors it with **departures**: "node v,
 * to be left over edge t", for each edge t some slot bans; two labels meet only if the arrival
 * allows the departure. Costs: one byte per node (`viaFlag`) read on each relaxation, a binary
 * search when the head node is a via node, and (slots + departures) extra search states: a few
 * per restriction (9,000 restrictions on the 1M-node benchmark graph add 9,009 slots, no
 * measurable time). Only_* becomes "ban every other out-edge", so there is a single ban list.
 * The alternative, splitting via nodes into one node per arrival in the stored graph, would make
 * node ids differ from junctions and every endpoint at a via node a set of nodes.
 *
 * Landmark distances ignore restrictions: restrictions only remove paths, so distances without
 * them are lower bounds and ALT stays admissible.
 */
import { RoadGraphError } from './road-graph';
import { binarySearch } from './sorted-search';

export const NO_TURN = 0;
export const ONLY_TURN = 1;

export interface TurnRestrictions {
  /** Restricted arrival edge of each restriction row. */
  readonly fromEdge: Uint32Array;
  /** Departure edge of each restriction row. */
  readonly toEdge: Uint32Array;
  /** `NO_TURN` or `ONLY_TURN` per row. */
  readonly kind: Uint8Array;

  /** 1 for nodes that are the via node of some restriction. Derived. */
  readonly viaFlag: Uint8Array;
  /** Restricted arrival edges, ascending: slot `s` is "arrived over `slotEdge[s]`". Derived. */
  readonly slotEdge: Uint32Array;
  /** `slotCount + 1` offsets into `slotBanned`. Derived. */
  readonly slotBanStart: Uint32Array;
  /** Out-edges of the slot's node that may not be taken from that slot. Derived. */
  readonly slotBanned: Uint32Array;
  /** Via nodes (ascending) and, per via node, its slots: `viaSlots[viaSlotStart[i] .. viaSlotStart[i + 1]]`. Derived. */
  readonly viaNodes: Uint32Array;
  readonly viaSlotStart: Uint32Array;
  readonly viaSlots: Uint32Array;
  /**
   * Edges banned from at least one slot, ascending (so grouped by tail node): the backward
   * search's extra states, "leaving the via node over this edge". Derived.
   */
  readonly departEdge: Uint32Array;
  /** Tail node of each `departEdge`. Derived. */
  readonly departNode: Uint32Array;
}

/**
 * Builds the search form from resolved restriction rows. Rows must be consistent with the
 * graph: `fromEdge` must end where `toEdge` starts (checked here).
 */
export function deriveTurnRestrictions(
  nodeCount: number, firstEdge: Uint32Array, edgeTarget: Uint32Array,
  fromEdge: Uint32Array, toEdge: Uint32Array, kind: Uint8Array,
): TurnRestrictions {
  const rows = fromEdge.length;
  if (toEdge.length !== rows || kind.length !== rows) {
    throw new RoadGraphError(`Turn restriction columns differ in length (${rows}, ${toEdge.length}, ${kind.length}); rebuild the region pack.`);
  }
  const edgeCount = edgeTarget.length;
  const viaFlag = new Uint8Array(nodeCount);
  const order = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) {
    const f = fromEdge[r], t = toEdge[r];
    if (f >= edgeCount || t >= edgeCount) {
      throw new RoadGraphError(`Turn restriction ${r} names edge ${f >= edgeCount ? f : t}, but the graph has ${edgeCount} edges; rebuild the region pack.`);
    }
    const via = edgeTarget[f];
    if (!(t >= firstEdge[via] && t < firstEdge[via + 1])) {
      throw new RoadGraphError(`Turn restriction ${r}: edge ${t} does not leave the via node ${via} where edge ${f} arrives; rebuild the region pack.`);
    }
    if (kind[r] !== NO_TURN && kind[r] !== ONLY_TURN) {
      throw new RoadGraphError(`Turn restriction ${r} has kind ${kind[r]}; expected 0 (no_*) or 1 (only_*).`);
    }
    order[r] = r;
  }
  order.sort((a, b) => fromEdge[a] - fromEdge[b]);

  const slotEdges: number[] = [];
  const banStarts: number[] = [0];
  const banned: number[] = [];
  const allowed = new Set<number>();
  for (let i = 0; i < rows;) {
    const f = fromEdge[order[i]];
    let j = i;
    let hasOnly = false;
    while (j < rows && fromEdge[order[j]] === f) { if (kind[order[j]] === ONLY_TURN) hasOnly = true; j++; }
    const via = edgeTarget[f];
    allowed.clear();
    if (hasOnly) {
      // Several only_* rows from one edge contradict each other in OSM; allow their union.
      for (let k = i; k < j; k++) if (kind[order[k]] === ONLY_TURN) allowed.add(toEdge[order[k]]);
    } else {
      for (let e = firstEdge[via]; e < firstEdge[via + 1]; e++) allowed.add(e);
    }
    for (let k = i; k < j; k++) if (kind[order[k]] === NO_TURN) allowed.delete(toEdge[order[k]]);
    const before = banned.length;
    for (let e = firstEdge[via]; e < firstEdge[via + 1]; e++) if (!allowed.has(e)) banned.push(e);
    if (banned.length > before) {
      slotEdges.push(f);
      banStarts.push(banned.length);
      viaFlag[via] = 1;
    }
    i = j;
  }
  const slotEdge = Uint32Array.from(slotEdges);
  const slotCount = slotEdge.length;
  const bySlotVia = Array.from({ length: slotCount }, (_, i) => i).sort((x, y) => edgeTarget[slotEdge[x]] - edgeTarget[slotEdge[y]] || x - y);
  const viaNodes: number[] = [], viaSlotStart: number[] = [];
  bySlotVia.forEach((slot, i) => {
    const via = edgeTarget[slotEdge[slot]];
    if (i === 0 || viaNodes[viaNodes.length - 1] !== via) { viaNodes.push(via); viaSlotStart.push(i); }
  });
  viaSlotStart.push(slotCount);
  const departEdge = Uint32Array.from(new Set(banned)).sort();
  return {
    fromEdge, toEdge, kind, viaFlag, slotEdge,
    slotBanStart: Uint32Array.from(banStarts),
    slotBanned: Uint32Array.from(banned),
    viaNodes: Uint32Array.from(viaNodes),
    viaSlotStart: Uint32Array.from(viaSlotStart),
    viaSlots: Uint32Array.from(bySlotVia),
    departEdge,
    departNode: departEdge.map((e) => {
      let lo = 0, hi = nodeCount - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (firstEdge[mid] <= e) lo = mid; else hi = mid - 1;
      }
      return lo;
    }),
  };
}

/** Whether driving `toEdge` right after `fromEdge` is allowed (true when they do not meet). */
export function isTurnAllowed(restrictions: TurnRestrictions, fromEdge: number, toEdge: number): boolean {
  const slot = binarySearch(restrictions.slotEdge, fromEdge);
  if (slot < 0) return true;
  const banned = restrictions.slotBanned;
  for (let k = restrictions.slotBanStart[slot], end = restrictions.slotBanStart[slot + 1]; k < end; k++) {
    if (banned[k] === toEdge) return false;
  }
  return true;
}

