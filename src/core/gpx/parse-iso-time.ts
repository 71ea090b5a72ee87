/**
 * xsd:dateTime → epoch milliseconds. GPX times are UTC by definition ("Date and time in are in
 * Universal Coordinated Time (UTC), not local time", GPX 1.1 docs), so a time without a zone is
 * read as UTC, never as the machine's local time (which is what `Date.parse` would do).
 */

/**
 * Parses `YYYY-MM-DDThh:mm:ss[.fraction][Z|±hh:mm|±hhmm]` in `text[start, end)`.
 * Returns NaN when the text is not such a time.
 */
export function parseIsoTimeMs(text: string, start = 0, end = text.length): number {
  while (start < end && text.charCodeAt(start) <= 32) start++;
  while (end > start && text.charCodeAt(end - 1) <= 32) end--;
  if (end - start < 19) return NaN;
  const year = digitsAt(text, start, 4);
  const month = digitsAt(text, start + 5, 2);
  const day = digitsAt(text, start + 8, 2);
  const hour = digitsAt(text, start + 11, 2);
  const minute = digitsAt(text, start + 14, 2);
  const second = digitsAt(text, start + 17, 2);
  if (text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45 || text.charCodeAt(start + 13) !== 58 ||
      text.charCodeAt(start + 16) !== 58 || (text.charCodeAt(start + 10) | 32) !== 116 /* T or t */) return NaN;
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 24 || minute < 0 || minute > 59 || second < 0 || second > 60) return NaN;

  let i = start + 19;
  let millis = 0;
  if (i < end && text.charCodeAt(i) === 46 /* . */) {
    i++;
    let scale = 100;
    const fractionStart = i;
    for (; i < end; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      millis += c * scale;
      scale /= 10;
    }
    if (i === fractionStart) return NaN;
  }
  let offsetMinutes = 0;
  if (i < end) {
    const zone = text.charCodeAt(i);
    if ((zone | 32) === 122 /* Z or z */ && i + 1 === end) {
      // UTC
    } else if ((zone === 43 || zone === 45) && (end - i === 6 || end - i === 5)) {
      const oh = digitsAt(text, i + 1, 2);
      const om = digitsAt(text, end - 2, 2);
      if (oh < 0 || om < 0 || (end - i === 6 && text.charCodeAt(i + 3) !== 58)) return NaN;
      offsetMinutes = (zone === 45 ? -1 : 1) * (oh * 60 + om);
    } else {
      return NaN;
    }
  }
  const days = daysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000 + Math.round(millis);
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). Integer
 * arithmetic instead of `Date.UTC`, which is the slowest step when a recording has 100k times.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The non-negative integer written with exactly `count` ASCII digits at `at`, or -1. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}
