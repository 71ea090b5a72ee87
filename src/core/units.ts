/**
 * Units and coordinate orders as types. Numbers that carry a unit are branded so that mixing
 * metres with seconds, or degrees with radians, is a compile error rather than a silent bug.
 * Brands cost nothing at run time: a `Meters` is a plain number.
 */

/** A length in metres. */
export type Meters = number & { readonly __unit: 'm' };
/** A duration in seconds. */
export type Seconds = number & { readonly __unit: 's' };
/** An angle in degrees. */
export type Degrees = number & { readonly __unit: 'deg' };
/** An angle in radians. */
export type Radians = number & { readonly __unit: 'rad' };

/** A WGS84 position in GeoJSON order: longitude first, then latitude, both in degrees. */
export type LonLat = readonly [lon: number, lat: number];

export const meters = (n: number): Meters => n as Meters;
export const seconds = (n: number): Seconds => n as Seconds;
export const degrees = (n: number): Degrees => n as Degrees;
export const radians = (n: number): Radians => n as Radians;

/**
 * A polyline as interleaved coordinates `[lon0, lat0, lon1, lat1, …]` in degrees.
 * This is the one canonical route geometry in Switchback: it crosses worker boundaries as a
 * transferable, is stored in IndexedDB as is, and becomes GeoJSON only at the map and export edges.
 */
export type LonLatArray = Float64Array;
