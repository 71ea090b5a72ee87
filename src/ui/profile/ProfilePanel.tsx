/**
 * Elevation & curvature profile under the map: elevation area, curvature band coloured by curve
 * level, leg separators, a hover cursor synchronised with the map both ways, and a selectable range.
 * A thin React shell over `ProfileChart`, which owns the canvas; hover never re-renders React.
 */
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { DistanceUnits } from '../../core/format';
import { hasKnownElevation, profileExtent, type DistanceRange, type ProfileData } from '../../core/profile';
import { ProfileChart } from './profile-chart';
import './profile-panel.css';

export type { ProfileData, DistanceRange } from '../../core/profile';

export interface ProfilePanelProps {
  /** The profile; pass a new object when it changes (arrays are not watched for in-place edits). */
  data: ProfileData | null;
  units: DistanceUnits;
  /** Distance under the map's hover (synchronised from the map); null when none. Drawn, never echoed to `onHover`. */
  hoverMeters: number | null;
  /** The user hovers the profile (pointer or arrow keys); null when the pointer leaves. */
  onHover(distanceMeters: number | null): void;
  /** The selected range, controlled. */
  range: DistanceRange | null;
  /** A drag ended (or Shift+arrows moved an end) with this range; null on a click or Escape. */
  onRangeChange(range: DistanceRange | null): void;
  /** Height in CSS pixels (default 160); the width follows the container. */
  height?: number;
}

export const PROFILE_ARIA_LABEL =
  'Elevation and curvature profile. Arrow keys move the cursor, Shift with arrows selects a range, Escape clears it.';

/** What to say instead of a profile, or null when there is one to draw. */
function profileMessage(data: ProfileData | null): string | null {
  if (!profileExtent(data)) return 'Draw a drive to see its profile';
  if (!data?.elevationMeters) return 'Load elevation data to see the profile';
  if (!hasKnownElevation(data.elevationMeters)) return 'No elevation data covers this drive';
  return null;
}

export function ProfilePanel({ data, units, hoverMeters, onHover, range, onRangeChange, height = 160 }: ProfilePanelProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const liveRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ProfileChart | null>(null);
  const callbacksRef = useRef({ onHover, onRangeChange });

  useLayoutEffect(() => {
    callbacksRef.current = { onHover, onRangeChange };
  });

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const chart = new ProfileChart(canvas, {
      onHover: (d) => callbacksRef.current.onHover(d),
      onRangeChange: (r) => callbacksRef.current.onRangeChange(r),
      announce: (text) => {
        if (liveRef.current) liveRef.current.textContent = text;
      },
    });
    chartRef.current = chart;
    return () => {
      chart.destroy();
      chartRef.current = null;
    };
  }, []);

  useLayoutEffect(() => chartRef.current?.setData(data), [data]);
  useLayoutEffect(() => chartRef.current?.setUnits(units), [units]);
  useLayoutEffect(() => chartRef.current?.setHover(hoverMeters), [hoverMeters]);
  const fromMeters = range?.fromMeters ?? null;
  const toMeters = range?.toMeters ?? null;
  useLayoutEffect(() => {
    chartRef.current?.setRange(fromMeters !== null && toMeters !== null ? { fromMeters, toMeters } : null);
  }, [fromMeters, toMeters]);

  const message = useMemo(() => profileMessage(data), [data]);

  return (
    <div className="sb-profile" style={{ height }}>
      <canvas ref={canvasRef} className="sb-profile-canvas" tabIndex={0} role="application" aria-label={PROFILE_ARIA_LABEL} />
      {message && <div className="sb-profile-message">{message}</div>}
      <div ref={liveRef} className="sb-profile-live" aria-live="polite" />
    </div>
  );
}
