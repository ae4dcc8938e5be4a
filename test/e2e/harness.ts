// Shared e2e setup: a Vite server on 127.0.0.1 (free port), Debian's Chromium via playwright-core
// (a clear failure, never a skip, when it is missing), and helpers that read the app's shadow DOM.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.ts';

export { CHROMIUM, CHROMIUM_ARGS };

/** Screenshots land here (gitignored). */
export const RESULTS = resolve(import.meta.dirname, '../../test-results');

/** The app's URL and a browser, live between a test file's beforeAll and afterAll. */
export interface BrowserSession {
  readonly base: string;
  readonly browser: Browser;
}

/**
 * Registers hooks that start Vite and Chromium (fresh profile) before the file's tests and stop
 * both after; read the session's fields inside tests.
 */
export function useBrowserSession(): BrowserSession {
  let server: ViteDevServer | undefined;
  let profile: string | undefined;
  const session = { base: '', browser: undefined as unknown as Browser };
  beforeAll(async () => {
    const vite = await startVite();
    server = vite.server;
    session.base = vite.url;
    profile = mkdtempSync(join(tmpdir(), 'agujero-chromium-'));
    session.browser = await launchChromium(profile);
  }, 60_000);
  afterAll(async () => {
    await session.browser?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });
  return session;
}

/** Starts Vite's dev server for the app on a free loopback port. */
export async function startVite(): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    root: resolve(import.meta.dirname, '../..'),
    configFile: resolve(import.meta.dirname, '../../vite.config.ts'),
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
  });
  await server.listen();
  const addr = server.httpServer?.address();
  if (!addr || typeof addr === 'string') throw new Error('vite did not report a port');
  return { server, url: `http://127.0.0.1:${addr.port}/` };
}

/** Launches Debian's Chromium headless with a fresh profile; throws a clear error if missing. */
export async function launchChromium(userDataDir: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's package (scripts/install-system-deps.sh ` +
        'installs "chromium"), or set CHROMIUM_PATH. The browser tests do not skip.',
    );
  }
  mkdirSync(RESULTS, { recursive: true });
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1280, height: 800 },
  });
  const browser = ctx.browser();
  if (browser) return browser;
  // A persistent context has no Browser object; wrap it so callers can close it.
  return {
    close: () => ctx.close(),
    newPage: () => ctx.newPage(),
    contexts: () => [ctx],
  } as unknown as Browser;
}

/** Runs `fn` in the page with the app's simulator elements at hand (shadow roots pierced). */
export function sim(page: Page) {
  return {
    /** Text of the step counter, e.g. "evento 27 de 74". */
    step: () => page.locator('nat-controls [data-testid=step]').innerText(),
    terminal: (actor: string) => page.locator(`nat-terminal [data-actor=${actor}] pre`).innerText(),
    bindings: (router: string) =>
      page.locator(`nat-table-view [data-router=${router}] tr.binding`).allInnerTexts(),
    caption: () => page.locator('nat-stage [data-testid=caption]').innerText(),
    goal: (id: string) => page.locator(`nat-goals [data-goal=${id}]`),
    press: async (key: string, times = 1) => {
      for (let i = 0; i < times; i++) await page.keyboard.press(key);
    },
  };
}
