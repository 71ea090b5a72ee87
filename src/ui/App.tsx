import { useEffect, useRef, useState } from 'react';
import { HoverStore } from '../app/hover-store';
import { createTerrainSource } from '../elevation/create-terrain-source';
import type { ElevationService } from '../app/elevation-service';
import type { ScenicService } from '../app/scenic-service';
import type { RegionService } from '../app/region-service';
import type { Planner } from '../app/planner';
import { usePlannerState } from './use-planner';
import { MapPanel } from './MapPanel';
import { Sidebar } from './Sidebar';
import { Notices } from './Notices';
import { TaskBar } from './TaskBar';
import { ProfileDock } from './ProfileDock';
import { useKeyboardShortcuts } from './use-keyboard-shortcuts';

export function App({ planner, elevation, scenic, region }: { planner: Planner; elevation: ElevationService; scenic: ScenicService; region: RegionService }) {
  const state = usePlannerState(planner);
  const [dragOver, setDragOver] = useState(false);
  const [hover] = useState(() => new HoverStore());
  const [showCurvature, setShowCurvature] = useState(true);
  const [curvyMin, setCurvyMin] = useState(300);
  const [showCurvyRoads, setShowCurvyRoads] = useState(true);
  const curvy = { minCurvature: curvyMin, onMinCurvature: setCurvyMin, show: showCurvyRoads, onShow: setShowCurvyRoads };
  const depth = useRef(0);
  useKeyboardShortcuts(planner);

  useEffect(() => {
    // Online terrain tiles stand in where no SRTM file was loaded; an empty URL turns them off.
    const url = state.settings.terrainTilesUrl;
    if (!state.ready) return;
    if (!url) { elevation.setTerrainSource(null); return; }
    let cancelled = false;
    createTerrainSource({ kind: 'url-template', urlTemplate: url, encoding: url.includes('terrarium') ? 'terrarium' : 'mapbox', zoom: 12 })
      .then(({ source }) => { if (!cancelled) elevation.setTerrainSource(source); })
      .catch((err: unknown) => planner.notify('warning', `Terrain tiles: ${err instanceof Error ? err.message : String(err)}`));
    return () => { cancelled = true; };
  }, [planner, elevation, state.settings.terrainTilesUrl, state.ready]);

  useEffect(() => {
    document.title = state.drive ? `${state.drive.name} — Switchback` : 'Switchback — scenic drive planner';
  }, [state.drive?.name, state.drive]);

  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    depth.current = 0;
    setDragOver(false);
    for (const file of Array.from(e.dataTransfer.files)) void planner.importGpx(file, file.name);
  };

  return (
    <div
      className={`sb-app${dragOver ? ' is-drag-over' : ''}`}
      onDragEnter={(e) => { if (e.dataTransfer.types.includes('Files')) { depth.current++; setDragOver(true); } }}
      onDragLeave={() => { depth.current = Math.max(0, depth.current - 1); if (depth.current === 0) setDragOver(false); }}
      onDragOver={(e) => { if (e.dataTransfer.types.includes('Files')) e.preventDefault(); }}
      onDrop={onDrop}
    >
      <Sidebar planner={planner} state={state} elevation={elevation} scenic={scenic} region={region} curvy={curvy} showCurvature={showCurvature} onToggleCurvature={setShowCurvature} />
      <main className="sb-main">
        <div className="sb-map-wrap">
          <MapPanel planner={planner} state={state} hover={hover} scenic={scenic} region={region} curvyMin={curvyMin} showCurvyRoads={showCurvyRoads} showCurvature={showCurvature} />
        </div>
        <ProfileDock planner={planner} state={state} hover={hover} elevation={elevation} />
        <TaskBar task={state.task} />
        <Notices planner={planner} notices={state.notices} />
        {dragOver && <div className="sb-drop-hint">Drop a .gpx file to import it as a new drive</div>}
      </main>
    </div>
  );
}
