import { expect, test } from 'vitest';
import { warmUpOpening, warmUpRouting } from '../../../src/core/routing/router-warm-up';

test('the router warm-up runs real routes (fastest and curvy) through the stored-pack code path on its built-in grid', async () => {
  const routes = await warmUpRouting(60);
  // A handful of grid pairs may be unreachable through the one-way links; most must route.
  expect(routes).toBeGreaterThan(50);
  expect(routes).toBeLessThanOrEqual(60);
});

test('the opening warm-up runs every function of a stored-pack open on its 100 × 100 grid without failing', async () => {
  // It returns 0 when anything throws (the grid's pack must pass all three parts of the checks).
  expect(await warmUpOpening(2)).toBe(2);
});
