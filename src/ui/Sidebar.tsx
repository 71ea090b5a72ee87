import { useState } from 'react';
import type { Planner, PlannerState } from '../app/planner';
import { segmentKey } from '../core/drive/drive';
import { driveTotals } from '../core/drive/drive-totals';
import { formatDistance, formatDuration, parseLonLat } from '../core/format';
import type { RouteProfile, RouterId } from '../core/routing/router';
import { AVOID_OPTIONS, type AvoidOption } from '../core/drive/drive';
import { DriveList } from './DriveList';
import { SettingsPanel } from './SettingsPanel';
import { CurvePanel } from './CurvePanel';
import { DataPanel } from './DataPanel';
import type { ElevationService } from '../app/elevation-service';
import type { ScenicService } from '../app/scenic-service';
import type { RegionService } from '../app/region-service';
import { CurvyRoadsPanel } from './CurvyRoadsPanel';
import { RegionPanel } from './RegionPanel';
import { RoundTripPanel } from './RoundTripPanel';

const ROUTER_LABELS: Record<RouterId, string> = { osrm: 'Road (OSRM)', straight: 'Straight line', local: 'Local (region)' };
const PROFILE_LABELS: Record<RouteProfile, string> = { fastest: 'Fastest', shortest: 'Shortest', curvy: 'Curvy', 'extra-curvy': 'Extra curvy' };
const AVOID_LABELS: Record<AvoidOption, string> = { motorway: 'motorways', unpaved: 'unpaved', ferry: 'ferries', toll: 'tolls' };

/** Routers a scout can pick: the local one only while a region is open. */
function selectableRouters(state: PlannerState, current?: RouterId): RouterId[] {
  const list: RouterId[] = state.localRegion ? ['local', 'osrm', 'straight'] : ['osrm', 'straight'];
  if (current && !list.includes(current)) list.push(current);
  return list;
}

export function Sidebar({ planner, state, elevation, scenic, region, curvy, showCurvature, onToggleCurvature }: {
  planner: Planner; state: PlannerState; elevation: ElevationService; scenic: ScenicService; region: RegionService;
  curvy: { minCurvature: number; onMinCurvature(v: number): void; show: boolean; onShow(v: boolean): void };
  showCurvature: boolean; onToggleCurvature(v: boolean): void;
}) {
  const [showSettings, setShowSettings] = useState(false);
  const drive = state.drive;
  return (
    <aside className="sb-sidebar" aria-label="Drive planner">
      <header className="sb-brand">
        <h1>Switchback</h1>
        <button type="button" className="sb-icon-button" onClick={() => setShowSettings((s) => !s)} aria-expanded={showSettings} aria-label="Settings">⚙</button>
      </header>
      {showSettings && <SettingsPanel planner={planner} settings={state.settings} onClose={() => setShowSettings(false)} />}
      <DriveList planner={planner} state={state} />
      <GoTo />
      <DataPanel planner={planner} elevation={elevation} scenic={scenic} overpassUrl={state.settings.overpassUrl} />
      <RegionPanel planner={planner} region={region} />
      <CurvyRoadsPanel planner={planner} state={state} region={region} {...curvy} />
      <RoundTripPanel planner={planner} state={state} region={region} />
      {drive && <CurvePanel planner={planner} state={state} elevation={elevation} scenic={scenic} showCurvature={showCurvature} onToggle={onToggleCurvature} />}
      {drive ? <DriveEditor planner={planner} state={state} /> : (
        <p className="sb-empty">{state.ready ? 'Create a drive or import a GPX file to start.' : 'Loading your drafts…'}</p>
      )}
      {!drive && <ImportButton planner={planner} />}
    </aside>
  );
}

function GoTo() {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  return (
    <form
      className="sb-goto"
      onSubmit={(e) => {
        e.preventDefault();
        const p = parseLonLat(text);
        if (!p) { setError('Type longitude, latitude, e.g. 1.5722, 42.5561'); return; }
        setError('');
        window.dispatchEvent(new CustomEvent('switchback:goto', { detail: p }));
      }}
    >
      <label htmlFor="sb-goto-input">Go to lon, lat</label>
      <div className="sb-row">
        <input id="sb-goto-input" value={text} onChange={(e) => setText(e.target.value)} placeholder="1.5722, 42.5561" aria-invalid={Boolean(error)} />
        <button type="submit">Go</button>
      </div>
      {error && <p className="sb-field-error" role="alert">{error}</p>}
    </form>
  );
}

function ImportButton({ planner }: { planner: Planner }) {
  return (
    <label className="sb-button sb-file-button">
      Import GPX…
      <input
        type="file"
        accept=".gpx,application/gpx+xml,application/xml,text/xml"
        data-testid="import-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          for (const f of files) void planner.importGpx(f, f.name);
        }}
      />
    </label>
  );
}

