/**
 * The planner: one observable object that owns the open drive, its undo history, the in-memory
 * route cache and the user-facing notices, and coordinates routing and autosave. React reads it
 * through `useSyncExternalStore`; it has no React or DOM dependency itself.
 *
 * Contracts:
 * - Every committed edit records one history entry and is saved (drive + history + new routes)
 *   in one transaction. Interactive edits (a drag in progress) are neither recorded nor saved;
 *   `commitInteractive()` records the whole drag as one entry.
 * - Saves run one after another in edit order; a failed save leaves the in-memory drive as is
 *   and shows what went wrong. What was saved before stays saved.
 */
import { createDrive, newId, segmentKey, segmentKeys, type Drive } from '../core/drive/drive';
import * as edits from '../core/drive/edits';
import { driveTotals } from '../core/drive/drive-totals';
import { DriveAnalyzer, type DriveAnalysis, type LegAnalysis } from '../core/drive/drive-analysis';
import { emptyHistory, record, redo, undo, type History } from '../core/drive/history';
import { countOf } from '../core/format';
import type { SegmentRoute } from '../core/drive/segment-route';
import type { RouteProfile, Router, RouterId } from '../core/routing/router';
import type { AvoidOption } from '../core/drive/drive';
import type { DraftStore, DriveSummary, GpxExporter, GpxImporter, SegmentSchedulerPort } from './ports';
import { defaultSettings, sanitizeSettings, type Settings } from './settings';

export type NoticeKind = 'info' | 'warning' | 'error';

export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
  action?: { label: string; run: () => void };
}

export interface TaskProgress {
  label: string;
  fraction: number;
  cancel: () => void;
}

/** A leg duplicated as an alternative: the original's scores stay beside the alternative's. */
export interface Comparison {
  /** The drive holding the alternative (the one being edited). */
  alternativeDriveId: string;
  originalTitle: string;
  original: LegAnalysis;
  /** Route-cache keys of the original leg's segments, for its elevation. */
  originalKeys: string[];
}

export interface PlannerState {
  drives: DriveSummary[];
  drive: Drive | null;
  history: History;
  /** Route cache version; bumps whenever a route arrives, so views can memoise on it. */
  routesVersion: number;
  pendingRoutes: number;
  selectedWaypointId: string | null;
  notices: Notice[];
  settings: Settings;
  task: TaskProgress | null;
  ready: boolean;
  comparison: Comparison | null;
  /** Name of the region whose local router is available, or null. */
  localRegion: string | null;
}

export interface PlannerDeps {
  store: DraftStore;
  /** Builds the routing scheduler; it reads `cache` (the planner's route cache) to skip known segments. */
  createScheduler(
    callbacks: { onRoute(r: SegmentRoute): void; onNotice(m: string): void; onPending(n: number): void },
    settings: Settings,
    cache: ReadonlyMap<string, SegmentRoute>,
    /** Routers the planner holds itself (the local region router once a region is open). */
    extraRouters: Partial<Record<RouterId, Router>>,
  ): SegmentSchedulerPort;
  importer: GpxImporter;
  exporter: GpxExporter;
  /** Triggers a file download in the browser; tests capture it. */
  download(blob: Blob, fileName: string): void;
  now?: () => number;
}


export class Planner {
  private state: PlannerState = {
    drives: [], drive: null, history: emptyHistory, routesVersion: 0, pendingRoutes: 0,
    selectedWaypointId: null, notices: [], settings: defaultSettings, task: null, ready: false, comparison: null, localRegion: null,
  };
  private readonly listeners = new Set<() => void>();
  private readonly routes = new Map<string, SegmentRoute>();
  /** Routes that arrived but are not yet in IndexedDB. */
  private unsavedRoutes = new Map<string, SegmentRoute>();
  private scheduler: SegmentSchedulerPort;
  private saveChain: Promise<void> = Promise.resolve();
  private dragBase: Drive | null = null;
  private noticeSeq = 0;
  private readonly deps: PlannerDeps;
  private readonly analyzer = new DriveAnalyzer();
  private localRouter: Router | null = null;
  private analysisMemo: { drive: Drive; routesVersion: number; analysis: DriveAnalysis } | null = null;

  constructor(deps: PlannerDeps) {
    this.deps = deps;
    this.scheduler = this.makeScheduler(defaultSettings);
  }

  // ---- observable -------------------------------------------------------------------------

  getState = (): PlannerState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<PlannerState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  getRoute = (key: string): SegmentRoute | undefined => this.routes.get(key);

