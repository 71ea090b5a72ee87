import { expect, test } from 'vitest';
test('browser project has IndexedDB and WebGL2', () => {
  expect(typeof indexedDB).toBe('object');
  expect(document.createElement('canvas').getContext('webgl2')).not.toBeNull();
});
