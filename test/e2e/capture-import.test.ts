/**
 * A capture opened in the course in Chromium: a real pcapng that `agujero netns capture`
 * recorded of the nc walkthrough in namespaces (test/e2e/fixtures/walkthrough-netns.pcapng:
 * Alice behind restricted-cone, Bob behind full-cone; /tmp-free, made by the commands in
 * README "Captures: record and import") is picked with "Open a saved run", matched to the
 * topology by its addresses (each role's shown once, in one table above both runs; where the
 * prediction keeps other addresses, they are shown under the capture's), replayed by the
 * simulator's views beside the prediction, and diffed; picking another NAT for the prediction
 * changes the diff. A foreign capture (the
 * simulator's own export, other addresses) gets inferred roles that can be swapped. A broken
 * capture is refused in the reader's language. The same capture without Alice's punch
 * (test/capture/nat-drop-capture.ts) shows Bob's datagrams entering Alice's NAT and never leaving:
 * drawn dropped there, worded "dropped at Alice's NAT" in the diff, with the rewrites and tables
 * the capture saw. Screenshots at 1280 and 390 px in en and es.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { exportScenario } from '../../src/app/pcapng-export.ts';
import { natDropCapture } from '../capture/nat-drop-capture.ts';
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

const CAPTURE = readFileSync(resolve(import.meta.dirname, 'fixtures/walkthrough-netns.pcapng'));
const session = useBrowserSession();

const openFile = (page: Page, lang: string, name: string, buffer: Uint8Array) =>
  openCapture(page, session.base, lang, name, buffer);

/** The text of an element's shadow root. */
const shadowText = (page: Page, selector: string) =>
  page.locator(selector).evaluate((e) => e.shadowRoot?.textContent ?? '');

const diffKind = (page: Page, text: string) =>
  page.locator('lab-replay lab-run-view ul.diff li', { hasText: text }).getAttribute('data-kind');

