// End-to-end: the outcome matrix page (every cell agrees with the model; a click selects the
// pair, its play button plays it), language switching, reduced motion, keyboard play/pause, and
// the phone-width layout.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { matrixCell, outcomeMatrix, PRESET_IDS } from '../../src/model/index.ts';
import { matrixReason } from '../../src/i18n/reasons.ts';
import { RESULTS, sim, useBrowserSession } from './harness.ts';

const session = useBrowserSession();

async function open(query: string, width = 1280, height = 800): Promise<Page> {
  const page = await session.browser.newPage();
  await page.setViewportSize({ width, height });
  await page.goto(session.base + query);
  await page.locator('nat-app').waitFor();
  return page;
}

describe('pages in Chromium', () => {
  it('the matrix shows every pair as the model decides it; a click selects, the play button plays', async () => {
    const page = await open('?page=matrix&lang=en');
    const cells = page.locator('nat-matrix td[data-verdict]');
    await expect
      .poll(() => page.locator('nat-matrix td[data-verdict=""]').count(), { timeout: 30_000 })
      .toBe(0);
    const shown = await cells.evaluateAll((tds) =>
      tds.map(
        (td) =>
          `${td.getAttribute('data-bob')}|${td.getAttribute('data-alice')}|${td.getAttribute('data-verdict')}`,
      ),
    );
    const want = outcomeMatrix().flatMap((row) =>
      row.map((c) => `${c.bob}|${c.alice}|${c.verdict}`),
    );
    expect(shown).toEqual(want);
    expect(shown).toHaveLength(PRESET_IDS.length ** 2);
    await page.screenshot({ path: `${RESULTS}/matrix.png` });

    // Keyboard: focus a cell, move with arrows, the reason follows.
    await page.locator('nat-matrix td[data-bob=open-internet][data-alice=open-internet]').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    expect(await page.locator('nat-matrix [data-testid=reason]').innerText()).toContain(
      'next port of the sequential NAT',
    );

    await page
      .locator('nat-matrix td[data-bob=port-restricted-cone][data-alice=symmetric]')
      .click();
    await page.locator('nat-matrix button[data-action=play-pair]').click();
    await page.locator('nat-simulator').waitFor();
    const url = new URL(page.url());
    expect(url.searchParams.get('nat.bob-nat')).toBe('port-restricted-cone');
    expect(url.searchParams.get('nat.alice-nat')).toBe('symmetric');
    expect(
      await page
        .locator('nat-picker select.preset')
        .evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value)),
    ).toEqual(['port-restricted-cone', 'symmetric']);
    // It plays: the index moves on by itself.
    await expect.poll(() => sim(page).step(), { timeout: 5_000 }).not.toMatch(/^event 0 of/);
    await page.keyboard.press('End');
    expect(await sim(page).goal('alice-hears-bob').getAttribute('data-state')).toBe('missed');
    await page.close();
  }, 90_000);

  it("the matrix's 'procedure that works' plays the predicted-port variant to success", async () => {
    const page = await open('?page=matrix&lang=en');
    const cell = page.locator('nat-matrix td[data-bob=symmetric][data-alice=symmetric]');
    await expect
      .poll(() => cell.getAttribute('data-verdict'), { timeout: 30_000 })
      .toBe('port-prediction');
    await cell.focus();
    await page.locator('nat-matrix button[data-action=play-worked]').click();
    await page.locator('nat-simulator').waitFor();
    expect(new URL(page.url()).searchParams.get('s')).toBe('walkthrough-seed-order-predicted');
    await page.keyboard.press('End');
    expect(await sim(page).goal('alice-hears-bob').getAttribute('data-state')).toBe('reached');
    expect(await sim(page).goal('bob-hears-alice').getAttribute('data-state')).toBe('reached');
    await page.close();
  }, 60_000);

  it('in Spanish, the matrix words its reasons in Spanish', async () => {
    const page = await open('?page=matrix&lang=es');
    const cell = page.locator('nat-matrix td[data-bob=port-restricted-cone][data-alice=symmetric]');
    await expect.poll(() => cell.getAttribute('data-verdict'), { timeout: 30_000 }).not.toBe('');
    await cell.focus();
    const reason = await page.locator('nat-matrix [data-testid=reason]').innerText();
    expect(reason).toBe(matrixReason('es', matrixCell('port-restricted-cone', 'symmetric')));
    expect(reason).toContain(
      'no, filtrado: ningún mapeo permite 54.93.229.24:58888 -> 82.230.120.113:40000 (en NAT de Alice); funciona',
    );
    await page.close();
  }, 60_000);

  it('switches language and keeps it in the URL', async () => {
    const page = await open('?lang=en&step=12');
    expect(await sim(page).step()).toBe('event 12 of 74');
    await page.locator('nat-app button[lang=es]').click();
    expect(await sim(page).step()).toBe('evento 12 de 74');
    expect(page.url()).toContain('lang=es');
    expect(await page.locator('nat-app nav').innerText()).toContain('Simulador');
    expect(await page.evaluate('document.documentElement.lang')).toBe('es');
    await page.close();
  });

  it('keyboard: Space plays and pauses, Right steps, a focused button works with Enter', async () => {
    const page = await open('?s=walkthrough&lang=en');
    await page.keyboard.press('ArrowRight');
    expect(await sim(page).step()).toBe('event 1 of 74');
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('nat-controls button.pause').count()).toBe(1);
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('nat-controls button.play').count()).toBe(1);
    const at = await sim(page).step();
    await page.locator('nat-controls button.step').focus();
    await page.keyboard.press('Enter');
    const n = Number(/event (\d+)/.exec(at)?.[1]);
    expect(await sim(page).step()).toBe(`event ${n + 1} of 74`);
    await page.close();
  });

  it('with reduced motion a packet jumps to its next node at once', async () => {
    const page = await session.browser.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${session.base}?lang=en&step=3`);
    await sim(page).step();
    await page.keyboard.press('ArrowRight'); // event 4: packet #1 forwarded bob -> bob-nat
    const packet = page.locator('nat-stage g.packet[data-packet="1"]');
    const now = await packet.getAttribute('transform');
    await page.waitForTimeout(400);
    expect(await packet.getAttribute('transform')).toBe(now);
    await page.close();
  });

  it('fits a phone-width screen without sideways scrolling', async () => {
    const page = await open('?lang=es&step=37', 390, 844);
    await sim(page).step();
    await page.waitForTimeout(300);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.locator('nat-controls button.step').click();
    expect(await sim(page).step()).toBe('evento 38 de 74');
    await page.screenshot({ path: `${RESULTS}/phone-390.png`, fullPage: true });
    await page.close();
  });

  it('the RFC 4787 knobs build a custom policy that lands in the URL and the run', async () => {
    const page = await open('?s=walkthrough&lang=en');
    const alice = page.locator('nat-table-view [data-router=alice-nat]');
    await alice.locator('nat-picker summary').click();
    await alice.locator('select[data-knob=mapping]').selectOption('address-port-dependent');
    await alice.locator('select[data-knob=portAssignment]').selectOption('sequential');
    await alice.locator('input[data-knob=lifetimeMs]').fill('30');
    await alice.locator('input[data-knob=lifetimeMs]').press('Tab');
    await expect
      .poll(() => new URL(page.url()).searchParams.get('nat.alice-nat'))
      .toBe('restricted-cone.m-apd.pa-sequential.lt-30');
    expect(await alice.locator('nat-picker .custom').count()).toBe(1);
    await page.screenshot({ path: `${RESULTS}/knobs.png` });
    // A sequential, address-and-port-dependent mapping gives Alice a new port toward Bob.
    await page.locator('nat-controls button.last').click();
    expect(await sim(page).goal('alice-hears-bob').getAttribute('data-state')).toBe('missed');
    expect((await sim(page).bindings('alice-nat')).join(' ')).toContain('82.230.120.113:1025');
    await page.close();
  }, 60_000);
});
