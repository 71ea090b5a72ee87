/**
 * User settings kept in the `settings` table, one record per key. Each key has a validator: a
 * value that fails it (damaged, or written by another release) reads back as "not set", so the app
 * falls back to its default instead of crashing on, say, an unparsable URL.
 */

export type DistanceUnits = 'km' | 'mi';

export interface Settings {
  /** MapLibre style JSON URL of the basemap. */
  basemapStyleUrl: string;
  /** Base URL of the OSRM server (`…/route/v1/driving/…` is appended by the router). */
  osrmBaseUrl: string;
  distanceUnits: DistanceUnits;
  /** XYZ URL template of terrain-RGB tiles (terrarium encoding), or '' for none. */
  terrainTilesUrl: string;
  /** Overpass API interpreter URL for online scenic features. */
  overpassUrl: string;
  /** The drive to reopen on start; `null` when none. */
  lastOpenedDriveId: string | null;
}

export type SettingKey = keyof Settings;

function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    const url = new URL(v);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Returns `null` when `value` is acceptable for `key`, or a reason. */
export const SETTING_VALIDATORS: { readonly [K in SettingKey]: (value: unknown) => string | null } = {
  basemapStyleUrl: (v) => (isHttpUrl(v) ? null : 'basemap style URL must be an http(s) URL'),
  osrmBaseUrl: (v) => (isHttpUrl(v) ? null : 'OSRM base URL must be an http(s) URL'),
  distanceUnits: (v) => (v === 'km' || v === 'mi' ? null : "distance units must be 'km' or 'mi'"),
  terrainTilesUrl: (v) => (v === '' || isHttpUrl(v) ? null : 'terrain tiles URL must be an http(s) URL template or empty'),
  overpassUrl: (v) => (isHttpUrl(v) ? null : 'Overpass URL must be an http(s) URL'),
  lastOpenedDriveId: (v) => (v === null || (typeof v === 'string' && v.length > 0) ? null : 'last opened drive id must be a non-empty string or null'),
};

export const SETTING_KEYS = Object.keys(SETTING_VALIDATORS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTING_VALIDATORS, key);
}
