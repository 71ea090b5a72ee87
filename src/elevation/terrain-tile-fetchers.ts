/**
 * Browser adapters that fetch terrain data over HTTP: `{z}/{x}/{y}` URL templates and byte
 * ranges of a PMTiles archive. Both return plain bytes; decoding happens in the core's
 * `TerrainTileSource` through the injected image decoder.
 */
import type { ByteRangeReader } from '../core/elevation/pmtiles-archive';
import type { TerrainTileFetcher } from '../core/elevation/terrain-tile-source';

type FetchFunction = (input: string, init?: RequestInit) => Promise<Response>;

/** Throws when a URL template lacks one of the `{z}`, `{x}`, `{y}` placeholders. */
export function checkTileUrlTemplate(template: string): void {
  const missing = ['{z}', '{x}', '{y}'].filter((part) => !template.includes(part));
  if (missing.length > 0) {
    throw new Error(`The terrain tile URL "${template}" has no ${missing.join(', ')}; write it like https://example.com/terrain/{z}/{x}/{y}.webp`);
  }
}

/** Fills a `{z}/{x}/{y}` template (`{-y}` gives the TMS row, 2^z − 1 − y). */
export function tileUrl(template: string, z: number, x: number, y: number): string {
  return template
    .replaceAll('{z}', String(z))
    .replaceAll('{x}', String(x))
    .replaceAll('{-y}', String(2 ** z - 1 - y))
    .replaceAll('{y}', String(y));
}

/**
 * A `TerrainTileFetcher` for an XYZ URL template. HTTP 404 and 204 mean "no tile here"
 * (resolves null, the source answers NaN); other HTTP errors reject with the status.
 */
export function urlTemplateTileFetcher(template: string, fetchImpl: FetchFunction = fetch): TerrainTileFetcher {
  if (!template.includes('{-y}')) checkTileUrlTemplate(template);
  return async (z, x, y, signal) => {
    const url = tileUrl(template, z, x, y);
    const response = await fetchImpl(url, { signal });
    if (response.status === 404 || response.status === 204) return null;
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText} for ${url}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}

/**
 * A `ByteRangeReader` over HTTP range requests. A server that ignores `Range` (answers 200
 * with the whole file) still works: the whole body is kept and sliced from then on.
 */
export function httpRangeReader(url: string, fetchImpl: FetchFunction = fetch): ByteRangeReader {
  let wholeFile: Uint8Array | undefined;
  return async (offset, length, signal) => {
    if (wholeFile) return wholeFile.subarray(offset, offset + length);
    const response = await fetchImpl(url, { signal, headers: { Range: `bytes=${offset}-${offset + length - 1}` } });
    if (response.status === 416) return new Uint8Array(0);
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText} for ${url}`);
    const body = new Uint8Array(await response.arrayBuffer());
    if (response.status === 200) {
      wholeFile = body;
      return body.subarray(offset, offset + length);
    }
    return body;
  };
}
