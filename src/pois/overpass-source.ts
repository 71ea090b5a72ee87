/**
 * `PoiSource` over an Overpass API server (the URL is a setting; default the main public
 * instance). Thin: rounds the bbox outward to a grid so nearby requests share one answer, serves
 * it from the IndexedDB cache when fresh, else POSTs the query from `buildOverpassQuery`, bounds
 * the request in time, and maps every failure to an `OverpassError` whose message tells the user
 * what to do. Parsing is `parseOverpassJson` in the core.
 */
import type { LonLatBbox } from '../core/elevation/dem-source';
import { buildOverpassQuery, parseOverpassJson } from '../core/pois/overpass';
import type { PoiSet } from '../core/pois/poi-set';
import { PoiSourceError, type PoiSource } from '../core/pois/poi-source';
import { DexiePoiCache, type PoiCache } from './poi-cache';

export const DEFAULT_OVERPASS_URL = 'https://overpass-api.de/api/interpreter';

/** The message shown when the server cannot be reached at all. */
export const OVERPASS_UNREACHABLE_MESSAGE =
  'Overpass server unreachable: scenic features unavailable. Load an OSM extract (.osm.pbf) for offline scenic scores.';

export type OverpassErrorKind = 'unreachable' | 'timeout' | 'busy' | 'http' | 'bad-response' | 'too-large' | 'aborted';

export class OverpassError extends PoiSourceError {
  constructor(readonly kind: OverpassErrorKind, message: string, readonly status?: number) {
    super(message);
    this.name = 'OverpassError';
  }
}

export interface OverpassPoiSourceOptions {
  /** Interpreter endpoint, e.g. `https://overpass-api.de/api/interpreter`. */
  url?: string;
  /** Whole-request limit (default 90 000 ms); the query asks the server for a little less. */
  timeoutMs?: number;
  /** Bboxes are rounded outward to multiples of this many degrees (default 0.05°, ~5 km) before fetching and caching. */
  gridDegrees?: number;
  /** Cached answers older than this are fetched again (default 30 days). */
  maxAgeMs?: number;
  /** Largest area fetched in one request, in square degrees (default 4: Overpass times out on more). */
  maxAreaSquareDegrees?: number;
  /** Cache (default a `DexiePoiCache`); null disables caching. */
  cache?: PoiCache | null;
  /** Injected for tests; default the global `fetch`. */
  fetch?: typeof fetch;
  /** Clock for cache ages; default `Date.now`. */
  now?: () => number;
}

export class OverpassPoiSource implements PoiSource {
  readonly url: string;
  private readonly timeoutMs: number;
  private readonly gridDegrees: number;
  private readonly maxAgeMs: number;
  private readonly maxArea: number;
  private readonly cache: PoiCache | null;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;

  constructor(options: OverpassPoiSourceOptions = {}) {
    this.url = options.url ?? DEFAULT_OVERPASS_URL;
    this.timeoutMs = options.timeoutMs ?? 90_000;
    this.gridDegrees = options.gridDegrees ?? 0.05;
    this.maxAgeMs = options.maxAgeMs ?? 30 * 24 * 3600 * 1000;
    this.maxArea = options.maxAreaSquareDegrees ?? 4;
    this.cache = options.cache === undefined ? new DexiePoiCache() : options.cache;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? Date.now;
  }

  /** The cache key of a (rounded) bbox. */
  cacheKey(rounded: LonLatBbox): string {
    return `${this.url}|${rounded.map((v) => v.toFixed(6)).join(',')}`;
  }

  async loadPois(bbox: LonLatBbox, signal?: AbortSignal): Promise<PoiSet> {
    if (signal?.aborted) throw aborted();
    if (!bbox.every(Number.isFinite) || bbox[0] > bbox[2] || bbox[1] > bbox[3]) {
      throw new OverpassError('bad-response', `Cannot load scenic features for the area [${bbox.join(', ')}]: it is not a valid [west, south, east, north] box.`);
    }
    const rounded = roundBboxOutward(bbox, this.gridDegrees);
    const area = (rounded[2] - rounded[0]) * (rounded[3] - rounded[1]);
    if (area > this.maxArea) {
      throw new OverpassError('too-large', `The area is too large for one Overpass request (${area.toFixed(1)} square degrees, at most ${this.maxArea}). Score the drive leg by leg, or load an OSM extract (.osm.pbf) of the region.`);
    }
    const key = this.cacheKey(rounded);
    const cached = await this.readCache(key);
    if (cached) return cached;
    const pois = await this.fetchPois(rounded, signal);
    await this.writeCache({ key, url: this.url, bbox: rounded, fetchedAt: this.now(), pois });
    return pois;
  }

