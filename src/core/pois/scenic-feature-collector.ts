/**
 * Turns OSM elements (from any source) into `PoiSet` features with the shared classifier, so a
 * PBF extract and an Overpass answer for the same data give the same set.
 *
 * - Nodes become points (viewpoints, towers, peaks, volcanoes, passes, saddles).
 * - A closed `tourism=viewpoint` way becomes a viewpoint point at the mean of its vertices.
 * - Ways become lines (roads, rivers, coastline) or, when closed, areas.
 * - Multipolygon and boundary relations become areas from their member rings.
 */
import { OSM_NODE, OSM_RELATION, OSM_WAY, PoiSetBuilder, type PoiSet } from './poi-set';
import { POI_VIEWPOINT } from './poi-kinds';
import { assembleRings, isClosed, ringAreaSquareMeters, type RingMember } from './ring-assembly';
import { isAreaRelationType, parseEleMeters, pointKindsOf, shapeClassOf, type TagGetter } from './scenic-tags';
import type { LonLatBbox } from '../elevation/dem-source';
import type { LonLatArray } from '../units';

export interface CollectorStats {
  /** Area relations whose rings could not all be closed (open chains dropped). */
  relationsWithOpenRings: number;
  /** Area relations left with no closed ring at all (not added). */
  relationsWithoutRings: number;
}

export class ScenicFeatureCollector {
  readonly stats: CollectorStats = { relationsWithOpenRings: 0, relationsWithoutRings: 0 };

  constructor(private readonly builder = new PoiSetBuilder()) {}

  addNode(tag: TagGetter, lon: number, lat: number, osmId: number): void {
    const kinds = pointKindsOf(tag);
    if (kinds.length === 0 || !Number.isFinite(lon) || !Number.isFinite(lat)) return;
    const ele = parseEleMeters(tag('ele'));
    const name = tag('name');
    for (const kind of kinds) this.builder.addPoint(kind, lon, lat, ele, name, OSM_NODE, osmId);
  }

  /** `closed`: the way's first and last node are the same node. */
  addWay(tag: TagGetter, coords: LonLatArray, closed: boolean, osmId: number): void {
    const clean = finiteVertices(coords);
    if (clean.length < 4) return;
    if (tag('tourism') === 'viewpoint') {
      const [lon, lat] = centroidOfVertices(clean, closed);
      this.builder.addPoint(POI_VIEWPOINT, lon, lat, parseEleMeters(tag('ele')), tag('name'), OSM_WAY, osmId);
    }
    const shape = shapeClassOf(tag, closed);
    if (!shape) return;
    // A ring needs at least 4 vertices and must still be closed after dropping missing nodes.
    if (shape.area && (clean.length < 8 || !isClosed(clean))) return;
    const area = shape.area ? ringAreaSquareMeters(clean) : 0;
    this.builder.addShape(shape.kind, shape.flags, tag('name'), shape.detail, OSM_WAY, osmId, area, [clean]);
  }

  /** Members are the relation's way members with their geometry (missing members left out). */
  addRelation(tag: TagGetter, members: readonly RingMember[], osmId: number): void {
    if (!isAreaRelationType(tag('type'))) return;
    const shape = shapeClassOf(tag, true, true);
    if (!shape) return;
    const { rings, inner, openChains } = assembleRings(members.map((m) => ({ role: m.role, coords: finiteVertices(m.coords) })));
    if (openChains > 0) this.stats.relationsWithOpenRings++;
    if (rings.length === 0) {
      this.stats.relationsWithoutRings++;
      return;
    }
    let area = 0;
    rings.forEach((ring, i) => { area += (inner[i] ? -1 : 1) * ringAreaSquareMeters(ring); });
    this.builder.addShape(shape.kind, shape.flags, tag('name'), shape.detail, OSM_RELATION, osmId, Math.max(0, area), rings);
  }

  build(layers: number, bbox: LonLatBbox | null): PoiSet {
    return this.builder.build(layers, bbox);
  }
}

/** `coords` without non-finite vertices (a node missing from a cut extract); the same array when all are finite. */
function finiteVertices(coords: LonLatArray): LonLatArray {
  const n = coords.length >> 1;
  let finite = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(coords[2 * i]) && Number.isFinite(coords[2 * i + 1])) finite++;
  if (finite === n) return coords.length === 2 * n ? coords : coords.subarray(0, 2 * n);
  const out = new Float64Array(2 * finite);
  let at = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(coords[2 * i]) || !Number.isFinite(coords[2 * i + 1])) continue;
    out[at++] = coords[2 * i];
    out[at++] = coords[2 * i + 1];
  }
  return out;
}

/** Mean of the vertices (the repeated closing vertex of a ring counted once). */
function centroidOfVertices(coords: LonLatArray, closed: boolean): [number, number] {
  let n = coords.length >> 1;
  if (closed && n > 1) n--;
  let lon = 0, lat = 0;
  for (let i = 0; i < n; i++) {
    lon += coords[2 * i];
    lat += coords[2 * i + 1];
  }
  return [lon / n, lat / n];
}