  /**
   * Scores and curve levels of the open drive, recomputed only when the drive or its routes
   * changed, and then only for the touched segments (see DriveAnalyzer).
   */
  getAnalysis = (): DriveAnalysis | null => {
    const { drive, routesVersion } = this.state;
    if (!drive) return null;
    const memo = this.analysisMemo;
    if (memo && memo.drive === drive && memo.routesVersion === routesVersion) return memo.analysis;
    const analysis = this.analyzer.update(drive, this.getRoute);
    this.analysisMemo = { drive, routesVersion, analysis };
    return analysis;
  };

  private makeScheduler(settings: Settings): SegmentSchedulerPort {
    return this.deps.createScheduler({
      onRoute: (route) => this.acceptRoute(route),
      onNotice: (message) => this.notify('warning', message),
      onPending: (count) => this.set({ pendingRoutes: count }),
    }, settings, this.routes, this.localRouter ? { local: this.localRouter } : {});
  }

  // ---- start-up ---------------------------------------------------------------------------

  /** Loads settings and the drive list, and reopens the drive that was open last. */
  async init(): Promise<void> {
    try {
      const stored = await this.deps.store.loadSettings();
      const settings = sanitizeSettings(stored);
      if (settings.osrmBaseUrl !== defaultSettings.osrmBaseUrl) {
        this.scheduler.dispose();
        this.scheduler = this.makeScheduler(settings);
      }
      this.set({ settings });
      await this.refreshDrives();
      const lastId = stored.lastOpenedDriveId;
      const target = this.state.drives.find((d) => d.id === lastId) ?? this.state.drives[0];
      if (target) await this.openDrive(target.id);
    } catch (err) {
      this.notify('error', messageOf(err));
    } finally {
      this.set({ ready: true });
    }
  }

  private async refreshDrives(): Promise<void> {
    this.set({ drives: await this.deps.store.listDrives() });
  }

  // ---- drives -----------------------------------------------------------------------------

  async newDrive(name = 'New drive'): Promise<void> {
    const drive = createDrive(uniqueName(name, this.state.drives), this.now(), 'osrm');
    await this.adopt(drive, emptyHistory, []);
  }

  async openDrive(id: string): Promise<void> {
    try {
      const loaded = await this.deps.store.loadDrive(id);
      if (!loaded) {
        this.notify('error', 'That drive could not be found; it may have been deleted in another tab.');
        await this.refreshDrives();
        return;
      }
      for (const [key, route] of loaded.routes) this.routes.set(key, route);
      this.set({ drive: loaded.drive, history: loaded.history, selectedWaypointId: null, routesVersion: this.state.routesVersion + 1 });
      await this.deps.store.saveSettings({ lastOpenedDriveId: id });
      this.scheduler.update(loaded.drive);
    } catch (err) {
      this.notify('error', messageOf(err));
    }
  }

  async renameDrive(name: string): Promise<void> {
    this.edit((d) => edits.renameDrive(d, name, this.now()));
    await this.saveChain;
    await this.refreshDrives();
  }

  async duplicateDrive(id: string): Promise<void> {
    try {
      const copy = await this.deps.store.duplicateDrive(id);
      await this.refreshDrives();
      await this.openDrive(copy.id);
    } catch (err) {
      this.notify('error', messageOf(err));
    }
  }

  /** Deletes a drive; the notice offers Undo, which restores it exactly. */
  async deleteDrive(id: string): Promise<void> {
    try {
      const name = this.state.drives.find((d) => d.id === id)?.name ?? 'Drive';
      await this.deps.store.deleteDrive(id);
      if (this.state.drive?.id === id) {
        this.scheduler.update(null);
        this.set({ drive: null, history: emptyHistory, selectedWaypointId: null });
      }
      await this.refreshDrives();
      this.notify('info', `Deleted “${name}”.`, {
        label: 'Undo',
        run: () => void this.restoreDrive(id),
      });
    } catch (err) {
      this.notify('error', messageOf(err));
    }
  }

  async restoreDrive(id: string): Promise<void> {
    try {
      await this.deps.store.restoreDrive(id);
      await this.refreshDrives();
      await this.openDrive(id);
    } catch (err) {
      this.notify('error', messageOf(err));
    }
  }

  /** Makes `drive` the open drive and saves it with its routes (new drive, import). */
  private async adopt(drive: Drive, history: History, routes: readonly SegmentRoute[]): Promise<void> {
    for (const r of routes) this.routes.set(r.key, r);
    this.set({ drive, history, selectedWaypointId: null, routesVersion: this.state.routesVersion + 1 });
    this.scheduler.update(drive);
    this.queueSave(drive, history, routes);
    await this.saveChain;
    await this.deps.store.saveSettings({ lastOpenedDriveId: drive.id }).catch(() => undefined);
    await this.refreshDrives().catch(() => undefined);
  }

