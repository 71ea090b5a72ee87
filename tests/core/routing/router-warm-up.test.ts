import { expect, test } from 'vitest';
import { warmUpRouting } from '../../../src/core/routing/router-warm-up';

test('the router warm-up runs real routes (fastest and curvy) through the stored-pack code path on its built-in grid', async () => {
  const routes = await warmUpRouting(60);
  // A handful of grid pairs may be unreachable through the one-way links; most must route.
  expect(routes).toBeGreaterThan(50);
  expect(routes).toBeLessThanOrEqual(60);
});
