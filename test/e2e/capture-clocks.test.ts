/**
 * A class capture whose machines' clocks disagree, opened in the course in Chromium: the
 * namespace walkthrough's segments as the Server's, Alice's and Bob's machines (one interface
 * each, as `capture merge` names them), Alice's clock 3.2 s behind and Bob's 0.75 s ahead, as a
 * mergecap of their own captures would give them. The summary says how far each clock was and
 * that its frames were moved (6 datagrams followed, as on one clock); "Keep the recorded times"
 * re-imports without the correction (14: the sightings no longer join), and the choice
 * survives picking a NAT. Screenshots at 1280 px (en) and 390 px (es).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shiftCapture } from '../../src/capture/clock-offset.ts';
import { mergeCaptures } from '../../src/capture/merge.ts';
import { readCapture } from '../../src/capture/read.ts';
import { seriousViolations } from './axe.ts';
import { RESULTS, useBrowserSession } from './harness.ts';
import { openCapture } from './open-capture.ts';
import { interfaceNamed } from '../capture/fixture-edits.ts';

const walk = readCapture(
  readFileSync(resolve(import.meta.dirname, 'fixtures/walkthrough-netns.pcapng')),
);
const MACHINES = [
  ['internet', 'server', 0],
  ['alice-nat-lan', 'alice', -3200],
  ['bob-nat-lan', 'bob', 750],
] as const;
const SKEWED = mergeCaptures(
  MACHINES.map(([segment, name, moved]) => ({
    name,
    description: `${name}'s machine`,
    capture: shiftCapture(interfaceNamed(walk, segment), moved),
  })),
);
const session = useBrowserSession();

const shadowText = (page: Page, selector: string) =>
  page.locator(selector).evaluate((e) => e.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '');

describe("a capture whose machines' clocks disagree, opened in the course", () => {
  it.each([
    {
      lang: 'en',
      width: 1280,
      moved:
        "Alice's clock was 3.200 s behind the Server's, to within 24 µs: its frames were moved +3.200 s",
      bob: "Bob's clock was 750.0 ms ahead of the Server's",
      kept: 'not moved, the recorded times kept',
      datagrams: (n: number) => `Imported capture: ${n} datagrams`,
    },
    {
      lang: 'es',
      width: 390,
      moved:
        'El reloj de Alice iba 3,200 s por detrás del reloj del Servidor, con un margen de 24 µs: sus paquetes se movieron +3,200 s',
      bob: 'El reloj de Bob iba 750,0 ms por delante del reloj del Servidor',
      kept: 'no se movieron, se mantienen las horas grabadas',
      datagrams: (n: number) => `Captura importada: ${n} datagramas`,
    },
  ])(
    '$lang at $width px: corrected, said, and kept on request',
    async ({ lang, width, moved, bob, kept, datagrams }) => {
      const page = await session.browser.newPage();
      await page.setViewportSize({ width, height: 900 });
      try {
        await openCapture(page, session.base, lang, 'class.pcapng', SKEWED);
        const summary = page.locator('lab-replay capture-summary');
        const heading = () => summary.locator('h3').textContent();
        await expect.poll(heading, { timeout: 10_000 }).toContain(datagrams(6));
        const text = () => shadowText(page, 'lab-replay capture-summary');
        expect(await text()).toContain(moved);
        expect(await text()).toContain(bob);
        await summary.locator('[data-testid=capture-clocks]').scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${RESULTS}/capture-clocks-${lang}-${width}.png` });
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scroll).toBeLessThanOrEqual(width);
        expect(await seriousViolations(page, 'capture-summary')).toEqual([]);

        const keep = summary.locator('input[data-action=capture-keep-clocks]');
        await keep.check();
        await expect.poll(heading).toContain(datagrams(14));
        expect(await text()).toContain(kept);
        // A NAT picked afterwards re-imports with the recorded times still kept.
        await summary.locator('select[data-router=alice-nat]').selectOption('full-cone');
        await expect
          .poll(() => summary.locator('select[data-router=alice-nat]').inputValue())
          .toBe('full-cone');
        expect(await heading()).toContain(datagrams(14));
        expect(await keep.isChecked()).toBe(true);
        await keep.uncheck();
        await expect.poll(heading).toContain(datagrams(6));
      } finally {
        await page.close();
      }
    },
    60_000,
  );
});
