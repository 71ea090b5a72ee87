/**
 * Turn-by-turn steps for a path through the region graph, shaped like OSRM's so that
 * osrm-text-instructions reads them right ("Take the 2nd exit onto CG-2").
 *
 * Input is a leg as a list of pieces (a directed edge, or part of one at either end) over the
 * leg's coordinate array. A step starts at a maneuver and runs to the next one; maneuvers happen
 * only at graph nodes, where the rules are, in order:
 * - entering a roundabout: a `roundabout` step (its name and ref those of the exit road, `exit` the
 *   count of drivable exits passed + 1, modifier from the overall turn), then at the exit an
 *   `exit roundabout` step with the same exit number, as OSRM does;
 * - motorway ramps: `on ramp` onto a link from a non-motorway road, `off ramp` from a motorway onto
 *   a link, `merge` from a link onto a motorway or trunk;
 * - a different name or ref, or a change of mode (ferry): `turn` (or `end of road` when nothing
 *   continues ahead) when the turn is ≥ 35°, else `new name`;
 * - same road but a turn ≥ 40° where another road continues more nearly straight: `continue`.
 * Bearings are integer degrees clockwise from north, like OSRM's; modifiers come from the turn
 * angle (straight < 15°, slight < 45°, plain < 135°, sharp < 170°, else uturn).
 * Each step carries one intersection (its maneuver point) with the bearings of every road there,
 * `entry` saying which can be driven away on, and `in` / `out` indices.
 */
import { segmentMeters } from '../geometry/earth';
import {
  EDGE_LINK_MASK, LINK_FLAG, ROAD_CLASS, type IncomingEdges, type RoadGraph, linkNameAndRef, linkPointCount, linkPointE7,
} from '../graph';
import type { OsrmIntersection, OsrmManeuverType, OsrmModifier, OsrmStep } from './osrm-types';

/** One piece of a leg: a directed edge (maybe cut at the leg's ends) over `coords[firstVertex ..= lastVertex]`. */
export interface LegPiece {
  edge: number;
  link: number;
  firstVertex: number;
  lastVertex: number;
  distanceMeters: number;
  durationSeconds: number;
  /** Graph node where the piece ends at a full edge end (the junction before the next piece), else -1. */
  endNode: number;
}

export interface StepContext {
  graph: RoadGraph;
  incoming: IncomingEdges;
  /** Current edge costs; Infinity marks edges the profile cannot drive (not counted as exits). */
  weights: Float32Array;
}

const RAD = Math.PI / 180;

/** Initial bearing (0–360, clockwise from north) from point a to point b. */
export function bearingDegrees(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const p1 = lat1 * RAD, p2 = lat2 * RAD, dl = (lon2 - lon1) * RAD;
  const y = Math.sin(dl) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
  const b = Math.atan2(y, x) / RAD;
  return (b + 360) % 360;
}

/** Turn from bearing `before` to `after` in (-180, 180]: positive right. */
export function turnAngle(before: number, after: number): number {
  let a = (after - before) % 360;
  if (a > 180) a -= 360;
  if (a <= -180) a += 360;
  return a;
}

export function modifierOf(angle: number): OsrmModifier {
  const a = Math.abs(angle);
  if (a < 15) return 'straight';
  if (a >= 170) return 'uturn';
  const side = angle > 0 ? 'right' : 'left';
  if (a < 45) return side === 'right' ? 'slight right' : 'slight left';
  if (a < 135) return side;
  return side === 'right' ? 'sharp right' : 'sharp left';
}

/** Bearing leaving vertex `v` forwards (first later point that differs), or the one arriving, for the last vertex. */
function bearingAfter(coords: Float64Array, v: number, last: number): number {
  for (let k = v + 1; k <= last; k++) {
    if (coords[2 * k] !== coords[2 * v] || coords[2 * k + 1] !== coords[2 * v + 1]) {
      return bearingDegrees(coords[2 * v], coords[2 * v + 1], coords[2 * k], coords[2 * k + 1]);
    }
  }
  return 0;
}

