/**
 * Degree-2 chain compaction, the step between "every OSM way segment" and the pack graph.
 *
 * The pack builder can emit one link per segment between consecutive way nodes; most of those
 * nodes then join exactly two links of the same road. `compactChains` folds every such node
 * into the shape of a single link, so the search sees junctions only (a typical OSM extract has
 * 5–10 way nodes per junction). A node stays a graph node when:
 * - it does not join exactly two different links (a junction, a dead end, a loop's closure);
 * - the two links differ in anything the router reads (class, speed, flags, name/ref), or in
 *   direction of travel through it (a oneway meeting a two-way road, or two oneways head to head);
 * - it is the via node of a turn restriction, or the caller keeps it (`keepNode`: barriers,
 *   traffic signals, places POIs hang on…).
 * A ring made only of foldable nodes keeps one of them, so it stays in the graph as a loop link.
 *
 * Merged links sum their lengths and their curvature. Summing RC-1 scores across the fold is
 * exact only when curves do not straddle the folded node; the pack builder should score the
 * merged shape itself when it can (scoring-spec.md §2.4: score whole polylines, not pieces).
 *
 * Nodes are renumbered: by default in Hilbert-curve order of their position, so nodes close on
 * the map are close in memory (the search's arrays are then read in nearby cache lines); or in
 * input order. `nodeIndex` / `linkIndex` map old ids to new ones.
 */
import { LINK_DIRECTION } from './road-attributes';
import { type LinkColumns, type RestrictionColumns, type RoadGraphInput } from './build-road-graph';
import { RoadGraphError } from './road-graph';
import { hilbert } from '../geometry/hilbert';

export interface CompactChainsOptions {
  /** Per input node: non-zero keeps the node in the graph even where it joins two similar links. */
  keepNode?: ArrayLike<number>;
  /** `spatial` (default): Hilbert order of positions; `input`: keep the input order of the nodes that remain. */
  nodeOrder?: 'spatial' | 'input';
}

export interface CompactedGraphInput {
  input: RoadGraphInput;
  /** New id of each input node, or -1 when it was folded into a link's shape (or joined no link). */
  nodeIndex: Int32Array;
  /** New id of each input link (the merged link it became part of). */
  linkIndex: Int32Array;
}

