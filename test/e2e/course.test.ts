// The course in Chromium: the index lists the chapters with progress; chapter 3 reads straight
// through in each language with its blocks; one prediction answered right and one wrong, each
// revealed with the model's explanation and a run; the try task done by typing the punch into
// the embedded terminals ticks itself; progress survives a reload; axe-core finds no serious or
// critical violation; screenshots at 1280x800 and 390 px in test-results/.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { RESULTS, useBrowserSession } from './harness.ts';

const session = useBrowserSession();
/** Every chapter's key (NN-slug), from the lesson files. */
const CHAPTER_KEYS = [
  ...new Set(
    readdirSync(resolve(import.meta.dirname, '../../lessons'))
      .map((f) => /^(\d\d-[a-z0-9-]+)\.(es|en)\.md$/.exec(f)?.[1])
      .filter((k): k is string => k !== undefined),
  ),
].sort();

const CH3 = '?page=lesson&l=03-walkthrough';

async function open(query: string, width = 1280): Promise<Page> {
  const page = await session.browser.newPage();
  await page.setViewportSize({ width, height: 800 });
  await page.goto(session.base + query);
  await page.locator('lesson-app').waitFor();
  return page;
}

const block = (page: Page, id: string): Locator => page.locator(`lesson-page section[id="${id}"]`);

