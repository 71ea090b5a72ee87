/**
 * Undo/redo as a pair of stacks of drive snapshots. Drive values are small (geometry lives in the
 * route cache), so whole snapshots are simpler and safer than inverse patches, and they persist
 * in IndexedDB as they are, which keeps undo across reloads.
 */
import type { Drive } from './drive';

export const HISTORY_LIMIT = 100;

export interface History {
  /** Oldest first; the last entry is what undo returns to. */
  readonly past: readonly Drive[];
  /** Nearest first; the first entry is what redo returns to. */
  readonly future: readonly Drive[];
}

export const emptyHistory: History = { past: [], future: [] };

/** Records that `before` was replaced by a new state: it becomes undoable and redo is cleared. */
export function record(history: History, before: Drive, limit = HISTORY_LIMIT): History {
  const past = history.past.length >= limit ? history.past.slice(history.past.length - limit + 1) : history.past.slice();
  past.push(before);
  return { past, future: [] };
}

export function canUndo(history: History): boolean {
  return history.past.length > 0;
}

export function canRedo(history: History): boolean {
  return history.future.length > 0;
}

/** Steps back: returns the previous drive and the history with `current` on the redo side. */
export function undo(history: History, current: Drive): { history: History; drive: Drive } | null {
  if (history.past.length === 0) return null;
  const drive = history.past[history.past.length - 1];
  return { drive, history: { past: history.past.slice(0, -1), future: [current, ...history.future] } };
}

export function redo(history: History, current: Drive): { history: History; drive: Drive } | null {
  if (history.future.length === 0) return null;
  const [drive, ...future] = history.future;
  return { drive, history: { past: [...history.past, current], future } };
}
