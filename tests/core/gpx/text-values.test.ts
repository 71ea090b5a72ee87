import { describe, expect, test } from 'vitest';
import { ByteWriter } from '../../../src/core/gpx/byte-writer';
import { longitudeMicroDegrees, microDegrees } from '../../../src/core/gpx/fixed-decimal';
import { parseDecimal } from '../../../src/core/gpx/parse-decimal';
import { parseIsoTimeMs } from '../../../src/core/gpx/parse-iso-time';
import { escapeXml, stripXmlIllegal } from '../../../src/core/gpx/xml-escape';
import { mulberry32 } from '../../bench/gpx-synthetic-track';

const decimal = (s: string) => parseDecimal(s, 0, s.length);

describe('parseDecimal', () => {
  test('equals parseFloat bit for bit on 100k seeded coordinates of every precision', () => {
    const random = mulberry32(7);
    const mismatches: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const value = (random() - 0.5) * 360;
      const s = i % 3 === 0 ? String(value) : value.toFixed(1 + (i % 15));
      if (!Object.is(decimal(s), parseFloat(s))) mismatches.push(s);
    }
    expect(mismatches).toEqual([]);
  });

  test.each([
    ['  45.0642\n', 45.0642], ['-0.114380', -0.11438], ['+7', 7], ['.5', 0.5], ['5.', 5],
    ['43.662671037018299', 43.662671037018299], ['1e-7', 1e-7], ['-1.5E3', -1500],
    ['', NaN], ['  ', NaN], ['-', NaN], ['.', NaN], ['12m', NaN], ['0x10', NaN], ['Infinity', NaN], ['1.2.3', NaN],
  ])('%j → %d', (s, expected) => {
    expect(decimal(s)).toBe(expected);
  });
});

describe('parseIsoTimeMs', () => {
  test.each([
    '2013-03-09T20:47:02Z', '2014-11-04T16:00:00.000Z', '2023-12-31T23:00:03.180Z', '1999-12-31T23:59:59.999Z',
    '2024-02-29T12:00:00Z', '2100-03-01T00:00:00Z', '1969-07-20T20:17:40Z', '2024-06-01T08:00:00+02:00', '2024-06-01T08:00:00-05:30',
  ])('%s agrees with Date.parse', (s) => {
    expect(parseIsoTimeMs(s)).toBe(Date.parse(s));
  });

  test('a time without zone is UTC (GPX says so), whatever the machine zone', () => {
    expect(parseIsoTimeMs('2024-06-01T08:00:00')).toBe(Date.UTC(2024, 5, 1, 8));
    expect(parseIsoTimeMs(' 2024-06-01T08:00:00.5 ')).toBe(Date.UTC(2024, 5, 1, 8, 0, 0, 500));
    expect(parseIsoTimeMs('2024-06-01T08:00:00+0200')).toBe(Date.UTC(2024, 5, 1, 6));
  });

  test.each(['', '10', '2024-06-01', '2024-13-01T00:00:00Z', '2024-06-01 08:00:00Z', '2024-06-01T08:00:00.Z', '2024-06-01T08:00:00Zjunk'])('%j → NaN', (s) => {
    expect(parseIsoTimeMs(s)).toBeNaN();
  });
});

describe('fixed-point output (ByteWriter + micro-degrees)', () => {
  const fixed = (units: number, decimals: number) => {
    const w = new ByteWriter(8);
    w.fixed(units, decimals);
    return w.toString();
  };
  const degrees6 = (v: number) => fixed(microDegrees(v), 6);

  test('matches toFixed(6) except at exact ties, and never errs by more than half a unit', () => {
    const random = mulberry32(11);
    let differences = 0;
    const bad: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const value = (random() - 0.5) * (i % 2 ? 180 : 2e-5);
      const ours = degrees6(value);
      if (!/^-?\d+\.\d{6}$/.test(ours) || Math.abs(Number(ours) - value) > 5e-7 + 1e-12) bad.push(`${value} → ${ours}`);
      if (ours !== value.toFixed(6) && !(ours === '0.000000' && value.toFixed(6) === '-0.000000')) differences++;
    }
    expect(bad).toEqual([]);
    expect(differences).toBeLessThan(20);
  });

  test.each([
    [0, '0.000000'], [-0, '0.000000'], [1e-7, '0.000000'], [-4e-7, '0.000000'], [6e-7, '0.000001'], [-6e-7, '-0.000001'],
    [45.0642, '45.064200'], [-105.46585036441684, '-105.465850'], [359.9999999, '360.000000'], [-89.9999999, '-90.000000'],
  ])('%d degrees → %s', (value, expected) => {
    expect(degrees6(value)).toBe(expected);
  });

  test.each([
    [180, '-180.000000'], [179.9999996, '-180.000000'], [179.9999994, '179.999999'], [-180, '-180.000000'],
    [190.5, '-169.500000'], [-190.5, '169.500000'], [540, '-180.000000'], [7.5, '7.500000'],
  ])('longitude %d → %s (never 180)', (lon, expected) => {
    expect(fixed(longitudeMicroDegrees(lon), 6)).toBe(expected);
  });

  test('other scales, big integers, and mixed text keep their bytes', () => {
    expect([fixed(15234, 1), fixed(-1, 1), fixed(0, 1), fixed(20, 1), fixed(-4301, 1)]).toEqual(['1523.4', '-0.1', '0.0', '2.0', '-430.1']);
    expect(fixed(2 ** 40 + 7, 6)).toBe('1099511.627783');
    expect(fixed(9_007_199_254_740_991, 3)).toBe('9007199254740.991');
    const w = new ByteWriter(4);
    w.ascii('<name>');
    w.text('Mölln 🌞 & co');
    w.ascii('</name>');
    expect(w.toString()).toBe('<name>Mölln 🌞 & co</name>');
    expect(Array.from(w.toBytes().slice(6, 12))).toEqual([0x4d, 0xc3, 0xb6, 0x6c, 0x6c, 0x6e]);
  });
});

describe('XML escaping', () => {
  test('escapes & < > " and keeps quotes, emoji and accents', () => {
    expect(escapeXml(`Fish & "Chips" <b> it's 🌞⛰️ Mölln`)).toBe(`Fish &amp; &quot;Chips&quot; &lt;b&gt; it's 🌞⛰️ Mölln`);
  });

  test('removes XML-illegal controls and unpaired surrogates, keeps tab/newline and pairs', () => {
    expect(stripXmlIllegal('a\u0000b\u0007c\u000bd\u001fe\tf\ng\rh\uFFFEi\uFFFF')).toBe('abcde\tf\ng\rhi');
    expect(stripXmlIllegal('x\uD83Dy\uDE00z\uD83D\uDE00')).toBe('xyz\uD83D\uDE00');
  });
});
