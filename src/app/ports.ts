/**
 * What the planner needs from the outside world, as interfaces. The browser wires them to Dexie,
 * the OSRM HTTP router and Web Workers (src/app/wiring.ts); tests wire them to fakes or to the
 * same real adapters.
 */
import type { Drive } from '../core/drive/drive';
import type { History } from '../core/drive/history';
import type { SegmentRoute } from '../core/drive/segment-route';
import type { Settings } from './settings';

export interface DriveSummary {
  id: string;
  name: string;
  updatedAt: number;
  waypointCount: number;
}

export interface LoadedDrive {
  drive: Drive;
  routes: Map<string, SegmentRoute>;
  history: History;
}

export interface DraftStore {
  listDrives(): Promise<DriveSummary[]>;
  loadDrive(id: string): Promise<LoadedDrive | null>;
  /** Writes the drive, its history and the given routes in one transaction. */
  saveEdit(edit: { drive: Drive; history: History; newRoutes: readonly SegmentRoute[]; distanceMeters?: number }): Promise<void>;
  saveRoutes(routes: readonly SegmentRoute[]): Promise<void>;
  renameDrive(id: string, name: string): Promise<void>;
  duplicateDrive(id: string): Promise<Drive>;
  deleteDrive(id: string): Promise<void>;
  restoreDrive(id: string): Promise<void>;
  /** Stored settings; keys that are missing or invalid are left out. */
  loadSettings(): Promise<Partial<Settings> & { lastOpenedDriveId?: string | null }>;
  saveSettings(patch: Partial<Settings> & { lastOpenedDriveId?: string | null }): Promise<void>;
}

export interface SegmentSchedulerPort {
  /** Requests every segment of `drive` whose route is missing; aborts requests no longer needed. */
  update(drive: Drive | null, options?: { interactive?: boolean }): void;
  retryFallbacks(drive: Drive): void;
  dispose(): void;
}

export interface SchedulerCallbacks {
  onRoute(route: SegmentRoute): void;
  onNotice(message: string): void;
  onPending(count: number): void;
}

export interface ImportProgress {
  fraction: number;
}

export interface GpxImporter {
  importFile(file: Blob, fileName: string, options: { onProgress(p: ImportProgress): void; signal: AbortSignal }): Promise<{ drive: Drive; routes: SegmentRoute[] }>;
}

export interface GpxExporter {
  exportDrive(drive: Drive, routes: readonly SegmentRoute[], options: { signal?: AbortSignal }): Promise<Blob>;
}
