// End-to-end: the simulator's layout at 1280x800 for every built-in scenario, at every step:
// the stage, the step's narration and the three terminals are in view together, the stage does
// not jump when the narration wraps, and terminal lines too long for the pane can be scrolled to.
// At 390x800 (a phone), stepped as fast as a held arrow key, every text on the topology stays
// inside the stage and each card's text inside its card.
import { describe, expect, it } from 'vitest';
import { SCENARIO_IDS } from '../../src/app/catalog.ts';
import { RESULTS, useBrowserSession } from './harness.ts';

const session = useBrowserSession();

interface Boxes {
  readonly stage: DOMRect;
  readonly caption: DOMRect;
  readonly terminals: DOMRect[];
  /** Terminal panes whose text is wider than the pane but cannot scroll sideways. */
  readonly clipped: number;
  readonly step: string;
}

/** The boxes that must be in view, read in one round trip through the shadow roots. */
const READ = `(() => {
  const sim = document.querySelector('nat-app').shadowRoot.querySelector('nat-simulator').shadowRoot;
  const stage = sim.querySelector('nat-stage');
  const caption = stage.shadowRoot.querySelector('[data-testid=caption]');
  const terms = [...sim.querySelectorAll('nat-terminal')];
  const clipped = terms.filter((t) => {
    const pre = t.shadowRoot.querySelector('pre');
    const style = getComputedStyle(pre);
    return pre.scrollWidth > pre.clientWidth + 1 && !/(auto|scroll)/.test(style.overflowX);
  }).length;
  const controls = document.querySelector('nat-app').shadowRoot.querySelector('nat-simulator')
    .shadowRoot.querySelector('nat-controls').shadowRoot.querySelector('[data-testid=step]');
  return {
    stage: stage.getBoundingClientRect().toJSON(),
    caption: caption.getBoundingClientRect().toJSON(),
    terminals: terms.map((t) => t.getBoundingClientRect().toJSON()),
    clipped,
    step: controls.textContent,
  };
})()`;

describe('layout at 1280x800', () => {
  for (const id of SCENARIO_IDS)
    it(`${id}: stage, narration and terminals in view at every step`, async () => {
      const page = await session.browser.newPage();
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${session.base}?s=${id}&lang=es`);
      await page.locator('nat-controls [data-testid=step]').waitFor();
      const total = Number(
        /de (\d+)/.exec(await page.locator('nat-controls [data-testid=step]').innerText())?.[1],
      );
      expect(total).toBeGreaterThan(10);
      const heights = new Set<number>();
      for (let i = 0; i <= total; i++) {
        const b = (await page.evaluate(READ)) as Boxes;
        const where = `${id} at ${b.step}`;
        const named = [
          ['stage', b.stage],
          ['narration', b.caption],
          ...b.terminals.map((r, k) => [`terminal ${k + 1}`, r] as const),
        ] as const;
        for (const [name, r] of named) {
          expect(r.top, `${where}: ${name}`).toBeGreaterThanOrEqual(0);
          expect(r.bottom, `${where}: ${name}`).toBeLessThanOrEqual(801);
          expect(r.height, `${where}: ${name}`).toBeGreaterThanOrEqual(30);
        }
        expect(b.terminals, where).toHaveLength(3);
        expect(b.clipped, where).toBe(0);
        heights.add(Math.round(b.stage.height));
        await page.keyboard.press('ArrowRight');
      }
      // The stage keeps one height whatever the narration says.
      expect([...heights]).toHaveLength(1);
      await page.screenshot({ path: `${RESULTS}/layout-${id}-end.png` });
      await page.close();
    }, 120_000);
});

/** Texts of the topology that leave the stage, or their card (node texts), by any amount. */
const OUTSIDE = `(() => {
  const sim = document.querySelector('nat-app').shadowRoot.querySelector('nat-simulator').shadowRoot;
  const root = sim.querySelector('nat-stage').shadowRoot;
  const svg = root.querySelector('svg').getBoundingClientRect();
  const out = [];
  for (const t of root.querySelectorAll('svg text')) {
    const r = t.getBoundingClientRect();
    if (!t.textContent || r.width === 0) continue;
    const card = t.closest('g.node')?.querySelector('rect.card')?.getBoundingClientRect();
    const box = card ?? svg;
    if (r.left < box.left + 1 || r.right > box.right - 1)
      out.push(\`\${card ? 'card' : 'stage'}: \${t.textContent} [\${r.left.toFixed(1)}, \${r.right.toFixed(1)}] in [\${box.left.toFixed(1)}, \${box.right.toFixed(1)}]\`);
  }
  const step = sim.querySelector('nat-controls').shadowRoot.querySelector('[data-testid=step]');
  return { step: step.textContent, out };
})()`;

describe('topology labels at 390x800', () => {
  it.each(['es', 'en'])(
    'walkthrough (%s): every label inside the stage and its card, at every step',
    async (lang) => {
      const page = await session.browser.newPage();
      await page.setViewportSize({ width: 390, height: 800 });
      try {
        await page.goto(`${session.base}?s=walkthrough&lang=${lang}`);
        const step = page.locator('nat-controls [data-testid=step]');
        await step.waitFor();
        const total = Number(/(?:de|of) (\d+)/.exec(await step.innerText())?.[1]);
        expect(total).toBeGreaterThan(10);
        const seen: string[] = [];
        for (let i = 0; i <= total; i++) {
          const r = (await page.evaluate(OUTSIDE)) as { step: string; out: string[] };
          seen.push(...r.out.map((o) => `${r.step}: ${o}`));
          await page.keyboard.press('ArrowRight');
        }
        // Once the last hop has landed too.
        await page.waitForTimeout(1500);
        const end = (await page.evaluate(OUTSIDE)) as { step: string; out: string[] };
        seen.push(...end.out.map((o) => `${end.step} (settled): ${o}`));
        expect(seen).toEqual([]);
        await page.screenshot({ path: `${RESULTS}/layout-topology-${lang}-390.png` });
      } finally {
        await page.close();
      }
    },
    120_000,
  );
});
