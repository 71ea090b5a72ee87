/**
 * "Which line or area boundary of a `PoiSet` is nearest this point, within D metres?": a uniform
 * grid over the segments of the chosen shapes (CSR arrays: `cellStart` / `cellItems`), for the
 * scenic samples every 50 m along a route (water within 150–200 m, the road under the route
 * within 30 m).
 *
 * Each segment is listed in every cell it passes through: segments longer than a cell are cut
 * into cell-long pieces and each piece adds the cells of its bounding box. A query scans the cells
 * its radius reaches, so the answer is exact under the metric.
 *
 * Metric: the local equirectangular plane at the query latitude (longitude × cos φ), exact to
 * ~1e-6 over a few hundred metres (as `segmentMeters`).
 */
import { EARTH_RADIUS_METERS } from '../geometry/earth';
import type { PoiSet } from './poi-set';

const RAD = Math.PI / 180;
const METERS_PER_DEGREE = RAD * EARTH_RADIUS_METERS;
const MAX_CELLS = 1 << 22;

/** The answer to a nearest query; reuse one object across queries. */
export interface SegmentHit {
  /** Shape index, -1 when nothing was within reach. */
  shape: number;
  /** First vertex of the nearest segment (index into the set's `coords`). */
  vertex: number;
  distanceMeters: number;
}

export function emptySegmentHit(): SegmentHit {
  return { shape: -1, vertex: -1, distanceMeters: Infinity };
}

export class ShapeSegmentGrid {
  private constructor(
    private readonly coords: Float64Array,
    /** Per item: first vertex of the segment and its shape. */
    private readonly itemVertex: Uint32Array,
    private readonly itemShape: Uint32Array,
    private readonly west: number,
    private readonly south: number,
    private readonly cellLon: number,
    private readonly cellLat: number,
    private readonly cols: number,
    private readonly rows: number,
    private readonly cellStart: Uint32Array,
    private readonly cellItems: Uint32Array,
  ) {}

  /** Number of indexed segments. */
  get segmentCount(): number {
    return this.itemVertex.length;
  }

  /**
   * Indexes every segment of the shapes for which `include(shape)` is true, in cells of about
   * `cellMeters` (grown when the area would need more than 4 M cells).
   */
  static build(pois: PoiSet, include: (shape: number) => boolean, cellMeters: number): ShapeSegmentGrid {
    const { shapes } = pois;
    const coords = shapes.coords;
    const vertices: number[] = [];
    const owners: number[] = [];
    let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
    for (let s = 0; s < shapes.count; s++) {
      if (!include(s)) continue;
      for (let p = shapes.partStart[s]; p < shapes.partStart[s + 1]; p++) {
        for (let v = shapes.vertexStart[p]; v + 1 < shapes.vertexStart[p + 1]; v++) {
          vertices.push(v);
          owners.push(s);
        }
        for (let v = shapes.vertexStart[p]; v < shapes.vertexStart[p + 1]; v++) {
          const lon = coords[2 * v], lat = coords[2 * v + 1];
          if (lon < west) west = lon;
          if (lon > east) east = lon;
          if (lat < south) south = lat;
          if (lat > north) north = lat;
        }
      }
    }
    const itemVertex = Uint32Array.from(vertices);
    const itemShape = Uint32Array.from(owners);
    if (itemVertex.length === 0) {
      return new ShapeSegmentGrid(coords, itemVertex, itemShape, 0, 0, 1, 1, 1, 1, new Uint32Array(2), new Uint32Array(0));
    }
    const midLat = (south + north) / 2;
    let cellLat = Math.max(cellMeters, 1) / METERS_PER_DEGREE;
    let cellLon = cellLat / Math.max(0.01, Math.cos(midLat * RAD));
    let cols = Math.floor((east - west) / cellLon) + 1;
    let rows = Math.floor((north - south) / cellLat) + 1;
    while (cols * rows > MAX_CELLS) {
      cellLat *= 2;
      cellLon *= 2;
      cols = Math.floor((east - west) / cellLon) + 1;
      rows = Math.floor((north - south) / cellLat) + 1;
    }

    // Two passes over the pieces: count per cell, then fill (CSR).
    const cellStart = new Uint32Array(cols * rows + 1);
    const visit = (emit: (cell: number, item: number) => void): void => {
      for (let item = 0; item < itemVertex.length; item++) {
        const v = itemVertex[item];
        const ax = coords[2 * v], ay = coords[2 * v + 1], bx = coords[2 * v + 2], by = coords[2 * v + 3];
        const pieces = Math.max(1, Math.ceil(Math.max(Math.abs(bx - ax) / cellLon, Math.abs(by - ay) / cellLat)));
        let lastCell = -1;
        for (let k = 0; k < pieces; k++) {
          const x0 = ax + ((bx - ax) * k) / pieces, y0 = ay + ((by - ay) * k) / pieces;
          const x1 = ax + ((bx - ax) * (k + 1)) / pieces, y1 = ay + ((by - ay) * (k + 1)) / pieces;
          const c0 = clampIndex(Math.floor((Math.min(x0, x1) - west) / cellLon), cols);
          const c1 = clampIndex(Math.floor((Math.max(x0, x1) - west) / cellLon), cols);
          const r0 = clampIndex(Math.floor((Math.min(y0, y1) - south) / cellLat), rows);
          const r1 = clampIndex(Math.floor((Math.max(y0, y1) - south) / cellLat), rows);
          for (let r = r0; r <= r1; r++) {
            for (let c = c0; c <= c1; c++) {
              const cell = r * cols + c;
              if (cell === lastCell) continue; // consecutive pieces share a cell; a rare repeat elsewhere is harmless
              emit(cell, item);
              lastCell = cell;
            }
          }
        }
      }
    };
    visit((cell) => { cellStart[cell + 1]++; });
    for (let c = 0; c < cols * rows; c++) cellStart[c + 1] += cellStart[c];
    const cellItems = new Uint32Array(cellStart[cols * rows]);
    const fill = cellStart.slice(0, cols * rows);
    visit((cell, item) => { cellItems[fill[cell]++] = item; });
    return new ShapeSegmentGrid(coords, itemVertex, itemShape, west, south, cellLon, cellLat, cols, rows, cellStart, cellItems);
  }

