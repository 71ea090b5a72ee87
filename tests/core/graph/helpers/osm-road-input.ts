/**
 * A minimal OSM → `RoadGraphInput` reader for tests: enough tagging to make a real road network
 * (drivable highway classes, oneway incl. -1, roundabouts and implied motorway oneways, maxspeed,
 * unpaved, tunnel, bridge, toll, destination-only access, names and refs, turn restrictions with a
 * via node at the end of both ways). One link per way segment, so `compactChains` has real work.
 * The pack builder (another step) owns the full tagging rules; this only feeds the graph tests
 * with real topology.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SPEED_KMH, type RoadGraphInput, LINK_DIRECTION, LINK_FLAG, ROAD_CLASS } from '../../../../src/core/graph';
import { OSM_MEMBER_NODE, OSM_MEMBER_WAY, type OsmTagColumns, readOsmPbf } from '../../../../src/core/osm/pbf-reader';

const CLASSES: Record<string, number> = {
  motorway: ROAD_CLASS.MOTORWAY, motorway_link: ROAD_CLASS.MOTORWAY_LINK, trunk: ROAD_CLASS.TRUNK, trunk_link: ROAD_CLASS.TRUNK_LINK,
  primary: ROAD_CLASS.PRIMARY, primary_link: ROAD_CLASS.PRIMARY_LINK, secondary: ROAD_CLASS.SECONDARY, secondary_link: ROAD_CLASS.SECONDARY_LINK,
  tertiary: ROAD_CLASS.TERTIARY, tertiary_link: ROAD_CLASS.TERTIARY_LINK, unclassified: ROAD_CLASS.UNCLASSIFIED,
  residential: ROAD_CLASS.RESIDENTIAL, living_street: ROAD_CLASS.LIVING_STREET, service: ROAD_CLASS.SERVICE, track: ROAD_CLASS.TRACK,
  road: ROAD_CLASS.ROAD,
};
const UNPAVED = new Set(['unpaved', 'gravel', 'dirt', 'ground', 'grass', 'sand', 'compacted', 'fine_gravel', 'earth', 'mud']);

/** Path of a file in ../shared/data, failing with a clear message when it is missing. */
export function sharedDataFile(relative: string): string {
  const file = path.resolve(process.cwd(), '../shared/data', relative);
  if (!existsSync(file)) throw new Error(`Missing test data ${file}: the graph tests need the shared OSM extracts beside the repository (see ../shared/README.md).`);
  return file;
}

export interface OsmRoads {
  input: RoadGraphInput;
  /** OSM id of each input node. */
  osmNodeIds: number[];
}

