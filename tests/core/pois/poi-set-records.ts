/** A `PoiSet` as plain sorted records, for comparing sets that were built in different orders. */
import type { PoiSet } from '../../../src/core/pois/poi-set';

export interface PointRecord { kind: number; lon: number; lat: number; ele: number | null; name: string; osm: string }
export interface ShapeRecord { kind: number; flags: number; name: string; detail: string; area: number; osm: string; parts: number[][] }

export function pointRecords(pois: PoiSet): PointRecord[] {
  const { points, names } = pois;
  const out: PointRecord[] = [];
  for (let i = 0; i < points.count; i++) {
    out.push({
      kind: points.kind[i], lon: points.lon[i], lat: points.lat[i], ele: Number.isNaN(points.eleMeters[i]) ? null : points.eleMeters[i],
      name: names[points.name[i]], osm: `${points.osmType[i]}/${points.osmId[i]}`,
    });
  }
  return out.sort((a, b) => a.osm.localeCompare(b.osm) || a.kind - b.kind);
}

export function shapeRecords(pois: PoiSet): ShapeRecord[] {
  const { shapes, names } = pois;
  const out: ShapeRecord[] = [];
  for (let s = 0; s < shapes.count; s++) {
    const parts: number[][] = [];
    for (let p = shapes.partStart[s]; p < shapes.partStart[s + 1]; p++) {
      parts.push(Array.from(shapes.coords.subarray(2 * shapes.vertexStart[p], 2 * shapes.vertexStart[p + 1])));
    }
    out.push({ kind: shapes.kind[s], flags: shapes.flags[s], name: names[shapes.name[s]], detail: names[shapes.detail[s]], area: shapes.areaSquareMeters[s], osm: `${shapes.osmType[s]}/${shapes.osmId[s]}`, parts });
  }
  return out.sort((a, b) => a.osm.localeCompare(b.osm) || a.kind - b.kind);
}