function DriveEditor({ planner, state }: { planner: Planner; state: PlannerState }) {
  const drive = state.drive!;
  const units = state.settings.distanceUnits;
  const totals = driveTotals(drive, planner.getRoute);
  const hasFallback = totals.fallbackSegments > 0;
  return (
    <section className="sb-drive" aria-label="Current drive">
      <div className="sb-toolbar" role="toolbar" aria-label="Edit">
        <button type="button" onClick={() => planner.undo()} disabled={state.history.past.length === 0} title="Undo (Ctrl+Z)">↶ Undo</button>
        <button type="button" onClick={() => planner.redo()} disabled={state.history.future.length === 0} title="Redo (Ctrl+Shift+Z)">↷ Redo</button>
        <button type="button" onClick={() => planner.reverseDrive()} disabled={drive.waypoints.length < 2} title="Reverse direction">⇄</button>
        <button type="button" onClick={() => void planner.exportGpx()} disabled={drive.waypoints.length < 2}>Export GPX</button>
        <ImportButton planner={planner} />
      </div>
      <dl className="sb-totals" data-testid="totals">
        <div><dt>Distance</dt><dd>{formatDistance(totals.distanceMeters, units)}</dd></div>
        <div><dt>Time</dt><dd>{formatDuration(totals.durationSeconds)}</dd></div>
        <div><dt>Waypoints</dt><dd data-testid="waypoint-count">{drive.waypoints.length}</dd></div>
      </dl>
      {state.pendingRoutes > 0 && <p className="sb-status" role="status">Routing {state.pendingRoutes} segment{state.pendingRoutes > 1 ? 's' : ''}…</p>}
      {hasFallback && <p className="sb-status sb-warn">Some segments are straight lines because routing failed. <button type="button" className="sb-link" onClick={() => planner.retryRouting()}>Retry</button></p>}
      <label className="sb-inline">
        Route new segments with
        <select value={drive.defaultRouter} onChange={(e) => planner.setDefaultRouter(e.target.value as RouterId)} data-testid="default-router">
          {selectableRouters(state, drive.defaultRouter).map((r) => <option key={r} value={r}>{ROUTER_LABELS[r]}</option>)}
        </select>
      </label>
      {(state.localRegion || drive.defaultRouter === 'local') && (
        <div className="sb-routing-options" aria-label="Local routing options">
          <label className="sb-inline">
            Profile
            <select value={drive.profile} onChange={(e) => planner.setProfile(e.target.value as RouteProfile)} data-testid="profile">
              {(Object.keys(PROFILE_LABELS) as RouteProfile[]).map((p) => <option key={p} value={p}>{PROFILE_LABELS[p]}</option>)}
            </select>
          </label>
          <span className="sb-inline">Avoid
            {AVOID_OPTIONS.map((o) => (
              <label key={o} className="sb-inline">
                <input type="checkbox" checked={drive.avoid?.includes(o) ?? false}
                  onChange={(e) => planner.setAvoid(e.target.checked ? [...(drive.avoid ?? []), o] : (drive.avoid ?? []).filter((x) => x !== o))} />
                {AVOID_LABELS[o]}
              </label>
            ))}
          </span>
        </div>
      )}
      {drive.waypoints.length === 0 && <p className="sb-hint">Click the map to add waypoints. Drag a waypoint to move it; drag the route line to add a waypoint in between.</p>}
      <ol className="sb-waypoints" data-testid="waypoint-list">
        {drive.waypoints.map((w, i) => {
          const seg = i < drive.segments.length ? drive.segments[i] : null;
          const route = seg ? planner.getRoute(segmentKey(drive, i)) : undefined;
          return (
            <li key={w.id} className={w.id === state.selectedWaypointId ? 'is-selected' : ''}>
              <div className="sb-waypoint-row" onClick={() => planner.selectWaypoint(w.id)}>
                <span className={`sb-badge${w.kind === 'shaping' ? ' is-shaping' : ''}`}>{i === 0 ? 'A' : i === drive.waypoints.length - 1 ? 'B' : i}</span>
                <input
                  className="sb-waypoint-name"
                  aria-label={`Name of waypoint ${i + 1}`}
                  defaultValue={w.name}
                  key={w.name}
                  placeholder={`${w.position[0].toFixed(5)}, ${w.position[1].toFixed(5)}`}
                  onBlur={(e) => planner.updateWaypoint(w.id, { name: e.target.value.trim() })}
                  onKeyDown={(e) => { if (e.key === 'Enter') (e.target as HTMLInputElement).blur(); }}
                />
                <button type="button" className="sb-icon-button" title={w.kind === 'via' ? 'Make shaping point (not announced)' : 'Make via point (announced stop)'} onClick={(e) => { e.stopPropagation(); planner.updateWaypoint(w.id, { kind: w.kind === 'via' ? 'shaping' : 'via' }); }}>{w.kind === 'via' ? '◉' : '○'}</button>
                <button type="button" className="sb-icon-button" aria-label={`Move waypoint ${i + 1} up`} disabled={i === 0} onClick={(e) => { e.stopPropagation(); planner.reorderWaypoint(i, i - 1); }}>↑</button>
                <button type="button" className="sb-icon-button" aria-label={`Move waypoint ${i + 1} down`} disabled={i === drive.waypoints.length - 1} onClick={(e) => { e.stopPropagation(); planner.reorderWaypoint(i, i + 1); }}>↓</button>
                <button type="button" className="sb-icon-button sb-danger" aria-label={`Delete waypoint ${i + 1}`} onClick={(e) => { e.stopPropagation(); planner.deleteWaypoint(w.id); }}>✕</button>
              </div>
              {seg && (
                <div className="sb-segment">
                  <span className="sb-segment-distance">{seg.gap ? '' : route ? formatDistance(route.distanceMeters, units) : '…'}</span>
                  {seg.gap ? <span className="sb-segment-kind" title="Not driven: a pause between recorded track segments">gap (not driven)</span> : seg.router === 'fixed' ? <span className="sb-segment-kind">imported line</span> : (
                    <select
                      aria-label={`Routing from waypoint ${i + 1} to ${i + 2}`}
                      value={seg.router}
                      onChange={(e) => planner.setSegmentRouter(i, e.target.value as RouterId)}
                    >
                      {selectableRouters(state, seg.router).map((r) => <option key={r} value={r}>{ROUTER_LABELS[r]}</option>)}
                    </select>
                  )}
                  {route?.fallbackReason && <span className="sb-warn" title={route.fallbackReason}>straight (routing failed)</span>}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
