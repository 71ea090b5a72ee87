// Lint rules that keep the architecture honest. The important one: src/core is pure TypeScript
// (no React, MapLibre, Dexie, DOM or Node I/O), so the same core runs in the page, in workers and
// in the CLI. Breaking that boundary fails CI.
import tseslint from 'typescript-eslint';
import globals from 'globals';

const adapterPackages = ['react', 'react-dom', 'react-dom/*', 'maplibre-gl', 'maplibre-gl/*', 'dexie', 'dexie/*',
  'fake-indexeddb', 'fake-indexeddb/*', 'gpxparser', 'happy-dom', '@xmldom/xmldom', 'playwright', 'playwright-core'];
const nodeBuiltins = ['fs', 'fs/*', 'node:*', 'path', 'http', 'https', 'child_process', 'os', 'worker_threads', 'url'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'public/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: {
      // Only ECMAScript globals: no window, document, DOMParser, indexedDB, fetch or process.
      globals: { ...globals.es2022 },
    },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: adapterPackages, message: 'src/core is pure TypeScript: no React, MapLibre, Dexie or DOM libraries. Put this in an adapter (src/ui, src/map, src/store, src/routing, src/workers).' },
          { group: nodeBuiltins, message: 'src/core must run in the browser too: do file or network I/O in src/cli or an adapter and pass data in.' },
          { group: ['ui', 'map', 'store', 'routing', 'workers', 'cli', 'app'].flatMap((dir) => [`../../${dir}/*`, `../../../${dir}/*`, `@/${dir}/*`]), message: 'src/core must not depend on adapters.' },
        ],
      }],
      'no-restricted-globals': ['error',
        ...['window', 'document', 'DOMParser', 'XMLSerializer', 'indexedDB', 'localStorage', 'navigator', 'fetch', 'XMLHttpRequest', 'process', 'Buffer', 'require']
          .map((name) => ({ name, message: `src/core is pure: '${name}' belongs in an adapter.` })),
      ],
    },
  },
);