function bearingBefore(coords: Float64Array, v: number, first: number): number {
  for (let k = v - 1; k >= first; k--) {
    if (coords[2 * k] !== coords[2 * v] || coords[2 * k + 1] !== coords[2 * v + 1]) {
      return bearingDegrees(coords[2 * k], coords[2 * k + 1], coords[2 * v], coords[2 * v + 1]);
    }
  }
  return 0;
}

interface Road { bearing: number; link: number; canLeave: boolean }

/** Roads at `node`, one per link end touching it, with the bearing of their first segment away from it. */
function roadsAt(ctx: StepContext, node: number): Road[] {
  const { graph, incoming, weights } = ctx;
  const roads: Road[] = [];
  const point = new Float64Array(4);
  const add = (link: number, atFrom: boolean, canLeave: boolean) => {
    const count = linkPointCount(graph, link);
    linkPointE7(graph, link, atFrom ? 0 : count - 1, point, 0);
    linkPointE7(graph, link, atFrom ? 1 : count - 2, point, 2);
    const bearing = bearingDegrees(point[0] / 1e7, point[1] / 1e7, point[2] / 1e7, point[3] / 1e7);
    const same = roads.find((r) => r.link === link && Math.abs(r.bearing - bearing) < 1e-9);
    if (same) { same.canLeave ||= canLeave; return; }
    roads.push({ bearing, link, canLeave });
  };
  for (let e = graph.firstEdge[node]; e < graph.firstEdge[node + 1]; e++) {
    const link = graph.edgeLink[e] & EDGE_LINK_MASK;
    const reversed = graph.edgeLink[e] !== link;
    add(link, !reversed, weights[e] < Infinity);
  }
  for (let k = incoming.firstIn[node]; k < incoming.firstIn[node + 1]; k++) {
    const e = incoming.inEdge[k];
    const link = graph.edgeLink[e] & EDGE_LINK_MASK;
    const reversed = graph.edgeLink[e] !== link;
    // Arriving forward means the link ends here: its road leaves the node at the link's `to` end.
    add(link, reversed, false);
  }
  return roads;
}

function nameRefOf(graph: RoadGraph, link: number): { name: string; ref: string } {
  return linkNameAndRef(graph, link);
}

function isLinkClass(c: number): boolean {
  return c === ROAD_CLASS.MOTORWAY_LINK || c === ROAD_CLASS.TRUNK_LINK || c === ROAD_CLASS.PRIMARY_LINK
    || c === ROAD_CLASS.SECONDARY_LINK || c === ROAD_CLASS.TERTIARY_LINK;
}