  /**
   * Copies leg `legIndex` of the open drive into a new drive and opens it, keeping the original
   * leg's scores for a side-by-side comparison. The copy reuses the cached routes (same keys).
   */
  async duplicateLegAsAlternative(legIndex: number): Promise<void> {
    const drive = this.state.drive;
    const analysis = this.getAnalysis();
    const leg = analysis?.legs[legIndex];
    if (!drive || !leg) return;
    const title = `${drive.name}, leg ${legIndex + 1}`;
    const base = createDrive(uniqueName(`${title} (alternative)`, this.state.drives), this.now(), drive.defaultRouter);
    const alternative: Drive = {
      ...base,
      profile: drive.profile,
      waypoints: drive.waypoints.slice(leg.firstSegment, leg.lastSegment + 2).map((w) => ({ ...w, id: newId('w') })),
      segments: drive.segments.slice(leg.firstSegment, leg.lastSegment + 1),
    };
    const originalKeys: string[] = [];
    for (let i = leg.firstSegment; i <= leg.lastSegment; i++) originalKeys.push(segmentKey(drive, i));
    await this.adopt(alternative, emptyHistory, []);
    this.set({ comparison: { alternativeDriveId: alternative.id, originalTitle: title, original: leg, originalKeys } });
  }

  /**
   * Makes a region's local router available (or removes it with null). Segments that asked for
   * `local` while none was open fell back to straight lines; they are re-routed now.
   */
  setLocalRouter(router: Router | null, regionName: string | null): void {
    this.localRouter = router;
    this.scheduler.dispose();
    this.scheduler = this.makeScheduler(this.state.settings);
    this.set({ localRegion: router ? regionName : null });
    const drive = this.state.drive;
    if (drive) {
      this.scheduler.update(drive);
      if (router) this.scheduler.retryFallbacks(drive);
    }
  }

  setProfile(profile: RouteProfile): void {
    this.edit((d) => edits.setProfile(d, profile, this.now()));
  }

  setAvoid(avoid: readonly AvoidOption[]): void {
    this.edit((d) => edits.setAvoid(d, avoid, this.now()));
  }

  /** Appends positions as waypoints in one undoable edit (e.g. a curvy road added to the drive). */
  appendWaypoints(positions: readonly (readonly [number, number])[], kind: 'via' | 'shaping' = 'via'): void {
    this.edit((d) => {
      let next = d;
      positions.forEach((p, i) => {
        next = edits.appendWaypoint(next, p, this.now());
        if (kind === 'shaping' && i > 0 && i < positions.length - 1) next = edits.updateWaypoint(next, next.waypoints[next.waypoints.length - 1].id, { kind: 'shaping' }, this.now());
      });
      return next;
    });
  }

  /** Opens a proposed round trip as a new drive routed by the local router with `profile`. */
  async adoptRoundTrip(waypoints: readonly (readonly [number, number])[], profile: RouteProfile, name: string): Promise<void> {
    let drive: Drive = { ...createDrive(uniqueName(name, this.state.drives), this.now(), 'local'), profile };
    for (const p of waypoints) drive = edits.appendWaypoint(drive, p, this.now());
    await this.adopt(drive, emptyHistory, []);
  }

  clearComparison(): void {
    this.set({ comparison: null });
  }

  // ---- edits ------------------------------------------------------------------------------

  /**
   * Applies a pure edit to the open drive. With `interactive`, the edit is shown and routed
   * (throttled) but not recorded or saved until `commitInteractive()`.
   */
  edit(fn: (drive: Drive) => Drive, options: { interactive?: boolean } = {}): void {
    const current = this.state.drive;
    if (!current) return;
    const next = fn(current);
    if (next === current) return;
    if (options.interactive) {
      if (!this.dragBase) this.dragBase = current;
      this.set({ drive: next });
      this.scheduler.update(next, { interactive: true });
      return;
    }
    const before = this.dragBase ?? current;
    this.dragBase = null;
    const history = record(this.state.history, before);
    this.set({ drive: next, history });
    this.scheduler.update(next);
    this.queueSave(next, history, this.takeUnsavedRoutes(next));
  }

