/**
 * The region pack: one binary file (section-file.ts: typed arrays behind a versioned header)
 * holding everything the app needs offline for a region.
 *
 * Sections: the road graph (graph-serialization.ts, including turn restrictions, RC-1 curvature
 * per link, the snapping grid and landmark tables), plus ours:
 * - `RMTA` UTF-8 JSON `RegionPackMeta` (pack version, source extract, build statistics);
 * - `LWAY` OSM way id per link, `NOSM` OSM node id per graph node (so a route can be explained in
 *   OSM terms and checked against the source data);
 * - `PP**` / `PS**` / `PN**` the scenic features (`PoiSet` columns and its string table);
 * - `PK**` parking places (`amenity=parking`): position, capacity (-1 when untagged), OSM id.
 * A reader of an older app ignores sections it does not know; a pack whose `packVersion` is not
 * `REGION_PACK_VERSION` is refused with a message to rebuild it.
 */
import {
  GRAPH_MAGIC, PackedStrings, type RoadGraph, READABLE_GRAPH_FORMAT_VERSIONS, RoadGraphError, type SectionArray, type SectionFile,
  asRoadGraphError, graphFromBuffer, readSectionFile, serializeGraph,
} from '../graph';
import type { LonLatBbox } from '../elevation/dem-source';
import type { PoiSet } from '../pois/poi-set';

/** Version of our sections and of `RegionPackMeta`; bump on any change of their meaning. */
export const REGION_PACK_VERSION = 1;

export interface RegionPackStats {
  nodes: number;
  edges: number;
  links: number;
  /** Length of all drivable links (each road piece once, whatever its directions). */
  drivableKm: number;
  restrictions: number;
  /** Restrictions of the extract that could not be applied (via way, missing member, not at a junction…). */
  skippedRestrictions: number;
  /** Scenic points by kind name ("viewpoint", "peak", "pass"…) and shapes by kind name. */
  poisByKind: Record<string, number>;
  parking: number;
  parkingWithCapacity: number;
}

export interface RegionPackMeta {
  packVersion: number;
  /** What the user called the region (defaults to the extract's file name). */
  name: string;
  /** Extract bbox as declared by its header `[west, south, east, north]`, or null. */
  bbox: LonLatBbox | null;
  /** OSM replication timestamp of the extract (ISO 8601), or null. */
  osmTimestamp: string | null;
  stats: RegionPackStats;
}

/** Parking places, parallel columns. */
export interface ParkingSet {
  readonly count: number;
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  /** `capacity` tag (cars), -1 when not tagged. */
  readonly capacity: Int32Array;
  /** 0 node, 1 way, 2 relation. */
  readonly osmType: Uint8Array;
  readonly osmId: Float64Array;
}

