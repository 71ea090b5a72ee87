/**
 * Round trips: from a start, a target length and a profile, propose a few distinct loops that
 * return to the start, each with its curvature summary.
 *
 * Method (the classic one of loop planners): 2 or 3 via points are put on a circle through the
 * start (round-trip-geometry.ts), sized so that the polygon start → vias → start, times a road
 * detour factor, is as long as the target; the vias snap to the nearest through road (not service
 * roads or tracks) and the loop is routed with the profile. A loop too short or too long is tried
 * again with the circle scaled by target / actual (a few times). Loops that retrace more than
 * `maxOverlapShare` of themselves are dropped; the rest are ranked (curvature per km for the curvy
 * profiles; closeness to the target for `fastest`) and picked greedily, skipping any loop whose
 * roads are more than `maxSimilarity` alike (length-weighted Jaccard, round-trip-links.ts) to one
 * already picked. Headings are tried in rounds: two always (more candidates, better picks), then
 * more until `count` loops are picked or the rounds run out.
 *
 * Deterministic: the same router, options and seed give the same loops.
 */
import { LINK_FLAG, ROAD_CLASS, nearestEdge, type RoadGraph } from '../graph';
import type { LonLat } from '../units';
import type { LocalRouter, LocalRoutePlan } from './local-router';
import { routeCurvature, type RoundTripCurvature } from './round-trip-curvature';
import { loopPerimeterPerRadius, loopViaPoints, seededRandom } from './round-trip-geometry';
import { loopNetwork } from './round-trip-network';
import { type LoopLinks, loopLinks, loopSimilarity, overlapShare } from './round-trip-links';
import { type RouteResult, RoutingError } from './router';

export type { RoundTripCurvature } from './round-trip-curvature';

/** Profiles a round trip can be planned with. */
export type RoundTripProfile = 'fastest' | 'curvy' | 'extra-curvy';

export interface RoundTripOptions {
  /** Where the loop starts and ends, `[lon, lat]`; snapped to the nearest road the profile can drive. */
  start: LonLat;
  /** Wanted loop length (m), > 0. */
  targetMeters: number;
  /** Routing profile, and how loops are ranked (default `curvy`). */
  curviness?: RoundTripProfile;
  /** How many distinct loops to propose (default 3). */
  count?: number;
  /** Seed of the headings and via layouts (default 1). */
  seed?: number;
  /** Accepted relative length error, |actual / target − 1| (default 0.2). */
  lengthTolerance?: number;
  /** Loops retracing this share of their length or more are dropped (default 0.3). */
  maxOverlapShare?: number;
  /** Loops this alike or more (length-weighted Jaccard of their roads) to a picked one are skipped (default 0.5). */
  maxSimilarity?: number;
  /** The start must lie within this distance of a road (default 2000 m). */
  maxStartSnapMeters?: number;
  /** Cancels between routing attempts (rejects with `RoutingError` kind `aborted`). */
  signal?: AbortSignal;
}

export interface RoundTrip {
  /** The snapped start, the snapped via points (2–3), the snapped start again: route them to get `route` back. */
  waypoints: LonLat[];
  route: RouteResult;
  distanceMeters: number;
  durationSeconds: number;
  curvature: RoundTripCurvature;
  /** Share (0–1) of the loop's length driven on road it already drove. */
  overlapShare: number;
  /** Heading (° from north) of the circle the vias were placed on, from the start. */
  headingDegrees: number;
}

/** Road length per straight-line length between points, on average (the circle is sized with it). */
const DETOUR_FACTOR = 1.3;
/** Routing attempts per heading (the circle rescaled each time). */
const ATTEMPTS_PER_HEADING = 4;
/** Rounds of headings always tried, and at most (when fewer than `count` distinct loops were found). */
const MIN_ROUNDS = 2;
const ROUNDS = 4;
/** Classes a via point may snap to: roads one drives through, not to (service roads, tracks, ferries…). */
const VIA_CLASS_OK = new Uint8Array(32);
for (const c of [
  ROAD_CLASS.MOTORWAY, ROAD_CLASS.TRUNK, ROAD_CLASS.PRIMARY, ROAD_CLASS.SECONDARY, ROAD_CLASS.TERTIARY,
  ROAD_CLASS.UNCLASSIFIED, ROAD_CLASS.RESIDENTIAL, ROAD_CLASS.ROAD,
]) VIA_CLASS_OK[c] = 1;

interface Candidate {
  trip: RoundTrip;
  links: LoopLinks;
  rank: number;
}

/**
 * Proposes up to `count` distinct loops from `start`, best first. Resolves with at least one loop;
 * fewer than `count` when the network has no more distinct ones of that length. Rejects with a
 * `RoutingError` (kind `no-route`) saying what to change when the start is off the pack's roads or
 * no loop fits, and with a `RangeError` for invalid options.
 */
