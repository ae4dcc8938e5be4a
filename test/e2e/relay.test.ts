// End-to-end (issue 9, chapter 7): the relay scenario plays in the simulator (relay card drawn,
// both goals reached, Alice's terminal shows Bob's words arriving via the relay), the matrix's
// "needs a relay" cell offers "play it with a TURN relay", and the birthday plot runs the model
// in Web Workers (1,000 trials of 256 x 256, timed), agrees with the closed form, switches to two
// hard sides, is usable from the keyboard, with no text under 12 px; screenshots at 1280 and 390.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { easyHardOdds } from '../../src/model/birthday.ts';
import { RESULTS, useBrowserSession } from './harness.ts';

const session = useBrowserSession();

async function open(query: string, width = 1280): Promise<Page> {
  const page = await session.browser.newPage();
  await page.setViewportSize({ width, height: 800 });
  await page.goto(session.base + query);
  return page;
}

describe('the relay scenario in the simulator', () => {
  for (const [lang, width] of [
    ['en', 1280],
    ['es', 390],
  ] as const) {
    it(`plays to both goals with the relay drawn (${lang}, ${width} px)`, async () => {
      const page = await open(`?s=relay&lang=${lang}`, width);
      await page.locator('nat-stage g.node[data-node=relay]').waitFor({ timeout: 30_000 });
      const title = await page
        .locator('nat-stage g.node[data-node=relay] text.title')
        .textContent();
      expect(title).toBe(lang === 'en' ? 'TURN relay' : 'Relé TURN');
      await page.locator('nat-stage [data-testid=caption]').focus();
      await page.keyboard.press('End');
      await expect
        .poll(() => page.locator('nat-goals li[data-state=reached]').count(), { timeout: 20_000 })
        .toBe(2);
      const alice = await page.locator('nat-terminal [data-actor=alice] pre').innerText();
      expect(alice).toMatch(/via the relay: soy Bob/);
      const relay = await page.locator('nat-terminal [data-actor=relay] pre').innerText();
      expect(relay).toMatch(/relayed 54\.93\.229\.24:\d+ -> 82\.230\.120\.113:\d+/);
      await page.screenshot({ path: `${RESULTS}/relay-${lang}-${width}.png`, fullPage: true });
      await page.close();
    }, 60_000);
  }

  it('the matrix plays a relay cell with a TURN relay', async () => {
    const page = await open('?page=matrix&lang=en');
    await expect
      .poll(() => page.locator('nat-matrix td[data-verdict=""]').count(), { timeout: 30_000 })
      .toBe(0);
    const cell = page.locator('nat-matrix td[data-verdict=relay]').first();
    await cell.click();
    await page.locator('nat-matrix button[data-action=play-relay]').click();
    await page.locator('nat-stage g.node[data-node=relay]').waitFor({ timeout: 30_000 });
    expect(page.url()).toContain('s=relay');
    await page.close();
  }, 60_000);
});

/** Opens the app page and mounts the plot element alone. */
async function plot(lang: 'en' | 'es', width: number): Promise<Page> {
  const page = await open(`?page=sim&lang=${lang}`, width);
  // A string, so vitest does not rewrite the dynamic import meant for the page.
  await page.evaluate(`(async () => {
    await import('/src/components/lesson-plot-birthday.ts');
    const el = document.createElement('lesson-plot-birthday');
    el.locale = '${lang}';
    el.style.cssText = 'display:block;padding:12px;max-width:900px';
    document.body.replaceChildren(el);
  })()`);
  return page;
}

const summary = (page: Page) =>
  page.locator('lesson-plot-birthday [data-testid=birthday-summary]').innerText();

describe('the birthday plot', () => {
  for (const [lang, width] of [
    ['en', 1280],
    ['es', 390],
    ['en', 390],
    ['es', 1280],
  ] as const) {
    it(`runs 1,000 trials of 256 x 256 in workers and agrees (${lang}, ${width} px)`, async () => {
      const page = await plot(lang, width);
      await expect.poll(() => summary(page), { timeout: 30_000 }).toMatch(/ms\.$/);
      const text = await summary(page);
      const m = /(\d+\.\d)%.*?(\d+\.\d)%.*?(\d+\.\d)%.*?(\d+\.\d)%.*?(\d+) ms/.exec(text);
      expect(m, text).not.toBeNull();
      const [closed, mc, lo, hi, ms] = (m as RegExpExecArray).slice(1).map(Number) as number[];
      expect(closed).toBeCloseTo(easyHardOdds(256, 256) * 100, 1);
      // The unit test holds the closed form inside the 95% interval; here, within 6 points.
      expect(Math.abs((mc as number) - (closed as number))).toBeLessThan(6);
      expect(lo).toBeLessThan(hi as number);
      console.log(`birthday plot (${lang}, ${width}): ${text}`);
      // Wall time with worker start-up and, on first use, Vite compiling the worker: a smoke bound.
      expect(ms).toBeLessThan(15_000);
      expect(await page.locator('lesson-plot-birthday svg .point').count()).toBe(8);
      const small = await page
        .locator('lesson-plot-birthday')
        .evaluate((el) =>
          [...(el.shadowRoot?.querySelectorAll('text, label, p, option, button') ?? [])]
            .filter((t) => parseFloat(getComputedStyle(t).fontSize) < 12)
            .map((t) => t.textContent),
        );
      expect(small).toEqual([]);
      await page.screenshot({ path: `${RESULTS}/birthday-${lang}-${width}.png`, fullPage: true });
      await page.close();
    }, 60_000);
  }

  it('takes k and n from the keyboard and shows two hard sides', async () => {
    const page = await plot('en', 1280);
    await expect.poll(() => summary(page), { timeout: 30_000 }).toMatch(/ms\.$/);
    const k = page.locator('lesson-plot-birthday [data-testid=birthday-k]');
    await k.focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('1024');
    await page.keyboard.press('Tab');
    await expect
      .poll(() => summary(page), { timeout: 30_000 })
      .toMatch(/Closed form at 256 probes: 98\.\d%/);
    await page
      .locator('lesson-plot-birthday [data-testid=birthday-mode]')
      .selectOption('hard-hard');
    await page.locator('lesson-plot-birthday [data-testid=birthday-k]').fill('256');
    await page.keyboard.press('Tab');
    await expect.poll(() => summary(page)).toMatch(/65,536 probes per side: 63\.2%/);
    await page.screenshot({ path: `${RESULTS}/birthday-hard-hard-en-1280.png`, fullPage: true });
    await page.close();
  }, 60_000);
});
