/**
 * A compact set of scenic features: column typed arrays plus one string table, so a set crosses a
 * worker boundary as transferables and goes into IndexedDB as it is (structured clone).
 *
 * Layout contract:
 * - Point `i`: `kind[i]`, `lon[i]`, `lat[i]` (degrees), `eleMeters[i]` (NaN when unknown),
 *   `name[i]` (index into `names`; 0 = no name), `osmType[i]` / `osmId[i]`.
 * - Shape `s` (a line or an area): parts `partStart[s] .. partStart[s + 1]`; part `p` is the
 *   vertices `vertexStart[p] .. vertexStart[p + 1]` of `coords` (interleaved `[lon, lat, …]`).
 *   Lines have one part per OSM way. Areas are closed rings (first vertex = last vertex); a point
 *   is inside an area when it is inside an odd number of its rings (even-odd rule, so inner rings
 *   of multipolygons are holes without needing roles).
 * - `detail[s]` names the tag value that made the shape (e.g. "forest", "lake", "secondary").
 * - `areaSquareMeters[s]`: outer minus inner ring area for areas, 0 for lines.
 * - `names[0]` is always "".
 */
import type { LonLatBbox } from '../elevation/dem-source';
import type { LonLatArray } from '../units';

/** OSM element types, as in `osmType`. */
export const OSM_NODE = 0;
export const OSM_WAY = 1;
export const OSM_RELATION = 2;

export interface PoiPoints {
  readonly count: number;
  readonly kind: Uint8Array;
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly eleMeters: Float32Array;
  readonly name: Uint32Array;
  readonly osmType: Uint8Array;
  readonly osmId: Float64Array;
}

export interface PoiShapes {
  readonly count: number;
  readonly kind: Uint8Array;
  /** `SHAPE_FLAG_*` bits. */
  readonly flags: Uint8Array;
  readonly name: Uint32Array;
  readonly detail: Uint32Array;
  readonly osmType: Uint8Array;
  readonly osmId: Float64Array;
  readonly areaSquareMeters: Float32Array;
  /** `count + 1` offsets into `vertexStart` (parts). */
  readonly partStart: Uint32Array;
  /** `parts + 1` offsets in vertices into `coords`. */
  readonly vertexStart: Uint32Array;
  readonly coords: LonLatArray;
}

export interface PoiSet {
  readonly points: PoiPoints;
  readonly shapes: PoiShapes;
  /** String table of names and details; entry 0 is "". */
  readonly names: readonly string[];
  /** `LAYER_*` bits: which feature groups the source looked for (a loaded layer may still be empty). */
  readonly layers: number;
  /** The area the set was loaded for `[west, south, east, north]`, or null when unknown. */
  readonly bbox: LonLatBbox | null;
}

/** Accumulates features, then packs them into a `PoiSet` (one allocation per column). */
export class PoiSetBuilder {
  private readonly nameIndex = new Map<string, number>([['', 0]]);
  private readonly names: string[] = [''];
  private readonly pKind: number[] = [];
  private readonly pLon: number[] = [];
  private readonly pLat: number[] = [];
  private readonly pEle: number[] = [];
  private readonly pName: number[] = [];
  private readonly pType: number[] = [];
  private readonly pId: number[] = [];
  private readonly sKind: number[] = [];
  private readonly sFlags: number[] = [];
  private readonly sName: number[] = [];
  private readonly sDetail: number[] = [];
  private readonly sType: number[] = [];
  private readonly sId: number[] = [];
  private readonly sArea: number[] = [];
  private readonly partStart: number[] = [0];
  private readonly vertexStart: number[] = [0];
  private coords = new Float64Array(1024);
  private vertexCount = 0;

  /** Index of `text` in the string table (added when new). */
  intern(text: string | undefined): number {
    if (!text) return 0;
    let index = this.nameIndex.get(text);
    if (index === undefined) {
      index = this.names.length;
      this.names.push(text);
      this.nameIndex.set(text, index);
    }
    return index;
  }

  get pointCount(): number {
    return this.pKind.length;
  }

  get shapeCount(): number {
    return this.sKind.length;
  }

