import type { Planner, PlannerState } from '../app/planner';
import { CURVE_LEGEND } from '../map/analysis-layers';
import { formatDistance } from '../core/format';
import { ScoreCard, type ScoreCardData } from './ScoreCard';
import type { LegAnalysis } from '../core/drive/drive-analysis';
import { legElevationStats } from '../core/drive/drive-profile';
import type { ElevationStats } from '../core/elevation';
import type { ElevationService } from '../app/elevation-service';
import { useSyncExternalStore } from 'react';

function elevationCard(s: ElevationStats | null): ScoreCardData['elevation'] {
  return s ? { ascentMeters: s.ascentMeters, descentMeters: s.descentMeters, maxElevationMeters: s.maxMeters } : null;
}

function legCard(leg: LegAnalysis, i: number, elevation: ElevationStats | null): ScoreCardData {
  const name = leg.fromName || leg.toName ? `${leg.fromName || '…'} → ${leg.toName || '…'}` : `Leg ${i + 1}`;
  return { title: name, distanceMeters: leg.distanceMeters, durationSeconds: leg.durationSeconds, curvature: leg.curvature, elevation: elevationCard(elevation) };
}

/** Scores of the open drive: total, legs and curvy stretches, with the curve-level legend. */
export function CurvePanel({ planner, state, elevation, showCurvature, onToggle }: { planner: Planner; state: PlannerState; elevation: ElevationService; showCurvature: boolean; onToggle(v: boolean): void }) {
  useSyncExternalStore(elevation.subscribe, () => elevation.version);
  const analysis = planner.getAnalysis();
  if (!analysis || !state.drive || state.drive.segments.length === 0) return null;
  const units = state.settings.distanceUnits;
  const elevationOf = (key: string) => { const r = planner.getRoute(key); return r ? elevation.profileFor(key, r.coords) : null; };
  const elevationStats = elevation.hasData ? legElevationStats(analysis, elevationOf) : { legs: [], total: null };
  const total: ScoreCardData = { title: 'Whole drive', distanceMeters: analysis.total.distanceMeters, durationSeconds: analysis.durationSeconds, curvature: analysis.total, elevation: elevationCard(elevationStats.total) };
  return (
    <section className="sb-scores" aria-label="Scores">
      <div className="sb-row sb-legend" aria-label="Curve levels">
        <label className="sb-inline"><input type="checkbox" checked={showCurvature} onChange={(e) => onToggle(e.target.checked)} /> Colour by curves</label>
        {CURVE_LEGEND.map((l) => <span key={l.name} className="sb-legend-item"><i style={{ background: l.colour }} />{l.name}</span>)}
      </div>
      <ScoreCard card={total} units={units} testId="score-total" />
      {analysis.legs.length > 1 && analysis.legs.map((leg, i) => <ScoreCard key={`${leg.firstSegment}-${leg.lastSegment}`} card={legCard(leg, i, elevationStats.legs[i] ?? null)} units={units} testId={`score-leg-${i}`} />)}
      {analysis.total.stretches.length > 0 && (
        <div className="sb-stretches">
          <h3>Curvy stretches</h3>
          <ol data-testid="stretch-list">
            {analysis.total.stretches.map((s, i) => (
              <li key={i}>
                <b>{formatDistance(s.startMeters, units)}–{formatDistance(s.endMeters, units)}</b>{' '}
                {s.curves} curves{s.hairpins ? `, ${s.hairpins} hairpins` : ''}, curvature {Math.round(s.curvature)}{s.label ? ` (${s.label})` : ''}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
