import { useMemo, useState, useSyncExternalStore } from 'react';
import type { Planner, PlannerState } from '../app/planner';
import type { HoverStore } from '../app/hover-store';
import type { ElevationService } from '../app/elevation-service';
import { buildDriveProfile } from '../core/drive/drive-profile';
import { sliceAlong } from '../core/geometry/slice-along';
import { elevationStats } from '../core/elevation';
import { scoreCurvature } from '../core/scoring';
import { ProfilePanel } from './profile/ProfilePanel';
import { ScoreCard, type ScoreCardData } from './ScoreCard';

/** The profile under the map, synchronised with the map's hover, with a score card for a selected range. */
export function ProfileDock({ planner, state, hover, elevation }: { planner: Planner; state: PlannerState; hover: HoverStore; elevation: ElevationService }) {
  const hoverState = useSyncExternalStore(hover.subscribe, hover.get);
  const elevationVersion = useSyncExternalStore(elevation.subscribe, () => elevation.version);
  const [range, setRange] = useState<{ fromMeters: number; toMeters: number } | null>(null);
  const analysis = planner.getAnalysis();
  const elevationOf = (key: string) => { const r = planner.getRoute(key); return r ? elevation.profileFor(key, r.coords) : null; };
  const profile = useMemo(
    () => (analysis && analysis.total.distanceMeters > 0 ? buildDriveProfile(analysis, elevationOf) : null),
    [analysis, elevationVersion],
  );
  const rangeCard = useMemo((): ScoreCardData | null => {
    if (!range || !analysis || !profile) return null;
    const line = sliceAlong(analysis.line, analysis.lineMeters, range.fromMeters, range.toMeters);
    const score = scoreCurvature(line, { profile: false });
    let elevationCard: ScoreCardData['elevation'] = null;
    if (profile.elevationMeters) {
      const d = profile.distanceMeters;
      let a = 0;
      while (a < d.length && d[a] < range.fromMeters) a++;
      let b = a;
      while (b < d.length && d[b] <= range.toMeters) b++;
      // Curvature samples are 5 m apart; thin to ~50 m like the leg statistics before applying hysteresis.
      const stride = 10;
      const heights = new Float32Array(Math.ceil((b - a) / stride));
      for (let i = a, w = 0; i < b; i += stride) heights[w++] = profile.elevationMeters[i];
      const s = elevationStats(heights);
      if (s.validCount > 0) elevationCard = { ascentMeters: s.ascentMeters, descentMeters: s.descentMeters, maxElevationMeters: s.maxMeters };
    }
    return { title: 'Selected range', distanceMeters: range.toMeters - range.fromMeters, curvature: score, elevation: elevationCard };
  }, [range, analysis, profile]);
  const data = useMemo(() => (profile ? {
    distanceMeters: profile.distanceMeters, elevationMeters: profile.elevationMeters, curveLevel: profile.curveLevel,
    radiusMeters: profile.radiusMeters, legBoundsMeters: profile.legBoundsMeters,
  } : null), [profile]);
  if (!state.drive || !data) return null;
  return (
    <div className="sb-profile-dock" data-testid="profile-dock">
      {rangeCard && <div className="sb-range-card"><ScoreCard card={rangeCard} units={state.settings.distanceUnits} testId="score-range" /></div>}
      <ProfilePanel
        data={data}
        units={state.settings.distanceUnits}
        hoverMeters={hoverState.source === 'map' ? hoverState.distanceMeters : null}
        onHover={(d) => hover.set(d, 'profile')}
        range={range}
        onRangeChange={setRange}
        height={150}
      />
    </div>
  );
}
