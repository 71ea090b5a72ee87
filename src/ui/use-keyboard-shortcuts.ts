import { useEffect } from 'react';
import type { Planner } from '../app/planner';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return Boolean(el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable));
}

/** Undo (Ctrl/Cmd+Z), redo (Ctrl/Cmd+Shift+Z, Ctrl+Y) and Delete/Backspace for the selected waypoint. */
export function useKeyboardShortcuts(planner: Planner): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'z' && !e.shiftKey) { e.preventDefault(); planner.undo(); return; }
      if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) { e.preventDefault(); planner.redo(); return; }
      if ((e.key === 'Delete' || e.key === 'Backspace') && !mod) {
        const id = planner.getState().selectedWaypointId;
        if (id) { e.preventDefault(); planner.deleteWaypoint(id); }
      }
      if (e.key === 'Escape') planner.selectWaypoint(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [planner]);
}
