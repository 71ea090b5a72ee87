/** The x scale of the profile: distance along the drive ↔ pixels across the plot. */

/** Pixel offset of `distanceMeters` in a plot `widthPx` wide showing [fromMeters, toMeters]; 0 when the scale is degenerate. */
export function xAtDistance(distanceMeters: number, fromMeters: number, toMeters: number, widthPx: number): number {
  const span = toMeters - fromMeters;
  return span > 0 && widthPx > 0 ? ((distanceMeters - fromMeters) / span) * widthPx : 0;
}

/** Distance at pixel offset `x`, clamped to [fromMeters, toMeters]; `fromMeters` when the scale is degenerate. */
export function distanceAtX(x: number, fromMeters: number, toMeters: number, widthPx: number): number {
  const span = toMeters - fromMeters;
  if (!(span > 0) || !(widthPx > 0) || x !== x) return fromMeters;
  return clamp(fromMeters + (x / widthPx) * span, fromMeters, toMeters);
}

export function clamp(value: number, lo: number, hi: number): number {
  return value < lo ? lo : value > hi ? hi : value;
}
