// End-to-end: the sequence diagram in Chromium. Stepping the walkthrough moves the highlighted
// arrow with the step; a click on an arrow seeks; the keyboard moves between arrows and seeks with
// Enter; Alice on a symmetric NAT shows the drop on her NAT's lane with its reason; hole-keepalive's
// punches fold into one group that opens on click, and its drops are listed as never arrived;
// screenshots at 1280x800 and 390 px, ES and EN.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { scenarioById } from '../../src/model/index.ts';
import { Timeline } from '../../src/app/timeline.ts';
import { dropText } from '../../src/i18n/drops.ts';
import { RESULTS, sim, useBrowserSession } from './harness.ts';

const session = useBrowserSession();

async function open(query: string, width = 1280, height = 800): Promise<Page> {
  const page = await session.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.stack ?? e.message));
  (page as Page & { errors?: string[] }).errors = errors;
  await page.setViewportSize({ width, height });
  await page.goto(session.base + query);
  await page.locator('nat-controls [data-testid=step]').waitFor();
  await page.locator('nat-simulator .views button[data-view=sequence]').click();
  await page.locator('nat-sequence svg g.root').waitFor({ state: 'attached' });
  return page;
}

const seq = (page: Page) => ({
  current: () => page.locator('nat-sequence g.arrow.current'),
  arrow: (index: number) => page.locator(`nat-sequence g.arrow[data-index="${index}"]`),
});

const errorsOf = (page: Page) => (page as Page & { errors?: string[] }).errors ?? [];

describe('sequence diagram in Chromium', () => {
  const walk = Timeline.record(scenarioById('walkthrough'));
  const forwarded = walk.events.flatMap((e, i) => (e.type === 'forwarded' ? [i + 1] : []));

  it('the highlighted arrow follows the step, a click seeks, the keyboard moves and seeks', async () => {
    const page = await open('?s=walkthrough&lang=en');
    const ui = sim(page);
    expect(await page.locator('nat-stage').isHidden()).toBe(true);
    for (let i = 1; i <= walk.total; i++) {
      await page.locator('nat-controls button.step').click();
      expect(await ui.step()).toBe(`event ${i} of ${walk.total}`);
      if (forwarded.includes(i)) {
        expect(await seq(page).current().getAttribute('data-index'), `event ${i}`).toBe(String(i));
        expect(await seq(page).current().count()).toBe(1);
      } else expect(await seq(page).current().count(), `event ${i}`).toBe(0);
      if (i === 8) await page.screenshot({ path: `${RESULTS}/sequence-walkthrough-8-en.png` });
    }
    // A click on an earlier arrow seeks there.
    const target = forwarded[2] as number;
    await seq(page).arrow(target).locator('line.hit').click({ force: true });
    expect(await ui.step()).toBe(`event ${target} of ${walk.total}`);
    expect(await seq(page).current().getAttribute('data-index')).toBe(String(target));
    // One tab stop: the first arrow key lands on the current event's arrow, ArrowUp goes to the
    // stop before it (only what happened so far is drawn), Enter seeks there.
    const box = page.locator('nat-sequence .scroll');
    await box.focus();
    await page.keyboard.press('ArrowDown');
    expect(await box.getAttribute('aria-activedescendant')).toBe(`e${target}`);
    await page.keyboard.press('ArrowUp');
    const focused = await box.getAttribute('aria-activedescendant');
    expect(focused).toMatch(/^e\d+$/);
    const seekTo = Number(focused?.slice(1));
    expect(seekTo).toBeLessThan(target);
    expect(await ui.step()).toBe(`event ${target} of ${walk.total}`);
    await page.keyboard.press('Enter');
    expect(await ui.step()).toBe(`event ${seekTo} of ${walk.total}`);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  }, 120_000);

  it("Alice on a symmetric NAT: the drop sits on Alice's NAT lane with its reason", async () => {
    const page = await open('?nat.alice-nat=symmetric&lang=en');
    const sym = Timeline.record(scenarioById('walkthrough'), { nat: { 'alice-nat': 'symmetric' } });
    const i = sym.events.findIndex((e) => e.type === 'dropped' && e.node === 'alice-nat');
    const drop = sym.events[i];
    if (drop?.type !== 'dropped') throw new Error('no drop at alice-nat');
    await page.locator('nat-controls input[type=range]').fill(String(i + 1));
    const mark = page.locator(`nat-sequence g.mark.drop[data-index="${i + 1}"]`);
    const lane = page.locator('nat-sequence .head [data-lane=alice-nat]');
    const m = await mark.boundingBox();
    const l = await lane.boundingBox();
    expect(
      Math.abs((m?.x ?? 0) + (m?.width ?? 0) / 2 - ((l?.x ?? 0) + (l?.width ?? 0) / 2)),
    ).toBeLessThan(3);
    const label = page.locator(`nat-sequence g.label.drop[data-index="${i + 1}"]`);
    expect((await label.textContent())?.replace(/\s+/g, ' ')).toContain(
      dropText('en', drop.reason),
    );
    expect(await page.locator('nat-sequence [data-testid=seq-caption]').innerText()).toContain(
      "Alice's NAT drops packet",
    );
    await page.screenshot({ path: `${RESULTS}/sequence-symmetric-drop-en.png` });
    await page.close();
  });

  it("hole-keepalive's punches fold into one group that opens on click", async () => {
    const page = await open('?s=hole-keepalive&lang=es');
    await page.keyboard.press('End');
    const group = page.locator('nat-sequence g.label.group');
    await expect.poll(() => group.count()).toBe(1);
    expect(await group.textContent()).toContain('× 6, cada 20 s');
    const closed = await page.locator('nat-sequence g.arrow').count();
    await page.screenshot({ path: `${RESULTS}/sequence-keepalive-es.png` });
    await group.click();
    await expect.poll(() => page.locator('nat-sequence g.arrow').count()).toBe(closed + 15);
    expect(await page.locator('nat-sequence g.label.group.open').count()).toBe(1);
    // Its 7 drops (Alice's punches, which Bob's connected nc discards or Bob's NAT filters) are
    // listed under the diagram behind "7 nunca llegaron", each in words; each cross says it too.
    const never = page.locator('nat-sequence details[data-testid=seq-never]');
    expect(await never.locator('summary').innerText()).toBe('7 nunca llegaron');
    expect(await never.getAttribute('open')).toBeNull();
    await never.locator('summary').click();
    const items = never.locator('li[data-fate=dropped]');
    expect(await items.count()).toBe(7);
    expect(await items.first().innerText()).toMatch(/upd hole.*nunca llegó: descartado por Bob/);
    const cross = page.locator('nat-sequence g.mark.drop').first();
    expect(await cross.getAttribute('aria-label')).toContain('nunca llegó: descartado por');
    await page.close();
  });

  it.each([
    ['en', 1280, 800],
    ['es', 1280, 800],
    ['en', 390, 844],
    ['es', 390, 844],
  ] as const)('fits and screenshots: %s at %i px', async (lang, w, h) => {
    const page = await open(`?lang=${lang}&step=37`, w, h);
    await page.waitForTimeout(300);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(w);
    const terms = await page.locator('nat-simulator .terminals').boundingBox();
    if (w === 1280) expect(terms?.y ?? 9999).toBeLessThan(h - 100);
    await page.locator('nat-sequence text.time').first().waitFor({ state: 'attached' });
    const sizes: number[] = await page
      .locator('nat-sequence svg text')
      .evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
    await page.screenshot({ path: `${RESULTS}/sequence-${w}-${lang}.png` });
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});
