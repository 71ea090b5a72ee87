/** Hand-made graphs for tests, written as lists: one object per node and per link. */
import { type RoadGraph, buildRoadGraph } from '../../../../src/core/graph';
import { LINK_DIRECTION, ROAD_CLASS } from '../../../../src/core/graph/road-attributes';

export interface SmallLink {
  from: number;
  to: number;
  /** Default BOTH. */
  direction?: number;
  speedKmh?: number;
  roadClass?: number;
  flags?: number;
  lengthMeters?: number;
  curvature?: number;
  /** Interior shape points, [lon, lat] degrees. */
  shape?: [number, number][];
  name?: number;
  ref?: number;
}

export interface SmallRestriction { fromLink: number; via: number; toLink: number; only?: boolean }

export function smallGraph(nodes: [number, number][], links: SmallLink[], restrictions: SmallRestriction[] = [], strings?: string[]): RoadGraph {
  const shapeStart = [0];
  const shapeCoords: number[] = [];
  for (const l of links) {
    for (const [lon, lat] of l.shape ?? []) shapeCoords.push(lon, lat);
    shapeStart.push(shapeCoords.length / 2);
  }
  return buildRoadGraph({
    nodeLons: nodes.map((n) => n[0]),
    nodeLats: nodes.map((n) => n[1]),
    strings,
    links: {
      from: links.map((l) => l.from),
      to: links.map((l) => l.to),
      direction: links.map((l) => l.direction ?? LINK_DIRECTION.BOTH),
      speedKmh: links.map((l) => l.speedKmh ?? 50),
      roadClass: links.map((l) => l.roadClass ?? ROAD_CLASS.SECONDARY),
      flags: links.map((l) => l.flags ?? 0),
      curvature: links.map((l) => l.curvature ?? 0),
      name: links.map((l) => l.name ?? 0),
      ref: links.map((l) => l.ref ?? 0),
      ...(links.some((l) => l.lengthMeters !== undefined) ? { lengthMeters: links.map((l) => l.lengthMeters ?? NaN) } : {}),
      shapeStart,
      shapeCoords,
    },
    restrictions: {
      fromLink: restrictions.map((r) => r.fromLink),
      viaNode: restrictions.map((r) => r.via),
      toLink: restrictions.map((r) => r.toLink),
      kind: restrictions.map((r) => (r.only ? 1 : 0)),
    },
  });
}