export function osmRoadInput(file: string): OsmRoads {
  const bytes = new Uint8Array(readFileSync(file));
  const nodeIndexById = new Map<number, number>();
  const allLons: number[] = [], allLats: number[] = [];
  const strings = [''];
  const stringIndex = new Map<string, number>([['', 0]]);
  const str = (s: string | undefined) => {
    if (s === undefined) return 0;
    let i = stringIndex.get(s);
    if (i === undefined) { i = strings.length; strings.push(s); stringIndex.set(s, i); }
    return i;
  };
  const wayNodes = new Map<number, number[]>(); // way id → OSM node ids
  const wayLinks = new Map<number, number[]>(); // way id → its link ids, in way order
  const links = { from: [] as number[], to: [] as number[], direction: [] as number[], roadClass: [] as number[], speedKmh: [] as (number | undefined)[], flags: [] as number[], name: [] as number[], ref: [] as number[] };
  const restrictions = { fromLink: [] as number[], viaNode: [] as number[], toLink: [] as number[], kind: [] as number[] };
  const usedNodes = new Map<number, number>(); // OSM node id → graph node
  const graphNode = (id: number) => {
    let v = usedNodes.get(id);
    if (v === undefined) { v = usedNodes.size; usedNodes.set(id, v); }
    return v;
  };
  const tags = (batch: OsmTagColumns, i: number) => {
    const out: Record<string, string> = {};
    for (let k = batch.tagStart[i]; k < batch.tagStart[i + 1]; k++) out[batch.strings.get(batch.tagKeys[k])] = batch.strings.get(batch.tagVals[k]);
    return out;
  };

  readOsmPbf(bytes, {
    nodes(batch) {
      for (let i = 0; i < batch.count; i++) {
        nodeIndexById.set(batch.ids[i], allLons.length);
        allLons.push(batch.lons[i]);
        allLats.push(batch.lats[i]);
      }
    },
    ways(batch) {
      for (let i = 0; i < batch.count; i++) {
        const t = tags(batch, i);
        const cls = CLASSES[t.highway];
        if (cls === undefined || t.access === 'no' || t.motor_vehicle === 'no' || t.area === 'yes') continue;
        const refs: number[] = [];
        for (let k = batch.refStart[i]; k < batch.refStart[i + 1]; k++) if (nodeIndexById.has(batch.refs[k])) refs.push(batch.refs[k]);
        if (refs.length < 2) continue;
        const impliedOneway = t.junction === 'roundabout' || t.highway === 'motorway' || t.highway === 'motorway_link';
        const direction = t.oneway === '-1' ? LINK_DIRECTION.BACKWARD
          : t.oneway === 'yes' || t.oneway === '1' || t.oneway === 'true' || (impliedOneway && t.oneway !== 'no') ? LINK_DIRECTION.FORWARD : LINK_DIRECTION.BOTH;
        const speed = Number.parseFloat(t.maxspeed ?? '');
        let flags = 0;
        if (UNPAVED.has(t.surface ?? '') || (t.highway === 'track' && t.tracktype !== 'grade1')) flags |= LINK_FLAG.UNPAVED;
        if (t.tunnel !== undefined && t.tunnel !== 'no') flags |= LINK_FLAG.TUNNEL;
        if (t.bridge !== undefined && t.bridge !== 'no') flags |= LINK_FLAG.BRIDGE;
        if (t.toll === 'yes') flags |= LINK_FLAG.TOLL;
        if (t.junction === 'roundabout') flags |= LINK_FLAG.ROUNDABOUT;
        if (cls === ROAD_CLASS.MOTORWAY || cls === ROAD_CLASS.MOTORWAY_LINK) flags |= LINK_FLAG.MOTORWAY;
        if (['destination', 'private', 'delivery', 'customers'].includes(t.access ?? t.motor_vehicle ?? '')) flags |= LINK_FLAG.DESTINATION_ONLY;
        const ids: number[] = [];
        for (let k = 0; k + 1 < refs.length; k++) {
          ids.push(links.from.length);
          links.from.push(graphNode(refs[k]));
          links.to.push(graphNode(refs[k + 1]));
          links.direction.push(direction);
          links.roadClass.push(cls);
          links.speedKmh.push(speed > 0 ? speed : undefined);
          links.flags.push(flags);
          links.name.push(str(t.name));
          links.ref.push(str(t.ref));
        }
        wayNodes.set(batch.ids[i], refs);
        wayLinks.set(batch.ids[i], ids);
      }
    },
    relations(batch) {
      for (let i = 0; i < batch.count; i++) {
        const t = tags(batch, i);
        const kind = t.restriction?.startsWith('no_') ? 0 : t.restriction?.startsWith('only_') ? 1 : -1;
        if (t.type !== 'restriction' || kind < 0) continue;
        let from = -1, via = -1, to = -1, vias = 0;
        for (let m = batch.memberStart[i]; m < batch.memberStart[i + 1]; m++) {
          const role = batch.strings.get(batch.memberRoles[m]), id = batch.memberIds[m], type = batch.memberTypes[m];
          if (role === 'from' && type === OSM_MEMBER_WAY) from = id;
          else if (role === 'to' && type === OSM_MEMBER_WAY) to = id;
          else if (role === 'via') { vias++; if (type === OSM_MEMBER_NODE) via = id; }
        }
        const fromNodes = wayNodes.get(from), toNodes = wayNodes.get(to);
        if (vias !== 1 || via < 0 || fromNodes === undefined || toNodes === undefined || !usedNodes.has(via)) continue;
        // Only the standard form: the via node ends both ways.
        const fromLinks = wayLinks.get(from) as number[], toLinks = wayLinks.get(to) as number[];
        const fromLink = fromNodes[0] === via ? fromLinks[0] : fromNodes[fromNodes.length - 1] === via ? fromLinks[fromLinks.length - 1] : -1;
        const toLink = toNodes[0] === via ? toLinks[0] : toNodes[toNodes.length - 1] === via ? toLinks[toLinks.length - 1] : -1;
        if (fromLink < 0 || toLink < 0) continue;
        restrictions.fromLink.push(fromLink);
        restrictions.viaNode.push(graphNode(via));
        restrictions.toLink.push(toLink);
        restrictions.kind.push(kind);
      }
    },
  });

  const osmNodeIds: number[] = new Array(usedNodes.size);
  const nodeLons: number[] = new Array(usedNodes.size), nodeLats: number[] = new Array(usedNodes.size);
  for (const [id, v] of usedNodes) {
    const at = nodeIndexById.get(id) as number;
    osmNodeIds[v] = id;
    nodeLons[v] = allLons[at];
    nodeLats[v] = allLats[at];
  }
  const speedKmh = links.speedKmh.map((s, l) => s ?? DEFAULT_SPEED_KMH[links.roadClass[l]]);
  return { input: { nodeLons, nodeLats, strings, links: { ...links, speedKmh }, restrictions }, osmNodeIds };
}