  /**
   * The nearest indexed segment within `maxMeters` of (lon, lat) that `accept` agrees to (given its
   * shape and distance), written to `out`; `out.shape` is -1 when there is none.
   */
  nearest(lon: number, lat: number, maxMeters: number, out: SegmentHit = emptySegmentHit(), accept?: (shape: number, distanceMeters: number) => boolean): SegmentHit {
    out.shape = -1;
    out.vertex = -1;
    out.distanceMeters = Infinity;
    if (this.itemVertex.length === 0 || !(maxMeters >= 0)) return out;
    const kx = Math.cos(lat * RAD) * METERS_PER_DEGREE;
    const ky = METERS_PER_DEGREE;
    const reachLon = maxMeters / Math.max(kx, 1e-9), reachLat = maxMeters / ky;
    const c0 = Math.floor((lon - reachLon - this.west) / this.cellLon), c1 = Math.floor((lon + reachLon - this.west) / this.cellLon);
    const r0 = Math.floor((lat - reachLat - this.south) / this.cellLat), r1 = Math.floor((lat + reachLat - this.south) / this.cellLat);
    if (c1 < 0 || r1 < 0 || c0 >= this.cols || r0 >= this.rows) return out;
    const { coords, itemVertex, itemShape, cellStart, cellItems } = this;
    let best = maxMeters;
    for (let r = Math.max(0, r0); r <= Math.min(this.rows - 1, r1); r++) {
      for (let c = Math.max(0, c0); c <= Math.min(this.cols - 1, c1); c++) {
        const cell = r * this.cols + c;
        for (let k = cellStart[cell]; k < cellStart[cell + 1]; k++) {
          const item = cellItems[k];
          const v = itemVertex[item];
          const ax = (coords[2 * v] - lon) * kx, ay = (coords[2 * v + 1] - lat) * ky;
          const bx = (coords[2 * v + 2] - lon) * kx, by = (coords[2 * v + 3] - lat) * ky;
          const d = pointSegmentDistance(ax, ay, bx, by);
          if (d > best || (d === best && out.shape >= 0)) continue;
          const shape = itemShape[item];
          if (accept && !accept(shape, d)) continue;
          best = d;
          out.shape = shape;
          out.vertex = v;
          out.distanceMeters = d;
        }
      }
    }
    return out;
  }
}

/** Distance from the origin to segment (a, b), planar. */
function pointSegmentDistance(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const px = ax + t * dx, py = ay + t * dy;
  return Math.sqrt(px * px + py * py);
}

function clampIndex(index: number, size: number): number {
  return index < 0 ? 0 : index >= size ? size - 1 : index;
}
