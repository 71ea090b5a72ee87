import { useState, useSyncExternalStore } from 'react';
import type { Planner, PlannerState } from '../app/planner';
import type { RegionService, RoundTripProposal } from '../app/region-service';
import type { RouteProfile } from '../core/routing/router';
import { scoreCurvature } from '../core/scoring';
import { ScoreCard } from './ScoreCard';

/** Round trips: from a start (the drive's first waypoint, else the map centre), three distinct loops with their score cards. */
export function RoundTripPanel({ planner, state, region }: { planner: Planner; state: PlannerState; region: RegionService }) {
  useSyncExternalStore(region.subscribe, () => region.version);
  const [km, setKm] = useState(40);
  const [profile, setProfile] = useState<RouteProfile>('curvy');
  const [loops, setLoops] = useState<RoundTripProposal[]>([]);
  if (!region.name) return null;
  const start = state.drive?.waypoints[0]?.position ?? null;
  return (
    <section className="sb-roundtrip" aria-label="Round trip">
      <form className="sb-row" onSubmit={async (e) => {
        e.preventDefault();
        if (!start) { planner.notify('warning', 'Click the map once to set the start of the round trip.'); return; }
        const found = await planner.runTask('Finding round trips', (signal) => region.roundTrips({ start, targetMeters: km * 1000, curviness: profile === 'shortest' ? 'fastest' : profile }, signal));
        if (found) setLoops(found);
      }}>
        <span>Round trip</span>
        <input type="number" min={5} max={500} value={km} onChange={(e) => setKm(Number(e.target.value))} aria-label="Round trip length in km" style={{ width: 60 }} /> km
        <select value={profile} onChange={(e) => setProfile(e.target.value as RouteProfile)} aria-label="Round trip curviness">
          <option value="fastest">fastest</option><option value="curvy">curvy</option><option value="extra-curvy">extra curvy</option>
        </select>
        <button type="submit" data-testid="roundtrip-go" disabled={!start}>Propose</button>
      </form>
      {loops.length > 0 && (
        <ol className="sb-loops" data-testid="roundtrip-list">
          {loops.map((loop, i) => {
            const score = scoreCurvature(loop.coords, { profile: false });
            return (
              <li key={i}>
                <ScoreCard units={state.settings.distanceUnits} testId={`roundtrip-${i}`} card={{
                  title: `Loop ${i + 1}${loop.overlapShare > 0.05 ? ` (retraces ${Math.round(loop.overlapShare * 100)}%)` : ''}`,
                  distanceMeters: loop.distanceMeters, durationSeconds: loop.durationSeconds, curvature: score,
                }} />
                <button type="button" className="sb-link" onClick={() => void planner.adoptRoundTrip(loop.waypoints, profile, `Round trip ${i + 1}`)}>Use this loop</button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
