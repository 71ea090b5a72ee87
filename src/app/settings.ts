/** User settings, persisted in IndexedDB; defaults come from the build environment where set. */

import type { DistanceUnits } from '../core/format';
export type { DistanceUnits };

export interface Settings {
  /** URL of a MapLibre style JSON; online by default, needs no API key. */
  basemapStyleUrl: string;
  /** Base URL of an OSRM-compatible server (`/route/v1/driving/...` is appended). */
  osrmBaseUrl: string;
  distanceUnits: DistanceUnits;
  /** Terrain-RGB tiles (terrarium) for elevation when no SRTM file covers the drive; '' turns them off. */
  terrainTilesUrl: string;
  /** Overpass API interpreter for scenic features online. */
  overpassUrl: string;
}

export const DEFAULT_BASEMAP_STYLE_URL: string = import.meta.env.VITE_BASEMAP_STYLE || 'https://tiles.openfreemap.org/styles/liberty';
export const DEFAULT_OSRM_BASE_URL: string = import.meta.env.VITE_OSRM_URL || 'https://router.project-osrm.org';

export const DEFAULT_TERRAIN_TILES_URL: string = import.meta.env.VITE_TERRAIN_TILES ?? 'https://s3.amazonaws.com/elevation-tiles-prod/terrarium/{z}/{x}/{y}.png';
export const DEFAULT_OVERPASS_URL: string = import.meta.env.VITE_OVERPASS_URL || 'https://overpass-api.de/api/interpreter';

export const defaultSettings: Settings = {
  basemapStyleUrl: DEFAULT_BASEMAP_STYLE_URL,
  osrmBaseUrl: DEFAULT_OSRM_BASE_URL,
  distanceUnits: 'km',
  terrainTilesUrl: DEFAULT_TERRAIN_TILES_URL,
  overpassUrl: DEFAULT_OVERPASS_URL,
};

/** Keeps only known keys with values of the right type, so a damaged record cannot break the app. */
export function sanitizeSettings(raw: Partial<Record<keyof Settings, unknown>> | undefined): Settings {
  const s = { ...defaultSettings };
  if (raw && typeof raw.basemapStyleUrl === 'string' && raw.basemapStyleUrl.trim()) s.basemapStyleUrl = raw.basemapStyleUrl.trim();
  if (raw && typeof raw.osrmBaseUrl === 'string' && raw.osrmBaseUrl.trim()) s.osrmBaseUrl = raw.osrmBaseUrl.trim();
  if (raw && (raw.distanceUnits === 'km' || raw.distanceUnits === 'mi')) s.distanceUnits = raw.distanceUnits;
  if (raw && typeof raw.terrainTilesUrl === 'string') s.terrainTilesUrl = raw.terrainTilesUrl.trim();
  if (raw && typeof raw.overpassUrl === 'string' && raw.overpassUrl.trim()) s.overpassUrl = raw.overpassUrl.trim();
  return s;
}
