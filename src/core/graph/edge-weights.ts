/**
 * Per-profile edge costs and the two lower-bound scales that keep A* and ALT exact for them.
 *
 * A profile turns link attributes into a cost per directed edge, computed once per
 * (graph, profile, avoid) and reused by every query: the search then reads one Float32 per edge.
 * `Infinity` closes an edge.
 *
 * Admissibility, for any cost function (no per-profile proofs needed):
 * - `landmarkScale(graph, weights, table profile)` α = min over edges of cost / the landmark
 *   table's cost. Then every path costs ≥ α × its cost in the table's metric ≥ α × (landmark
 *   lower bound), so α × the ALT bound never overestimates. A profile against its own table has
 *   α = 1, and avoid options (penalties, closures) keep it 1; curvy profiles, which give bonuses,
 *   get α = the largest discount (0.5) against the fastest table, a weaker but still exact bound;
 *   shortest gets α = the slowest speed in m/s, which is weak, but:
 * - `planeScale(graph, weights)` β = min over edges of cost / planeMeters(tail, head), where planeMeters is an
 *   equirectangular distance with the x scale of the graph's highest latitude (a true metric, so
 *   the triangle inequality holds). β × planeMeters(v, target) is then a consistent lower bound:
 *   ≈ 1 for shortest (tight), 1 / top speed for fastest (weak).
 * The search uses max(α × ALT, β × plane), which is admissible and consistent because both are.
 * Both scales are measured on the actual arrays (except α = 1 of a profile against its own table,
 * true by construction), so rounding cannot break them; measured ones are then shrunk by 1e-9
 * relative to absorb the rounding of the multiplication itself. Both are computed on first use.
 */
import { EARTH_RADIUS_METERS } from '../geometry/earth';
import type { RouteProfile, RouteRequest } from '../routing/router';
import { LINK_FLAG, ROAD_CLASS, ROAD_CLASS_COUNT } from './road-attributes';
import { EDGE_LINK_MASK, type RoadGraph, RoadGraphError } from './road-graph';

const RAD = Math.PI / 180;
/** Metres per 1e-7 degree of latitude. */
export const METERS_PER_E7 = 1e-7 * RAD * EARTH_RADIUS_METERS;
const SAFETY = 1 - 1e-9;
const LINK_MASK = EDGE_LINK_MASK;
const DESTINATION_ONLY = LINK_FLAG.DESTINATION_ONLY;

export type AvoidFeature = NonNullable<RouteRequest['avoid']>[number];

export interface EdgeWeights {
  /**
   * Cost of each directed edge (profile units); `Infinity` = closed. Treat as immutable: scales
   * are cached per array. Change costs by making new weights.
   */
  readonly weights: Float32Array;
  /**
   * The built-in profile these costs come from (set by `profileWeights`), or null for custom
   * costs. Against that profile's own landmark table α = 1 by construction: avoid options only
   * multiply costs by ≥ 1 or close edges (edge-weights.test.ts measures it).
   */
  readonly profile: RouteProfile | null;
  /** The graph's `edgeTarget` array: identifies the graph the costs belong to. */
  readonly graphKey: Uint32Array;
}

export interface ProfileWeightOptions {
  profile?: RouteProfile;
  avoid?: readonly AvoidFeature[];
  /** `penalize` (default) multiplies the cost of avoided roads by `avoidPenalty`; `exclude` closes them. */
  avoidMode?: 'penalize' | 'exclude';
  /** Default 10. */
  avoidPenalty?: number;
}

