import { describe, expect, test } from 'vitest';
import {
  latToTileY, lonLatToTilePixel, lonToTileX, MAX_MERCATOR_LAT, pixelSizeMeters, tileBounds, tileXToLon, tileYToLat,
} from '../../../src/core/elevation/web-mercator';

/** The OpenStreetMap wiki's slippy-map formula, written independently as an oracle. */
function osmWikiTile(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const latRad = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.asinh(Math.tan(latRad)) / Math.PI) / 2) * n)];
}

describe('web-mercator tile math', () => {
  test('world edges and centre', () => {
    expect(lonToTileX(-180, 3)).toBe(0);
    expect(lonToTileX(180, 3)).toBe(8);
    expect(latToTileY(0, 0)).toBeCloseTo(0.5, 12);
    expect(latToTileY(MAX_MERCATOR_LAT, 5)).toBeCloseTo(0, 9);
    expect(latToTileY(-MAX_MERCATOR_LAT, 5)).toBeCloseTo(32, 9);
    expect(latToTileY(89.9, 5)).toBeCloseTo(0, 9); // clamped
  });

  test('tile indices agree with the OSM wiki formula', () => {
    for (const [lon, lat] of [[14.204129, 50.905488], [1.5212, 42.5069], [-71.5, -28.5], [7.37, 43.73], [179.9, -84], [-179.9, 84]]) {
      for (const z of [0, 5, 10, 11, 14]) {
        const { x, y } = lonLatToTilePixel(lon, lat, z, 512);
        expect([x, y]).toEqual(osmWikiTile(lon, lat, z));
      }
    }
  });

  test('inverse functions and tile bounds contain the position', () => {
    const [lon, lat] = [14.2076, 50.912142];
    expect(tileXToLon(lonToTileX(lon, 11), 11)).toBeCloseTo(lon, 10);
    expect(tileYToLat(latToTileY(lat, 11), 11)).toBeCloseTo(lat, 10);
    const { x, y, px, py } = lonLatToTilePixel(lon, lat, 11, 512);
    const [west, south, east, north] = tileBounds(11, x, y);
    expect(lon).toBeGreaterThanOrEqual(west);
    expect(lon).toBeLessThan(east);
    expect(lat).toBeGreaterThan(south);
    expect(lat).toBeLessThanOrEqual(north);
    expect(px).toBeCloseTo(((lon - west) / (east - west)) * 512, 8);
    expect(py).toBeGreaterThanOrEqual(0);
    expect(py).toBeLessThan(512);
  });

  test('pixel size: a 512 px z11 tile near Bad Schandau has pixels of about 24 m', () => {
    expect(pixelSizeMeters(50.9, 11, 512)).toBeCloseTo(24.1, 1);
  });
});
