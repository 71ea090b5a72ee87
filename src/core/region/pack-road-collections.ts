/**
 * Curvy roads of a region pack for the scout map: links joined into road collections by ref or
 * name (road-collections.ts, Franco's rules), cut at straights longer than 2414 m, scored with
 * RC-1 and kept from `minCurvature` (300 by default: "moderately twisty"), curviest first.
 * Only paved public roads of Franco's classes (motorway … service and links) take part; ferries
 * and unpaved roads are left out, as in Franco's default chain.
 */
import { LINK_FLAG, ROAD_CLASS_NAMES, type RoadGraph, linkEdges, linkNameAndRef, linkPointCount, linkPolyline, NO_EDGE } from '../graph';
import { COLLECTION_HIGHWAYS, type CollectionWay, collectionKeys, joinRoadCollections, splitAtLongStraights } from '../osm/road-collections';
import { scoreCurvature } from '../scoring';
import type { LonLatArray } from '../units';

export interface CurvyRoad {
  name: string;
  ref: string;
  /** RC-1 curvature (weighted metres). */
  curvature: number;
  lengthMeters: number;
  coords: LonLatArray;
}

/** Curvy road collections of a graph (see the module comment). */
export function curvyRoadsOfGraph(graph: RoadGraph, minCurvature = 300): CurvyRoad[] {
  const ways: CollectionWay[] = [];
  const allowed = new Set(COLLECTION_HIGHWAYS);
  let interiorId = -1;
  for (let l = 0; l < graph.linkCount; l++) {
    const highway = ROAD_CLASS_NAMES[graph.linkClass[l]];
    if (!allowed.has(highway) || (graph.linkFlags[l] & (LINK_FLAG.UNPAVED | LINK_FLAG.FERRY)) !== 0) continue;
    const { name, ref } = linkNameAndRef(graph, l);
    const count = linkPointCount(graph, l);
    // Node ids: the link's graph nodes at its ends; interior points get ids no other link shares.
    const nodeIds = new Float64Array(count);
    nodeIds[0] = graph.linkFrom[l];
    nodeIds[count - 1] = graph.linkTo[l];
    for (let i = 1; i < count - 1; i++) nodeIds[i] = interiorId--;
    const { forward, backward } = linkEdges(graph, l);
    ways.push({
      id: l, nodeIds, coords: linkPolyline(graph, l), highway,
      oneway: forward === NO_EDGE || backward === NO_EDGE,
      roundabout: (graph.linkFlags[l] & LINK_FLAG.ROUNDABOUT) !== 0,
      keys: collectionKeys((key) => (key === 'ref' ? ref : key === 'name' ? name : undefined) || undefined),
    });
  }
  const roads: CurvyRoad[] = [];
  for (const collection of joinRoadCollections(ways)) {
    for (const piece of splitAtLongStraights(collection)) {
      const score = scoreCurvature(piece.coords, { profile: false });
      if (score.curvature < minCurvature) continue;
      const first = linkNameAndRef(graph, piece.wayIds[0]);
      roads.push({ name: first.name, ref: first.ref, curvature: score.curvature, lengthMeters: piece.lengthMeters, coords: piece.coords });
    }
  }
  return roads.sort((a, b) => b.curvature - a.curvature);
}

/**
 * Franco's KML colour for a curvature (output.py): pct = clamp((c − min) / (max − min)),
 * level = round(510 × (1 − 10^(−2 pct))) + 1, yellow → red over the first 255 levels, then red →
 * magenta. Returned as "#rrggbb".
 */
export function curvatureColour(curvature: number, min = 300, max = 20000): string {
  const pct = Math.min(1, Math.max(0, (curvature - min) / (max - min)));
  const level = Math.round(510 * (1 - 10 ** (-2 * pct))) + 1;
  const hex = (v: number) => Math.max(0, Math.min(255, Math.round(v))).toString(16).padStart(2, '0');
  return level <= 255 ? `#ff${hex(255 - level)}00` : `#ff00${hex(level - 255)}`;
}
