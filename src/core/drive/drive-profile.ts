/**
 * The drive's profile along its driven distance — curve level and radius per curvature sample and
 * elevation where a DEM covers it — and elevation statistics per leg. Inputs are the drive
 * analysis and per-segment 50 m elevation profiles; outputs are typed arrays for the profile panel.
 */
import { elevationStats, type ElevationProfile, type ElevationStats } from '../elevation';
import type { DriveAnalysis } from './drive-analysis';

export interface DriveProfile {
  distanceMeters: Float64Array;
  curveLevel: Uint8Array;
  radiusMeters: Float32Array;
  /** Present when at least one part has elevation; NaN where unknown. */
  elevationMeters?: Float32Array;
  legBoundsMeters: Float64Array;
}

export type ElevationLookup = (key: string) => ElevationProfile | null;

export function buildDriveProfile(analysis: DriveAnalysis, elevationOf: ElevationLookup): DriveProfile {
  const parts = analysis.total.parts;
  let n = 0;
  for (const p of parts) n += p.profile ? p.profile.distanceMeters.length : 0;
  const distanceMeters = new Float64Array(n);
  const curveLevel = new Uint8Array(n);
  const radiusMeters = new Float32Array(n);
  const elevation = new Float32Array(n).fill(NaN);
  let anyElevation = false;
  let w = 0;
  for (let p = 0; p < parts.length; p++) {
    const profile = parts[p].profile;
    if (!profile) continue;
    const offset = analysis.total.partStartMeters[p];
    const m = profile.distanceMeters.length;
    const elev = elevationOf(analysis.partKeys[p]);
    let j = 0;
    for (let i = 0; i < m; i++) {
      const d = profile.distanceMeters[i];
      distanceMeters[w + i] = offset + d;
      curveLevel[w + i] = profile.level[i];
      radiusMeters[w + i] = profile.radiusMeters[i];
      if (elev && elev.distanceMeters.length > 0) {
        // Both profiles measure distance along the same line, so a forward merge interpolates.
        const ed = elev.distanceMeters;
        while (j + 1 < ed.length && ed[j + 1] < d) j++;
        const a = elev.elevationMeters[j];
        const b = j + 1 < ed.length ? elev.elevationMeters[j + 1] : a;
        const span = j + 1 < ed.length ? ed[j + 1] - ed[j] : 0;
        const t = span > 0 ? Math.min(1, Math.max(0, (d - ed[j]) / span)) : 0;
        elevation[w + i] = a + (b - a) * t;
        anyElevation = true;
      }
    }
    w += m;
  }
  return {
    distanceMeters, curveLevel, radiusMeters,
    elevationMeters: anyElevation ? elevation : undefined,
    legBoundsMeters: Float64Array.from(analysis.legs.slice(1).map((l) => l.startMeters)),
  };
}

/** Ascent (5 m hysteresis), descent and highest point of each leg and of the whole drive; null where no DEM covers it. */
export function legElevationStats(analysis: DriveAnalysis, elevationOf: ElevationLookup): { legs: (ElevationStats | null)[]; total: ElevationStats | null } {
  const heightsOfSegments = (first: number, last: number): Float32Array | null => {
    const chunks: Float32Array[] = [];
    for (let p = 0; p < analysis.partSegments.length; p++) {
      const s = analysis.partSegments[p];
      if (s < first || s > last) continue;
      const e = elevationOf(analysis.partKeys[p]);
      if (e) chunks.push(e.elevationMeters);
    }
    if (chunks.length === 0) return null;
    const out = new Float32Array(chunks.reduce((a, c) => a + c.length, 0));
    let w = 0;
    for (const c of chunks) { out.set(c, w); w += c.length; }
    return out;
  };
  const stats = (h: Float32Array | null) => {
    if (!h) return null;
    const s = elevationStats(h);
    return s.validCount > 0 ? s : null;
  };
  const legs = analysis.legs.map((leg) => stats(heightsOfSegments(leg.firstSegment, leg.lastSegment)));
  const total = stats(heightsOfSegments(0, Number.MAX_SAFE_INTEGER));
  return { legs, total };
}