/** OSRM steps of one leg (depart … arrive) over `coords`. `pieces` must be non-empty. */
export function legSteps(ctx: StepContext, coords: Float64Array, pieces: readonly LegPiece[]): OsrmStep[] {
  const { graph } = ctx;
  const steps: OsrmStep[] = [];
  const lastVertex = pieces[pieces.length - 1].lastVertex;
  const modeOf = (link: number) => ((graph.linkFlags[link] & LINK_FLAG.FERRY) !== 0 ? 'ferry' : 'driving');
  const isRoundabout = (link: number) => (graph.linkFlags[link] & LINK_FLAG.ROUNDABOUT) !== 0;
  const loc = (v: number): [number, number] => [coords[2 * v], coords[2 * v + 1]];

  const open = (type: OsrmManeuverType, v: number, link: number, before: number, after: number, modifier?: OsrmModifier, intersection?: OsrmIntersection): OsrmStep => {
    const { name, ref } = nameRefOf(graph, link);
    const step: OsrmStep = {
      distance: 0, duration: 0, name, mode: modeOf(link), driving_side: 'right',
      maneuver: { location: loc(v), bearing_before: Math.round(before) % 360, bearing_after: Math.round(after) % 360, type },
    };
    if (ref) step.ref = ref;
    if (modifier) step.maneuver.modifier = modifier;
    step.intersections = [intersection ?? { location: loc(v), bearings: [Math.round(after) % 360], entry: [true], out: 0 }];
    steps.push(step);
    return step;
  };

  const first = pieces[0];
  let current = open('depart', first.firstVertex, first.link, 0, bearingAfter(coords, first.firstVertex, lastVertex));
  let roundabout: { step: OsrmStep; exits: number; entryBearing: number } | null = isRoundabout(first.link)
    ? { step: current, exits: 0, entryBearing: current.maneuver.bearing_after } : null;

  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (i > 0) {
      const prev = pieces[i - 1];
      const v = piece.firstVertex;
      const before = bearingBefore(coords, v, first.firstVertex);
      const after = bearingAfter(coords, v, lastVertex);
      const angle = turnAngle(before, after);
      const node = prev.endNode;
      const roads = node >= 0 ? roadsAt(ctx, node) : [];
      const intersection = (): OsrmIntersection => intersectionOf(roads, loc(v), before, after, prev.link, piece.link);
      const prevRound = isRoundabout(prev.link), nextRound = isRoundabout(piece.link);
      if (prevRound && nextRound) {
        // Still on the ring: count the drivable exits passed.
        if (roadLeavesRing(roads, graph, prev.link, piece.link)) {
          if (roundabout) roundabout.exits++;
        }
      } else if (!prevRound && nextRound) {
        current = open('roundabout', v, piece.link, before, after, undefined, intersection());
        roundabout = { step: current, exits: 0, entryBearing: before };
      } else if (prevRound && !nextRound) {
        const exit = (roundabout?.exits ?? 0) + 1;
        const overall = modifierOf(turnAngle(roundabout?.entryBearing ?? before, after));
        const exitName = nameRefOf(graph, piece.link);
        if (roundabout) {
          const r = roundabout.step;
          r.maneuver.exit = exit;
          r.maneuver.modifier = overall;
          r.name = exitName.name;
          if (exitName.ref) r.ref = exitName.ref; else delete r.ref;
        }
        current = open('exit roundabout', v, piece.link, before, after, overall, intersection());
        current.maneuver.exit = exit;
        roundabout = null;
      } else {
        const type = plainManeuver(ctx, prev.link, piece.link, angle, roads, before);
        if (type !== null) current = open(type, v, piece.link, before, after, modifierOf(angle), intersection());
      }
    }
    current.distance += piece.distanceMeters;
    current.duration += piece.durationSeconds;
  }
  const endBearing = bearingBefore(coords, lastVertex, first.firstVertex);
  const arrive = open('arrive', lastVertex, pieces[pieces.length - 1].link, endBearing, 0, undefined,
    { location: loc(lastVertex), bearings: [(Math.round(endBearing) + 180) % 360], entry: [true], in: 0 });
  arrive.maneuver.bearing_after = 0;
  for (const step of steps) {
    step.distance = Math.round(step.distance * 10) / 10;
    step.duration = Math.round(step.duration * 10) / 10;
    step.weight = step.duration;
  }
  return steps;
}

/** The maneuver type off the ring-free rules of the module comment, or null for "no step here". */
function plainManeuver(ctx: StepContext, fromLink: number, toLink: number, angle: number, roads: readonly Road[], before: number): OsrmManeuverType | null {
  const { graph } = ctx;
  const a = nameRefOf(graph, fromLink), b = nameRefOf(graph, toLink);
  const fromClass = graph.linkClass[fromLink], toClass = graph.linkClass[toLink];
  const fromFerry = (graph.linkFlags[fromLink] & LINK_FLAG.FERRY) !== 0, toFerry = (graph.linkFlags[toLink] & LINK_FLAG.FERRY) !== 0;
  const fromMotorway = fromClass === ROAD_CLASS.MOTORWAY || fromClass === ROAD_CLASS.TRUNK;
  const toMotorway = toClass === ROAD_CLASS.MOTORWAY || toClass === ROAD_CLASS.TRUNK;
  if (isLinkClass(toClass) && !isLinkClass(fromClass) && !fromMotorway && (toClass === ROAD_CLASS.MOTORWAY_LINK || toClass === ROAD_CLASS.TRUNK_LINK)) return 'on ramp';
  if (fromMotorway && isLinkClass(toClass)) return 'off ramp';
  if (isLinkClass(fromClass) && toMotorway) return 'merge';
  // Other roads here one could drive onto, and how far from straight the best of them is.
  let alternatives = 0, straightest = Infinity;
  for (const r of roads) {
    if (r.link === fromLink || r.link === toLink || !r.canLeave) continue;
    const dev = Math.abs(turnAngle(before, r.bearing));
    if (dev > 160) continue;
    alternatives++;
    straightest = Math.min(straightest, dev);
  }
  const renamed = a.name !== b.name || a.ref !== b.ref || fromFerry !== toFerry;
  const turn = Math.abs(angle);
  if (renamed) {
    if (turn < 35 || alternatives === 0) return 'new name';
    // Nothing continues ahead: the road ends here (a T junction).
    const continues = straightest < 30 || roads.some((r) => r.link !== fromLink && r.link !== toLink && sameName(graph, r.link, fromLink));
    return continues ? 'turn' : 'end of road';
  }
  if (alternatives > 0 && turn >= 40 && straightest < turn - 20) return 'continue';
  return null;
}

