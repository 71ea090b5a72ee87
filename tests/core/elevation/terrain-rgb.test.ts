import { describe, expect, test } from 'vitest';
import {
  decodeMapbox, decodeTerrainPixel, decodeTerrainRgba, decodeTerrarium, encodeMapbox, encodeTerrarium,
} from '../../../src/core/elevation/terrain-rgb';

describe('terrarium', () => {
  test('known pixels', () => {
    expect(decodeTerrarium(128, 0, 0)).toBe(0); // sea level
    expect(decodeTerrarium(128, 118, 0)).toBe(118);
    expect(decodeTerrarium(128, 1, 128)).toBe(1.5);
    expect(decodeTerrarium(127, 255, 0)).toBe(-1);
    expect(decodeTerrarium(139, 83, 0)).toBe(2899); // 11·256 + 83
    expect(decodeTerrarium(0, 0, 0)).toBe(-32768);
  });

  test('round trip with the encoder at the 1/256 m resolution', () => {
    for (let h = -500; h <= 9000; h += 37.123) {
      const [r, g, b] = encodeTerrarium(h);
      expect(Math.abs(decodeTerrarium(r, g, b) - h)).toBeLessThanOrEqual(1 / 512 + 1e-9);
    }
  });
});

describe('mapbox terrain-rgb', () => {
  test('known pixels', () => {
    expect(decodeMapbox(1, 134, 160)).toBeCloseTo(0, 9); // 100000 · 0.1 − 10000
    expect(decodeMapbox(0, 0, 0)).toBe(-10000);
    expect(decodeMapbox(1, 139, 68)).toBeCloseTo(118.8, 6); // 101188 = 1·65536 + 139·256 + 68
  });

  test('round trip with the encoder at the 0.1 m resolution', () => {
    for (let h = -500; h <= 9000; h += 37.123) {
      const [r, g, b] = encodeMapbox(h);
      expect(Math.abs(decodeMapbox(r, g, b) - h)).toBeLessThanOrEqual(0.05 + 1e-9);
    }
  });

  test('reading a terrarium pixel as mapbox is wildly wrong, which is why the encoding is explicit', () => {
    const [r, g, b] = encodeTerrarium(1000);
    expect(Math.abs(decodeTerrainPixel('mapbox', r, g, b) - 1000)).toBeGreaterThan(100_000);
  });
});

describe('decodeTerrainRgba', () => {
  test('decodes every pixel in row order and maps transparent pixels to NaN', () => {
    const heights = [0, 118, -1, 2899.5];
    const rgba = new Uint8ClampedArray(4 * 5);
    heights.forEach((h, p) => rgba.set([...encodeTerrarium(h), 255], 4 * p));
    rgba.set([128, 0, 0, 0], 16); // transparent: no data
    const decoded = decodeTerrainRgba(rgba, 'terrarium');
    expect(Array.from(decoded.subarray(0, 4))).toEqual(heights);
    expect(decoded[4]).toBeNaN();
  });

  test('mapbox buffers and a reused output array', () => {
    const rgba = new Uint8Array([...encodeMapbox(1234.5), 255, ...encodeMapbox(-20), 255]);
    const out = new Float32Array(8);
    expect(decodeTerrainRgba(rgba, 'mapbox', out)).toBe(out);
    expect(out[0]).toBeCloseTo(1234.5, 3);
    expect(out[1]).toBeCloseTo(-20, 3);
  });
});