  addPoint(kind: number, lon: number, lat: number, eleMeters: number, name: string | undefined, osmType: number, osmId: number): void {
    this.pKind.push(kind);
    this.pLon.push(lon);
    this.pLat.push(lat);
    this.pEle.push(eleMeters);
    this.pName.push(this.intern(name));
    this.pType.push(osmType);
    this.pId.push(osmId);
  }

  /**
   * Adds a line (parts = its ways) or an area (parts = closed rings). Parts with fewer than two
   * vertices are left out; a shape left with no part is not added (returns false).
   */
  addShape(
    kind: number, flags: number, name: string | undefined, detail: string | undefined, osmType: number, osmId: number,
    areaSquareMeters: number, parts: readonly LonLatArray[],
  ): boolean {
    let kept = 0;
    for (const part of parts) {
      const n = part.length >> 1;
      if (n < 2) continue;
      this.reserve(n);
      this.coords.set(part.subarray(0, 2 * n), 2 * this.vertexCount);
      this.vertexCount += n;
      this.vertexStart.push(this.vertexCount);
      kept++;
    }
    if (kept === 0) return false;
    this.partStart.push(this.vertexStart.length - 1);
    this.sKind.push(kind);
    this.sFlags.push(flags);
    this.sName.push(this.intern(name));
    this.sDetail.push(this.intern(detail));
    this.sType.push(osmType);
    this.sId.push(osmId);
    this.sArea.push(areaSquareMeters);
    return true;
  }

  build(layers: number, bbox: LonLatBbox | null): PoiSet {
    return {
      points: {
        count: this.pKind.length,
        kind: Uint8Array.from(this.pKind),
        lon: Float64Array.from(this.pLon),
        lat: Float64Array.from(this.pLat),
        eleMeters: Float32Array.from(this.pEle),
        name: Uint32Array.from(this.pName),
        osmType: Uint8Array.from(this.pType),
        osmId: Float64Array.from(this.pId),
      },
      shapes: {
        count: this.sKind.length,
        kind: Uint8Array.from(this.sKind),
        flags: Uint8Array.from(this.sFlags),
        name: Uint32Array.from(this.sName),
        detail: Uint32Array.from(this.sDetail),
        osmType: Uint8Array.from(this.sType),
        osmId: Float64Array.from(this.sId),
        areaSquareMeters: Float32Array.from(this.sArea),
        partStart: Uint32Array.from(this.partStart),
        vertexStart: Uint32Array.from(this.vertexStart),
        coords: this.coords.slice(0, 2 * this.vertexCount),
      },
      names: this.names.slice(),
      layers,
      bbox,
    };
  }

  private reserve(vertices: number): void {
    const needed = 2 * (this.vertexCount + vertices);
    if (needed <= this.coords.length) return;
    let size = this.coords.length * 2;
    while (size < needed) size *= 2;
    const grown = new Float64Array(size);
    grown.set(this.coords.subarray(0, 2 * this.vertexCount));
    this.coords = grown;
  }
}

/** A set with no features and the given layers (e.g. an area with nothing scenic in it). */
export function emptyPoiSet(layers = 0, bbox: LonLatBbox | null = null): PoiSet {
  return new PoiSetBuilder().build(layers, bbox);
}

/** Number of points of each kind code, for summaries and tests. */
export function countPointsByKind(pois: PoiSet): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < pois.points.count; i++) counts.set(pois.points.kind[i], (counts.get(pois.points.kind[i]) ?? 0) + 1);
  return counts;
}

/** Number of shapes of each kind code. */
export function countShapesByKind(pois: PoiSet): Map<number, number> {
  const counts = new Map<number, number>();
  for (let s = 0; s < pois.shapes.count; s++) counts.set(pois.shapes.kind[s], (counts.get(pois.shapes.kind[s]) ?? 0) + 1);
  return counts;
}

/** Vertices of part `p` of the shapes, as a view (no copy). */
export function shapePartCoords(shapes: PoiShapes, part: number): LonLatArray {
  return shapes.coords.subarray(2 * shapes.vertexStart[part], 2 * shapes.vertexStart[part + 1]);
}