/** Cost factor by road class for the curvy profiles: fast, straight, busy roads cost more. */
const CURVY_CLASS_FACTOR = classTable({ MOTORWAY: 2, MOTORWAY_LINK: 2, TRUNK: 1.5, TRUNK_LINK: 1.5, PRIMARY: 1.1, SERVICE: 1.3, TRACK: 1.5 });
const EXTRA_CURVY_CLASS_FACTOR = classTable({ MOTORWAY: 4, MOTORWAY_LINK: 4, TRUNK: 2.5, TRUNK_LINK: 2.5, PRIMARY: 1.3, PRIMARY_LINK: 1.3, SECONDARY: 1.1, SERVICE: 1.5, TRACK: 2 });
/** Largest discount for a winding road: cost × (1 − bonus × min(1, curvature / length)). */
const CURVY_BONUS = 0.5;
const EXTRA_CURVY_BONUS = 0.75;
/** Roads only open to reach a place (destination, private…) cost this many times more. */
const DESTINATION_ONLY_FACTOR = 4;

function classTable(factors: Partial<Record<keyof typeof ROAD_CLASS, number>>): Float64Array {
  const table = new Float64Array(ROAD_CLASS_COUNT).fill(1);
  for (const [name, factor] of Object.entries(factors)) table[ROAD_CLASS[name as keyof typeof ROAD_CLASS]] = factor;
  return table;
}

/** Travel time of one link at its speed (s). */
function linkSeconds(graph: RoadGraph, link: number): number {
  return graph.linkLengthMeters[link] / (graph.linkSpeedKmh[link] / 3.6);
}

/** The landmark metric: travel time in seconds at each link's speed, per edge. Never Infinity. */
export function travelTimeWeights(graph: RoadGraph): Float32Array {
  const out = new Float32Array(graph.edgeCount);
  const { edgeLink } = graph;
  for (let e = 0; e < out.length; e++) out[e] = linkSeconds(graph, edgeLink[e] & EDGE_LINK_MASK);
  return out;
}

/** The arrays a profile's edge costs are computed from (a worker can compute them without the rest of the graph). */
export type WeightInputs = Pick<RoadGraph, 'edgeCount' | 'linkCount' | 'edgeLink' | 'linkLengthMeters' | 'linkSpeedKmh' | 'linkClass' | 'linkFlags' | 'linkCurvature'>;

/** Edge costs of a built-in profile (default `fastest`), with avoid options. O(edges). */
export function profileWeights(graph: WeightInputs & Pick<RoadGraph, 'edgeTarget'>, options: ProfileWeightOptions = {}): EdgeWeights {
  return { weights: gatherByEdge(graph, profileLinkCosts(graph, options)), profile: options.profile ?? 'fastest', graphKey: graph.edgeTarget };
}

function gatherByEdge(graph: WeightInputs, linkCost: ArrayLike<number>): Float32Array {
  const weights = new Float32Array(graph.edgeCount);
  const { edgeLink } = graph;
  for (let e = 0; e < weights.length; e++) weights[e] = linkCost[edgeLink[e] & LINK_MASK];
  return weights;
}

/**
 * What `profileLinkCosts` reads. The link classes and curvature matter to the curvy profiles only:
 * without them (a worker deriving the fastest costs before they are read), a curvy profile throws.
 */
export type LinkCostInputs = Omit<WeightInputs, 'edgeCount' | 'edgeLink' | 'linkClass' | 'linkCurvature'> &
  Partial<Pick<WeightInputs, 'linkClass' | 'linkCurvature'>>;

/**
 * Cost of each link under a built-in profile (both directions cost the same): `profileWeights`
 * gathers them per edge (`weights[e] = linkCost[edgeLink[e] & EDGE_LINK_MASK]`), so they are Float32 too.
 */
