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
import { binarySearch, edgeTailNode, stableOrder } from './sorted-search';

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
  checkRows(firstEdge, edgeTarget, fromEdge, toEdge, kind);
  const order = stableOrder(fromEdge, rows);

  // One slot per arrival edge that bans at least one departure.
  const viaFlag = new Uint8Array(nodeCount);
  const slotEdgeOf = new Uint32Array(rows);
  const banStart = new Uint32Array(rows + 1);
  const banned: number[] = [];
  let slots = 0;
  for (let i = 0; i < rows;) {
    const f = fromEdge[order[i]];
    let j = i;
    let hasOnly = false;
    while (j < rows && fromEdge[order[j]] === f) { if (kind[order[j]] === ONLY_TURN) hasOnly = true; j++; }
    const via = edgeTarget[f];
    const before = banned.length;
    for (let e = firstEdge[via], end = firstEdge[via + 1]; e < end; e++) {
      // Several only_* rows from one edge contradict each other in OSM: allow their union; a no_* row always bans.
      let allowed = !hasOnly, named = false;
      for (let k = i; k < j; k++) {
        const r = order[k];
        if (toEdge[r] !== e) continue;
        if (kind[r] === ONLY_TURN) allowed = true; else named = true;
      }
      if (allowed && !named) continue;
      banned.push(e);
    }
    if (banned.length > before) {
      slotEdgeOf[slots++] = f;
      banStart[slots] = banned.length;
      viaFlag[via] = 1;
    }
    i = j;
  }
  const slotEdge = slotEdgeOf.slice(0, slots);
  const slotVia = new Uint32Array(slots);
  for (let s = 0; s < slots; s++) slotVia[s] = edgeTarget[slotEdge[s]];
  const viaSlots = stableOrder(slotVia, slots);
  const viaNodes: number[] = [], viaSlotStart: number[] = [];
  for (let i = 0; i < slots; i++) {
    const via = slotVia[viaSlots[i]];
    if (i === 0 || viaNodes[viaNodes.length - 1] !== via) { viaNodes.push(via); viaSlotStart.push(i); }
  }
  viaSlotStart.push(slots);
  const slotBanned = Uint32Array.from(banned);
  const departEdge = distinctSorted(slotBanned);
  return {
    fromEdge, toEdge, kind, viaFlag, slotEdge,
    slotBanStart: banStart.slice(0, slots + 1),
    slotBanned,
    viaNodes: Uint32Array.from(viaNodes),
    viaSlotStart: Uint32Array.from(viaSlotStart),
    viaSlots,
    departEdge,
    departNode: departEdge.map((e) => edgeTailNode(firstEdge, e)),
  };
}

/** Every row names edges of the graph that meet at one node, with a known kind. Throws RoadGraphError. */
function checkRows(firstEdge: Uint32Array, edgeTarget: Uint32Array, fromEdge: Uint32Array, toEdge: Uint32Array, kind: Uint8Array): void {
  const edgeCount = edgeTarget.length;
  for (let r = 0; r < fromEdge.length; r++) {
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
  }
}

/** The distinct values of `values`, ascending, in a new array. */
function distinctSorted(values: Uint32Array): Uint32Array {
  const sorted = values.slice().sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
  return sorted.slice(0, n);
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

