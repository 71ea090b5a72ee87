/**
 * Properties of RC-1 on seeded random roads (mulberry32): the score describes the road, not how it
 * was digitised, where it is on Earth, or which way it is driven.
 *
 * Resolution: the score moves in quanta of one resampled 5 m segment (≤ 10 weighted metres at
 * weight 2), so "< 5 %" is asserted on roads scoring ≥ 200, where 5 % exceeds one quantum; every
 * road, whatever its score, must stay within max(5 %, 10).
 */
import { describe, expect, test } from 'vitest';
import { scoreCurvature } from '../../../src/core/scoring';
import { between, mulberry32 } from './helpers/mulberry32';
import { buildRoad, randomRoadRecipe, reversedLonLat } from './helpers/random-roads';
import { PlanarPen, planarToLonLat } from './helpers/synthetic-route';

const SEEDS = Array.from({ length: 300 }, (_, i) => i + 1);
const RELATIVE = 0.05;
const QUANTUM = 10;

function expectSameScore(base: number, other: number, what: string): void {
  const diff = Math.abs(other - base);
  if (base >= 200 && !(diff < RELATIVE * base)) throw new Error(`${what}: ${base} → ${other} (${((100 * diff) / base).toFixed(2)} %, limit 5 %)`);
  if (!(diff <= Math.max(RELATIVE * base, QUANTUM))) throw new Error(`${what}: ${base} → ${other}, more than max(5 %, ${QUANTUM})`);
}

const base = new Map(SEEDS.map((seed) => [seed, scoreCurvature(buildRoad(randomRoadRecipe(seed)).toLonLat(7, 45)).curvature]));

describe('RC-1 invariants on 300 seeded random roads', () => {
  test('the random roads are curvy enough for the test to mean something', () => {
    const scores = [...base.values()];
    expect(scores.filter((s) => s >= 200).length).toBeGreaterThan(250);
    expect(Math.min(...scores)).toBeGreaterThan(0);
  });

  test('rotating a road about its start changes nothing (< 1e-6 relative)', () => {
    for (const seed of SEEDS) {
      const rotated = scoreCurvature(buildRoad(randomRoadRecipe(seed)).toLonLat(7, 45, seed * 0.37)).curvature;
      expect(Math.abs(rotated - base.get(seed)!), `seed ${seed}`).toBeLessThanOrEqual(1e-6 * base.get(seed)!);
    }
  });

  test('moving a road to lat −60, the equator, or 70°N across the antimeridian changes nothing (< 1e-6 relative)', () => {
    for (const seed of SEEDS) {
      const pen = buildRoad(randomRoadRecipe(seed));
      for (const [lon, lat] of [[-120, -60], [100, 0], [179.99, 70]]) {
        const moved = scoreCurvature(pen.toLonLat(lon, lat)).curvature;
        expect(Math.abs(moved - base.get(seed)!), `seed ${seed} at ${lon},${lat}`).toBeLessThanOrEqual(1e-6 * base.get(seed)!);
      }
    }
  });

  test('reversing a road changes the score by < 5 %', () => {
    for (const seed of SEEDS) {
      const reversed = scoreCurvature(reversedLonLat(buildRoad(randomRoadRecipe(seed)).toLonLat(7, 45))).curvature;
      expectSameScore(base.get(seed)!, reversed, `seed ${seed} reversed`);
    }
  });

  test('adding points on the same curve (2× and 3× the vertices) changes the score by < 5 %', () => {
    for (const seed of SEEDS) {
      const recipe = randomRoadRecipe(seed);
      for (const factor of [2, 3]) {
        const denser = scoreCurvature(buildRoad(recipe, factor).toLonLat(7, 45)).curvature;
        expectSameScore(base.get(seed)!, denser, `seed ${seed} densified ×${factor}`);
      }
    }
  });

  test('(known limit) seed 1004: reversal moves a 235 score by 5.7 %, still within two 5 m quanta', () => {
    // Resampling starts at the first point, so reversed samples sit elsewhere on three short sparse
    // bends; found by sweeping 2,000 seeds (worst case of that sweep). Pinned so a change shows.
    const pen = buildRoad(randomRoadRecipe(1004));
    const forward = scoreCurvature(pen.toLonLat(7, 45)).curvature;
    const backward = scoreCurvature(reversedLonLat(pen.toLonLat(7, 45))).curvature;
    expect(forward).toBeGreaterThan(200);
    expect(Math.abs(forward - backward)).toBeLessThanOrEqual(2 * QUANTUM);
  });
});