export function profileLinkCosts(graph: LinkCostInputs, options: ProfileWeightOptions): Float32Array {
  const profile = options.profile ?? 'fastest';
  const avoidMask = avoidFlags(options.avoid ?? []);
  const exclude = options.avoidMode === 'exclude';
  const penalty = options.avoidPenalty ?? 10;
  if (!(penalty >= 1)) throw new RoadGraphError(`avoidPenalty is ${penalty}; it must be ≥ 1 (it multiplies the cost of avoided roads).`);
  const { linkLengthMeters, linkSpeedKmh, linkFlags } = graph;
  const classFactor = profile === 'curvy' ? CURVY_CLASS_FACTOR : profile === 'extra-curvy' ? EXTRA_CURVY_CLASS_FACTOR : null;
  const bonus = profile === 'curvy' ? CURVY_BONUS : profile === 'extra-curvy' ? EXTRA_CURVY_BONUS : 0;
  if (profile !== 'fastest' && profile !== 'shortest' && classFactor === null) {
    throw new RoadGraphError(`Unknown routing profile "${String(profile)}"; use fastest, shortest, curvy or extra-curvy.`);
  }
  const linkClass = graph.linkClass ?? EMPTY_CLASSES, linkCurvature = graph.linkCurvature ?? EMPTY_CURVATURE;
  if (classFactor !== null && (linkClass.length !== graph.linkCount || linkCurvature.length !== graph.linkCount)) {
    throw new RoadGraphError(`Internal error: ${profile} costs need the link classes and curvature.`);
  }
  const shortest = profile === 'shortest';
  // Float32 like the edge costs gathered from it (so the same values): half the bytes to gather.
  const linkCost = new Float32Array(graph.linkCount);
  for (let l = 0; l < linkCost.length; l++) {
    const length = linkLengthMeters[l];
    let cost = shortest ? length : length / (linkSpeedKmh[l] / 3.6);
    if (classFactor !== null) {
      const curviness = length > 0 ? Math.min(1, linkCurvature[l] / length) : 0;
      cost *= classFactor[linkClass[l]] * (1 - bonus * curviness);
    }
    const flags = linkFlags[l];
    if (flags & DESTINATION_ONLY) cost *= DESTINATION_ONLY_FACTOR;
    if (flags & avoidMask) cost = exclude ? Infinity : cost * penalty;
    linkCost[l] = cost;
  }
  return linkCost;
}

const EMPTY_CLASSES = new Uint8Array(0);
const EMPTY_CURVATURE = new Float32Array(0);

function avoidFlags(avoid: readonly AvoidFeature[]): number {
  let mask = 0;
  for (const feature of avoid) {
    if (feature === 'motorway') mask |= LINK_FLAG.MOTORWAY;
    else if (feature === 'unpaved') mask |= LINK_FLAG.UNPAVED;
    else if (feature === 'ferry') mask |= LINK_FLAG.FERRY;
    else if (feature === 'toll') mask |= LINK_FLAG.TOLL;
    else throw new RoadGraphError(`Unknown avoid option "${String(feature)}"; use motorway, unpaved, ferry or toll.`);
  }
  return mask;
}

/**
 * Edge costs from any per-link cost (both directions of a link cost the same). Costs must be
 * ≥ 0 or `Infinity` (closed).
 */
export function weightsFromLinkCosts(graph: RoadGraph, linkCost: ArrayLike<number>): EdgeWeights {
  if (linkCost.length !== graph.linkCount) throw new RoadGraphError(`Got ${linkCost.length} link costs for ${graph.linkCount} links.`);
  return finishEdgeWeights(graph, gatherByEdge(graph, linkCost));
}

/** Wraps custom per-edge costs after checking them (each ≥ 0, or Infinity to close the edge). O(edges). */
export function finishEdgeWeights(graph: RoadGraph, weights: Float32Array): EdgeWeights {
  if (weights.length !== graph.edgeCount) throw new RoadGraphError(`Got ${weights.length} edge weights for ${graph.edgeCount} edges.`);
  for (let e = 0; e < weights.length; e++) {
    if (!(weights[e] >= 0)) throw new RoadGraphError(`Edge ${e} has cost ${weights[e]}; costs must be ≥ 0 (Infinity closes an edge).`);
  }
  return { weights, profile: null, graphKey: graph.edgeTarget };
}

const planeScaleCache = new WeakMap<Float32Array, number>();

/**
 * β: `weights[e] ≥ β × planeMeters(tail, head)` for every open edge, for the plane metric of
 * `planeKx(graph)`. O(edges) on first use, then cached; the search asks only when the straight
 * line can matter (A*, or ALT without a well-fitting table).
 */
