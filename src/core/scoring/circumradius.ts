/**
 * Three-point curvature primitives in planar metres.
 *
 * RC-1 uses the cross-product form, which stays exact on nearly straight triples; Mode A uses
 * Heron's form on three side lengths (as Franco's `curvature` does), made numerically stable with
 * Kahan's ordering. Never feed Heron's form with acos-based distances: that is the source of the
 * spurious tight radii of the original implementation (scoring-spec §1.1, "Known artifacts").
 */

/** Radius Mode A reports for a degenerate or straight triangle (Franco's "straight" sentinel). */
export const MODE_A_STRAIGHT_RADIUS_METERS = 10_000;

/**
 * Signed curvature (1/m) of the circle through A, B, C, positive when A→B→C turns left
 * (counter-clockwise, x east / y north). 0 when any two points coincide or all are collinear.
 */
export function signedCurvature(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const abx = bx - ax, aby = by - ay;
  const acx = cx - ax, acy = cy - ay;
  const bcx = cx - bx, bcy = cy - by;
  const sides = Math.sqrt((abx * abx + aby * aby) * (bcx * bcx + bcy * bcy) * (acx * acx + acy * acy));
  if (sides === 0) return 0;
  return (2 * (abx * acy - aby * acx)) / sides;
}

/** Circumradius (m) of A, B, C by the cross-product form; `Infinity` for collinear or coincident points. */
export function circumradiusMeters(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const k = signedCurvature(ax, ay, bx, by, cx, cy);
  return k === 0 ? Infinity : 1 / Math.abs(k);
}

/**
 * Circumradius (m) of a triangle given its three side lengths (m), by Heron's form with Kahan's
 * stable ordering: sort a ≥ b ≥ c, area term (a+(b+c))(c−(a−b))(c+(a−b))(a+(b−c)).
 * Returns `MODE_A_STRAIGHT_RADIUS_METERS` when a side is ≤ 0 or the area term is ≤ 0 (Mode A rule).
 */
export function circumradiusFromSidesMeters(s1: number, s2: number, s3: number): number {
  let a = s1, b = s2, c = s3, t: number;
  if (a < b) { t = a; a = b; b = t; }
  if (b < c) { t = b; b = c; c = t; }
  if (a < b) { t = a; a = b; b = t; }
  if (!(c > 0)) return MODE_A_STRAIGHT_RADIUS_METERS;
  const areaTerm = (a + (b + c)) * (c - (a - b)) * (c + (a - b)) * (a + (b - c));
  if (!(areaTerm > 0)) return MODE_A_STRAIGHT_RADIUS_METERS;
  return (a * b * c) / Math.sqrt(areaTerm);
}
