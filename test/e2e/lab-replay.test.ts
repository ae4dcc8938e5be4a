/**
 * A saved lab run replayed in Chromium without the lab, opened by URL: `?run=` pointing at a run
 * the real lab saved (the loopback punch, test/e2e/fixtures), served by this test's own HTTP
 * server on 127.0.0.1 (another origin, allowed by CORS) and by the app's own server (same
 * origin). The real run is drawn by the simulator's views beside the prediction, stepped with
 * the keyboard, "Show in both" steps both; axe finds no serious or critical violation; and each
 * refusal (a scheme other than http/https, too big, not JSON, not a lab run, HTTP 404, a server
 * that does not allow this site) is said in the reader's language.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LAB_RUN_BYTES } from '../../src/protocol/lab-run.ts';
import { seriousViolations } from './axe.ts';
import { RESULTS, useBrowserSession } from './harness.ts';

const FIXTURE = 'test/e2e/fixtures/lab-run-punch-loopback.json';
const RUN = readFileSync(resolve(import.meta.dirname, '../..', FIXTURE), 'utf8');
// The same block run on the netns lab: two port-restricted NATs (nftables), OpenBSD nc.
const NETNS = readFileSync(
  resolve(import.meta.dirname, 'fixtures/lab-run-punch-netns.json'),
  'utf8',
);
// The same run as a NAT that rewrote Bob's port would have left it: "soy Bob" arrives from 9065.
const CLASHED = RUN.replace(
  /("type": "delivered",[^]*?"src": \{\s*"ip": "127.0.0.1",\s*"port": )58888/,
  '$19065',
);
const session = useBrowserSession();
let server: Server;
let files = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const cors = !req.url?.startsWith('/private/');
    if (cors) res.setHeader('access-control-allow-origin', '*');
    const path = req.url?.replace('/private/', '/');
    if (path === '/run.json') return void res.end(RUN);
    if (path === '/clash.json') return void res.end(CLASHED);
    if (path === '/netns.json') return void res.end(NETNS);
    if (path === '/big.json') return void res.end(`"${'x'.repeat(MAX_LAB_RUN_BYTES)}"`);
    if (path === '/broken.json') return void res.end('{"format": "agujero-lab-run",');
    if (path === '/other.json') return void res.end('{"format": "something-else"}');
    res.statusCode = 404;
    res.end('not here');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  files = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const open = (page: Page, lang: string, run: string) =>
  page.goto(
    `${session.base}?page=lesson&l=03-walkthrough&lang=${lang}&run=${encodeURIComponent(run)}`,
  );

describe('replay by URL', () => {
  it.each([
    ['en', 1280, 800, 'cross-origin'],
    ['es', 390, 844, 'same-origin'],
    ['es', 1280, 800, 'same-origin'],
    ['en', 390, 844, 'cross-origin'],
  ])(
    'draws the real run beside the prediction (%s, %i px, %s)',
    async (lang, width, height, origin) => {
      const page = await session.browser.newPage();
      await page.setViewportSize({ width, height });
      try {
        await open(page, lang, origin === 'same-origin' ? `/${FIXTURE}` : `${files}/run.json`);
        const view = page.locator('lab-replay lab-run-view');
        const soyBob = view.locator('ul.diff li', { hasText: 'soy Bob' });
        await expect.poll(() => soyBob.getAttribute('data-kind'), { timeout: 15_000 }).toBe('same');
        const real = view.locator('section.real');
        // The real run in the simulator's own views: stage, tables, read-only terminals.
        expect(await real.locator('nat-stage').count()).toBe(1);
        expect(await real.locator('nat-table-view').count()).toBe(2);
        expect(await real.locator('nat-terminal input').count()).toBe(0);
        await expect
          .poll(() => real.locator('nat-terminal section[data-actor=alice] pre').textContent())
          .toContain('soy Bob');
        expect(await real.locator('[data-testid=real-tables-note]').textContent()).toContain(
          '127.0.0.1',
        );
        // Side by side at 1280 px; at 390 px one at a time, behind the switch.
        const predicted = view.locator('section.predicted');
        if (width >= 1280) {
          expect(await predicted.isVisible()).toBe(true);
          expect(await real.isVisible()).toBe(true);
        } else {
          expect(await predicted.isVisible()).toBe(false);
          await view.locator('.switch button[data-side=predicted]').click();
          expect(await predicted.isVisible()).toBe(true);
          expect(await real.isVisible()).toBe(false);
          await view.locator('.switch button[data-side=real]').click();
        }
        // The keyboard steps the real run: first event, then one step.
        const step = real.locator('nat-controls [data-testid=step]');
        await real.locator('nat-controls button[data-action=first]').focus();
        await page.keyboard.press('Enter');
        await expect.poll(() => step.textContent()).toMatch(/\b0\b/);
        await real.locator('nat-controls button[data-action=step]').focus();
        await page.keyboard.press('Enter');
        await expect.poll(() => step.textContent()).toMatch(/\b1\b/);
        // "Show in both", by keyboard: each side steps to the datagram's delivery.
        await soyBob.locator('button[data-action=show-both]').focus();
        await page.keyboard.press('Enter');
        await expect
          .poll(() => real.locator('nat-stage [data-testid=caption]').textContent())
          .toMatch(/Alice/);
        if (width >= 1280)
          await expect
            .poll(() =>
              view.locator('lesson-simulator nat-stage [data-testid=caption]').textContent(),
            )
            .toMatch(/Alice/);
        await page.locator('lab-replay h2').first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${RESULTS}/lab-replay-${lang}-${width}-top.png` });
        await real.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${RESULTS}/lab-replay-${lang}-${width}.png` });
        await view.locator('ul.diff').scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${RESULTS}/lab-replay-${lang}-${width}-diff.png` });
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    90_000,
  );

  it.each([
    ['en', 'ftp://127.0.0.1/run.json', /only http and https .* not ftp/],
    ['es', 'javascript:alert(1)', /solo se pueden abrir direcciones http y https, no javascript/],
    ['en', '/big.json', /larger than 2 MB/],
    ['es', '/broken.json', /no es JSON/],
    ['en', '/other.json', /format: must be "agujero-lab-run"/],
    ['es', '/missing.json', /HTTP 404/],
    ['en', '/private/run.json', /CORS/],
  ])(
    'refuses (%s) %s',
    async (lang, run, message) => {
      const page = await session.browser.newPage();
      try {
        await open(page, lang, run.startsWith('/') ? `${files}${run}` : run);
        const error = page.locator('lab-replay [data-testid=replay-error]');
        await expect.poll(() => error.textContent(), { timeout: 15_000 }).toMatch(message);
        expect(await error.getAttribute('role')).toBe('alert');
      } finally {
        await page.close();
      }
    },
    30_000,
  );

  it.each([
    ['en', 1280, /rewrote source port 58888 to 9065/],
    ['es', 390, /reescribió el puerto de origen 58888 a 9065/],
  ])(
    'highlights a difference and says why (%s, %i px)',
    async (lang, width, why) => {
      expect(CLASHED).not.toBe(RUN);
      const page = await session.browser.newPage();
      await page.setViewportSize({ width, height: 800 });
      try {
        await open(page, lang, `${files}/clash.json`);
        const view = page.locator('lab-replay lab-run-view');
        const soyBob = view.locator('ul.diff li', { hasText: 'soy Bob' });
        await expect.poll(() => soyBob.getAttribute('data-kind'), { timeout: 15_000 }).toBe('port');
        expect(await soyBob.getAttribute('class')).toBe('differs');
        expect(await soyBob.locator('.explain').textContent()).toMatch(why);
        expect(await view.locator('[data-testid=diff-count]').textContent()).toMatch(/1/);
        await soyBob.locator('button[data-action=show-both]').click();
        // The differing datagram is marked on both stages (and, as arrows, in both sequences).
        await expect
          .poll(() => view.locator('section.real nat-stage g.packet.marked').count())
          .toBe(1);
        await expect
          .poll(() => view.locator('lesson-simulator nat-stage g.packet.marked').count())
          .toBe(1);
        await soyBob.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${RESULTS}/lab-replay-differs-${lang}-${width}.png` });
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    60_000,
  );

  it.each([
    ['en', 1280],
    ['es', 390],
  ])(
    'draws a run through real NATs with the hole it inferred (%s, %i px)',
    async (lang, width) => {
      const page = await session.browser.newPage();
      await page.setViewportSize({ width, height: 800 });
      try {
        await open(page, lang, `${files}/netns.json`);
        const view = page.locator('lab-replay lab-run-view');
        const soyBob = view.locator('ul.diff li', { hasText: 'soy Bob' });
        await expect.poll(() => soyBob.getAttribute('data-kind'), { timeout: 15_000 }).toBe('same');
        const real = view.locator('section.real');
        const hole = real.locator('nat-table-view section[data-router=alice-nat] tr.binding');
        await expect
          .poll(() => hole.textContent())
          .toMatch(/192\.168\.1\.10:53333[^]*192\.0\.2\.113:53333/);
        await soyBob.locator('button[data-action=show-both]').click();
        await real.locator('nat-table-view').first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${RESULTS}/lab-replay-netns-${lang}-${width}.png` });
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    60_000,
  );
});
