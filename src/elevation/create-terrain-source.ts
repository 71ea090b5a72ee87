/**
 * Builds the app's terrain `AsyncDemSource` from the user's terrain setting: either an XYZ
 * tile URL template or a PMTiles archive URL, both holding terrain-RGB PNG/WebP tiles.
 */
import { ElevationDataError } from '../core/elevation/dem-source';
import { PmtilesArchive } from '../core/elevation/pmtiles-archive';
import type { TerrainEncoding } from '../core/elevation/terrain-rgb';
import { TerrainTileSource } from '../core/elevation/terrain-tile-source';
import { decodeImageToRgba } from './decode-image-rgba';
import { httpRangeReader, urlTemplateTileFetcher } from './terrain-tile-fetchers';

export type TerrainSetting =
  | { kind: 'url-template'; urlTemplate: string; encoding: TerrainEncoding; zoom: number }
  /** `zoom` defaults to the archive's max zoom. */
  | { kind: 'pmtiles'; url: string; encoding: TerrainEncoding; zoom?: number };

export interface CreatedTerrainSource {
  source: TerrainTileSource;
  /** The PMTiles archive behind the source, when the setting names one (for attribution, bounds). */
  archive?: PmtilesArchive;
}

export async function createTerrainSource(setting: TerrainSetting, fetchImpl: typeof fetch = fetch): Promise<CreatedTerrainSource> {
  const decodeImage = (bytes: Uint8Array) => decodeImageToRgba(bytes);
  if (setting.kind === 'url-template') {
    return {
      source: new TerrainTileSource({
        zoom: setting.zoom,
        encoding: setting.encoding,
        fetchTile: urlTemplateTileFetcher(setting.urlTemplate, fetchImpl),
        decodeImage,
      }),
    };
  }
  let archive: PmtilesArchive;
  try {
    archive = await PmtilesArchive.open(httpRangeReader(setting.url, fetchImpl), setting.url);
  } catch (error) {
    if (error instanceof ElevationDataError) throw error;
    throw new ElevationDataError(
      `Could not open the terrain archive ${setting.url}: ${error instanceof Error ? error.message : String(error)}. Check the terrain setting and your connection.`,
      { cause: error },
    );
  }
  const { tileType, maxZoom } = archive.header;
  if (tileType !== 'png' && tileType !== 'webp' && tileType !== 'jpeg') {
    throw new ElevationDataError(`${setting.url} holds ${tileType} tiles, not terrain images. Point the terrain setting at a raster-dem (PNG or WebP) PMTiles archive.`);
  }
  const source = new TerrainTileSource({
    zoom: setting.zoom ?? maxZoom,
    encoding: setting.encoding,
    fetchTile: (z, x, y, signal) => archive.getTile(z, x, y, signal),
    decodeImage,
  });
  return { source, archive };
}
