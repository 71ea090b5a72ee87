import { describe, expect, test } from 'vitest';
import {
  distanceUnitLabel, formatCursorDistance, formatHeight, formatHoverReadout, formatRadius, fromDisplayDistance, fromDisplayHeight,
  hasKnownElevation, heightUnitLabel, profileExtent, profileSampleCount, toDisplayDistance, toDisplayHeight, type ProfileData,
} from '../../../src/core/profile';

describe('display units', () => {
  test('km with metres, miles with feet, both ways', () => {
    expect(toDisplayDistance(1609.344, 'mi')).toBe(1);
    expect(toDisplayDistance(2500, 'km')).toBe(2.5);
    expect(fromDisplayDistance(toDisplayDistance(12_345, 'mi'), 'mi')).toBeCloseTo(12_345, 9);
    expect(toDisplayHeight(0.3048 * 1000, 'mi')).toBeCloseTo(1000, 9);
    expect(toDisplayHeight(2408, 'km')).toBe(2408);
    expect(fromDisplayHeight(toDisplayHeight(2408, 'mi'), 'mi')).toBeCloseTo(2408, 9);
    expect([distanceUnitLabel('km'), heightUnitLabel('km'), distanceUnitLabel('mi'), heightUnitLabel('mi')]).toEqual(['km', 'm', 'mi', 'ft']);
  });
});

describe('readout formatting', () => {
  test('distance: two decimals below 10 units, one above', () => {
    expect(formatCursorDistance(5234, 'km')).toBe('5.23 km');
    expect(formatCursorDistance(123_456, 'km')).toBe('123.5 km');
    expect(formatCursorDistance(1609.344 * 3, 'mi')).toBe('3.00 mi');
  });

  test('height and radius in metres or feet; unknown and straight', () => {
    expect(formatHeight(2408.4, 'km')).toBe('2408 m');
    expect(formatHeight(2408, 'mi')).toBe('7900 ft');
    expect(formatHeight(Number.NaN, 'km')).toBe('elevation unknown');
    expect(formatRadius(42.4, 'km')).toBe('r 42 m left');
    expect(formatRadius(-42.4, 'km')).toBe('r 42 m right');
    expect(formatRadius(-30.48, 'mi')).toBe('r 100 ft right');
    expect(formatRadius(Infinity, 'km')).toBe('');
    expect(formatRadius(Number.NaN, 'km')).toBe('');
  });
});

describe('formatHoverReadout', () => {
  const data: ProfileData = {
    distanceMeters: new Float64Array([0, 100, 200, 300]),
    elevationMeters: new Float32Array([1000, 1100, Number.NaN, 1200]),
    curveLevel: new Uint8Array([0, 3, 4, 4]),
    radiusMeters: new Float32Array([Infinity, 45, -25, -25]),
  };

  test('distance, interpolated elevation, level and radius of the stretch under the cursor', () => {
    expect(formatHoverReadout(data, 50, 'km')).toBe('0.05 km · 1050 m · straight');
    expect(formatHoverReadout(data, 150, 'km')).toBe('0.15 km · elevation unknown · tight · r 45 m left');
    expect(formatHoverReadout(data, 300, 'km')).toBe('0.30 km · 1200 m · hairpin · r 25 m right');
  });

  test('leaves out what the data does not have; empty with no samples', () => {
    expect(formatHoverReadout({ distanceMeters: data.distanceMeters, curveLevel: data.curveLevel }, 150, 'mi')).toBe('0.09 mi · tight');
    expect(formatHoverReadout(null, 10, 'km')).toBe('');
    expect(formatHoverReadout({ distanceMeters: new Float64Array(0), curveLevel: new Uint8Array(0) }, 10, 'km')).toBe('');
  });
});

describe('profile data', () => {
  test('sample count is the shorter required array; extent needs 2 samples and some length', () => {
    const data: ProfileData = { distanceMeters: new Float64Array([0, 5, 10]), curveLevel: new Uint8Array([0, 1]) };
    expect(profileSampleCount(data)).toBe(2);
    expect(profileExtent(data)).toEqual({ fromMeters: 0, toMeters: 5 });
    expect(profileExtent({ distanceMeters: new Float64Array([3]), curveLevel: new Uint8Array([0]) })).toBeNull();
    expect(profileExtent({ distanceMeters: new Float64Array([3, 3]), curveLevel: new Uint8Array([0, 0]) })).toBeNull();
    expect(profileExtent(null)).toBeNull();
  });

  test('hasKnownElevation', () => {
    expect(hasKnownElevation(undefined)).toBe(false);
    expect(hasKnownElevation(new Float32Array([Number.NaN, Number.NaN]))).toBe(false);
    expect(hasKnownElevation(new Float32Array([Number.NaN, 3]))).toBe(true);
  });
});
