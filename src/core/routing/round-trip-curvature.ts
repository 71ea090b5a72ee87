/**
 * The curvature summary of a routed loop: RC-1 on the whole geometry, with the bends at manoeuvres
 * squashed (turning at a junction, or turning round at a via point, is not a curve of the road).
 */
import { scoreCurvature, type CurvatureScore } from '../scoring';
import type { RouteResult } from './router';

export type RoundTripCurvature = Pick<CurvatureScore, 'curvature' | 'curvaturePerKm' | 'curviness' | 'curves' | 'hairpins'>;

/** Step types that only rename the road or note something: the road itself goes on, so its curves count. */
const NOT_A_MANOEUVRE = new Set(['new name', 'notification']);

/** Distances (m from the route's start) of its manoeuvres: every step start but renamings, departures and arrivals included. */
export function manoeuvreMeters(route: RouteResult): Float64Array {
  const out: number[] = [];
  let legStart = 0;
  for (const leg of route.legs) {
    let along = legStart;
    for (const step of leg.steps) {
      if (!NOT_A_MANOEUVRE.has(step.maneuver.type)) out.push(along);
      along += step.distance;
    }
    legStart += leg.distance;
  }
  return Float64Array.from(out);
}

/** RC-1 summary of a route's geometry, manoeuvres squashed. */
export function routeCurvature(route: RouteResult): RoundTripCurvature {
  const score = scoreCurvature(route.coords, { profile: false, squashAtMeters: manoeuvreMeters(route) });
  return {
    curvature: score.curvature, curvaturePerKm: score.curvaturePerKm, curviness: score.curviness,
    curves: score.curves, hairpins: score.hairpins,
  };
}
