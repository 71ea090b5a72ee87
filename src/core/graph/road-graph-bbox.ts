/**
 * The area a region pack can route in: the bounding box of its road graph (nodes and shape
 * points), `[west, south, east, north]` degrees. Used rather than the extract header's bbox, which
 * may be missing and does not match the roads (extracts keep whole ways across their border).
 * Shared by the build and router workers.
 */
import type { LonLatBbox } from '../elevation/dem-source';
import { COORD_SCALE, type RoadGraph } from './road-graph';

/** Null for a graph without nodes. O(nodes + shape points). Needs only the coordinates (the router computes it before the rest of the graph is in). */
export function roadGraphBbox(graph: Pick<RoadGraph, 'nodeCoordsE7' | 'shapeCoordsE7'>): LonLatBbox | null {
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  for (const coords of [graph.nodeCoordsE7, graph.shapeCoordsE7]) {
    for (let i = 0; i + 1 < coords.length; i += 2) {
      const lon = coords[i], lat = coords[i + 1];
      if (lon < west) west = lon;
      if (lon > east) east = lon;
      if (lat < south) south = lat;
      if (lat > north) north = lat;
    }
  }
  if (west > east) return null;
  return [west / COORD_SCALE, south / COORD_SCALE, east / COORD_SCALE, north / COORD_SCALE];
}
