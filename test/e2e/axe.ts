/**
 * axe-core in a page under test: injects the library and lists the serious and critical
 * violations, one line per offending element (rule, impact, what it asks, the element's
 * selector), optionally only those inside a given element (its tag name in the selector).
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: unknown }[];
}

/**
 * The page's serious and critical axe-core violations, one line per element; with `within`,
 * only the elements whose selector names it (e.g. 'capture-summary').
 */
export async function seriousViolations(page: Page, within?: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const found = (await page.evaluate(
    'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)',
  )) as Violation[];
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${JSON.stringify(n.target)}`),
    )
    .filter((line) => within === undefined || line.split(' — ')[1]?.includes(within));
}
