/**
 * Writes the Overpass JSON (`[out:json]` + `out geom`) that an Overpass server would answer for a
 * real extract: tagged scenic nodes with lat/lon, scenic ways with node ids and geometry, and
 * multipolygon/boundary relations with members and member-way geometry. Built from the real PBF
 * with a plain reader pass (every node kept in a map), independent of `poisFromPbf`'s passes, so
 * parsing it and reading the PBF are two routes to the same features.
 */
import { readOsmPbf, tagsOf } from '../../../src/core/osm/pbf-reader';
import { SCENIC_TAG_KEYS } from '../../../src/core/pois/scenic-tags';

type Tags = Record<string, string>;
export interface OverpassElement {
  type: 'node' | 'way' | 'relation';
  id: number;
  lat?: number;
  lon?: number;
  nodes?: number[];
  geometry?: ({ lat: number; lon: number } | null)[];
  members?: { type: 'node' | 'way' | 'relation'; ref: number; role: string; geometry?: ({ lat: number; lon: number } | null)[] }[];
  tags?: Tags;
}

const isScenic = (tags: Tags): boolean => SCENIC_TAG_KEYS.some((key) => key in tags);

export function overpassJsonFromPbf(bytes: Uint8Array): { version: number; generator: string; osm3s: Record<string, string>; elements: OverpassElement[] } {
  const nodes = new Map<number, [number, number]>();
  const taggedNodes: OverpassElement[] = [];
  const ways = new Map<number, { refs: number[]; tags: Tags }>();
  const relations: { id: number; tags: Tags; members: { type: number; ref: number; role: string }[] }[] = [];
  readOsmPbf(bytes, {
    nodes(batch) {
      for (let i = 0; i < batch.count; i++) {
        nodes.set(batch.ids[i], [batch.lons[i], batch.lats[i]]);
        if (batch.tagStart[i] === batch.tagStart[i + 1]) continue;
        const tags = tagsOf(batch, i);
        if (isScenic(tags)) taggedNodes.push({ type: 'node', id: batch.ids[i], lat: batch.lats[i], lon: batch.lons[i], tags });
      }
    },
    ways(batch) {
      for (let i = 0; i < batch.count; i++) ways.set(batch.ids[i], { refs: Array.from(batch.refs.subarray(batch.refStart[i], batch.refStart[i + 1])), tags: tagsOf(batch, i) });
    },
    relations(batch) {
      for (let i = 0; i < batch.count; i++) {
        const tags = tagsOf(batch, i);
        if (tags.type !== 'multipolygon' && tags.type !== 'boundary') continue;
        const members = [];
        for (let m = batch.memberStart[i]; m < batch.memberStart[i + 1]; m++) {
          members.push({ type: batch.memberTypes[m], ref: batch.memberIds[m], role: batch.strings.get(batch.memberRoles[m]) });
        }
        relations.push({ id: batch.ids[i], tags, members });
      }
    },
  });
  const geometry = (refs: number[]) => refs.map((ref) => {
    const at = nodes.get(ref);
    return at ? { lat: at[1], lon: at[0] } : null;
  });
  const elements: OverpassElement[] = [...taggedNodes];
  for (const [id, way] of ways) {
    if (isScenic(way.tags)) elements.push({ type: 'way', id, nodes: way.refs, geometry: geometry(way.refs), tags: way.tags });
  }
  for (const relation of relations) {
    elements.push({
      type: 'relation', id: relation.id, tags: relation.tags,
      members: relation.members.map((m) => {
        const type = m.type === 0 ? 'node' : m.type === 1 ? 'way' : 'relation';
        const way = m.type === 1 ? ways.get(m.ref) : undefined;
        return way ? { type, ref: m.ref, role: m.role, geometry: geometry(way.refs) } : { type, ref: m.ref, role: m.role };
      }),
    });
  }
  return { version: 0.6, generator: 'Overpass API (answer written from the real extract for tests)', osm3s: { copyright: 'The data included in this document is from www.openstreetmap.org. The data is made available under ODbL.' }, elements };
}
