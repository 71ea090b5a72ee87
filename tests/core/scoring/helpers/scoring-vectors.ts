/**
 * Loads the spec's geometry test vectors from ../shared (never copied into the repo). A missing or
 * malformed file fails the test with a message that says where the file was expected.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ScoringVector {
  id: string;
  name: string;
  recipe: string;
  n_pts: number;
  length_m: number;
  /** Mode A (Franco with exact math). */
  franco_exact: number;
  /** RC-1. */
  robust: number;
  robust_curves40: number;
  robust_hairpins: number;
  robust_turn_deg: number;
  lonlat: [number, number][];
}

export const SCORING_VECTORS_PATH = fileURLToPath(new URL('../../../../../shared/research/scoring-vectors.json', import.meta.url));

export function loadScoringVectors(): ScoringVector[] {
  if (!existsSync(SCORING_VECTORS_PATH)) {
    throw new Error(`Scoring test vectors not found at ${SCORING_VECTORS_PATH}. They live in the shared folder beside the repository (../shared/research/scoring-vectors.json); check out or mount /work/shared.`);
  }
  const data: unknown = JSON.parse(readFileSync(SCORING_VECTORS_PATH, 'utf8'));
  if (!Array.isArray(data) || data.length !== 35) {
    throw new Error(`${SCORING_VECTORS_PATH} should hold the 35 vectors of scoring-spec §4.3 (got ${Array.isArray(data) ? data.length : typeof data}).`);
  }
  return data as ScoringVector[];
}

/** A vector's coordinates as the app's interleaved `[lon, lat, …]` Float64Array. */
export function vectorCoords(v: ScoringVector): Float64Array {
  const out = new Float64Array(v.lonlat.length * 2);
  v.lonlat.forEach(([lon, lat], i) => { out[2 * i] = lon; out[2 * i + 1] = lat; });
  return out;
}

export function vectorById(vectors: ScoringVector[], id: string): ScoringVector {
  const v = vectors.find((x) => x.id === id);
  if (!v) throw new Error(`Vector ${id} is missing from ${SCORING_VECTORS_PATH}.`);
  return v;
}
