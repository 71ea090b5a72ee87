/**
 * Loads the real recorded OSRM responses from ../shared/data/osrm-responses (see its README).
 * A missing file fails the calling test with a message saying where it was expected.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RECORDED_OSRM_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/osrm-responses');

export const RECORDED = {
  ajaccio: 'road2-ajaccio-corsica-car.json',
  portugalKorea: 'osrm-backend-portugal-to-korea.json',
  berlin: 'ferrostar-berlin-osrm-polyline6.json',
  tallinn: 'ferrostar-tallinn-valhalla-osrm-annotations.json',
} as const;

export type RecordedName = keyof typeof RECORDED;

export function recordedText(name: RecordedName): string {
  const file = path.join(RECORDED_OSRM_DIR, RECORDED[name]);
  if (!fs.existsSync(file)) {
    throw new Error(`Recorded OSRM response missing: ${file}. The tests need the shared data beside the repository (../shared/data/osrm-responses, see ../shared/data/README.md).`);
  }
  return fs.readFileSync(file, 'utf8');
}

/** A fresh parsed copy each call, so tests may mutate it. */
export function recordedJson(name: RecordedName): Record<string, unknown> {
  return JSON.parse(recordedText(name)) as Record<string, unknown>;
}
