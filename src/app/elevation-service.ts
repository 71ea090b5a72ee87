/**
 * Elevation for the open drive, from whichever DEM the scout has: SRTM `.hgt`/`.hgt.zip` files
 * loaded from disk (offline) first, then online terrain-RGB tiles (a setting). Segment profiles
 * are sampled every 50 m (scoring spec §3.3) and cached by route-cache key, so an edit samples only
 * touched segments. Tiles load asynchronously; `version` bumps whenever new data can change
 * results, and subscribers re-render.
 */
import { HgtDemSource, sampleProfileEvery, type AsyncDemSource, type DemSource, type ElevationProfile } from '../core/elevation';
import type { LonLatArray } from '../core/units';

export const ELEVATION_STEP_METERS = 50;

export class ElevationService {
  private readonly hgt = new HgtDemSource({ voidMode: 'fill' });
  private hgtTileCount = 0;
  private terrain: AsyncDemSource | null = null;
  private readonly profiles = new Map<string, ElevationProfile>();
  private readonly loading = new Set<string>();
  /** Keys whose tiles failed to load; not retried until the DEM setup changes (no request storm offline). */
  private readonly failed = new Set<string>();
  private reported = false;
  private readonly listeners = new Set<() => void>();
  version = 0;
  /** Last problem loading tiles, for a notice. */
  onError: (message: string) => void = () => undefined;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private changed(): void {
    this.version++;
    this.profiles.clear();
    this.failed.clear();
    this.reported = false;
    for (const l of this.listeners) l();
  }

  get hasData(): boolean {
    return this.hgtTileCount > 0 || this.terrain !== null;
  }

  /** Adds SRTM tiles; returns the names added. Throws with a user-facing message on a bad file. */
  async addHgtFiles(files: readonly { name: string; arrayBuffer(): Promise<ArrayBuffer> }[]): Promise<string[]> {
    const added: string[] = [];
    for (const file of files) {
      this.hgt.addTile(new Uint8Array(await file.arrayBuffer()), file.name);
      added.push(file.name);
    }
    this.hgtTileCount += added.length;
    if (added.length) this.changed();
    return added;
  }

  setTerrainSource(source: AsyncDemSource | null): void {
    this.terrain = source;
    this.changed();
  }

  /**
   * The 50 m elevation profile of a segment, or null while its tiles are loading or when no DEM
   * covers it. Starts loading terrain tiles on a miss; subscribers hear when they arrive.
   */
  profileFor(key: string, coords: LonLatArray): ElevationProfile | null {
    const cached = this.profiles.get(key);
    if (cached) return cached;
    if (this.hgtTileCount > 0) {
      const profile = sampleProfileEvery(this.hgt, coords, ELEVATION_STEP_METERS);
      if (hasAnyHeight(profile)) {
        this.profiles.set(key, profile);
        return profile;
      }
    }
    const terrain = this.terrain;
    if (!terrain || this.failed.has(key)) return null;
    if (!this.loading.has(key)) {
      this.loading.add(key);
      terrain.ensureCoverage(coords).then(
        () => {
          this.loading.delete(key);
          this.profiles.set(key, sampleProfileEvery(terrain as DemSource, coords, ELEVATION_STEP_METERS));
          this.version++;
          for (const l of this.listeners) l();
        },
        (err: unknown) => {
          this.loading.delete(key);
          this.failed.add(key);
          // One report per DEM setup: offline, every new segment would fail the same way.
          if (!this.reported) { this.reported = true; this.onError(err instanceof Error ? err.message : String(err)); }
        },
      );
    }
    return null;
  }
}

function hasAnyHeight(profile: ElevationProfile): boolean {
  const e = profile.elevationMeters;
  for (let i = 0; i < e.length; i++) if (!Number.isNaN(e[i])) return true;
  return false;
}
