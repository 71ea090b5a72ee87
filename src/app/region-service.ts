/**
 * The open region: its local router (running in a worker), its curvy roads and its scenic
 * features. Opening a region makes the `local` router available to the planner, feeds the
 * scenery service (scores, offline basemap) and lists the region's curvy roads.
 */
import type { PoiSet } from '../core/pois';
import type { Router } from '../core/routing/router';
import type { LonLat } from '../core/units';
import type { Planner } from './planner';
import type { ScenicService } from './scenic-service';

/** A proposed loop: its waypoints (start … start), routed geometry and totals. */
export interface RoundTripProposal {
  waypoints: LonLat[];
  coords: Float64Array;
  distanceMeters: number;
  durationSeconds: number;
  overlapShare: number;
}

export interface RoundTripRequest {
  start: LonLat;
  targetMeters: number;
  curviness: 'fastest' | 'curvy' | 'extra-curvy';
}

/** What the app needs from a region's router worker. */
export interface RegionRouterHandle extends Router {
  curvyRoads(minCurvature: number): Promise<GeoJSON.FeatureCollection>;
  pois(): Promise<PoiSet>;
  roundTrips(request: RoundTripRequest, signal?: AbortSignal): Promise<RoundTripProposal[]>;
  dispose(): void;
}

export interface CurvyRoadProps {
  name: string;
  ref: string;
  curvature: number;
  length_m: number;
  colour: string;
}

export class RegionService {
  private handle: RegionRouterHandle | null = null;
  private regionName = '';
  private roads: GeoJSON.FeatureCollection<GeoJSON.LineString, CurvyRoadProps> = { type: 'FeatureCollection', features: [] };
  private readonly listeners = new Set<() => void>();
  version = 0;
  private readonly planner: Planner;
  private readonly scenic: ScenicService;

  constructor(planner: Planner, scenic: ScenicService) {
    this.planner = planner;
    this.scenic = scenic;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  get name(): string {
    return this.regionName;
  }

  /** Curvy roads of the open region, curviest first (empty when none is open). */
  get curvyRoads(): GeoJSON.FeatureCollection<GeoJSON.LineString, CurvyRoadProps> {
    return this.roads;
  }

  /** Switches to `handle` (a freshly opened router worker); the previous region is closed. */
  async open(handle: RegionRouterHandle, name: string): Promise<void> {
    this.close();
    this.handle = handle;
    this.regionName = name;
    this.planner.setLocalRouter(handle, name);
    const [roads, pois] = await Promise.all([handle.curvyRoads(300), handle.pois()]);
    if (this.handle !== handle) return;
    this.roads = roads as GeoJSON.FeatureCollection<GeoJSON.LineString, CurvyRoadProps>;
    this.scenic.setPois(pois, name);
    this.changed();
  }

  /** Three distinct loops from `request.start` (see proposeRoundTrips). */
  roundTrips(request: RoundTripRequest, signal?: AbortSignal): Promise<RoundTripProposal[]> {
    if (!this.handle) return Promise.reject(new Error('Open a region first: round trips use its road network.'));
    return this.handle.roundTrips(request, signal);
  }

  close(): void {
    if (!this.handle) return;
    this.handle.dispose();
    this.handle = null;
    this.regionName = '';
    this.roads = { type: 'FeatureCollection', features: [] };
    this.planner.setLocalRouter(null, null);
    this.changed();
  }
}

/**
 * Waypoints that pin a drive to a road: its start and end as via points and shaping points
 * about every `spacingMeters` in between (at most 8), so any router follows the road itself.
 */
export function waypointsAlongRoad(coordinates: readonly (readonly number[])[], lengthMeters: number, spacingMeters = 3000): { positions: [number, number][]; } {
  const n = coordinates.length;
  if (n === 0) return { positions: [] };
  const inner = Math.min(8, Math.max(0, Math.floor(lengthMeters / spacingMeters) - 1));
  const positions: [number, number][] = [[coordinates[0][0], coordinates[0][1]]];
  for (let k = 1; k <= inner; k++) {
    const c = coordinates[Math.round((k * (n - 1)) / (inner + 1))];
    positions.push([c[0], c[1]]);
  }
  if (n > 1) positions.push([coordinates[n - 1][0], coordinates[n - 1][1]]);
  return { positions };
}
