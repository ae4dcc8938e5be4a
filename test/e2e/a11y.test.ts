// Accessibility: axe-core, injected into the page, on every page of the app, in both
// languages, at desktop and phone width and in presentation mode: no serious or critical
// violation. Screenshots of each land in test-results/.
import { describe, expect, it } from 'vitest';
import { seriousViolations as violations } from './axe.ts';
import { RESULTS, useBrowserSession } from './harness.ts';

const session = useBrowserSession();

const PAGES = [
  ['simulator', '?s=walkthrough&step=30'],
  ['matrix', '?page=matrix'],
  ['presentation', '?s=walkthrough&step=30&present=1'],
] as const;

describe('axe-core finds no serious or critical violation', () => {
  for (const [name, query] of PAGES)
    for (const lang of ['es', 'en'] as const)
      for (const width of [1280, 390])
        it(`${name}, ${lang}, ${width} px`, async () => {
          const page = await session.browser.newPage();
          await page.setViewportSize({ width, height: 800 });
          await page.goto(`${session.base}${query}&lang=${lang}`);
          await page.locator('nat-app').waitFor();
          await page
            .locator(name === 'matrix' ? 'nat-matrix table' : 'nat-controls [data-testid=step]')
            .waitFor();
          await page.screenshot({ path: `${RESULTS}/a11y-${name}-${lang}-${width}.png` });
          expect(await violations(page)).toEqual([]);
          await page.close();
        }, 60_000);
});