describe('noise on straight roads scores exactly 0', () => {
  test('sub-metre jitter (±0.5 m on each axis) at 2–20 m spacing, 300 seeds, anywhere on Earth', () => {
    for (const seed of SEEDS) {
      const rand = mulberry32(seed * 7919);
      const length = between(rand, 500, 3000), spacing = between(rand, 2, 20), heading = rand() * 2 * Math.PI;
      const amplitude = between(rand, 0.1, 0.5);
      const n = Math.round(length / spacing);
      const xs: number[] = [], ys: number[] = [];
      for (let i = 0; i <= n; i++) {
        const edge = i === 0 || i === n;
        xs.push(i * spacing * Math.cos(heading) + (edge ? 0 : between(rand, -amplitude, amplitude)));
        ys.push(i * spacing * Math.sin(heading) + (edge ? 0 : between(rand, -amplitude, amplitude)));
      }
      const s = scoreCurvature(planarToLonLat(xs, ys, between(rand, -170, 170), between(rand, -70, 70)));
      expect(s.curvature, `seed ${seed}`).toBe(0);
      expect(s.curves, `seed ${seed}`).toBe(0);
      expect(s.turnDeg, `seed ${seed}`).toBe(0);
    }
  });
});

describe('the spec’s own properties (scoring-spec §4.3)', () => {
  /** V08–V11 rebuilt from their recipes: 200 m lead (10 × 20 m), quarter arc, 200 m lead-out. */
  function arcWithLeads(radius: number, leadSpacing = 20, extraLeadOut = 0): PlanarPen {
    const pen = new PlanarPen(0).straight(200, leadSpacing).arc(radius, Math.PI / 2, (radius * Math.PI) / 2 / Math.round((radius * Math.PI) / 2 / 5));
    return pen.straight(200 + extraLeadOut, leadSpacing);
  }

  test('appending 400 m of straight to an already straight end leaves V08–V11 unchanged', () => {
    for (const r of [25, 50, 80, 150]) {
      const plain = scoreCurvature(arcWithLeads(r).toLonLat());
      const longer = scoreCurvature(arcWithLeads(r, 20, 400).toLonLat());
      expect(longer.curvature, `R ${r}`).toBe(plain.curvature);
      expect(longer.turnDeg, `R ${r}`).toBe(plain.turnDeg);
    }
  });

  test('collinear midpoints in the leads: V08 goes 96.9 → 86.9 (the adaptive window), V09–V11 stay', () => {
    const expected: Record<number, [number, number]> = { 25: [96.9, 86.9], 50: [133.4, 133.4], 80: [159.5, 159.5], 150: [225.0, 225.0] };
    for (const [r, [sparse, dense]] of Object.entries(expected)) {
      expect(scoreCurvature(arcWithLeads(Number(r), 20).toLonLat()).curvature).toBeCloseTo(sparse, 0);
      expect(scoreCurvature(arcWithLeads(Number(r), 10).toLonLat()).curvature).toBeCloseTo(dense, 0);
    }
  });

  test('deterministic jitter x += 0.2 sin(2.9 i), y += 0.2 sin(1.7 i) on V08–V11 with 5 m leads changes the score by ≤ 5 %', () => {
    for (const r of [25, 50, 80, 150]) {
      const pen = arcWithLeads(r, 5);
      const clean = scoreCurvature(pen.toLonLat()).curvature;
      const xs = pen.xs.map((x, i) => x + 0.2 * Math.sin(2.9 * i));
      const ys = pen.ys.map((y, i) => y + 0.2 * Math.sin(1.7 * i));
      const jittered = scoreCurvature(planarToLonLat(xs, ys, 7, 45)).curvature;
      expect(Math.abs(jittered - clean) / clean, `R ${r}: ${clean} → ${jittered}`).toBeLessThanOrEqual(0.05);
    }
  });
});
