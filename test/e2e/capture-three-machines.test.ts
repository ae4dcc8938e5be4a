/**
 * The capture of a class on three machines opened in the course in Chromium: the fixture
 * test/e2e/fixtures/three-machines.pcapng is what `agujero capture merge` made of a real run
 * where `agujero server --capture` and two `agujero agent --capture` recorded their own
 * namespaces through MASQUERADE routers (test/lab/capture/three-machines.test.ts writes it with
 * AGUJERO_KEEP_CAPTURE=PATH). Picked with "Open a saved run", it is matched by address (the
 * namespace lab's), each role's addresses shown once, in one table above both runs (the
 * prediction drawn in the same ones), Alice's terminal prints Bob's reply, and the diff holds
 * each datagram.
 * Screenshots at 1280 px (en) and 390 px (es).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { RESULTS, useBrowserSession } from './harness.ts';
import { openCapture } from './open-capture.ts';
import {
  NO_NAT,
  expectOneAddressTable,
  roleCells,
  rolesTable,
  rolesVerdict,
} from './role-addresses.ts';

const CAPTURE = readFileSync(resolve(import.meta.dirname, 'fixtures/three-machines.pcapng'));
const session = useBrowserSession();

const shadowText = (page: Page, selector: string) =>
  page.locator(selector).evaluate((e) => e.shadowRoot?.textContent ?? '');

describe('a three-machine capture (capture merge of --capture files) opened in the course', () => {
  it.each([
    ['en', 1280, 'Imported capture: 4 datagrams', 'agujero netns'],
    ['es', 390, '4 datagramas', 'agujero netns'],
  ])(
    '%s at %i px: matched by address, replayed, diffed',
    async (lang, width, title, book) => {
      const page = await session.browser.newPage();
      await page.setViewportSize({ width, height: 900 });
      try {
        await openCapture(page, session.base, lang, 'run.pcapng', CAPTURE);
        const summary = page.locator('lab-replay capture-summary');
        await expect
          .poll(() => summary.locator('h3').textContent(), { timeout: 10_000 })
          .toContain(title);
        await expect.poll(() => shadowText(page, 'lab-replay capture-summary')).toContain(book);
        // Each role's addresses once, in one table near the top; the prediction uses the same.
        const roles = rolesTable(page, lang);
        await expect.poll(() => rolesVerdict(page), { timeout: 10_000 }).toBe('labAddrRenamed');
        expect(await roleCells(roles)).toEqual({
          server: ['203.0.113.162, 203.0.113.163', NO_NAT[lang]],
          alice: ['192.168.1.10', '192.0.2.113'],
          bob: ['192.168.2.20', '198.51.100.24'],
        });
        expect(await roles.locator('.predicted').count()).toBe(0);
        // Nobody saw Alice's punch leave her NAT: Bob's answer is no evidence of a full cone.
        expect(await summary.locator('select[data-router=alice-nat]').inputValue()).toBe(
          'port-restricted-cone',
        );
        const real = page.locator('lab-replay lab-run-view section.real');
        await expect
          .poll(() => real.locator('nat-terminal section[data-actor=alice] pre').textContent(), {
            timeout: 10_000,
          })
          .toContain('soy Bob');
        const diff = page.locator('lab-replay lab-run-view ul.diff li', { hasText: 'soy Bob' });
        await expect.poll(() => diff.count(), { timeout: 10_000 }).toBeGreaterThan(0);
        await expectOneAddressTable(page, lang);
        await summary.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${RESULTS}/capture-three-machines-${lang}-${width}.png` });
        expect(await seriousViolations(page, 'capture-summary')).toEqual([]);
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scroll).toBeLessThanOrEqual(width);
      } finally {
        await page.close();
      }
    },
    60_000,
  );
});
