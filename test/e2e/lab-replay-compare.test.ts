/**
 * A saved run of the netns lab (two port-restricted NATs, test/e2e/fixtures) replayed beside its
 * prediction, as a student compares them, at 1280x800 and 390 px in both languages: every NAT
 * table's "Permits from" column lies inside the viewport and inside its table's box (no clipped
 * column; at 1280 px each side stacks its tables, at 390 px one side at a time); both sides name
 * each role with the run's own addresses (the "Addresses by role" table says so and the two
 * NAT tables of Alice read alike); and in the sequence diagrams Alice's first "upd hole", which
 * never arrived, is drawn apart: dropped by Bob's NAT on the prediction (dashed, faded, a cross
 * whose accessible name says why), lost on the real side (a dotted stub), both in the list under
 * the diagram in the reader's language. A line typed into the prediction in the run's addresses
 * runs as typed. axe finds no serious or critical violation.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { RESULTS, useBrowserSession } from './harness.ts';

const FIXTURE = '/test/e2e/fixtures/lab-run-punch-netns.json';
const session = useBrowserSession();

const WORDS = {
  en: { dropped: "never arrived: dropped by Bob's NAT: filtered", lost: 'never arrived: lost' },
  es: {
    dropped: 'nunca llegó: descartado por NAT de Bob: filtrado',
    lost: 'nunca llegó: perdido',
  },
} as const;

/** Every cell of the "Permits from" column (its header too) lies inside the viewport and its table's scroll box. */
async function permitsVisible(page: Page, tables: Locator, width: number): Promise<number> {
  const n = await tables.count();
  let cells = 0;
  for (let i = 0; i < n; i++) {
    const table = tables.nth(i);
    if (!(await table.isVisible())) continue;
    const scroll = table.locator('.scroll').first();
    const box = await scroll.boundingBox();
    const over = await scroll.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(over, `table ${i} overflows its box by ${over} px`).toBeLessThanOrEqual(1);
    const column = table.locator('table.bindings tr > :nth-child(2)');
    for (const cell of await column.all()) {
      await cell.scrollIntoViewIfNeeded();
      const b = await cell.boundingBox();
      if (!b || !box) throw new Error('no box');
      expect(b.x).toBeGreaterThanOrEqual(box.x - 1);
      expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width + 1);
      expect(b.x + b.width).toBeLessThanOrEqual(width);
      cells++;
    }
  }
  void page;
  return cells;
}

/** Switches a side's simulator to its sequence diagram, at the run's last event. */
async function sequenceAtEnd(sim: Locator): Promise<Locator> {
  await sim.locator('.views button[data-view=sequence]').click();
  const last = sim.locator('nat-controls button[data-action=last]');
  if (await last.isEnabled()) await last.click();
  return sim.locator('nat-sequence');
}