export interface RegionPack {
  meta: RegionPackMeta;
  graph: RoadGraph;
  /** OSM way id of each link. */
  linkWayIds: Float64Array;
  /** OSM node id of each graph node. */
  nodeOsmIds: Float64Array;
  pois: PoiSet;
  parking: ParkingSet;
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

/** The pack as one ArrayBuffer. */
export function serializeRegionPack(pack: RegionPack): ArrayBuffer {
  const { pois, parking } = pack;
  const names = PackedStrings.from(pois.names);
  const bbox = pois.bbox;
  const sections: [string, SectionArray][] = [
    ['RMTA', utf8Encoder.encode(JSON.stringify(pack.meta))],
    ['LWAY', pack.linkWayIds],
    ['NOSM', pack.nodeOsmIds],
    ['PMTA', new Float64Array([pois.layers, bbox ? 1 : 0, ...(bbox ?? [0, 0, 0, 0])])],
    ['PPKD', pois.points.kind], ['PPLN', pois.points.lon], ['PPLT', pois.points.lat], ['PPEL', pois.points.eleMeters],
    ['PPNM', pois.points.name], ['PPOT', pois.points.osmType], ['PPOI', pois.points.osmId],
    ['PSKD', pois.shapes.kind], ['PSFL', pois.shapes.flags], ['PSNM', pois.shapes.name], ['PSDT', pois.shapes.detail],
    ['PSOT', pois.shapes.osmType], ['PSOI', pois.shapes.osmId], ['PSAR', pois.shapes.areaSquareMeters],
    ['PSPS', pois.shapes.partStart], ['PSVS', pois.shapes.vertexStart], ['PSCO', pois.shapes.coords],
    ['PNMO', names.offsets], ['PNMB', names.bytes],
    ['PKLN', parking.lon], ['PKLT', parking.lat], ['PKCP', parking.capacity], ['PKOT', parking.osmType], ['PKOI', parking.osmId],
  ];
  return serializeGraph(pack.graph, sections);
}

/** Opens a pack (zero copy for every array). Throws `RoadGraphError` saying what is wrong with a bad file. */
export function readRegionPack(buffer: ArrayBuffer): RegionPack {
  const graph = graphFromBuffer(buffer);
  const file = asRoadGraphError(() => readSectionFile(buffer, GRAPH_MAGIC, READABLE_GRAPH_FORMAT_VERSIONS, 'region pack'));
  return { meta: decodeRegionPackMeta(file), graph, ...decodeRegionPackExtras(file, graph) };
}

/** What a pack holds beside its road graph and metadata. */
export type RegionPackExtras = Pick<RegionPack, 'linkWayIds' | 'nodeOsmIds' | 'pois' | 'parking'>;

/** Sections `decodeRegionPackMeta` reads. */
export const REGION_PACK_META_SECTIONS: readonly string[] = ['RMTA'];
/** Sections `decodeRegionPackExtras` reads. */
export const REGION_PACK_EXTRA_SECTIONS: readonly string[] = [
  'LWAY', 'NOSM', 'PMTA', 'PPKD', 'PPLN', 'PPLT', 'PPEL', 'PPNM', 'PPOT', 'PPOI', 'PSKD', 'PSFL', 'PSNM', 'PSDT', 'PSOT', 'PSOI', 'PSAR',
  'PSPS', 'PSVS', 'PSCO', 'PNMO', 'PNMB', 'PKLN', 'PKLT', 'PKCP', 'PKOT', 'PKOI',
];

/** The pack's metadata, checked against this app's pack version. Throws `RoadGraphError`. */
export function decodeRegionPackMeta(file: SectionFile): RegionPackMeta {
  return asRoadGraphError(() => {
    if (!file.has('RMTA')) throw new RoadGraphError('This file holds a road graph but not a region pack (no region metadata). Build it with "region build".');
    let meta: RegionPackMeta;
    try {
      meta = JSON.parse(utf8Decoder.decode(file.get('RMTA', Uint8Array))) as RegionPackMeta;
    } catch {
      throw new RoadGraphError('This region pack is damaged: its metadata is not valid JSON. Build it again.');
    }
    if (meta.packVersion !== REGION_PACK_VERSION) {
      throw new RoadGraphError(`This region pack has version ${String(meta.packVersion)}; this app reads version ${REGION_PACK_VERSION}. Build it again with "region build".`);
    }
    return meta;
  });
}

/** OSM ids, scenic features and parking of a pack whose graph is `graph`. Throws `RoadGraphError`. */
export function decodeRegionPackExtras(file: SectionFile, graph: RoadGraph): RegionPackExtras {
  return asRoadGraphError(() => {
    const linkWayIds = file.get('LWAY', Float64Array);
    const nodeOsmIds = file.get('NOSM', Float64Array);
    if (linkWayIds.length !== graph.linkCount || nodeOsmIds.length !== graph.nodeCount) damaged('its OSM id sections do not match the graph');

    const pmta = file.get('PMTA', Float64Array);
    if (pmta.length !== 6) damaged('its POI metadata is invalid');
    const nameOffsets = file.get('PNMO', Uint32Array), nameBytes = file.get('PNMB', Uint8Array);
    const packed = new PackedStrings(nameBytes, nameOffsets);
    const names: string[] = [];
    for (let i = 0; i < packed.length; i++) names.push(packed.get(i));
    const kind = file.get('PPKD', Uint8Array);
    const pointCount = kind.length;
    const points = {
      count: pointCount, kind,
      lon: sized(file.get('PPLN', Float64Array), pointCount), lat: sized(file.get('PPLT', Float64Array), pointCount),
      eleMeters: sized(file.get('PPEL', Float32Array), pointCount), name: sized(file.get('PPNM', Uint32Array), pointCount),
      osmType: sized(file.get('PPOT', Uint8Array), pointCount), osmId: sized(file.get('PPOI', Float64Array), pointCount),
    };
    const shapeKind = file.get('PSKD', Uint8Array);
    const shapeCount = shapeKind.length;
    const partStart = sized(file.get('PSPS', Uint32Array), shapeCount + 1);
    const vertexStart = sized(file.get('PSVS', Uint32Array), partStart[shapeCount] + 1);
    const shapes = {
      count: shapeCount, kind: shapeKind,
      flags: sized(file.get('PSFL', Uint8Array), shapeCount), name: sized(file.get('PSNM', Uint32Array), shapeCount),
      detail: sized(file.get('PSDT', Uint32Array), shapeCount), osmType: sized(file.get('PSOT', Uint8Array), shapeCount),
      osmId: sized(file.get('PSOI', Float64Array), shapeCount), areaSquareMeters: sized(file.get('PSAR', Float32Array), shapeCount),
      partStart, vertexStart, coords: sized(file.get('PSCO', Float64Array), 2 * vertexStart[vertexStart.length - 1]),
    };
    for (let i = 0; i < pointCount; i++) if (points.name[i] >= names.length) damaged('a POI name points outside its string table');
    for (let i = 0; i < shapeCount; i++) if (shapes.name[i] >= names.length || shapes.detail[i] >= names.length) damaged('a shape name points outside its string table');
    const pois: PoiSet = {
      points, shapes, names, layers: pmta[0],
      bbox: pmta[1] === 1 ? [pmta[2], pmta[3], pmta[4], pmta[5]] : null,
    };

    const parkingLon = file.get('PKLN', Float64Array);
    const parkingCount = parkingLon.length;
    const parking: ParkingSet = {
      count: parkingCount, lon: parkingLon, lat: sized(file.get('PKLT', Float64Array), parkingCount),
      capacity: sized(file.get('PKCP', Int32Array), parkingCount), osmType: sized(file.get('PKOT', Uint8Array), parkingCount),
      osmId: sized(file.get('PKOI', Float64Array), parkingCount),
    };
    return { linkWayIds, nodeOsmIds, pois, parking };
  });
}

function sized<T extends SectionArray>(array: T, length: number): T {
  if (array.length !== length) damaged(`a section has ${array.length} entries where ${length} were expected`);
  return array;
}

function damaged(what: string): never {
  throw new RoadGraphError(`This region pack is damaged: ${what}. Build it again with "region build".`);
}
