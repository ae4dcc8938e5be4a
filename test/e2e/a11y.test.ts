// Accessibility: axe-core, injected into the page, on every page of the app, in both
// languages, at desktop and phone width and in presentation mode: no serious or critical
// violation. Screenshots of each land in test-results/.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RESULTS, useBrowserSession } from './harness.ts';

const session = useBrowserSession();

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: unknown }[];
}

/** The serious and critical violations on the page, one line each (rule, impact, targets). */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const found = (await page.evaluate(
    'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)',
  )) as Violation[];
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 4)
          .map((n) => JSON.stringify(n.target))
          .join(' ')}`,
    );
}

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