export function planeScale(graph: RoadGraph, weights: EdgeWeights): number {
  const cached = planeScaleCache.get(weights.weights);
  if (cached !== undefined) return cached;
  const plane = linkPlaneMeters(graph);
  const w = weights.weights, { edgeLink } = graph;
  let beta = Infinity;
  for (let e = 0; e < w.length; e++) {
    const p = plane[edgeLink[e] & LINK_MASK], c = w[e];
    if (c < Infinity && p > 0 && c / p < beta) beta = c / p;
  }
  const scale = beta === Infinity ? 0 : beta * SAFETY;
  planeScaleCache.set(weights.weights, scale);
  return scale;
}

const linkPlaneCache = new WeakMap<Uint32Array, Float64Array>();

/** Plane distance between each link's end nodes (m), cached per graph: both edges of a link span it. */
function linkPlaneMeters(graph: RoadGraph): Float64Array {
  const cached = linkPlaneCache.get(graph.linkFrom);
  if (cached !== undefined) return cached;
  const kx = planeKx(graph);
  const { linkFrom, linkTo, nodeCoordsE7: c } = graph;
  const out = new Float64Array(graph.linkCount);
  for (let l = 0; l < out.length; l++) {
    const a = linkFrom[l], b = linkTo[l];
    out[l] = planeMetersE7(kx, c[2 * a] - c[2 * b], c[2 * a + 1] - c[2 * b + 1]);
  }
  linkPlaneCache.set(graph.linkFrom, out);
  return out;
}

const scaleCache = new WeakMap<Float32Array, Map<RouteProfile, number>>();

/**
 * α of `weights` against the landmark metric of `profile` (its `profileWeights` without avoid
 * options): `weights[e] ≥ α × metric[e]` for every open edge. 1 for the weights' own profile;
 * otherwise measured, O(edges) on first use per pair, then cached.
 */
export function landmarkScale(graph: RoadGraph, weights: EdgeWeights, profile: RouteProfile): number {
  if (weights.profile === profile) return 1;
  let perProfile = scaleCache.get(weights.weights);
  if (perProfile === undefined) {
    perProfile = new Map();
    scaleCache.set(weights.weights, perProfile);
  }
  const cached = perProfile.get(profile);
  if (cached !== undefined) return cached;
  // The metric exactly as the landmark tables summed it: Float32 per link.
  const metric = profileLinkCosts(graph, { profile });
  const w = weights.weights, { edgeLink } = graph;
  let alpha = Infinity;
  for (let e = 0; e < w.length; e++) {
    const m = Math.fround(metric[edgeLink[e] & LINK_MASK]), c = w[e];
    if (c < Infinity && m > 0 && c / m < alpha) alpha = c / m;
  }
  const scale = alpha === Infinity ? 0 : alpha * SAFETY;
  perProfile.set(profile, scale);
  return scale;
}

const kxCache = new WeakMap<Int32Array, number>();

/** cos of the graph's highest |latitude|: the x scale of the plane metric (shrinks distances, never stretches them). */
export function planeKx(graph: RoadGraph): number {
  const cached = kxCache.get(graph.nodeCoordsE7);
  if (cached !== undefined) return cached;
  let maxAbsLat = 0;
  const coords = graph.nodeCoordsE7;
  for (let i = 1; i < coords.length; i += 2) {
    const a = Math.abs(coords[i]);
    if (a > maxAbsLat) maxAbsLat = a;
  }
  const kx = Math.cos(maxAbsLat * 1e-7 * RAD);
  kxCache.set(graph.nodeCoordsE7, kx);
  return kx;
}

/** Plane distance (m) for coordinate differences in 1e-7 degrees. */
export function planeMetersE7(kx: number, dxE7: number, dyE7: number): number {
  const x = dxE7 * kx;
  return Math.sqrt(x * x + dyE7 * dyE7) * METERS_PER_E7;
}
