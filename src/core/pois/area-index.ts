/**
 * "Which area of a `PoiSet` contains this point?" for the scenic samples along a route (inside a
 * forest, a national park, a town).
 *
 * Two levels, both typed arrays:
 * - a coarse uniform grid lists, per cell, the areas whose bounding box touches the cell;
 * - per area, its ring edges are bucketed into horizontal bands, so the even-odd ray test for a
 *   point only walks the edges of the point's band (about √edges of them) instead of all edges of
 *   a forest with ten thousand vertices.
 * The even-odd rule over all rings of an area makes inner rings holes without looking at roles.
 */
import type { PoiSet } from './poi-set';

const MAX_GRID_CELLS = 1 << 20;
/** Edges per band the band count aims at. */
const EDGES_PER_BAND = 8;
const MAX_BANDS = 4096;

export class AreaIndex {
  private constructor(
    private readonly coords: Float64Array,
    /** Shape index of each indexed area. */
    private readonly areaShape: Uint32Array,
    /** Per area: west, south, east, north. */
    private readonly areaBox: Float64Array,
    /** Per area: first band (index into `bandStart`) and band count. */
    private readonly areaBandFirst: Uint32Array,
    private readonly areaBandCount: Uint32Array,
    private readonly bandStart: Uint32Array,
    /** First vertex of each edge (edge = vertex, vertex + 1). */
    private readonly bandEdges: Uint32Array,
    private readonly west: number,
    private readonly south: number,
    private readonly cellLon: number,
    private readonly cellLat: number,
    private readonly cols: number,
    private readonly rows: number,
    private readonly cellStart: Uint32Array,
    private readonly cellAreas: Uint32Array,
  ) {}

  /** Number of indexed areas. */
  get areaCount(): number {
    return this.areaShape.length;
  }

