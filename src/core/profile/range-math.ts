/** Selected ranges on the profile: ordering, clamping, and growing one end from the keyboard. */
import { clamp } from './distance-scale';
import type { DistanceRange } from './profile-data';

/**
 * The range between two distances in either order, clamped to [lo, hi]; null when either is not a
 * number or the clamped range has no length (a click is not a range).
 */
export function orderedRange(a: number, b: number, lo: number, hi: number): DistanceRange | null {
  if (a !== a || b !== b || !(hi >= lo)) return null;
  const from = clamp(Math.min(a, b), lo, hi);
  const to = clamp(Math.max(a, b), lo, hi);
  return to > from ? { fromMeters: from, toMeters: to } : null;
}

/**
 * Shift+arrow selection: moves one end of `range` by `deltaMeters` and returns the new range with
 * the cursor on the moved end. The moved end is the one nearer the cursor (the `toMeters` end when
 * there is no cursor); the other stays as anchor, so repeated presses keep growing or shrinking the
 * same end, through the anchor if need be. Without a range, a new one starts at the cursor (or at
 * `lo`). A range that shrinks to nothing becomes null with the cursor on the anchor.
 */
export function extendRange(
  range: DistanceRange | null,
  cursorMeters: number | null,
  deltaMeters: number,
  lo: number,
  hi: number,
): { range: DistanceRange | null; cursorMeters: number } {
  let anchor: number;
  let moving: number;
  if (range) {
    const cursor = cursorMeters ?? range.toMeters;
    const movesFrom = Math.abs(cursor - range.fromMeters) < Math.abs(cursor - range.toMeters);
    anchor = movesFrom ? range.toMeters : range.fromMeters;
    moving = movesFrom ? range.fromMeters : range.toMeters;
  } else {
    anchor = moving = clamp(cursorMeters ?? lo, lo, hi);
  }
  const moved = clamp(moving + deltaMeters, lo, hi);
  return { range: orderedRange(anchor, moved, lo, hi), cursorMeters: moved };
}

/** True when the two ranges are the same (both null, or equal ends). */
export function sameRange(a: DistanceRange | null, b: DistanceRange | null): boolean {
  return a === b || (a !== null && b !== null && a.fromMeters === b.fromMeters && a.toMeters === b.toMeters);
}
