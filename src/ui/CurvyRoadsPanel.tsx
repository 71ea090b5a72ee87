import { useSyncExternalStore } from 'react';
import type { Planner, PlannerState } from '../app/planner';
import { waypointsAlongRoad, type RegionService } from '../app/region-service';
import { formatDistance } from '../core/format';

/** The open region's curvy roads: a minimum-score slider and the list, curviest first; a click adds a road to the drive. */
export function CurvyRoadsPanel({ planner, state, region, minCurvature, onMinCurvature, show, onShow }: {
  planner: Planner; state: PlannerState; region: RegionService; minCurvature: number; onMinCurvature(v: number): void; show: boolean; onShow(v: boolean): void;
}) {
  useSyncExternalStore(region.subscribe, () => region.version);
  const roads = region.curvyRoads.features;
  if (!region.name) return null;
  const shown = roads.filter((f) => f.properties.curvature >= minCurvature);
  return (
    <section className="sb-curvy" aria-label="Curvy roads">
      <div className="sb-row">
        <label className="sb-inline"><input type="checkbox" checked={show} onChange={(e) => onShow(e.target.checked)} /> Curvy roads of {region.name}</label>
      </div>
      <label className="sb-inline sb-muted">
        Min. curvature {minCurvature}
        <input type="range" min={300} max={5000} step={100} value={minCurvature} onChange={(e) => onMinCurvature(Number(e.target.value))} data-testid="curvy-min" aria-label="Minimum curvature" />
      </label>
      <ol className="sb-curvy-list" data-testid="curvy-list">
        {shown.slice(0, 25).map((f, i) => (
          <li key={i}>
            <button
              type="button"
              className="sb-link"
              title="Add this road to the drive"
              onClick={() => {
                if (!state.drive) return;
                const { positions } = waypointsAlongRoad(f.geometry.coordinates, f.properties.length_m);
                planner.appendWaypoints(positions, 'shaping');
              }}
            >
              <i style={{ background: f.properties.colour }} />{f.properties.ref || f.properties.name || 'unnamed road'}
            </button>
            <span className="sb-muted"> {Math.round(f.properties.curvature)} · {formatDistance(f.properties.length_m, state.settings.distanceUnits)}</span>
          </li>
        ))}
      </ol>
      {shown.length === 0 && <p className="sb-muted">No road scores {minCurvature} or more here.</p>}
    </section>
  );
}
