import { expect, test } from 'vitest';
import { countOf, formatDistance, formatDuration, parseLonLat } from '../../src/core/format';

test('distances in km and miles', () => {
  expect(formatDistance(850, 'km')).toBe('850 m');
  expect(formatDistance(12_345, 'km')).toBe('12 km');
  expect(formatDistance(5_432, 'km')).toBe('5.4 km');
  expect(formatDistance(16_093.44, 'mi')).toBe('10 mi');
  expect(formatDistance(1609.344, 'mi')).toBe('1.0 mi');
});

test('counts with their noun: singular for exactly one', () => {
  expect(countOf(1, 'hairpin')).toBe('1 hairpin');
  expect(countOf(0, 'hairpin')).toBe('0 hairpins');
  expect(countOf(12, 'curve')).toBe('12 curves');
});

test('durations', () => {
  expect(formatDuration(59 * 60)).toBe('59 min');
  expect(formatDuration(3600)).toBe('1 h');
  expect(formatDuration(3 * 3600 + 5 * 60)).toBe('3 h 05');
});

test('go-to parses lon,lat and rejects anything else', () => {
  expect(parseLonLat('1.5722, 42.5561')).toEqual([1.5722, 42.5561]);
  expect(parseLonLat(' -7.7 39.4 ')).toEqual([-7.7, 39.4]);
  expect(parseLonLat('1.5;42.5')).toEqual([1.5, 42.5]);
  expect(parseLonLat('42.5')).toBeNull();
  expect(parseLonLat('200, 10')).toBeNull();
  expect(parseLonLat('10, 95')).toBeNull();
  expect(parseLonLat('a, b')).toBeNull();
});
