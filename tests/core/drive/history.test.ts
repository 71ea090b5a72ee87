import { expect, test } from 'vitest';
import { createDrive } from '../../../src/core/drive/drive';
import { appendWaypoint } from '../../../src/core/drive/edits';
import { canRedo, canUndo, emptyHistory, record, redo, undo } from '../../../src/core/drive/history';

test('undo and redo walk back and forth through recorded states', () => {
  const d0 = createDrive('H', 1);
  const d1 = appendWaypoint(d0, [1, 42], 2);
  const d2 = appendWaypoint(d1, [2, 43], 3);
  let h = record(emptyHistory, d0);
  h = record(h, d1);
  const u1 = undo(h, d2)!;
  expect(u1.drive).toBe(d1);
  const u2 = undo(u1.history, u1.drive)!;
  expect(u2.drive).toBe(d0);
  expect(canUndo(u2.history)).toBe(false);
  expect(undo(u2.history, u2.drive)).toBeNull();
  const r1 = redo(u2.history, u2.drive)!;
  expect(r1.drive).toBe(d1);
  const r2 = redo(r1.history, r1.drive)!;
  expect(r2.drive).toBe(d2);
  expect(canRedo(r2.history)).toBe(false);
});

test('a new edit after undo clears redo, and history is capped', () => {
  const d0 = createDrive('H', 1);
  let h = emptyHistory;
  for (let i = 0; i < 150; i++) h = record(h, { ...d0, updatedAt: i }, 100);
  expect(h.past).toHaveLength(100);
  expect(h.past[0].updatedAt).toBe(50);
  const u = undo(h, d0)!;
  expect(canRedo(u.history)).toBe(true);
  expect(canRedo(record(u.history, u.drive))).toBe(false);
});