describe('a capture opened in the course', () => {
  it('the namespace capture: matched by address, replayed, diffed; another NAT changes the diff (en, 1280)', async () => {
    const page = await session.browser.newPage();
    try {
      await openFile(page, 'en', 'walkthrough.pcapng', CAPTURE);
      const summary = page.locator('lab-replay capture-summary');
      await expect
        .poll(() => summary.locator('h3').textContent(), { timeout: 10_000 })
        .toContain('Imported capture: 6 datagrams');
      await expect
        .poll(() => shadowText(page, 'lab-replay capture-summary'))
        .toContain('The namespace lab’s addresses');
      expect(await summary.locator('button[data-action=capture-swap]').count()).toBe(0);
      // Each role's addresses once, in one table above both runs, the prediction in the same.
      const roles = rolesTable(page, 'en');
      await expect.poll(() => rolesVerdict(page), { timeout: 10_000 }).toBe('labAddrRenamed');
      expect(await roleCells(roles)).toEqual({
        server: ['203.0.113.162, 203.0.113.163', NO_NAT.en],
        alice: ['192.168.1.10', '192.0.2.113'],
        bob: ['192.168.2.20', '198.51.100.24'],
      });
      expect(await roles.locator('.predicted').count()).toBe(0);
      await expectOneAddressTable(page, 'en');
      expect(await summary.locator('select[data-router=bob-nat]').inputValue()).toBe('full-cone');
      // The real run, drawn by the simulator's views: Alice's terminal printed Bob's reply.
      const real = page.locator('lab-replay lab-run-view section.real');
      await expect
        .poll(() => real.locator('nat-terminal section[data-actor=alice] pre').textContent(), {
          timeout: 10_000,
        })
        .toContain('soy Bob');
      expect(await real.locator('nat-stage').count()).toBe(1);
      await expect.poll(() => diffKind(page, 'soy Bob'), { timeout: 10_000 }).toBe('same');
      await expect.poll(() => diffKind(page, 'soy Alice'), { timeout: 10_000 }).toBe('same');
      // The Server's nc was started again for Alice, as in the capture: her "toc" arrives.
      expect(await diffKind(page, 'Alice: “toc”')).toBe('same');
      // The Connect panel closed once the file was picked.
      expect(await page.locator('lab-connect details').getAttribute('open')).toBeNull();
      // The real NATs' types: what the capture behaved like.
      expect(await real.getByTestId('real-nat-types').textContent()).toContain(
        "Bob's NAT: behaved like",
      );
      await page.locator('lab-replay').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${RESULTS}/capture-import-en-1280.png`, fullPage: true });
      expect(await seriousViolations(page, 'capture-summary')).toEqual([]);

      // Had the prediction kept the lesson's addresses (a run whose story changes in its own:
      // the plan run-addresses.ts gives then), each cell says the prediction's under the capture's.
      await summary.evaluate((e) => {
        const role = (node: string, kind: string, model: string, real: string) =>
          ({ node, kind, model, real }) as const;
        const roles = [
          role('server', 'host', '54.93.249.162', '203.0.113.162'),
          role('bob-nat', 'router', '54.93.229.24', '198.51.100.24'),
          role('bob', 'host', '192.168.1.10', '192.168.2.20'),
          role('alice-nat', 'router', '82.230.120.113', '192.0.2.113'),
          role('alice', 'host', '192.168.0.10', '192.168.1.10'),
        ];
        const rename = new Map(roles.map((r) => [r.model, r.real]));
        Object.assign(e, {
          addresses: { plan: { roles, rename }, predicted: new Map(), settled: true },
        });
      });
      await expect.poll(() => rolesVerdict(page)).toBe('labAddrKeptStory');
      expect(await roleCells(roles)).toEqual({
        server: ['203.0.113.162, 203.0.113.163 in the prediction: 54.93.249.162', NO_NAT.en],
        alice: [
          '192.168.1.10 in the prediction: 192.168.0.10',
          '192.0.2.113 in the prediction: 82.230.120.113',
        ],
        bob: [
          '192.168.2.20 in the prediction: 192.168.1.10',
          '198.51.100.24 in the prediction: 54.93.229.24',
        ],
      });
      await roles.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${RESULTS}/capture-import-kept-en-1280.png` });
      expect(await seriousViolations(page, 'capture-summary')).toEqual([]);

      // Predict with a symmetric NAT for Bob: his reply leaves from another port, which
      // Alice's NAT never sent to, so the model loses what the capture delivered.
      await summary.locator('select[data-router=bob-nat]').selectOption('symmetric');
      await expect
        .poll(() => summary.locator('select[data-router=bob-nat]').inputValue())
        .toBe('symmetric');
      await expect.poll(() => diffKind(page, 'soy Bob'), { timeout: 10_000 }).toBe('unexpected');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('a foreign capture: inferred roles, swapped by hand (es, 390)', async () => {
    const page = await session.browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const bytes = Buffer.from(exportScenario({ scenario: 'walkthrough' }).bytes);
      await openFile(page, 'es', 'agujero-walkthrough.pcapng', bytes);
      const summary = page.locator('lab-replay capture-summary');
      await expect
        .poll(() => shadowText(page, 'lab-replay capture-summary'), { timeout: 10_000 })
        .toContain('Papeles deducidos de la captura');
      // The roles as inferred, each NAT's public address the one its own peer was seen from:
      // the prediction is drawn in the same (nothing shown under them).
      const roles = rolesTable(page, 'es');
      await expect.poll(() => rolesVerdict(page), { timeout: 10_000 }).toBe('labAddrRenamed');
      const inferred = {
        server: ['54.93.249.162', NO_NAT.es],
        alice: ['192.168.0.10', '82.230.120.113'],
        bob: ['192.168.1.10', '54.93.229.24'],
      };
      expect(await roleCells(roles)).toEqual(inferred);
      expect(await roles.locator('.predicted').count()).toBe(0);
      await expectOneAddressTable(page, 'es');
      await summary.locator('summary').click();
      expect(await summary.locator('details').textContent()).toContain(
        'usa el puerto del recorrido',
      );
      await summary.locator('button[data-action=capture-swap]').click();
      await expect
        .poll(() => roleCells(roles), { timeout: 10_000 })
        .toEqual({ ...inferred, alice: inferred.bob, bob: inferred.alice });
      await expect.poll(() => rolesVerdict(page), { timeout: 10_000 }).toBe('labAddrRenamed');
      expect(await roles.locator('.predicted').count()).toBe(0);
      expect(await summary.locator('details').textContent()).toContain('intercambiados a mano');
      await summary.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${RESULTS}/capture-import-es-390.png` });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
    } finally {
      await page.close();
    }
  }, 60_000);

  const EN = ["Real (lab): dropped at Alice's NAT (filtered", "Alice's NAT", 'behaved like'];
  const ES = [
    'Real (laboratorio): descartado en NAT de Alice (filtrado',
    'NAT de Alice',
    'se comportó como',
  ];
  it.each([
    ['en', 1280, ...EN],
    ['en', 390, ...EN],
    ['es', 1280, ...ES],
    ['es', 390, ...ES],
  ])(
    'a drop at a NAT: drawn there with the rewrites the capture saw, worded in the diff (%s, %i)',
    async (lang, width, words, aliceNat, behaved) => {
      const page = await session.browser.newPage();
      await page.setViewportSize({ width: width as number, height: 800 });
      try {
        await openFile(page, lang as string, 'no-punch.pcapng', natDropCapture());
        const summary = page.locator('lab-replay capture-summary');
        await expect
          .poll(() => summary.locator('h3').textContent(), { timeout: 10_000 })
          .toBeTruthy();
        const item = page.locator('lab-replay lab-run-view ul.diff li', { hasText: 'soy Bob' });
        const said = async () => (await item.textContent())?.replace(/\s+/g, ' ');
        await expect.poll(said, { timeout: 10_000 }).toContain(words as string);
        // Predicted dropped too (Alice listened on nothing the capture shows): the same fate.
        expect(await item.getAttribute('data-kind')).toBe('same');
        const real = page.locator('lab-replay lab-run-view section.real');
        // Alice's NAT's table: the mapping her "toc" made, as the capture saw it rewritten.
        const table = real.locator('nat-table-view section[data-router=alice-nat]');
        await expect
          .poll(() => table.textContent(), { timeout: 10_000 })
          .toContain('192.0.2.113:53333');
        expect(await table.textContent()).toContain('192.168.1.10:53333');
        const aliceType = real.getByTestId('real-nat-types').locator('li', {
          hasText: aliceNat as string,
        });
        expect(await aliceType.textContent()).toContain(behaved as string);
        // Show in both: the real run steps to the drop, drawn at Alice's NAT.
        await item.locator('button[data-action=show-both]').click();
        await expect
          .poll(() => real.locator('nat-stage g.packet.dropped').count(), { timeout: 10_000 })
          .toBeGreaterThan(0);
        expect(await page.locator('lab-connect details').getAttribute('open')).toBeNull();
        await page.locator('lab-replay lab-run-view ul.diff').scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${RESULTS}/capture-nat-drop-${lang}-${width}-diff.png` });
        await real.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${RESULTS}/capture-nat-drop-${lang}-${width}.png` });
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scroll).toBeLessThanOrEqual(width as number);
        expect(await seriousViolations(page, 'capture-summary')).toEqual([]);
      } finally {
        await page.close();
      }
    },
    60_000,
  );

  it.each([
    ['en', 'the capture is cut short'],
    ['es', 'la captura está cortada'],
  ])(
    'a broken capture is refused (%s)',
    async (lang, words) => {
      const page = await session.browser.newPage();
      try {
        await openFile(page, lang, 'broken.pcapng', CAPTURE.subarray(0, 300));
        const alert = page.locator('lab-replay [data-testid=replay-error]');
        await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toContain(words);
      } finally {
        await page.close();
      }
    },
    60_000,
  );
});