  /** Indexes the shapes for which `include(shape)` is true (they should be area kinds). */
  static build(pois: PoiSet, include: (shape: number) => boolean): AreaIndex {
    const { shapes } = pois;
    const coords = shapes.coords;
    const selected: number[] = [];
    for (let s = 0; s < shapes.count; s++) if (include(s)) selected.push(s);
    const areaShape = Uint32Array.from(selected);
    const n = areaShape.length;
    const areaBox = new Float64Array(4 * n);
    const areaBandFirst = new Uint32Array(n);
    const areaBandCount = new Uint32Array(n);
    let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
    let totalBands = 0;
    for (let a = 0; a < n; a++) {
      const s = areaShape[a];
      let w = Infinity, so = Infinity, e = -Infinity, no = -Infinity, edges = 0;
      for (let p = shapes.partStart[s]; p < shapes.partStart[s + 1]; p++) {
        edges += shapes.vertexStart[p + 1] - shapes.vertexStart[p] - 1;
        for (let v = shapes.vertexStart[p]; v < shapes.vertexStart[p + 1]; v++) {
          const lon = coords[2 * v], lat = coords[2 * v + 1];
          if (lon < w) w = lon;
          if (lon > e) e = lon;
          if (lat < so) so = lat;
          if (lat > no) no = lat;
        }
      }
      areaBox.set([w, so, e, no], 4 * a);
      areaBandFirst[a] = totalBands;
      areaBandCount[a] = Math.max(1, Math.min(MAX_BANDS, Math.ceil(edges / EDGES_PER_BAND)));
      totalBands += areaBandCount[a];
      if (w < west) west = w;
      if (e > east) east = e;
      if (so < south) south = so;
      if (no > north) north = no;
    }

    // Bands: count edges per band, then fill.
    const bandStart = new Uint32Array(totalBands + 1);
    const bandsOfEdges = (emit: (band: number, vertex: number) => void): void => {
      for (let a = 0; a < n; a++) {
        const s = areaShape[a];
        const so = areaBox[4 * a + 1], height = (areaBox[4 * a + 3] - so) / areaBandCount[a];
        const last = areaBandCount[a] - 1;
        for (let p = shapes.partStart[s]; p < shapes.partStart[s + 1]; p++) {
          for (let v = shapes.vertexStart[p]; v + 1 < shapes.vertexStart[p + 1]; v++) {
            const y0 = coords[2 * v + 1], y1 = coords[2 * v + 3];
            const b0 = height > 0 ? Math.min(last, Math.floor((Math.min(y0, y1) - so) / height)) : 0;
            const b1 = height > 0 ? Math.min(last, Math.floor((Math.max(y0, y1) - so) / height)) : 0;
            for (let b = b0; b <= b1; b++) emit(areaBandFirst[a] + b, v);
          }
        }
      }
    };
    bandsOfEdges((band) => { bandStart[band + 1]++; });
    for (let b = 0; b < totalBands; b++) bandStart[b + 1] += bandStart[b];
    const bandEdges = new Uint32Array(bandStart[totalBands]);
    const bandFill = bandStart.slice(0, totalBands);
    bandsOfEdges((band, vertex) => { bandEdges[bandFill[band]++] = vertex; });

    // Coarse grid over area boxes: about as many cells as areas, at most 1 M.
    if (n === 0) {
      return new AreaIndex(coords, areaShape, areaBox, areaBandFirst, areaBandCount, bandStart, bandEdges, 0, 0, 1, 1, 1, 1, new Uint32Array(2), new Uint32Array(0));
    }
    const side = Math.max(1, Math.min(Math.sqrt(MAX_GRID_CELLS), Math.ceil(Math.sqrt(n))));
    const cellLon = Math.max((east - west) / side, 1e-9), cellLat = Math.max((north - south) / side, 1e-9);
    const cols = Math.min(side, Math.floor((east - west) / cellLon) + 1), rows = Math.min(side, Math.floor((north - south) / cellLat) + 1);
    const cellOf = (value: number, origin: number, size: number, count: number): number => Math.max(0, Math.min(count - 1, Math.floor((value - origin) / size)));
    const cellStart = new Uint32Array(cols * rows + 1);
    const cellsOfAreas = (emit: (cell: number, area: number) => void): void => {
      for (let a = 0; a < n; a++) {
        const c0 = cellOf(areaBox[4 * a], west, cellLon, cols), c1 = cellOf(areaBox[4 * a + 2], west, cellLon, cols);
        const r0 = cellOf(areaBox[4 * a + 1], south, cellLat, rows), r1 = cellOf(areaBox[4 * a + 3], south, cellLat, rows);
        for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) emit(r * cols + c, a);
      }
    };
    cellsOfAreas((cell) => { cellStart[cell + 1]++; });
    for (let c = 0; c < cols * rows; c++) cellStart[c + 1] += cellStart[c];
    const cellAreas = new Uint32Array(cellStart[cols * rows]);
    const cellFill = cellStart.slice(0, cols * rows);
    cellsOfAreas((cell, area) => { cellAreas[cellFill[cell]++] = area; });
    return new AreaIndex(coords, areaShape, areaBox, areaBandFirst, areaBandCount, bandStart, bandEdges, west, south, cellLon, cellLat, cols, rows, cellStart, cellAreas);
  }

  /**
   * The shape index of an indexed area containing (lon, lat), or -1. When areas overlap (a forest
   * inside a national park) the one listed first in the set wins.
   */
  containing(lon: number, lat: number): number {
    if (this.areaShape.length === 0) return -1;
    const c = Math.floor((lon - this.west) / this.cellLon), r = Math.floor((lat - this.south) / this.cellLat);
    if (c < 0 || r < 0 || c >= this.cols || r >= this.rows) return -1;
    const cell = r * this.cols + c;
    let found = -1;
    for (let k = this.cellStart[cell]; k < this.cellStart[cell + 1]; k++) {
      const a = this.cellAreas[k];
      if ((found < 0 || this.areaShape[a] < found) && this.inside(a, lon, lat)) found = this.areaShape[a];
    }
    return found;
  }

  /** Even-odd ray test (ray towards +lon) over the edges in the point's band. */
  private inside(a: number, lon: number, lat: number): boolean {
    const box = this.areaBox;
    if (lon < box[4 * a] || lon > box[4 * a + 2] || lat < box[4 * a + 1] || lat > box[4 * a + 3]) return false;
    const count = this.areaBandCount[a];
    const height = (box[4 * a + 3] - box[4 * a + 1]) / count;
    const band = this.areaBandFirst[a] + (height > 0 ? Math.min(count - 1, Math.floor((lat - box[4 * a + 1]) / height)) : 0);
    const coords = this.coords;
    let odd = false;
    for (let k = this.bandStart[band]; k < this.bandStart[band + 1]; k++) {
      const v = this.bandEdges[k];
      const x0 = coords[2 * v], y0 = coords[2 * v + 1], x1 = coords[2 * v + 2], y1 = coords[2 * v + 3];
      if (y0 > lat !== y1 > lat && lon < x0 + ((lat - y0) * (x1 - x0)) / (y1 - y0)) odd = !odd;
    }
    return odd;
  }
}
