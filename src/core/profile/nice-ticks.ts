/**
 * "Nice" axis ticks: steps of 1, 2 or 5 × 10^k, so labels read 0, 50, 100 rather than 0, 47.3, 94.6.
 */

/** The 1/2/5 × 10^k step that cuts `span` into about `count` intervals; NaN when there is nothing to cut. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return NaN;
  const raw = span / Math.max(1, Math.floor(count) || 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * magnitude;
}

/** Cuts float noise from a multiple of a step (0.30000000000000004 → 0.3). */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * Multiples of a nice step inside [min, max] (inclusive; the bounds may come in either order),
 * about `count` of them, ascending. One tick when min = max; none for non-finite bounds.
 */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  const lo = Math.min(min, max);
  const hi = Math.max(min, max);
  if (lo === hi) return [clean(lo)];
  const step = niceStep(hi - lo, count);
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(clean(k * step));
  return ticks;
}

/**
 * The smallest interval of whole nice steps holding [min, max], for an axis whose ends are labelled.
 * A flat range (min = max) is widened by one step of 1 either side; non-finite input gives null.
 */
export function niceExtent(min: number, max: number, count: number): { min: number; max: number; step: number } | null {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return null;
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (lo === hi) { lo -= 1; hi += 1; }
  const step = niceStep(hi - lo, count);
  return { min: clean(Math.floor(lo / step + 1e-9) * step), max: clean(Math.ceil(hi / step - 1e-9) * step), step };
}

/** Decimals that show a step of this size exactly (0.2 → 1, 0.05 → 2, 50 → 0). */
export function stepDecimals(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  return Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9)));
}