export function proposeRoundTrips(router: LocalRouter, options: RoundTripOptions): Promise<RoundTrip[]> {
  try {
    return Promise.resolve(proposeRoundTripsNow(router, options));
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** `proposeRoundTrips`, synchronously (for workers and the CLI); throws instead of rejecting. */
export function proposeRoundTripsNow(router: LocalRouter, options: RoundTripOptions): RoundTrip[] {
  const profile = options.curviness ?? 'curvy';
  const count = options.count ?? 3;
  const seed = options.seed ?? 1;
  const target = options.targetMeters;
  const tolerance = options.lengthTolerance ?? 0.2;
  const maxOverlap = options.maxOverlapShare ?? 0.3;
  const maxSimilarity = options.maxSimilarity ?? 0.5;
  const maxSnap = options.maxStartSnapMeters ?? 2000;
  if (profile !== 'fastest' && profile !== 'curvy' && profile !== 'extra-curvy') {
    throw new RangeError(`Unknown round-trip profile "${String(profile)}"; use fastest, curvy or extra-curvy.`);
  }
  if (!(Number.isFinite(target) && target > 0)) throw new RangeError(`The target length is ${String(target)} m; give a positive length in metres.`);
  if (!(Number.isInteger(count) && count >= 1 && count <= 20)) throw new RangeError(`count is ${String(count)}; ask for 1 to 20 loops.`);
  if (!Number.isFinite(seed)) throw new RangeError(`seed is ${String(seed)}; give a finite number.`);
  if (!(tolerance > 0)) throw new RangeError(`lengthTolerance is ${String(tolerance)}; it must be > 0 (0.2 accepts ±20 %).`);

  const graph = router.graph;
  const { linkOpen } = router.weightsFor(profile);
  const start = snapStart(graph, options.start, linkOpen, maxSnap);
  const viaAccept = viaLinkFilter(graph, linkOpen, target);

  const random = seededRandom(seed);
  const headingsPerRound = Math.max(6, 2 * count);
  const candidates: Candidate[] = [];
  let picked: Candidate[] = [];
  let closestMeters = NaN, retracing = 0;
  for (let round = 0; round < ROUNDS && (round < MIN_ROUNDS || picked.length < count); round++) {
    const base = random() * 360;
    for (let k = 0; k < headingsPerRound; k++) {
      const heading = (base + (k + (random() - 0.5) * 0.5) * (360 / headingsPerRound) + 360) % 360;
      const viaCount = random() < 0.5 ? 2 : 3;
      const clockwise = random() < 0.5;
      const fitted = fitLoop(router, start, heading, viaCount, clockwise, profile, target, tolerance, viaAccept, options.signal);
      if (fitted.plan === null) {
        if (Number.isFinite(fitted.closestMeters) && !(Math.abs(fitted.closestMeters - target) >= Math.abs(closestMeters - target))) closestMeters = fitted.closestMeters;
        continue;
      }
      const links = loopLinks(fitted.plan.legs);
      const overlap = overlapShare(links);
      if (overlap >= maxOverlap) { retracing++; continue; }
      const route = fitted.plan.result;
      const curvature = routeCurvature(route);
      const lengthError = Math.abs(route.distanceMeters / target - 1);
      const trip: RoundTrip = {
        waypoints: fitted.waypoints, route, distanceMeters: route.distanceMeters, durationSeconds: route.durationSeconds,
        curvature, overlapShare: overlap, headingDegrees: heading,
      };
      candidates.push({ trip, links, rank: profile === 'fastest' ? -(lengthError + overlap) : curvature.curvaturePerKm });
    }
    picked = pickDistinct(candidates, count, maxSimilarity);
  }
  if (picked.length === 0) {
    const km = (target / 1000).toFixed(1);
    if (retracing > 0) {
      throw new RoutingError('no-route', `Every loop of about ${km} km found from this start drives ${Math.round(100 * maxOverlap)} % or more of its length twice (dead-end roads around it). Try another length or another start.`);
    }
    const closest = Number.isFinite(closestMeters) ? ` (the closest loop found was ${(closestMeters / 1000).toFixed(1)} km)` : '';
    throw new RoutingError('no-route', `No round trip of about ${km} km could be found from this start${closest}. Try another length, another start, or a different profile.`);
  }
  return picked.map((c) => c.trip);
}

/**
 * Links a via point may snap to: through roads (no service roads, tracks, destination-only roads)
 * that are not bridges of the network and lie in a component with room for a loop, at least a
 * quarter of the target long (or the largest component, when none is).
 */
function viaLinkFilter(graph: RoadGraph, linkOpen: Uint8Array, target: number): (link: number) => boolean {
  const { bridge, nodeComponent, componentMeters } = loopNetwork(graph, linkOpen);
  let largest = 0;
  for (let c = 0; c < componentMeters.length; c++) if (componentMeters[c] > largest) largest = componentMeters[c];
  const minComponentMeters = Math.min(target / 4, largest);
  const { linkClass, linkFlags, linkFrom } = graph;
  return (l) => bridge[l] === 0 && VIA_CLASS_OK[linkClass[l]] === 1 && (linkFlags[l] & LINK_FLAG.DESTINATION_ONLY) === 0
    && componentMeters[nodeComponent[linkFrom[l]]] >= minComponentMeters;
}

/** The start on the nearest road the profile can drive, or a `RoutingError` saying why there is none. */
function snapStart(graph: RoadGraph, start: LonLat, linkOpen: Uint8Array, maxSnap: number): LonLat {
  const [lon, lat] = Array.isArray(start) ? start : [NaN, NaN];
  if (!(Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90)) {
    throw new RoutingError('no-route', `The start (${String(lon)}, ${String(lat)}) is not a valid [lon, lat] position.`);
  }
  const snap = nearestEdge(graph, lon, lat, { accept: (l) => linkOpen[l] === 1, maxDistanceMeters: maxSnap });
  if (snap !== null) return [snap.lon, snap.lat];
  const g = graph.snapIndex;
  const west = g.originLonE7 / 1e7, south = g.originLatE7 / 1e7;
  const east = west + (g.cols * g.cellLonE7) / 1e7, north = south + (g.rows * g.cellLatE7) / 1e7;
  const where = `The start (${lon.toFixed(5)}, ${lat.toFixed(5)})`;
  if (lon < west || lon > east || lat < south || lat > north) {
    throw new RoutingError('no-route', `${where} lies outside this region pack, which covers longitude ${west.toFixed(3)} to ${east.toFixed(3)} and latitude ${south.toFixed(3)} to ${north.toFixed(3)}. Pick a start inside the region, or load the pack that covers it.`);
  }
  throw new RoutingError('no-route', `${where} is more than ${maxSnap} m from any road of this region pack. Move the start onto a road.`);
}

interface FittedLoop {
  plan: LocalRoutePlan | null;
  waypoints: LonLat[];
  /** Length of the loop closest to the target among the attempts (NaN when none routed). */
  closestMeters: number;
}

/** Routes the loop of one heading, rescaling its circle until its length is within tolerance. */
function fitLoop(
  router: LocalRouter, start: LonLat, heading: number, viaCount: number, clockwise: boolean, profile: RoundTripProfile,
  target: number, tolerance: number, viaAccept: (link: number) => boolean, signal: AbortSignal | undefined,
): FittedLoop {
  let radius = target / (loopPerimeterPerRadius(viaCount) * DETOUR_FACTOR);
  let closestMeters = NaN;
  for (let attempt = 0; attempt < ATTEMPTS_PER_HEADING; attempt++) {
    if (signal?.aborted) throw new RoutingError('aborted', 'Planning the round trip was cancelled.');
    const waypoints = snappedLoop(router.graph, start, loopViaPoints(start, heading, radius, viaCount, clockwise), viaAccept);
    if (waypoints === null) return { plan: null, waypoints: [], closestMeters };
    let plan: LocalRoutePlan;
    try {
      plan = router.plan({ waypoints, profile });
    } catch (error) {
      if (error instanceof RoutingError && error.kind === 'no-route') return { plan: null, waypoints: [], closestMeters };
      throw error;
    }
    const actual = plan.result.distanceMeters;
    if (!(Math.abs(actual - target) >= Math.abs(closestMeters - target))) closestMeters = actual;
    if (Math.abs(actual / target - 1) <= tolerance) return { plan, waypoints, closestMeters };
    if (!(actual > 0)) return { plan: null, waypoints: [], closestMeters };
    radius *= Math.min(2, Math.max(0.5, target / actual));
  }
  return { plan: null, waypoints: [], closestMeters };
}

/**
 * `[start, …vias, start]` with each via on the nearest through road however far (where the
 * circle leaves the network, the via moves back onto it, and the length fit rescales the circle);
 * vias that land on the start or on the previous via are dropped. Null when no road is
 * acceptable or fewer than two distinct vias remain.
 */
function snappedLoop(graph: RoadGraph, start: LonLat, vias: readonly LonLat[], accept: (link: number) => boolean): LonLat[] | null {
  const out: LonLat[] = [start];
  for (const [lon, lat] of vias) {
    const snap = nearestEdge(graph, lon, lat, { accept });
    if (snap === null) return null;
    const previous = out[out.length - 1];
    if ((snap.lon === previous[0] && snap.lat === previous[1]) || (snap.lon === start[0] && snap.lat === start[1])) continue;
    out.push([snap.lon, snap.lat]);
  }
  if (out.length < 3) return null;
  out.push(start);
  return out;
}

/** Best-ranked candidates first, each no more alike than `maxSimilarity` to any picked before it. */
function pickDistinct(candidates: readonly Candidate[], count: number, maxSimilarity: number): Candidate[] {
  const order = Array.from(candidates.keys()).sort((a, b) => candidates[b].rank - candidates[a].rank || a - b);
  const picked: Candidate[] = [];
  for (const i of order) {
    if (picked.length >= count) break;
    const c = candidates[i];
    if (picked.every((p) => loopSimilarity(p.links, c.links) < maxSimilarity)) picked.push(c);
  }
  return picked;
}
