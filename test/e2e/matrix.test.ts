// End-to-end (issue 8): the outcome matrix for mouse and touch users. A click selects a cell
// and shows its reason and play buttons (it does not play); headers are short, in the UI
// language and unclipped at 1280 and 390 px; the page says the matrix is asymmetric.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { matrixCell } from '../../src/model/index.ts';
import { matrixReason } from '../../src/i18n/reasons.ts';
import { RESULTS, useBrowserSession } from './harness.ts';

const session = useBrowserSession();

async function open(query: string, width: number): Promise<Page> {
  const page = await session.browser.newPage();
  await page.setViewportSize({ width, height: 800 });
  await page.goto(session.base + query);
  await page.locator('nat-app').waitFor();
  await expect
    .poll(() => page.locator('nat-matrix td[data-verdict=""]').count(), { timeout: 30_000 })
    .toBe(0);
  return page;
}

/** Headers whose text does not fit their box, or that stick out of the table. */
const clipped = (page: Page) =>
  page.locator('nat-matrix th').evaluateAll((ths) =>
    ths.flatMap((th) => {
      const span = th.querySelector('.short, .long');
      const shown = [...th.querySelectorAll('span')].filter(
        (s) => getComputedStyle(s).display !== 'none' && s.getBoundingClientRect().width > 1,
      );
      const box = th.getBoundingClientRect();
      return shown.flatMap((s) => {
        const r = s.getBoundingClientRect();
        const out =
          s.scrollWidth > s.clientWidth + 1 ||
          s.scrollHeight > s.clientHeight + 1 ||
          r.left < box.left - 1 ||
          r.right > box.right + 1 ||
          r.top < box.top - 1 ||
          r.bottom > box.bottom + 1;
        return out ? [`${span?.textContent ?? ''}: ${s.textContent}`] : [];
      });
    }),
  );

describe('the outcome matrix in Chromium', () => {
  it('headers are short, translated and unclipped; the asymmetry is said', async () => {
    const words = {
      es: { symmetric: 'simétrico', asym: 'La matriz no es simétrica' },
      en: { symmetric: 'symmetric', asym: 'The matrix is not symmetric' },
    } as const;
    for (const lang of ['es', 'en'] as const) {
      for (const width of [1280, 390]) {
        const page = await open(`?page=matrix&lang=${lang}`, width);
        expect(await clipped(page), `${lang} ${width}`).toEqual([]);
        const col = page.locator('nat-matrix th.col[data-alice=symmetric] .short');
        expect(await col.innerText()).toBe(words[lang].symmetric);
        expect(await page.locator('nat-matrix [data-testid=asymmetric]').innerText()).toContain(
          words[lang].asym,
        );
        // Nothing scrolls sideways but the grid's own box.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          width,
        );
        await page.screenshot({ path: `${RESULTS}/matrix-${lang}-${width}.png`, fullPage: true });
        await page.close();
      }
    }
  }, 120_000);

  it('a click selects a cell and shows why; the play button plays', async () => {
    const page = await open('?page=matrix&lang=es', 390);
    await page.locator('nat-matrix td[data-bob=symmetric][data-alice=symmetric]').click();
    expect(await page.locator('nat-simulator').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('page')).toBe('matrix');
    expect(await page.locator('nat-matrix [data-testid=reason]').innerText()).toBe(
      matrixReason('es', matrixCell('symmetric', 'symmetric')),
    );
    const worked = page.locator('nat-matrix button[data-action=play-worked]');
    await page.screenshot({ path: `${RESULTS}/matrix-selected-es-390.png`, fullPage: true });
    await worked.click();
    await page.locator('nat-simulator').waitFor();
    expect(new URL(page.url()).searchParams.get('s')).toBe('walkthrough-seed-order-predicted');
    await page.close();
  }, 60_000);
});
