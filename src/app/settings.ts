/** User settings, persisted in IndexedDB; defaults come from the build environment where set. */

import type { DistanceUnits } from '../core/format';
export type { DistanceUnits };

export interface Settings {
  /** URL of a MapLibre style JSON; online by default, needs no API key. */
  basemapStyleUrl: string;
  /** Base URL of an OSRM-compatible server (`/route/v1/driving/...` is appended). */
  osrmBaseUrl: string;
  distanceUnits: DistanceUnits;
}

export const DEFAULT_BASEMAP_STYLE_URL: string = import.meta.env.VITE_BASEMAP_STYLE || 'https://tiles.openfreemap.org/styles/liberty';
export const DEFAULT_OSRM_BASE_URL: string = import.meta.env.VITE_OSRM_URL || 'https://router.project-osrm.org';

export const defaultSettings: Settings = {
  basemapStyleUrl: DEFAULT_BASEMAP_STYLE_URL,
  osrmBaseUrl: DEFAULT_OSRM_BASE_URL,
  distanceUnits: 'km',
};

/** Keeps only known keys with values of the right type, so a damaged record cannot break the app. */
export function sanitizeSettings(raw: Partial<Record<keyof Settings, unknown>> | undefined): Settings {
  const s = { ...defaultSettings };
  if (raw && typeof raw.basemapStyleUrl === 'string' && raw.basemapStyleUrl.trim()) s.basemapStyleUrl = raw.basemapStyleUrl.trim();
  if (raw && typeof raw.osrmBaseUrl === 'string' && raw.osrmBaseUrl.trim()) s.osrmBaseUrl = raw.osrmBaseUrl.trim();
  if (raw && (raw.distanceUnits === 'km' || raw.distanceUnits === 'mi')) s.distanceUnits = raw.distanceUnits;
  return s;
}
