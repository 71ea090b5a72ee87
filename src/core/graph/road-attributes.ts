/**
 * Codes stored per road link in the region pack: highway class, a flag bitfield and travel
 * directions. They are part of the pack format: changing a value needs a new format version.
 */

/** Highway class of a link (`highway=*`, plus `FERRY` for `route=ferry`). One byte per link. */
export const ROAD_CLASS = {
  MOTORWAY: 0,
  MOTORWAY_LINK: 1,
  TRUNK: 2,
  TRUNK_LINK: 3,
  PRIMARY: 4,
  PRIMARY_LINK: 5,
  SECONDARY: 6,
  SECONDARY_LINK: 7,
  TERTIARY: 8,
  TERTIARY_LINK: 9,
  UNCLASSIFIED: 10,
  RESIDENTIAL: 11,
  LIVING_STREET: 12,
  SERVICE: 13,
  TRACK: 14,
  /** `highway=road` and anything drivable of unknown class. */
  ROAD: 15,
  FERRY: 16,
} as const;
export type RoadClass = (typeof ROAD_CLASS)[keyof typeof ROAD_CLASS];
export const ROAD_CLASS_COUNT = 17;

/** OSM `highway=*` value of each class code (`ferry` for FERRY), for step names and debugging. */
export const ROAD_CLASS_NAMES: readonly string[] = [
  'motorway', 'motorway_link', 'trunk', 'trunk_link', 'primary', 'primary_link', 'secondary', 'secondary_link',
  'tertiary', 'tertiary_link', 'unclassified', 'residential', 'living_street', 'service', 'track', 'road', 'ferry',
];

/**
 * Speed assumed when a way has no usable `maxspeed`, per class (km/h). Rural European defaults,
 * a little under the legal limit, as OSRM's car profile does; the pack builder applies them.
 */
export const DEFAULT_SPEED_KMH: readonly number[] = [
  110, 60, 90, 50, 70, 45, 60, 40, 50, 35, 40, 30, 10, 20, 15, 30, 10,
];

/** Default speed for a class code; unknown codes get the `ROAD` speed. */
export function defaultSpeedKmh(roadClass: number): number {
  return DEFAULT_SPEED_KMH[roadClass] ?? DEFAULT_SPEED_KMH[ROAD_CLASS.ROAD];
}

/** Bits of a link's `flags` (Uint16). */
export const LINK_FLAG = {
  TOLL: 1 << 0,
  FERRY: 1 << 1,
  /** `surface` or `tracktype` says the road is not paved. */
  UNPAVED: 1 << 2,
  /** Motorway or motorway_link: what "avoid motorways" avoids. */
  MOTORWAY: 1 << 3,
  TUNNEL: 1 << 4,
  BRIDGE: 1 << 5,
  ROUNDABOUT: 1 << 6,
  /** `access` / `motor_vehicle` = destination, delivery, private, customers: usable, but only to reach a place. */
  DESTINATION_ONLY: 1 << 7,
} as const;

/** Which ways a link may be driven, relative to its geometry (from → to). */
export const LINK_DIRECTION = {
  /** Only from → to (`oneway=yes`, roundabouts, motorways). */
  FORWARD: 1,
  /** Only to → from (`oneway=-1`). */
  BACKWARD: 2,
  BOTH: 3,
} as const;
