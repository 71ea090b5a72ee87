/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { fileURLToPath } from 'node:url';

/** ../shared holds the real test data (OSM extracts, DEM, GPX fixtures); browser tests read it through the dev server. */
const sharedDir = fileURLToPath(new URL('../shared', import.meta.url));
const repoDir = fileURLToPath(new URL('.', import.meta.url));

/** Debian's Chromium by default; CHROMIUM_PATH points at any other Chrome/Chromium. */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Flags that keep headless Chromium off the network while leaving WebGL (SwiftShader) on. */
export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', port: 5173, fs: { allow: [repoDir, sharedDir] } },
  preview: { host: '127.0.0.1', port: 4173 },
  worker: { format: 'es' },
  // Pre-bundle React up front so browser tests never see two copies after a mid-run re-optimisation.
  optimizeDeps: { include: ['react', 'react-dom', 'react-dom/client', 'react/jsx-dev-runtime', 'react/jsx-runtime', 'maplibre-gl', 'dexie'] },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2000 },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/**/*.browser.test.ts', 'tests/**/*.browser.test.tsx', 'tests/e2e/**', 'node_modules/**'],
          benchmark: { include: ['tests/**/*.bench.ts'], exclude: ['tests/**/*.browser.bench.ts'] },
          testTimeout: 60_000,
        },
      },
      {
        // Drives the built app (dist/) in Chromium; `npm test` builds first.
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/**/*.browser.test.ts', 'tests/**/*.browser.test.tsx'],
          benchmark: { include: ['tests/**/*.browser.bench.ts'] },
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
    ],
  },
});
