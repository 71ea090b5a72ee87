import { useState } from 'react';
import type { Planner, PlannerState } from '../app/planner';

/** The list of saved drives with create, open, rename, duplicate and delete (with undo). */
export function DriveList({ planner, state }: { planner: Planner; state: PlannerState }) {
  const [renaming, setRenaming] = useState(false);
  const current = state.drive;
  return (
    <section className="sb-drives" aria-label="Drives">
      <div className="sb-row">
        <select
          aria-label="Open drive"
          data-testid="drive-select"
          value={current?.id ?? ''}
          onChange={(e) => { if (e.target.value) void planner.openDrive(e.target.value); }}
        >
          {!current && <option value="">— no drive open —</option>}
          {state.drives.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
        </select>
        <button type="button" onClick={() => void planner.newDrive()} data-testid="new-drive">New</button>
      </div>
      {current && (
        <div className="sb-row sb-drive-actions">
          {renaming ? (
            <form onSubmit={(e) => { e.preventDefault(); const v = new FormData(e.currentTarget).get('name'); void planner.renameDrive(String(v ?? '')); setRenaming(false); }}>
              <input name="name" defaultValue={current.name} aria-label="Drive name" autoFocus onBlur={(e) => { void planner.renameDrive(e.target.value); setRenaming(false); }} />
            </form>
          ) : (
            <>
              <button type="button" className="sb-link" onClick={() => setRenaming(true)}>Rename</button>
              <button type="button" className="sb-link" onClick={() => void planner.duplicateDrive(current.id)}>Duplicate</button>
              <button type="button" className="sb-link sb-danger" onClick={() => void planner.deleteDrive(current.id)}>Delete</button>
            </>
          )}
        </div>
      )}
    </section>
  );
}
