/**
 * Seeded random curvy roads for property tests: a recipe (straights and arcs with their vertex
 * spacing) that can be rebuilt reversed, rotated, elsewhere on Earth, or with more vertices on the
 * same curve.
 */
import { between, mulberry32 } from './mulberry32';
import { PlanarPen } from './synthetic-route';

export type RoadPiece =
  | { kind: 'straight'; lengthMeters: number; spacingMeters: number }
  | { kind: 'arc'; radiusMeters: number; angleRad: number; spacingMeters: number };

export interface RoadRecipe {
  headingRad: number;
  pieces: RoadPiece[];
}

/**
 * Bend radii are drawn from bands that keep ≥ 10 % away from the level boundaries (30, 60, 100,
 * 175 m): a bend of exactly 174 m may legitimately flip between level 1 and straight when its vertices
 * move, so property tests would measure the threshold, not the algorithm (the spec's V18 caveat).
 */
const RADIUS_BANDS: readonly [number, number][] = [[12, 26], [35, 52], [68, 88], [115, 155], [220, 600]];

/**
 * 6–12 pieces (about three quarters bends): straights of 60–400 m (vertices every 8–15 m, i.e. within the 15 m minimum window
 * half-length) and bends from the radius bands turning 50–170° (vertices every 3–8 m, ≤ 15° apart).
 */
export function randomRoadRecipe(seed: number): RoadRecipe {
  const rand = mulberry32(seed);
  const radius = () => {
    const [lo, hi] = RADIUS_BANDS[Math.floor(rand() * RADIUS_BANDS.length)];
    return between(rand, lo, hi);
  };
  const pieces: RoadPiece[] = [{ kind: 'straight', lengthMeters: between(rand, 100, 300), spacingMeters: between(rand, 8, 15) }];
  const count = 6 + Math.floor(rand() * 7);
  for (let i = 0; i < count; i++) {
    if (rand() < 0.25) {
      pieces.push({ kind: 'straight', lengthMeters: between(rand, 60, 400), spacingMeters: between(rand, 8, 15) });
    } else {
      const side = rand() < 0.5 ? -1 : 1;
      const r = radius();
      // Vertices every 3–8 m but at most 15° apart, as mapped bends are digitised.
      const spacing = Math.min(between(rand, 3, 8), r * 0.26);
      pieces.push({ kind: 'arc', radiusMeters: r, angleRad: side * between(rand, 50, 170) * (Math.PI / 180), spacingMeters: spacing });
    }
  }
  pieces.push({ kind: 'straight', lengthMeters: between(rand, 100, 300), spacingMeters: between(rand, 8, 15) });
  return { headingRad: rand() * 2 * Math.PI, pieces };
}

/** Planar vertices of a recipe; `densify` multiplies the vertex count of every piece (same curve). */
export function buildRoad(recipe: RoadRecipe, densify = 1): PlanarPen {
  const pen = new PlanarPen(recipe.headingRad);
  for (const p of recipe.pieces) {
    if (p.kind === 'straight') pen.straight(p.lengthMeters, p.spacingMeters / densify);
    else pen.arc(p.radiusMeters, p.angleRad, p.spacingMeters / densify);
  }
  return pen;
}

/** Interleaved [lon, lat] in reverse vertex order. */
export function reversedLonLat(coords: Float64Array): Float64Array {
  const n = coords.length >> 1;
  const out = new Float64Array(coords.length);
  for (let i = 0; i < n; i++) { out[2 * i] = coords[2 * (n - 1 - i)]; out[2 * i + 1] = coords[2 * (n - 1 - i) + 1]; }
  return out;
}
