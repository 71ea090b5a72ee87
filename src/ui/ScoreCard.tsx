import { CURVE_LEVEL_COLOURS, CURVE_LEVEL_NAMES, type CurvatureScore } from '../core/scoring';
import { formatDistance, formatDuration, type DistanceUnits } from '../core/format';

export interface ScoreCardData {
  title: string;
  distanceMeters: number;
  durationSeconds?: number;
  curvature: Pick<CurvatureScore, 'curvature' | 'curvaturePerKm' | 'curviness' | 'curves' | 'hairpins' | 'turnDegPerKm' | 'levelMeters'>;
  elevation?: { ascentMeters: number; descentMeters: number; maxElevationMeters: number } | null;
  scenic?: { score: number; parts: { id: string; label: string; score: number; weight: number; detail?: string }[] } | null;
}

/** The transparent score card of a leg, a range or the whole drive. */
export function ScoreCard({ card, units, testId }: { card: ScoreCardData; units: DistanceUnits; testId?: string }) {
  const c = card.curvature;
  const total = c.levelMeters.reduce((a, b) => a + b, 0) || 1;
  return (
    <section className="sb-card" aria-label={`Score card: ${card.title}`} data-testid={testId}>
      <h3>{card.title}</h3>
      <dl className="sb-card-grid">
        <div><dt>Distance</dt><dd>{formatDistance(card.distanceMeters, units)}</dd></div>
        {card.durationSeconds !== undefined && <div><dt>Time</dt><dd>{formatDuration(card.durationSeconds)}</dd></div>}
        <div title="0–100: how much of the way is curvy (RC-1 curvature per km, saturating at 400)"><dt>Curviness</dt><dd data-testid="curviness">{Math.round(c.curviness)}</dd></div>
        <div title="RC-1: metres of road in curves, weighted by how tight they are"><dt>Curvature</dt><dd data-testid="curvature">{Math.round(c.curvature).toLocaleString('en')}</dd></div>
        <div><dt>per km</dt><dd>{c.curvaturePerKm.toFixed(0)}</dd></div>
        <div><dt>Curves</dt><dd>{c.curves}</dd></div>
        <div><dt>Hairpins</dt><dd>{c.hairpins}</dd></div>
        <div title="Degrees of turning per km"><dt>Turning</dt><dd>{c.turnDegPerKm.toFixed(0)}°/km</dd></div>
        {card.elevation && <>
          <div><dt>Ascent</dt><dd>{Math.round(card.elevation.ascentMeters)} m</dd></div>
          <div><dt>Descent</dt><dd>{Math.round(card.elevation.descentMeters)} m</dd></div>
          <div><dt>Highest</dt><dd>{Math.round(card.elevation.maxElevationMeters)} m</dd></div>
        </>}
        {card.scenic && <div><dt>Scenic</dt><dd data-testid="scenic">{Math.round(card.scenic.score)}</dd></div>}
      </dl>
      <div className="sb-level-bar" role="img" aria-label={CURVE_LEVEL_NAMES.map((n, i) => `${n} ${Math.round(c.levelMeters[i])} m`).join(', ')}>
        {c.levelMeters.map((m, i) => m > 0 && <span key={i} style={{ width: `${(100 * m) / total}%`, background: CURVE_LEVEL_COLOURS[i] }} title={`${CURVE_LEVEL_NAMES[i]}: ${formatDistance(m, units)}`} />)}
      </div>
      {card.scenic && card.scenic.parts.length > 0 && (
        <details className="sb-scenic-parts">
          <summary>Why scenic {Math.round(card.scenic.score)}?</summary>
          <ul>
            {card.scenic.parts.map((p) => <li key={p.id}><b>{p.label}</b>: {Math.round(p.score)} × {p.weight}{p.detail ? ` — ${p.detail}` : ''}</li>)}
          </ul>
        </details>
      )}
    </section>
  );
}
