/**
 * Decimal number parsing straight from the source text, without slicing a string per number.
 * GPX coordinates and elevations are plain decimals ("45.0642", "-0.114380"); for those with at
 * most 15-16 significant digits the value is `mantissa / 10^fractionDigits` with both operands
 * exact doubles, so IEEE division gives the correctly rounded result, identical to `parseFloat`.
 * Anything else (exponents, 17-digit MapSource coordinates, stray characters) takes the
 * `Number()` path on a slice, so results never differ from the standard parser.
 */

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
/** Largest mantissa that can take one more digit and stay below 2^53 (exactly representable). */
const MANTISSA_LIMIT = 900_719_925_474_098;

/**
 * Parses `text[start, end)` as a decimal number, ignoring surrounding XML whitespace.
 * Returns NaN for empty or non-numeric content.
 */
export function parseDecimal(text: string, start: number, end: number): number {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (start === end) return NaN;
  let i = start;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === 45 /* - */) { negative = true; i++; } else if (first === 43 /* + */) i++;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = -1;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (mantissa > MANTISSA_LIMIT) return slowParse(text, start, end);
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (fractionDigits >= 0) fractionDigits++;
    } else if (c === 46 /* . */ && fractionDigits < 0) {
      fractionDigits = 0;
    } else {
      return slowParse(text, start, end);
    }
  }
  if (digits === 0) return NaN;
  const value = fractionDigits > 0 ? mantissa / POW10[fractionDigits] : mantissa;
  return negative ? -value : value;
}

function slowParse(text: string, start: number, end: number): number {
  // Number() is stricter than parseFloat ("12m" is NaN, not 12) but accepts hex and
  // "Infinity"; neither is a valid xsd:decimal, so both become NaN here.
  const value = Number(text.slice(start, end));
  return Number.isFinite(value) && !/[xXI]/.test(text.slice(start, end)) ? value : NaN;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}
