/**
 * Shared e2e plumbing: serve the built app with `vite preview` on 127.0.0.1 and drive Debian's
 * Chromium through playwright-core with every request outside 127.0.0.1 blocked, so the app is
 * tested as it behaves offline.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import path from 'node:path';
import { preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const repoRoot = path.resolve(__dirname, '../..');
export const sharedDir = path.resolve(repoRoot, '../shared');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function requireFile(file: string, hint: string): string {
  if (!existsSync(file)) throw new Error(`Missing ${file}: ${hint}`);
  return file;
}

export interface E2eSession {
  server: PreviewServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  baseUrl: string;
  /** URLs the app tried to reach outside 127.0.0.1 (all blocked). */
  blocked: string[];
  close(): Promise<void>;
}

export async function startSession(): Promise<E2eSession> {
  requireFile(path.join(repoRoot, 'dist/index.html'), 'run `npm run build` first (the test command does).');
  requireFile(chromiumPath, 'install Chromium (`apt-get install chromium`) or set CHROMIUM_PATH.');
  const server = await preview({ root: repoRoot, preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'error' });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('vite preview did not bind a port');
  const baseUrl = `http://127.0.0.1:${address.port}/`;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'blob:' || url.protocol === 'data:') return route.continue();
    blocked.push(url.href);
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  return {
    server, browser, context, page, baseUrl, blocked,
    async close() {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    },
  };
}

/** Where e2e screenshots and downloads go. */
export const outDir = path.join(repoRoot, 'test-results');

/**
 * One browser session per test file: started before the tests, closed after. Returns a getter,
 * since the session exists only once `beforeAll` ran.
 */
export function useE2eSession(): () => E2eSession {
  let session: E2eSession | undefined;
  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    session = await startSession();
  }, 60_000);
  afterAll(async () => {
    await session?.close();
  });
  return () => {
    if (!session) throw new Error('The e2e session did not start; see the beforeAll error above.');
    return session;
  };
}