describe('the course', () => {
  it('opens on the index, lists the chapters, and the simulator stays one click away', async () => {
    const page = await open('');
    await page.locator('lesson-index li[data-chapter="03-walkthrough"]').waitFor();
    expect(await page.locator('lesson-index li').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('lesson-app nav a').allTextContents()).toEqual([
      'Curso',
      'Simulador',
      'Matriz de resultados',
    ]);
    await page.locator('lesson-app nav a', { hasText: 'Simulador' }).click();
    await page.locator('nat-app nat-controls').waitFor();
    expect(page.url()).toContain('s=walkthrough');
    await page.goto(`${session.base}?s=linux-clash&lang=en`);
    await page.locator('nat-app nat-controls').waitFor();
    await page.close();
  }, 60_000);

  for (const lang of ['es', 'en'] as const)
    it(`chapter 3 in ${lang}: reads through, one right and one wrong prediction, the try by typing, progress kept`, async () => {
      const page = await open(`${CH3}&lang=${lang}`);
      await page.locator('lesson-page h1').waitFor();
      // Every block of the chapter is there, in order.
      const ids = await page
        .locator('lesson-page section[data-block]')
        .evaluateAll((els) => els.map((e) => e.id));
      expect(ids).toEqual(
        expect.arrayContaining([
          't-rendezvous',
          'p-server-sees',
          'p-soy-bob',
          'try-open-hole',
          'sim-both-ways',
        ]),
      );
      // Right: the server sees Bob at 58888.
      const right = block(page, 'p-server-sees');
      await right.locator('input[value="58888"]').check();
      await right.locator('button[data-action=reveal]').click();
      await right.locator('.verdict[data-right=true]').waitFor();
      await right.locator('lesson-simulator nat-simulator').waitFor();
      // Wrong: "soy Bob" does reach Alice in the walkthrough.
      const wrong = block(page, 'p-soy-bob');
      await wrong.locator('input[value="no"]').check();
      await wrong.locator('button[data-action=reveal]').click();
      await wrong.locator('.verdict[data-right=false]').waitFor();
      expect(await wrong.locator('.explanation').textContent()).not.toBe('');
      // The try: type the punch into the embedded terminals.
      const task = block(page, 'try-open-hole');
      await task.locator('button[data-action=try]').click();
      const prompt = (actor: string) => task.locator(`nat-terminal [data-actor=${actor}] input`);
      for (const [actor, line] of [
        ['alice', 'echo "upd hole" | nc -p 53333 -u 54.93.229.24 58888'],
        ['alice', 'nc -klu 53333'],
        ['bob', 'echo "soy Bob" | nc -p 58888 -u 82.230.120.113 53333'],
      ] as const) {
        await prompt(actor).fill(line);
        await prompt(actor).press('Enter');
      }
      await task.locator('.block[data-done=true]').waitFor();
      await page.screenshot({ path: `${RESULTS}/course-ch3-try-${lang}-1280.png` });
      // Progress survives a reload, and the index shows it.
      await page.reload();
      await block(page, 'try-open-hole').locator('.block[data-done=true]').waitFor();
      await block(page, 'p-server-sees').locator('.verdict[data-right=true]').waitFor();
      await page.goto(`${session.base}?page=course&lang=${lang}`);
      const state = page.locator(
        'lesson-index li[data-chapter="03-walkthrough"] [data-testid=chapter-progress]',
      );
      expect(await state.textContent()).toMatch(
        lang === 'es' ? /abierto.*3 de 4/s : /opened.*3 of 4/s,
      );
      await page.close();
    }, 120_000);

  it('a deep link opens the block, and the language switch keeps it', async () => {
    const page = await open(`${CH3}&lang=es#p-soy-bob`);
    await block(page, 'p-soy-bob').waitFor();
    await page.waitForTimeout(300);
    expect(
      await block(page, 'p-soy-bob').evaluate((e) => Math.round(e.getBoundingClientRect().top)),
    ).toBeLessThan(100);
    await page.locator('lesson-app .langs button[lang=en]').click();
    await expect.poll(() => page.url().replace(/^.*\?/, '?')).toBe(`${CH3}&lang=en#p-soy-bob`);
    await page.locator('lesson-page h1', { hasText: 'netcat' }).waitFor();
    await page.close();
  }, 60_000);

  for (const lang of ['es', 'en'] as const)
    for (const width of [1280, 390])
      it(`axe on the index and chapter 3, ${lang}, ${width} px (screenshots)`, async () => {
        const page = await open(`?page=course&lang=${lang}`, width);
        await page.locator('lesson-index li').first().waitFor();
        await page.screenshot({
          path: `${RESULTS}/course-index-${lang}-${width}.png`,
          fullPage: true,
        });
        expect(await seriousViolations(page)).toEqual([]);
        await page.goto(`${session.base}${CH3}&lang=${lang}`);
        await page.locator('lesson-page h1').waitFor();
        await page.waitForTimeout(500);
        await page.screenshot({ path: `${RESULTS}/course-ch3-${lang}-${width}.png` });
        expect(await seriousViolations(page)).toEqual([]);
        await page.close();
      }, 90_000);

  it("an embedded simulator's NAT picker runs the NAT it shows", async () => {
    const page = await open(`${CH3}&lang=en#sim-both-ways`, 1280);
    const block = page.locator('lesson-page [id=sim-both-ways] lesson-simulator');
    await block.locator('nat-controls [data-testid=step]').waitFor();
    const goal = block.locator('nat-goals [data-goal=alice-hears-bob]');
    await expect.poll(() => goal.getAttribute('data-state')).toBe('reached');
    await block
      .locator('nat-table-view [data-router=alice-nat] select.preset')
      .selectOption('symmetric');
    expect(
      await block.locator('nat-table-view [data-router=alice-nat] select.preset').inputValue(),
    ).toBe('symmetric');
    await expect.poll(() => goal.getAttribute('data-state')).toBe('missed');
    await page.close();
  }, 60_000);

  for (const lang of ['es', 'en'] as const)
    it(`axe on every chapter in ${lang}, with its blocks rendered`, async () => {
      const page = await open(`?page=course&lang=${lang}`, 1280);
      for (const key of CHAPTER_KEYS) {
        await page.goto(`${session.base}?page=lesson&l=${key}&lang=${lang}`);
        await page.locator('lesson-page h1').waitFor();
        await page.waitForTimeout(300);
        const found = await seriousViolations(page);
        expect(found, `${key}.${lang}`).toEqual([]);
        // At phone width the page does not scroll sideways (a wide table scrolls in its column),
        // and a table's headings stand over their columns' text.
        await page.setViewportSize({ width: 390, height: 844 });
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, `${key}.${lang} at 390 px`).toBeLessThanOrEqual(390);
        for (const align of await page
          .locator('lesson-page .prose th')
          .evaluateAll((ths) => ths.map((th) => getComputedStyle(th).textAlign)))
          expect(['start', 'left'], `${key}.${lang} table heading`).toContain(align);
        await page.setViewportSize({ width: 1280, height: 800 });
      }
      await page.close();
    }, 180_000);
});