function sameName(graph: RoadGraph, x: number, y: number): boolean {
  const a = nameRefOf(graph, x), b = nameRefOf(graph, y);
  return (a.name !== '' || a.ref !== '') && a.name === b.name && a.ref === b.ref;
}

/** Whether a road at this ring node (other than the ring itself) can be driven away on. */
function roadLeavesRing(roads: readonly Road[], graph: RoadGraph, fromLink: number, toLink: number): boolean {
  for (const r of roads) {
    if (r.link === fromLink || r.link === toLink || !r.canLeave) continue;
    if ((graph.linkFlags[r.link] & LINK_FLAG.ROUNDABOUT) !== 0) continue;
    return true;
  }
  return false;
}

function intersectionOf(roads: readonly Road[], location: [number, number], before: number, after: number, fromLink: number, toLink: number): OsrmIntersection {
  // Sorted clockwise from north, like OSRM; `in` is the road we came from (its bearing points back along it).
  const back = (before + 180) % 360;
  const list = roads.map((r) => ({ bearing: Math.round(r.bearing) % 360, entry: r.canLeave, link: r.link, raw: r.bearing }));
  list.sort((x, y) => x.bearing - y.bearing);
  const nearest = (link: number, bearing: number): number => {
    let best = -1, bestDev = Infinity;
    list.forEach((r, i) => {
      if (r.link !== link) return;
      const dev = Math.abs(turnAngle(bearing, r.raw));
      if (dev < bestDev) { bestDev = dev; best = i; }
    });
    return best;
  };
  const inIndex = nearest(fromLink, back), outIndex = nearest(toLink, after);
  const out: OsrmIntersection = { location, bearings: list.map((r) => r.bearing), entry: list.map((r) => r.entry) };
  if (inIndex >= 0) out.in = inIndex;
  if (outIndex >= 0) out.out = outIndex;
  return out;
}

/** Length of `coords[first ..= last]` (m). */
export function spanMeters(coords: Float64Array, first: number, last: number): number {
  let total = 0;
  for (let v = first; v < last; v++) total += segmentMeters(coords[2 * v], coords[2 * v + 1], coords[2 * v + 2], coords[2 * v + 3]);
  return total;
}

/** OSRM's leg summary: the names (or refs) of the two roads driven longest, in route order. */
export function legSummary(graph: RoadGraph, pieces: readonly LegPiece[]): string {
  const byName = new Map<string, { meters: number; first: number }>();
  pieces.forEach((p, i) => {
    const { name, ref } = nameRefOf(graph, p.link);
    const label = name || ref;
    if (!label) return;
    const entry = byName.get(label);
    if (entry) entry.meters += p.distanceMeters; else byName.set(label, { meters: p.distanceMeters, first: i });
  });
  return [...byName.entries()].sort((x, y) => y[1].meters - x[1].meters).slice(0, 2).sort((x, y) => x[1].first - y[1].first).map(([label]) => label).join(', ');
}