describe('a saved run compared with its prediction', () => {
  it.each([
    ['en', 1280, 800],
    ['es', 1280, 800],
    ['en', 390, 844],
    ['es', 390, 844],
  ] as const)(
    'readable tables, the same addresses, never-arrived datagrams drawn apart (%s, %i px)',
    async (lang, width, height) => {
      const page = await session.browser.newPage();
      await page.setViewportSize({ width, height });
      try {
        await page.goto(
          `${session.base}?page=lesson&l=03-walkthrough&lang=${lang}&run=${encodeURIComponent(FIXTURE)}`,
        );
        const view = page.locator('lab-replay lab-run-view');
        await view.locator('ul.diff li').first().waitFor({ timeout: 20_000 });
        const predicted = view.locator('lesson-simulator nat-simulator');
        const real = view.locator('section.real nat-simulator');
        const narrow = width < 1000;
        const showSide = async (side: 'predicted' | 'real') => {
          if (narrow) await view.locator(`.switch button[data-side=${side}]`).click();
        };

        // The addresses by role: the prediction drawn in the run's own.
        // A saved live run (not a capture) has no capture summary: its one table is this view's.
        const roles = view.locator('[data-testid=run-addresses]');
        expect(await roles.count()).toBe(1);
        expect(await page.locator('lab-replay capture-summary').count()).toBe(0);
        expect(await roles.locator('.verdict').getAttribute('data-verdict')).toBe('labAddrRenamed');
        for (const [node, ip] of [
          ['alice-nat', '192.0.2.113'],
          ['bob-nat', '198.51.100.24'],
          ['alice', '192.168.1.10'],
          ['bob', '192.168.2.20'],
        ] as const) {
          const cells = await roles.locator(`tr[data-node=${node}] td`).allInnerTexts();
          expect(cells, node).toEqual([ip, ip]);
        }
        await roles.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${RESULTS}/lab-compare-addresses-${lang}-${width}.png` });

        // Every "Permits from" cell readable, on each side; Alice's NAT alike on both.
        const hole = /192\.168\.1\.10:53333[^]*192\.0\.2\.113:53333[^]*198\.51\.100\.24:58888/;
        for (const side of ['predicted', 'real'] as const) {
          await showSide(side);
          const sim = side === 'predicted' ? predicted : real;
          if (side === 'predicted') {
            const last = sim.locator('nat-controls button[data-action=last]');
            if (await last.isEnabled()) await last.click();
          }
          const tables = sim.locator('nat-table-view section[data-router]');
          await expect
            .poll(() => sim.locator('nat-table-view section[data-router=alice-nat]').innerText())
            .toMatch(hole);
          expect(await permitsVisible(page, tables, width), side).toBeGreaterThanOrEqual(3);
          // One table per row: both start at the same x.
          const xs = await Promise.all(
            (await tables.all()).map(async (t) => Math.round((await t.boundingBox())?.x ?? -1)),
          );
          expect(new Set(xs).size, `${side} tables stacked`).toBe(1);
          await tables.first().scrollIntoViewIfNeeded();
          await page.screenshot({
            path: `${RESULTS}/lab-compare-tables-${side}-${lang}-${width}.png`,
          });
        }

        // The prediction: "upd hole" dropped by Bob's NAT, drawn and worded apart.
        await showSide('predicted');
        const pSeq = await sequenceAtEnd(predicted);
        const drop = pSeq.locator('g.mark.drop').first();
        await drop.waitFor({ state: 'attached' });
        expect(await drop.getAttribute('role')).toBe('option');
        expect(await drop.getAttribute('aria-label')).toContain(WORDS[lang].dropped);
        const packet = await drop.getAttribute('data-packet');
        const dropped = pSeq.locator(`g.arrow.dropped[data-packet="${packet}"]`);
        expect(await dropped.count()).toBeGreaterThan(0);
        const style = await dropped
          .first()
          .evaluate((g) => [
            getComputedStyle(g).opacity,
            getComputedStyle(g.querySelector('.shaft') as Element).strokeDasharray,
          ]);
        expect(Number(style[0])).toBeLessThan(1);
        expect(style[1]).not.toBe('none');
        expect(await dropped.first().locator('title').textContent()).toContain(WORDS[lang].dropped);
        const pList = pSeq.locator('[data-testid=seq-never] li[data-fate=dropped]');
        expect(await pList.innerText()).toMatch(/upd hole[^]*198\.51\.100\.24:58888/);
        expect(await pList.innerText()).toContain(WORDS[lang].dropped);
        await pSeq.scrollIntoViewIfNeeded();
        await page.screenshot({
          path: `${RESULTS}/lab-compare-seq-predicted-${lang}-${width}.png`,
        });

        // The real run: nobody reported it arriving, and the run is over: lost.
        await showSide('real');
        const rSeq = await sequenceAtEnd(real);
        const lost = rSeq.locator('g.arrow.lost');
        await lost.waitFor({ state: 'attached' });
        expect(await lost.count()).toBe(1);
        expect(await lost.getAttribute('aria-label')).toContain(WORDS[lang].lost);
        expect(await rSeq.locator('g.mark.lost').count()).toBe(1);
        const rList = rSeq.locator('[data-testid=seq-never] li[data-fate=lost]');
        expect(await rList.innerText()).toMatch(/upd hole[^]*198\.51\.100\.24:58888/);
        await rSeq.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${RESULTS}/lab-compare-seq-real-${lang}-${width}.png` });
        if (!narrow) {
          // A line the reader types into the prediction, in the run's addresses (Alice's LAN
          // 192.168.1.10 here, the lesson's Bob there): run once, as typed; the full simulator's
          // link gets it back in the lesson's addresses (Alice 192.168.0.10).
          const input = predicted.locator('nat-terminal section[data-actor=bob] input');
          await input.fill('echo "hola" | nc -u 192.168.1.10 7777');
          await input.press('Enter');
          await expect
            .poll(() => predicted.locator('nat-terminal section[data-actor=bob] pre').innerText())
            .toContain('nc -u 192.168.1.10 7777');
          const link = view.locator('lesson-simulator .bar a');
          await expect.poll(() => link.getAttribute('href')).toContain('192.168.0.10');
          expect(await link.getAttribute('href')).not.toContain('192.168.1.10');
        }
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    90_000,
  );
});
