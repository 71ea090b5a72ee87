import type { TaskProgress } from '../app/planner';

/** Progress of long work running in a worker, with a cancel button. */
export function TaskBar({ task }: { task: TaskProgress | null }) {
  if (!task) return null;
  const pct = Math.round(task.fraction * 100);
  return (
    <div className="sb-task" role="status" data-testid="task">
      <span>{task.label}</span>
      <progress max={100} value={pct} aria-label={task.label}>{pct}%</progress>
      <button type="button" onClick={task.cancel}>Cancel</button>
    </div>
  );
}
