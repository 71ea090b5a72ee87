import type { Planner, PlannerState } from '../app/planner';
import { CURVE_LEGEND } from '../map/analysis-layers';
import { countOf, formatDistance } from '../core/format';
import { ScoreCard, type ScoreCardData } from './ScoreCard';
import type { LegAnalysis } from '../core/drive/drive-analysis';
import { legElevationStats } from '../core/drive/drive-profile';
import { elevationStats, type ElevationStats } from '../core/elevation';
import type { ElevationService } from '../app/elevation-service';
import type { ScenicService } from '../app/scenic-service';
import type { ScenicScore } from '../core/scenic';
import type { DriveAnalysis } from '../core/drive/drive-analysis';
import { useSyncExternalStore } from 'react';

function legElevationOfKeys(keys: string[], elevationOf: (key: string) => { elevationMeters: Float32Array } | null): ElevationStats | null {
  const chunks = keys.map(elevationOf).filter((e): e is { elevationMeters: Float32Array } => Boolean(e));
  if (chunks.length === 0) return null;
  const heights = new Float32Array(chunks.reduce((a, c) => a + c.elevationMeters.length, 0));
  let w = 0;
  for (const c of chunks) { heights.set(c.elevationMeters, w); w += c.elevationMeters.length; }
  const s = elevationStats(heights);
  return s.validCount > 0 ? s : null;
}

/** The scenic card entry: the composite and each sub-score with what counted. */
export function scenicCard(score: ScenicScore | null): ScoreCardData['scenic'] {
  if (!score || score.scenic === null) return null;
  return {
    score: score.scenic,
    parts: score.parts.map((p) => ({ id: p.id, label: p.label, score: p.score, weight: Number(p.effectiveWeight.toFixed(2)), detail: p.summary })),
  };
}

/** The driven line of segments `first..last` (their cached geometries, concatenated). */
function legLine(analysis: DriveAnalysis, first: number, last: number): { key: string; line: Float64Array } {
  const parts: Float64Array[] = [];
  const keys: string[] = [];
  for (let p = 0; p < analysis.partSegments.length; p++) {
    const s = analysis.partSegments[p];
    if (s >= first && s <= last) { parts.push(analysis.partLines[p]); keys.push(analysis.partKeys[p]); }
  }
  const line = new Float64Array(parts.reduce((a, l) => a + l.length, 0));
  let w = 0;
  for (const l of parts) { line.set(l, w); w += l.length; }
  return { key: keys.join(';'), line };
}

function elevationCard(s: ElevationStats | null): ScoreCardData['elevation'] {
  return s ? { ascentMeters: s.ascentMeters, descentMeters: s.descentMeters, maxElevationMeters: s.maxMeters } : null;
}

function legCard(leg: LegAnalysis, i: number, elevation: ElevationStats | null): ScoreCardData {
  const name = leg.fromName || leg.toName ? `${leg.fromName || '…'} → ${leg.toName || '…'}` : `Leg ${i + 1}`;
  return { title: name, distanceMeters: leg.distanceMeters, durationSeconds: leg.durationSeconds, curvature: leg.curvature, elevation: elevationCard(elevation) };
}

/** Scores of the open drive: total, legs and curvy stretches, with the curve-level legend. */
export function CurvePanel({ planner, state, elevation, scenic, showCurvature, onToggle }: { planner: Planner; state: PlannerState; elevation: ElevationService; scenic: ScenicService; showCurvature: boolean; onToggle(v: boolean): void }) {
  useSyncExternalStore(elevation.subscribe, () => elevation.version);
  useSyncExternalStore(scenic.subscribe, () => scenic.version);
  const analysis = planner.getAnalysis();
  if (!analysis || !state.drive || state.drive.segments.length === 0) return null;
  const units = state.settings.distanceUnits;
  const elevationOf = (key: string) => { const r = planner.getRoute(key); return r ? elevation.profileFor(key, r.coords) : null; };
  const elevationStats = elevation.hasData ? legElevationStats(analysis, elevationOf) : { legs: [], total: null };
  const comparison = state.comparison && state.comparison.alternativeDriveId === state.drive.id ? state.comparison : null;
  const originalElevation = comparison && elevation.hasData ? legElevationOfKeys(comparison.originalKeys, elevationOf) : null;
  const scenicOf = (first: number, last: number) => {
    if (!scenic.hasData) return null;
    const { key, line } = legLine(analysis, first, last);
    return scenicCard(scenic.scoreLeg(key, line));
  };
  const total: ScoreCardData = {
    title: 'Whole drive', distanceMeters: analysis.total.distanceMeters, durationSeconds: analysis.durationSeconds, curvature: analysis.total,
    elevation: elevationCard(elevationStats.total), scenic: scenicOf(0, Number.MAX_SAFE_INTEGER),
  };
  return (
    <section className="sb-scores" aria-label="Scores">
      <div className="sb-row sb-legend" aria-label="Curve levels">
        <label className="sb-inline"><input type="checkbox" checked={showCurvature} onChange={(e) => onToggle(e.target.checked)} /> Colour by curves</label>
        {CURVE_LEGEND.map((l) => <span key={l.name} className="sb-legend-item"><i style={{ background: l.colour }} />{l.name}</span>)}
      </div>
      <ScoreCard card={total} units={units} testId="score-total" />
      {comparison && (
        <div className="sb-compare" data-testid="compare">
          <div className="sb-row"><h3>Compare</h3><button type="button" className="sb-link" onClick={() => planner.clearComparison()}>Close</button></div>
          <div className="sb-compare-cards">
            <ScoreCard card={{ ...legCard(comparison.original, 0, originalElevation), title: `Original: ${comparison.originalTitle}` }} units={units} testId="compare-original" />
            <ScoreCard card={{ ...total, title: 'This alternative' }} units={units} testId="compare-alternative" />
          </div>
        </div>
      )}
      {analysis.legs.map((leg, i) => (
        <div key={`${leg.firstSegment}-${leg.lastSegment}`} className="sb-leg">
          {analysis.legs.length > 1 && <ScoreCard card={{ ...legCard(leg, i, elevationStats.legs[i] ?? null), scenic: scenicOf(leg.firstSegment, leg.lastSegment) }} units={units} testId={`score-leg-${i}`} />}
          <button type="button" className="sb-link" data-testid={`alternative-leg-${i}`} onClick={() => void planner.duplicateLegAsAlternative(i)}>
            {analysis.legs.length > 1 ? `Try an alternative for leg ${i + 1}` : 'Try an alternative'}
          </button>
        </div>
      ))}
      {analysis.total.stretches.length > 0 && (
        <div className="sb-stretches">
          <h3>Curvy stretches</h3>
          <ol data-testid="stretch-list">
            {analysis.total.stretches.map((s, i) => (
              <li key={i}>
                <b>{formatDistance(s.startMeters, units)}–{formatDistance(s.endMeters, units)}</b>{' '}
                {countOf(s.curves, 'curve')}{s.hairpins ? `, ${countOf(s.hairpins, 'hairpin')}` : ''}, curvature {Math.round(s.curvature)}{s.label ? ` (${s.label})` : ''}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
