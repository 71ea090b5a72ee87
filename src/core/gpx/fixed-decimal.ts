/**
 * Coordinates for GPX output as integer micro-degrees (6 decimals, ~0.1 m, the precision devices
 * use). Writers print these integers digit by digit (ByteWriter.putFixed), which avoids `toFixed`
 * (the slowest step when writing 100k points) and exponent output (`1e-7` is not an xsd:decimal).
 */

/** Degrees → integer micro-degrees (round half up). */
export function microDegrees(degrees: number): number {
  return Math.round(degrees * 1e6);
}

/**
 * Longitude → integer micro-degrees in [-180e6, 180e6): GPX's longitudeType excludes 180, so a
 * value that rounds to 180.000000 (or any value past the antimeridian) is wrapped.
 */
export function longitudeMicroDegrees(lon: number): number {
  const micro = Math.round(lon * 1e6);
  return micro >= 180e6 || micro < -180e6 ? ((micro + 180e6) % 360e6 + 360e6) % 360e6 - 180e6 : micro;
}