  /** Ends a drag: records it as one undoable edit and saves. */
  commitInteractive(): void {
    const base = this.dragBase;
    const current = this.state.drive;
    this.dragBase = null;
    if (!base || !current || base === current) return;
    const history = record(this.state.history, base);
    this.set({ history });
    this.scheduler.update(current);
    this.queueSave(current, history, this.takeUnsavedRoutes(current));
  }

  addWaypoint(position: readonly [number, number]): void {
    this.edit((d) => edits.appendWaypoint(d, position, this.now()));
  }

  insertWaypoint(index: number, position: readonly [number, number]): void {
    this.edit((d) => edits.insertWaypoint(d, index, position, 'via', this.now()));
  }

  moveWaypoint(id: string, position: readonly [number, number], interactive = false): void {
    this.edit((d) => edits.moveWaypoint(d, id, position, this.now()), { interactive });
  }

  deleteWaypoint(id: string): void {
    this.edit((d) => edits.deleteWaypoint(d, id, this.now()));
    if (this.state.selectedWaypointId === id) this.set({ selectedWaypointId: null });
  }

  reorderWaypoint(from: number, to: number): void {
    this.edit((d) => edits.reorderWaypoint(d, from, to, this.now()));
  }

  updateWaypoint(id: string, patch: { name?: string; kind?: 'via' | 'shaping' }): void {
    this.edit((d) => edits.updateWaypoint(d, id, patch, this.now()));
  }

  setSegmentRouter(index: number, router: RouterId): void {
    this.edit((d) => edits.setSegmentRouter(d, index, router, this.now()));
  }

  setDefaultRouter(router: RouterId): void {
    this.edit((d) => edits.setDefaultRouter(d, router, this.now()));
  }

  reverseDrive(): void {
    this.edit((d) => edits.reverseDrive(d, this.now()));
  }

  selectWaypoint(id: string | null): void {
    if (this.state.selectedWaypointId !== id) this.set({ selectedWaypointId: id });
  }

  undo(): void {
    const current = this.state.drive;
    if (!current) return;
    const step = undo(this.state.history, current);
    if (!step) return;
    this.dragBase = null;
    this.set({ drive: step.drive, history: step.history });
    this.scheduler.update(step.drive);
    this.queueSave(step.drive, step.history, this.takeUnsavedRoutes(step.drive));
  }

  redo(): void {
    const current = this.state.drive;
    if (!current) return;
    const step = redo(this.state.history, current);
    if (!step) return;
    this.set({ drive: step.drive, history: step.history });
    this.scheduler.update(step.drive);
    this.queueSave(step.drive, step.history, this.takeUnsavedRoutes(step.drive));
  }

  retryRouting(): void {
    if (this.state.drive) this.scheduler.retryFallbacks(this.state.drive);
  }

  // ---- routes and saving ------------------------------------------------------------------

  private acceptRoute(route: SegmentRoute): void {
    this.routes.set(route.key, route);
    this.unsavedRoutes.set(route.key, route);
    this.set({ routesVersion: this.state.routesVersion + 1 });
    // Persist arriving routes promptly so a reload right after routing shows them offline.
    const drive = this.state.drive;
    if (drive && !this.dragBase) this.queueSave(drive, this.state.history, this.takeUnsavedRoutes(drive));
  }

  /** Unsaved routes that `drive` (or its history) can use; the rest stay in memory only. */
  private takeUnsavedRoutes(drive: Drive): SegmentRoute[] {
    if (this.unsavedRoutes.size === 0) return [];
    const wanted = new Set(segmentKeys(drive));
    for (const past of this.state.history.past) for (const k of segmentKeys(past)) wanted.add(k);
    for (const fut of this.state.history.future) for (const k of segmentKeys(fut)) wanted.add(k);
    const out: SegmentRoute[] = [];
    for (const [key, route] of this.unsavedRoutes) {
      if (wanted.has(key)) {
        out.push(route);
        this.unsavedRoutes.delete(key);
      }
    }
    return out;
  }

  private queueSave(drive: Drive, history: History, newRoutes: readonly SegmentRoute[]): void {
    this.saveChain = this.saveChain.then(async () => {
      try {
        const { distanceMeters } = driveTotals(drive, this.getRoute);
        await this.deps.store.saveEdit({ drive, history, newRoutes, distanceMeters });
      } catch (err) {
        for (const r of newRoutes) this.unsavedRoutes.set(r.key, r);
        this.notify('error', messageOf(err));
      }
    });
  }

  /** Resolves when every queued save has finished (tests and the e2e wait on it). */
  whenSaved(): Promise<void> {
    return this.saveChain;
  }

  // ---- import / export --------------------------------------------------------------------