export function compactChains(input: RoadGraphInput, options: CompactChainsOptions = {}): CompactedGraphInput {
  const nodeCount = input.nodeLons.length;
  const links = input.links;
  const linkCount = links.from.length;
  const keep = options.keepNode;
  if (keep !== undefined && keep.length !== nodeCount) throw new RoadGraphError(`keepNode has ${keep.length} entries; give one per node (${nodeCount}).`);
  for (let l = 0; l < linkCount; l++) {
    const a = links.from[l], b = links.to[l];
    if (!(Number.isInteger(a) && a >= 0 && a < nodeCount && Number.isInteger(b) && b >= 0 && b < nodeCount)) {
      throw new RoadGraphError(`Link ${l} joins nodes ${a} and ${b}, but node ids run from 0 to ${nodeCount - 1}.`);
    }
  }

  // Links at each node (CSR over link ends).
  const incidentStart = new Uint32Array(nodeCount + 1);
  for (let l = 0; l < linkCount; l++) { incidentStart[links.from[l] + 1]++; incidentStart[links.to[l] + 1]++; }
  for (let v = 0; v < nodeCount; v++) incidentStart[v + 1] += incidentStart[v];
  const incident = new Uint32Array(2 * linkCount);
  const fill = incidentStart.slice(0, nodeCount);
  for (let l = 0; l < linkCount; l++) { incident[fill[links.from[l]]++] = l; incident[fill[links.to[l]]++] = l; }

  const via = new Uint8Array(nodeCount);
  const r = input.restrictions;
  for (let i = 0; i < (r?.viaNode.length ?? 0); i++) {
    const v = (r as RestrictionColumns).viaNode[i];
    if (Number.isInteger(v) && v >= 0 && v < nodeCount) via[v] = 1;
  }

  /** Direction code of link `l` when travelled away from node `at`. */
  const travelDirection = (l: number, at: number) => {
    const d = links.direction[l];
    return links.from[l] === at ? d : d === LINK_DIRECTION.FORWARD ? LINK_DIRECTION.BACKWARD : d === LINK_DIRECTION.BACKWARD ? LINK_DIRECTION.FORWARD : d;
  };
  const same = (col: ArrayLike<number> | undefined, a: number, b: number) => col === undefined || col[a] === col[b];
  const sameRoad = (a: number, b: number) => same(links.roadClass, a, b) && same(links.speedKmh, a, b) && same(links.flags, a, b)
    && same(links.name, a, b) && same(links.ref, a, b);
  /** Whether node v folds: it joins two different, similar links, travelled the same way through v. */
  const folds = (v: number) => {
    if (incidentStart[v + 1] - incidentStart[v] !== 2 || via[v] !== 0 || (keep !== undefined && keep[v] !== 0)) return false;
    const a = incident[incidentStart[v]], b = incident[incidentStart[v] + 1];
    if (a === b || !sameRoad(a, b)) return false;
    // Arriving over a at v, then leaving over b: the codes must match as seen along the chain.
    const into = travelDirection(a, v), onward = travelDirection(b, v);
    const alongA = into === LINK_DIRECTION.BOTH ? into : into === LINK_DIRECTION.FORWARD ? LINK_DIRECTION.BACKWARD : LINK_DIRECTION.FORWARD;
    return alongA === onward;
  };
  const otherLink = (v: number, l: number) => {
    const a = incident[incidentStart[v]];
    return a === l ? incident[incidentStart[v] + 1] : a;
  };
  const otherEnd = (l: number, v: number) => (links.from[l] === v ? links.to[l] : links.from[l]);

  const linkIndex = new Int32Array(linkCount).fill(-1);
  const out = { from: [] as number[], to: [] as number[], direction: [] as number[], first: [] as number[], length: [] as number[], curvature: [] as number[] };
  const shapeStart: number[] = [0];
  const shapeCoords: number[] = [];
  const lengthOf = (l: number) => links.lengthMeters?.[l] ?? NaN;
  const pushShape = (l: number, forward: boolean) => {
    const s0 = links.shapeStart?.[l] ?? 0, s1 = links.shapeStart?.[l + 1] ?? 0;
    const coords = links.shapeCoords ?? [];
    if (forward) for (let p = s0; p < s1; p++) shapeCoords.push(coords[2 * p], coords[2 * p + 1]);
    else for (let p = s1 - 1; p >= s0; p--) shapeCoords.push(coords[2 * p], coords[2 * p + 1]);
  };

  for (let l0 = 0; l0 < linkCount; l0++) {
    if (linkIndex[l0] >= 0) continue;
    // Walk back from l0's `from` end to the start of its chain.
    let start = links.from[l0], first = l0;
    while (folds(start)) {
      const prev = otherLink(start, first);
      if (prev === l0) break; // a ring: l0's `from` end is as good a start as any
      start = otherEnd(prev, start);
      first = prev;
    }
    // Walk forward, folding nodes into the shape.
    const id = out.from.length;
    let at = start, l = first, length = 0, curvature = 0;
    const direction = travelDirection(l, at);
    out.from.push(at);
    for (;;) {
      const forward = links.from[l] === at;
      linkIndex[l] = id;
      pushShape(l, forward);
      length += lengthOf(l);
      curvature += links.curvature?.[l] ?? 0;
      at = otherEnd(l, at);
      if (!folds(at) || at === start) break;
      const next = otherLink(at, l);
      if (linkIndex[next] >= 0) break;
      shapeCoords.push(input.nodeLons[at], input.nodeLats[at]);
      l = next;
    }
    out.to.push(at);
    out.direction.push(direction);
    out.first.push(first);
    out.length.push(length);
    out.curvature.push(curvature);
    shapeStart.push(shapeCoords.length / 2);
  }

  // Renumber the nodes that are still link ends.
  const used = new Uint8Array(nodeCount);
  for (let k = 0; k < out.from.length; k++) { used[out.from[k]] = 1; used[out.to[k]] = 1; }
  const kept: number[] = [];
  for (let v = 0; v < nodeCount; v++) if (used[v]) kept.push(v);
  if ((options.nodeOrder ?? 'spatial') === 'spatial') sortByHilbert(kept, input.nodeLons, input.nodeLats);
  else if (options.nodeOrder !== 'input') throw new RoadGraphError(`Unknown nodeOrder "${String(options.nodeOrder)}"; use spatial or input.`);
  const nodeIndex = new Int32Array(nodeCount).fill(-1);
  kept.forEach((v, i) => { nodeIndex[v] = i; });

  const pick = (col: ArrayLike<number> | undefined) => (col === undefined ? undefined : out.first.map((l) => col[l]));
  const newLinks: LinkColumns = {
    from: out.from.map((v) => nodeIndex[v]),
    to: out.to.map((v) => nodeIndex[v]),
    direction: out.direction,
    roadClass: pick(links.roadClass),
    speedKmh: pick(links.speedKmh),
    flags: pick(links.flags),
    name: pick(links.name),
    ref: pick(links.ref),
    curvature: links.curvature === undefined ? undefined : out.curvature,
    lengthMeters: links.lengthMeters === undefined ? undefined : out.length,
    shapeStart,
    shapeCoords,
  };
  const restrictions: RestrictionColumns | undefined = r === undefined ? undefined : {
    fromLink: Array.from(r.fromLink, (l) => linkIndex[l] ?? -1),
    viaNode: Array.from(r.viaNode, (v) => nodeIndex[v] ?? -1),
    toLink: Array.from(r.toLink, (l) => linkIndex[l] ?? -1),
    kind: r.kind,
  };
  return {
    input: {
      nodeLons: kept.map((v) => input.nodeLons[v]),
      nodeLats: kept.map((v) => input.nodeLats[v]),
      links: newLinks,
      strings: input.strings,
      restrictions,
    },
    nodeIndex,
    linkIndex,
  };
}

/** Sorts node ids by the Hilbert index of their position within the nodes' bounding box. */
function sortByHilbert(nodes: number[], lons: ArrayLike<number>, lats: ArrayLike<number>): void {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const v of nodes) {
    minX = Math.min(minX, lons[v]); maxX = Math.max(maxX, lons[v]);
    minY = Math.min(minY, lats[v]); maxY = Math.max(maxY, lats[v]);
  }
  const sx = maxX > minX ? 65535 / (maxX - minX) : 0, sy = maxY > minY ? 65535 / (maxY - minY) : 0;
  const key = (v: number) => hilbert(Math.floor((lons[v] - minX) * sx), Math.floor((lats[v] - minY) * sy));
  if (nodes.length < 2 ** 21) {
    // Key = Hilbert index × 2^21 + position: one exact double (< 2^53), so the native numeric sort does it all.
    const keys = new Float64Array(nodes.length);
    nodes.forEach((v, i) => { keys[i] = key(v) * 2 ** 21 + i; });
    keys.sort();
    const copy = nodes.slice();
    for (let i = 0; i < keys.length; i++) nodes[i] = copy[keys[i] % 2 ** 21];
    return;
  }
  const keys = Uint32Array.from(nodes, key);
  const order = Uint32Array.from(nodes, (_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
  const copy = nodes.slice();
  for (let i = 0; i < order.length; i++) nodes[i] = copy[order[i]];
}

