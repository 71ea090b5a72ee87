/**
 * Which OSM ways a car may drive, and how: the tag rules of the region-pack builder.
 *
 * Contract (what `classifyRoad` returns null for is never in the graph, so no route can use it):
 * - Drivable `highway` values: motorway … tertiary and their links, unclassified, residential,
 *   living_street, service (not `service=emergency_access`), road, and `track` only when an
 *   access tag explicitly allows cars (`motor_vehicle`/`motorcar`/`vehicle`/`access` = yes,
 *   permissive, designated, destination). Footways, paths, steps, cycleways, pedestrian streets,
 *   bridleways, construction, proposed, raceways, bus-only ways are not roads for cars.
 * - `route=ferry` ways are drivable (class FERRY) unless cars are excluded on them.
 * - Access: the most specific of `motorcar` > `motor_vehicle` > `vehicle` > `access` decides.
 *   no / private / agricultural / forestry / emergency / delivery-free "no"-like values close the
 *   way; destination / delivery / customers make it DESTINATION_ONLY (usable to reach a place).
 *   `area=yes` ways are squares, not roads.
 * - Direction: `oneway` yes/true/1 → forward, -1/reverse → backward, no → both; roundabouts
 *   (`junction=roundabout|circular`) and motorways are oneway unless `oneway=no`;
 *   `oneway=reversible` (time-dependent) is left out, as OSRM does.
 * - Speed: `maxspeed` in km/h (mph converted, `CC:urban|rural|motorway|living_street` zones,
 *   `walk`), else the class default (road-attributes.ts); `none` means the class default.
 * - Flags: toll, ferry, unpaved (`surface` unpaved kinds, `tracktype` grade2–5, tracks without a
 *   surface), motorway (motorway and its links), tunnel, bridge, roundabout.
 */
import { DEFAULT_SPEED_KMH, LINK_DIRECTION, LINK_FLAG, ROAD_CLASS } from '../graph/road-attributes';

export type TagGetter = (key: string) => string | undefined;

export interface RoadTags {
  roadClass: number;
  /** `LINK_DIRECTION` code. */
  direction: number;
  speedKmh: number;
  /** `LINK_FLAG` bits. */
  flags: number;
}

const HIGHWAY_CLASS: Readonly<Record<string, number>> = {
  motorway: ROAD_CLASS.MOTORWAY, motorway_link: ROAD_CLASS.MOTORWAY_LINK,
  trunk: ROAD_CLASS.TRUNK, trunk_link: ROAD_CLASS.TRUNK_LINK,
  primary: ROAD_CLASS.PRIMARY, primary_link: ROAD_CLASS.PRIMARY_LINK,
  secondary: ROAD_CLASS.SECONDARY, secondary_link: ROAD_CLASS.SECONDARY_LINK,
  tertiary: ROAD_CLASS.TERTIARY, tertiary_link: ROAD_CLASS.TERTIARY_LINK,
  unclassified: ROAD_CLASS.UNCLASSIFIED, residential: ROAD_CLASS.RESIDENTIAL,
  living_street: ROAD_CLASS.LIVING_STREET, service: ROAD_CLASS.SERVICE,
  track: ROAD_CLASS.TRACK, road: ROAD_CLASS.ROAD,
};

/** Access values that keep cars out. */
const CLOSED_ACCESS = new Set(['no', 'private', 'agricultural', 'forestry', 'emergency', 'military', 'use_sidepath', 'psv', 'bus', 'official', 'disabled']);
/** Access values that let cars in only to reach a place. */
const DESTINATION_ACCESS = new Set(['destination', 'delivery', 'customers']);
/** Access values that open a track to cars. */
const OPEN_ACCESS = new Set(['yes', 'permissive', 'designated', 'destination']);

const UNPAVED_SURFACES = new Set([
  'unpaved', 'compacted', 'dirt', 'earth', 'gravel', 'fine_gravel', 'sand', 'grass', 'ground', 'pebblestone', 'mud', 'clay',
  'dirt/sand', 'soil', 'rock', 'woodchips', 'grass_paver', 'salt', 'snow', 'ice',
]);
const PAVED_SURFACES = new Set(['paved', 'asphalt', 'concrete', 'concrete:lanes', 'concrete:plates', 'paving_stones', 'sett', 'cobblestone', 'metal', 'wood', 'chipseal']);

/** Zone speeds for `maxspeed=CC:zone` (km/h). */
const ZONE_SPEED_KMH: Readonly<Record<string, number>> = { urban: 50, rural: 90, motorway: 120, trunk: 110, living_street: 20, walk: 6, zone30: 30, zone20: 20 };