  private async fetchPois(bbox: LonLatBbox, signal?: AbortSignal): Promise<PoiSet> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onCallerAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    const failure = (error: unknown): PoiSourceError => {
      if (error instanceof PoiSourceError) return error;
      if (timedOut) {
        return new OverpassError('timeout', `Overpass server did not answer within ${(this.timeoutMs / 1000).toFixed(this.timeoutMs < 10_000 ? 1 : 0)} s: scenic features unavailable. Try again later, or load an OSM extract (.osm.pbf) for offline scenic scores.`);
      }
      if (signal?.aborted) return aborted();
      return new OverpassError('unreachable', OVERPASS_UNREACHABLE_MESSAGE);
    };
    try {
      // The server's own limit is a little below ours, so it reports a timeout instead of being cut off.
      const query = buildOverpassQuery(bbox, Math.max(5, this.timeoutMs / 1000 - 5));
      const response = await this.fetchImpl(this.url, {
        method: 'POST',
        signal: controller.signal,
        headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `data=${encodeURIComponent(query)}`,
      });
      const body = await response.text();
      if (response.status === 429 || response.status === 504) {
        throw new OverpassError('busy', `Overpass server is busy (HTTP ${response.status}): scenic features unavailable. Wait a minute and try again, or load an OSM extract (.osm.pbf) for offline scenic scores.`, response.status);
      }
      if (!response.ok) {
        throw new OverpassError('http', `Overpass server answered HTTP ${response.status}${response.statusText ? ` (${response.statusText})` : ''}: scenic features unavailable. Check the Overpass URL in Settings, or load an OSM extract (.osm.pbf) for offline scenic scores.`, response.status);
      }
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        throw new OverpassError('bad-response', `The Overpass server at ${this.url} sent an answer that is not JSON. Check the Overpass URL in Settings, or load an OSM extract (.osm.pbf) for offline scenic scores.`);
      }
      return parseOverpassJson(json, bbox);
    } catch (error) {
      throw failure(error);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  /** A fresh cached set, or undefined. A broken cache (private mode, quota) only costs a fetch. */
  private async readCache(key: string): Promise<PoiSet | undefined> {
    if (!this.cache) return undefined;
    try {
      const record = await this.cache.get(key);
      return record && this.now() - record.fetchedAt <= this.maxAgeMs ? record.pois : undefined;
    } catch {
      return undefined;
    }
  }

  private async writeCache(record: Parameters<PoiCache['put']>[0]): Promise<void> {
    try {
      await this.cache?.put(record);
    } catch {
      // Not cached this time; the answer is still good.
    }
  }
}

/** `bbox` grown outward to multiples of `gridDegrees` (unchanged for a non-positive grid). */
export function roundBboxOutward(bbox: LonLatBbox, gridDegrees: number): LonLatBbox {
  if (!(gridDegrees > 0)) return bbox;
  // Rounding the quotient first keeps an edge already on the grid where it is (0.15 / 0.05 = 2.9999…).
  // … and rounding the product drops float noise (851 × 0.05 = 42.550000000000004).
  const down = (v: number): number => Number((Math.floor(Number((v / gridDegrees).toFixed(9))) * gridDegrees).toFixed(9));
  const up = (v: number): number => Number((Math.ceil(Number((v / gridDegrees).toFixed(9))) * gridDegrees).toFixed(9));
  const clampLat = (v: number): number => Math.max(-90, Math.min(90, v));
  return [Math.max(-180, down(bbox[0])), clampLat(down(bbox[1])), Math.min(180, up(bbox[2])), clampLat(up(bbox[3]))];
}

function aborted(): OverpassError {
  return new OverpassError('aborted', 'Loading scenic features was cancelled.');
}
