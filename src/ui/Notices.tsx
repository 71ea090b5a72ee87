import type { Notice, Planner } from '../app/planner';

export function Notices({ planner, notices }: { planner: Planner; notices: Notice[] }) {
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
