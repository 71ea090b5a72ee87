/**
 * Adapts the Dexie drive repository (src/store) to the planner's `DraftStore` port. Corrupt
 * records are reported through `onCorrupt` instead of breaking the list.
 */
import type { DriveRepository } from '../store';
import type { DraftStore } from './ports';

export function draftStoreFromRepository(repo: DriveRepository, onCorrupt: (message: string) => void): DraftStore {
  return {
    async listDrives() {
      const { drives, corrupt } = await repo.listDrives();
      if (corrupt.length > 0) onCorrupt(`${corrupt.length} saved drive record(s) are damaged and were skipped; your other drives are fine.`);
      return drives.map((d) => ({ id: d.id, name: d.name, updatedAt: d.updatedAt, waypointCount: d.waypointCount }));
    },
    async loadDrive(id) {
      try {
        const loaded = await repo.loadDrive(id);
        return { drive: loaded.drive, routes: loaded.routes, history: loaded.history };
      } catch (err) {
        if ((err as { kind?: string }).kind === 'not-found') return null;
        throw err;
      }
    },
    async saveEdit(edit) {
      await repo.saveEdit(edit);
    },
    async saveRoutes(routes) {
      await repo.saveRoutes(routes);
    },
    async renameDrive(id, name) {
      await repo.renameDrive(id, name);
    },
    duplicateDrive: (id) => repo.duplicateDrive(id),
    async deleteDrive(id) {
      await repo.deleteDrive(id);
    },
    async restoreDrive(id) {
      await repo.restoreDrive(id);
    },
    async loadSettings() {
      return repo.getSettings();
    },
    async saveSettings(patch) {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) await repo.setSetting(key as never, value as never);
      }
    },
  };
}
