/**
 * The OSRM `/route/v1` response model (https://project-osrm.org/docs/v5.24.0/api/#responses).
 * Every Switchback router emits this shape, so osrm-text-instructions turns any route's steps
 * into sentences ("Take the 2nd exit onto CG-2") whatever engine produced it.
 * Fields we never read are still typed loosely so real responses parse without loss.
 */
import type { LonLat } from '../units';

export type OsrmManeuverType =
  | 'depart' | 'arrive' | 'turn' | 'new name' | 'continue' | 'merge' | 'on ramp' | 'off ramp' | 'fork'
  | 'end of road' | 'use lane' | 'roundabout' | 'rotary' | 'roundabout turn' | 'exit roundabout'
  | 'exit rotary' | 'notification';

export type OsrmModifier =
  | 'uturn' | 'sharp right' | 'right' | 'slight right' | 'straight' | 'slight left' | 'left' | 'sharp left';

export interface OsrmManeuver {
  /** Where the maneuver happens, `[lon, lat]`. */
  location: LonLat;
  bearing_before: number;
  bearing_after: number;
  type: OsrmManeuverType;
  modifier?: OsrmModifier;
  /** Roundabout exit number (1-based), on roundabout/rotary maneuvers. */
  exit?: number;
}

export interface OsrmIntersection {
  location: LonLat;
  bearings: number[];
  entry: boolean[];
  in?: number;
  out?: number;
  classes?: string[];
  /** Turn lanes at this intersection; osrm-text-instructions reads them for `use lane` steps. */
  lanes?: OsrmLane[];
}

export interface OsrmLane {
  /** e.g. `['left']`, `['straight', 'right']`, `['none']`. */
  indications: string[];
  /** Whether the lane leads onto the route. */
  valid: boolean;
}

export interface OsrmStep {
  /** Metres of this step. */
  distance: number;
  /** Seconds of this step. */
  duration: number;
  weight?: number;
  name: string;
  ref?: string;
  destinations?: string;
  exits?: string;
  rotary_name?: string;
  mode: string;
  driving_side?: 'left' | 'right';
  maneuver: OsrmManeuver;
  intersections?: OsrmIntersection[];
  /** Encoded polyline or GeoJSON as returned by the server; routers in Switchback may omit it. */
  geometry?: string | { type: 'LineString'; coordinates: number[][] };
}

export interface OsrmLeg {
  distance: number;
  duration: number;
  weight?: number;
  summary: string;
  steps: OsrmStep[];
  annotation?: Record<string, unknown>;
}

export interface OsrmRoute {
  distance: number;
  duration: number;
  weight?: number;
  weight_name?: string;
  geometry?: string | { type: 'LineString'; coordinates: number[][] };
  legs: OsrmLeg[];
}

export interface OsrmWaypoint {
  name: string;
  location: LonLat;
  distance?: number;
  hint?: string;
}

export interface OsrmRouteResponse {
  code?: string;
  message?: string;
  routes?: OsrmRoute[];
  waypoints?: OsrmWaypoint[];
}