/** The most specific access value for cars, or undefined when no tag says anything. */
export function carAccess(tag: TagGetter): string | undefined {
  return tag('motorcar') ?? tag('motor_vehicle') ?? tag('vehicle') ?? tag('access');
}

/** How a car may use a way with these tags, or null when it may not (see the module comment). */
export function classifyRoad(tag: TagGetter): RoadTags | null {
  const highway = tag('highway');
  let roadClass: number | undefined;
  if (highway !== undefined) roadClass = HIGHWAY_CLASS[highway];
  const ferry = roadClass === undefined && tag('route') === 'ferry';
  if (ferry) roadClass = ROAD_CLASS.FERRY;
  if (roadClass === undefined) return null;
  if (tag('area') === 'yes') return null;
  if (roadClass === ROAD_CLASS.SERVICE && tag('service') === 'emergency_access') return null;

  const access = firstValue(carAccess(tag));
  let flags = 0;
  if (access !== undefined) {
    if (CLOSED_ACCESS.has(access)) return null;
    if (DESTINATION_ACCESS.has(access)) flags |= LINK_FLAG.DESTINATION_ONLY;
  }
  if (roadClass === ROAD_CLASS.TRACK && !(access !== undefined && OPEN_ACCESS.has(access))) return null;
  if (ferry && (firstValue(tag('motorcar') ?? tag('motor_vehicle')) === 'no')) return null;

  const junction = tag('junction');
  const roundabout = junction === 'roundabout' || junction === 'circular';
  const oneway = tag('oneway');
  let direction: number = LINK_DIRECTION.BOTH;
  if (oneway === 'reversible') return null;
  if (oneway === 'yes' || oneway === 'true' || oneway === '1') direction = LINK_DIRECTION.FORWARD;
  else if (oneway === '-1' || oneway === 'reverse') direction = LINK_DIRECTION.BACKWARD;
  else if (oneway !== 'no' && oneway !== 'false' && oneway !== '0'
    && (roundabout || roadClass === ROAD_CLASS.MOTORWAY || roadClass === ROAD_CLASS.MOTORWAY_LINK)) direction = LINK_DIRECTION.FORWARD;

  if (ferry) flags |= LINK_FLAG.FERRY;
  if (roundabout) flags |= LINK_FLAG.ROUNDABOUT;
  if (roadClass === ROAD_CLASS.MOTORWAY || roadClass === ROAD_CLASS.MOTORWAY_LINK) flags |= LINK_FLAG.MOTORWAY;
  if (tag('toll') === 'yes' || tag('toll:motorcar') === 'yes') flags |= LINK_FLAG.TOLL;
  const tunnel = tag('tunnel');
  if (tunnel !== undefined && tunnel !== 'no') flags |= LINK_FLAG.TUNNEL;
  const bridge = tag('bridge');
  if (bridge !== undefined && bridge !== 'no') flags |= LINK_FLAG.BRIDGE;
  if (isUnpaved(tag, roadClass)) flags |= LINK_FLAG.UNPAVED;

  const speed = parseMaxspeedKmh(tag('maxspeed:forward') ?? tag('maxspeed'));
  return { roadClass, direction, speedKmh: speed ?? DEFAULT_SPEED_KMH[roadClass], flags };
}

function isUnpaved(tag: TagGetter, roadClass: number): boolean {
  const surface = tag('surface');
  if (surface !== undefined) {
    if (UNPAVED_SURFACES.has(surface)) return true;
    if (PAVED_SURFACES.has(surface)) return false;
  }
  const grade = tag('tracktype');
  if (grade !== undefined) return grade !== 'grade1';
  return roadClass === ROAD_CLASS.TRACK;
}

function firstValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const semicolon = value.indexOf(';');
  return (semicolon < 0 ? value : value.slice(0, semicolon)).trim();
}

/**
 * A `maxspeed` value in km/h: "50", "30 mph", "FR:urban", "walk"; undefined for "none",
 * "signals", "variable" and anything unreadable (the class default then applies).
 */
export function parseMaxspeedKmh(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = firstValue(value) ?? '';
  const numeric = /^(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh|kph)?$/i.exec(text);
  if (numeric) {
    const n = Number(numeric[1]) * (numeric[2]?.toLowerCase() === 'mph' ? 1.609344 : 1);
    return n >= 1 ? Math.min(255, n) : undefined;
  }
  if (text === 'walk') return ZONE_SPEED_KMH.walk;
  const zone = /^[A-Z]{2}:(\w+)$/.exec(text);
  if (zone) return ZONE_SPEED_KMH[zone[1]];
  return undefined;
}