  async importGpx(file: Blob, fileName: string): Promise<void> {
    const controller = new AbortController();
    this.set({ task: { label: `Importing ${fileName}`, fraction: 0, cancel: () => controller.abort() } });
    try {
      const { drive, routes } = await this.deps.importer.importFile(file, fileName, {
        signal: controller.signal,
        onProgress: (p) => this.set({ task: { label: `Importing ${fileName}`, fraction: p.fraction, cancel: () => controller.abort() } }),
      });
      await this.adopt({ ...drive, name: uniqueName(drive.name, this.state.drives) }, emptyHistory, routes);
      this.notify('info', `Imported “${drive.name}”: ${countOf(drive.waypoints.length, 'waypoint')}.`);
    } catch (err) {
      if (controller.signal.aborted) this.notify('info', `Import of ${fileName} cancelled.`);
      else this.notify('error', `Could not import ${fileName}: ${messageOf(err)}`);
    } finally {
      this.set({ task: null });
    }
  }

  async exportGpx(): Promise<void> {
    const drive = this.state.drive;
    if (!drive) return;
    if (drive.waypoints.length < 2) {
      this.notify('warning', 'Add at least two waypoints before exporting.');
      return;
    }
    const controller = new AbortController();
    this.set({ task: { label: 'Exporting GPX', fraction: 0, cancel: () => controller.abort() } });
    try {
      const routes = segmentKeys(drive).map((k) => this.routes.get(k)).filter((r): r is SegmentRoute => Boolean(r));
      const blob = await this.deps.exporter.exportDrive(drive, routes, { signal: controller.signal });
      this.deps.download(blob, `${safeFileName(drive.name)}.gpx`);
      if (routes.length < drive.segments.length) this.notify('warning', 'Some segments were still being routed; they are exported as straight lines.');
    } catch (err) {
      if (!controller.signal.aborted) this.notify('error', `Export failed: ${messageOf(err)}`);
    } finally {
      this.set({ task: null });
    }
  }

  /**
   * Runs long work (in a worker) with the progress bar and its Cancel button. Resolves with the
   * result, or null when cancelled or failed (the failure is shown as a notice).
   */
  async runTask<T>(label: string, work: (signal: AbortSignal, onProgress: (fraction: number) => void) => Promise<T>): Promise<T | null> {
    const controller = new AbortController();
    const cancel = () => controller.abort();
    this.set({ task: { label, fraction: 0, cancel } });
    try {
      return await work(controller.signal, (fraction) => this.set({ task: { label, fraction, cancel } }));
    } catch (err) {
      if (controller.signal.aborted) this.notify('info', `${label}: cancelled.`);
      else this.notify('error', `${label} failed: ${messageOf(err)}`);
      return null;
    } finally {
      this.set({ task: null });
    }
  }

  // ---- settings and notices ---------------------------------------------------------------

  async updateSettings(patch: Partial<Settings>): Promise<void> {
    const settings = sanitizeSettings({ ...this.state.settings, ...patch });
    const routerChanged = settings.osrmBaseUrl !== this.state.settings.osrmBaseUrl;
    this.set({ settings });
    if (routerChanged) {
      this.scheduler.dispose();
      this.scheduler = this.makeScheduler(settings);
      this.scheduler.update(this.state.drive);
    }
    try {
      await this.deps.store.saveSettings(settings);
    } catch (err) {
      this.notify('error', messageOf(err));
    }
  }

  notify(kind: NoticeKind, text: string, action?: Notice['action']): void {
    const notice: Notice = { id: ++this.noticeSeq, kind, text, action };
    // Identical texts are shown once; at most five notices stay on screen.
    const rest = this.state.notices.filter((n) => n.text !== text);
    this.set({ notices: [...rest, notice].slice(-5) });
  }

  dismissNotice(id: number): void {
    this.set({ notices: this.state.notices.filter((n) => n.id !== id) });
  }

  dispose(): void {
    this.scheduler.dispose();
    this.listeners.clear();
  }

  private now(): number {
    return this.deps.now ? this.deps.now() : Date.now();
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function uniqueName(name: string, drives: readonly DriveSummary[]): string {
  const names = new Set(drives.map((d) => d.name));
  if (!names.has(name)) return name;
  for (let i = 2; ; i++) if (!names.has(`${name} (${i})`)) return `${name} (${i})`;
}

/** ASCII-safe, short file names that device file browsers and FAT SD cards accept. */
export function safeFileName(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9 _.-]+/g, '').trim().replace(/\s+/g, '-');
  return (ascii || 'drive').slice(0, 60);
}
