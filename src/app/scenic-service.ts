/**
 * Scenic features for the open drive (from an OSM extract the scout opened, or Overpass) and the
 * scenic score of each leg. Leg scores are cached by the leg's segment keys, so an edit re-scores
 * only the legs it touched.
 */
import { scoreScenic, type ScenicScore } from '../core/scenic';
import { POI_PASS, POI_PEAK, POI_SADDLE, POI_VIEWPOINT, POI_OBSERVATION_TOWER, poisNearLine, type PoiSet } from '../core/pois';

/** Point kinds marked on the map near the route. */
const MARKED_KINDS = new Set([POI_VIEWPOINT, POI_OBSERVATION_TOWER, POI_PEAK, POI_PASS, POI_SADDLE]);
import type { LonLatArray } from '../core/units';

export class ScenicService {
  private pois: PoiSet | null = null;
  private sourceName = '';
  private readonly cache = new Map<string, ScenicScore>();
  private readonly listeners = new Set<() => void>();
  version = 0;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get hasData(): boolean {
    return this.pois !== null;
  }

  get source(): string {
    return this.sourceName;
  }

  get poiSet(): PoiSet | null {
    return this.pois;
  }

  setPois(pois: PoiSet | null, sourceName: string): void {
    this.pois = pois;
    this.sourceName = sourceName;
    this.cache.clear();
    this.version++;
    for (const l of this.listeners) l();
  }

  /** Scenic score of a leg given as its concatenated line; `cacheKey` names the leg's content. */
  scoreLeg(cacheKey: string, line: LonLatArray): ScenicScore | null {
    if (!this.pois || line.length < 4) return null;
    const hit = this.cache.get(cacheKey);
    if (hit) return hit;
    const score = scoreScenic(line, this.pois);
    this.cache.set(cacheKey, score);
    if (this.cache.size > 200) this.cache.delete(this.cache.keys().next().value as string);
    return score;
  }

  /** Indices of viewpoints, peaks and passes within `maxMeters` of the line (for map markers). */
  pointsNear(line: LonLatArray, maxMeters: number): number[] {
    if (!this.pois || line.length < 4) return [];
    return Array.from(poisNearLine(this.pois, line, maxMeters, (kind) => MARKED_KINDS.has(kind)).index);
  }
}
