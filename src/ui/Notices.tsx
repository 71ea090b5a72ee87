import { useEffect } from 'react';
import type { Notice, Planner } from '../app/planner';

/** Information fades after a while; warnings and errors stay until dismissed, actions (Undo) stay a little longer. */
const INFO_NOTICE_MS = 6000;
const ACTION_NOTICE_MS = 12000;

export function Notices({ planner, notices }: { planner: Planner; notices: Notice[] }) {
  useEffect(() => {
    const timers = notices
      .filter((n) => n.kind === 'info')
      .map((n) => setTimeout(() => planner.dismissNotice(n.id), n.action ? ACTION_NOTICE_MS : INFO_NOTICE_MS));
    return () => timers.forEach(clearTimeout);
  }, [planner, notices]);
  if (notices.length === 0) return null;
  return (
    <div className="sb-notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`sb-notice is-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
          <span>{n.text}</span>
          {n.action && <button type="button" onClick={() => { n.action!.run(); planner.dismissNotice(n.id); }}>{n.action.label}</button>}
          <button type="button" className="sb-icon-button" aria-label="Dismiss" onClick={() => planner.dismissNotice(n.id)}>✕</button>
        </div>
      ))}
    </div>
  );
}
