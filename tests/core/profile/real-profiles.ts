/**
 * Real profiles for the helper tests, read from ../shared: the SRTM3 heights along the climb from
 * Andorra la Vella to Port d'Envalira (every 5 m), and the RC-1 curvature profile of the recorded
 * OSRM route across Corsica from Ajaccio. A missing file fails the test with a message.
 */
import { HgtDemSource } from '../../../src/core/elevation/hgt-dem-source';
import { sampleProfileEvery } from '../../../src/core/elevation/elevation-profile';
import { decodePolyline } from '../../../src/core/routing/polyline';
import type { OsrmRouteResponse } from '../../../src/core/routing/osrm-types';
import { scoreCurvature, type CurvatureProfile } from '../../../src/core/scoring';
import { readSharedData } from '../elevation/shared-data';

/** Andorra la Vella → Port d'Envalira (README coordinates), a straight line over the real terrain. */
export function andorraClimb(): { distanceMeters: Float64Array; elevationMeters: Float32Array } {
  const source = new HgtDemSource();
  source.addTile(readSharedData('dem/N42E001.hgt.zip'), 'N42E001.hgt.zip');
  const { distanceMeters, elevationMeters } = sampleProfileEvery(source, new Float64Array([1.5212467, 42.5069391, 1.71938, 42.54018]), 5);
  return { distanceMeters, elevationMeters };
}

/** The RC-1 profile of the recorded Ajaccio OSRM route. */
export function ajaccioCurvature(): CurvatureProfile {
  const file = 'osrm-responses/road2-ajaccio-corsica-car.json';
  const json = JSON.parse(new TextDecoder().decode(readSharedData(file))) as OsrmRouteResponse;
  const geometry = json.routes?.[0]?.geometry;
  if (typeof geometry !== 'string') throw new Error(`../shared/data/${file} has no encoded route geometry`);
  const profile = scoreCurvature(decodePolyline(geometry, 5)).profile;
  if (!profile) throw new Error('scoreCurvature gave no profile for the Ajaccio route');
  return profile;
}
