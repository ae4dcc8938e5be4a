// End-to-end: the view state as a user meets it. Back and Forward go where the user went; the
// controls always show what the simulation runs; out-of-range input gets an inline message and
// is neither silently replaced nor ignored; link values the app cannot use are said and the URL is
// corrected to what is shown; the pcapng download is a pcapng file.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sim, useBrowserSession } from './harness.ts';

const session = useBrowserSession();

async function open(query: string): Promise<Page> {
  const page = await session.browser.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(session.base + query);
  await page.locator('nat-app').waitFor();
  return page;
}

const preset = (page: Page, router: string) =>
  page.locator(`nat-table-view [data-router=${router}] select.preset`);
const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

describe('history', () => {
  it('Back and Forward go between pages, scenarios and a played matrix cell, step included', async () => {
    const page = await open('?s=walkthrough&lang=en');
    const ui = sim(page);
    await ui.press('ArrowRight', 5);
    await expect.poll(() => param(page, 'step')).toBe('5');
    await page.locator('nat-app nav a', { hasText: 'Outcome matrix' }).click();
    await expect.poll(() => param(page, 'page')).toBe('matrix');
    await page.goBack();
    await page.locator('nat-controls [data-testid=step]').waitFor();
    expect(param(page, 'page')).toBeNull();
    expect(await ui.step()).toMatch(/^event 5 of/);
    await page.goForward();
    await expect.poll(() => param(page, 'page')).toBe('matrix');
    await page.goBack();
    await page.locator('nat-scenario-bar select').selectOption('linux-clash');
    await expect.poll(() => param(page, 's')).toBe('linux-clash');
    await page.goBack();
    await expect.poll(() => param(page, 's')).toBe('walkthrough');
    expect(await page.locator('nat-scenario-bar select').inputValue()).toBe('walkthrough');
    expect(await ui.step()).toMatch(/^event 5 of/);
    await page.close();
  }, 60_000);
});

describe('controls are a function of the state', () => {
  it('the NAT dropdowns show what runs, after fast changes, playing, and scenario switches', async () => {
    const page = await open('?s=walkthrough&lang=en');
    await page.keyboard.press(' ');
    for (const [bob, alice] of [
      ['symmetric', 'full-cone'],
      ['cgnat', 'symmetric'],
      ['linux-random-fully', 'restricted-cone'],
    ] as const) {
      await preset(page, 'bob-nat').selectOption(bob);
      await preset(page, 'alice-nat').selectOption(alice);
    }
    await page.locator('nat-scenario-bar select').selectOption('linux-clash');
    // The user's choices gave way to the scenario's own NATs: said, not silent.
    expect(await page.locator('nat-notices [data-testid=info]').innerText()).toContain(
      "Bob's NAT: Linux MASQUERADE",
    );
    await page.locator('nat-scenario-bar select').selectOption('walkthrough');
    await page.locator('nat-scenario-bar select').selectOption('linux-clash');
    // linux-clash runs Linux MASQUERADE on both routers: the dropdowns must say so.
    await expect.poll(() => preset(page, 'bob-nat').inputValue()).toBe('linux-masquerade');
    expect(await preset(page, 'alice-nat').inputValue()).toBe('linux-masquerade');
    // Back to the walkthrough with the NATs of the first visit, shown and run.
    await page.goBack();
    await expect.poll(() => param(page, 's')).toBe('walkthrough');
    const url = new URL(page.url()).searchParams;
    expect(await preset(page, 'bob-nat').inputValue()).toBe(
      url.get('nat.bob-nat')?.split('.')[0] ?? 'full-cone',
    );
    await page.close();
  }, 60_000);
});

describe('input the simulation cannot use', () => {
  it('a lifetime out of range stays on screen with a message; the run keeps the old value', async () => {
    const page = await open('?lang=en&nat.bob-nat=full-cone.lt-30');
    await page.locator('nat-table-view [data-router=bob-nat] nat-picker summary').click();
    await page.locator('nat-table-view [data-router=bob-nat] nat-picker[open]').waitFor();
    const lt = page.locator(
      'nat-table-view [data-router=bob-nat] nat-picker input[data-knob=lifetimeMs]',
    );
    for (const bad of ['0', '-5', '100000']) {
      await lt.fill(bad);
      await lt.press('Enter');
      await lt.blur();
      expect(await lt.inputValue()).toBe(bad);
      expect(await lt.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('nat-picker [data-testid=lifetime-error]').innerText()).toContain(
        'still using 30 s',
      );
      expect(param(page, 'nat.bob-nat')).toBe('full-cone.lt-30');
    }
    await lt.fill('1.5');
    await lt.blur();
    await expect.poll(() => param(page, 'nat.bob-nat')).toBe('full-cone.lt-1.5');
    expect(await page.locator('nat-picker [data-testid=lifetime-error]').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('a rejected lifetime stays on screen while the run moves on (the NAT is the scenario default)', async () => {
    const page = await open('?lang=en&s=walkthrough');
    const picker = page.locator('nat-table-view [data-router=bob-nat] nat-picker');
    await picker.locator('summary').click();
    await page.locator('nat-table-view [data-router=bob-nat] nat-picker[open]').waitFor();
    const lt = picker.locator('input[data-knob=lifetimeMs]');
    await lt.fill('0');
    await lt.press('Enter');
    await lt.blur();
    // Each step re-renders the app, which hands every picker its NAT choice again.
    await sim(page).press('ArrowRight', 3);
    await expect.poll(() => param(page, 'step')).toBe('3');
    expect(await lt.inputValue()).toBe('0');
    expect(await lt.getAttribute('aria-invalid')).toBe('true');
    expect(await picker.locator('[data-testid=lifetime-error]').innerText()).toContain(
      'still using',
    );
    // Half-typed text is not rewritten by a step either.
    await lt.fill('4');
    await page.evaluate(() => document.querySelector('nat-app')!.requestUpdate());
    await page.waitForTimeout(100);
    expect(await lt.inputValue()).toBe('4');
    await page.close();
  }, 60_000);

  it('a seed out of range stays on screen with a message, in Spanish too', async () => {
    const page = await open('?s=walkthrough&lang=es');
    const seed = page.locator('nat-scenario-bar [data-testid=seed]');
    const before = await seed.inputValue();
    await seed.fill('99999999999999999999');
    await seed.blur();
    expect(await seed.inputValue()).toBe('99999999999999999999');
    expect(await page.locator('nat-scenario-bar [data-testid=seed-error]').innerText()).toContain(
      `se sigue usando ${before}`,
    );
    expect(param(page, 'seed')).toBeNull();
    await page.close();
  }, 60_000);

  it('link values that cannot be used are said, and the URL is corrected to what is shown', async () => {
    const page = await open(
      '?s=does-not-exist&step=abc&lang=fr&seed=99999999999&nat.nowhere=full-cone&zz=1',
    );
    const notices = page.locator('nat-notices [data-testid=notices]');
    const text = await notices.innerText();
    for (const part of ['does-not-exist', 'abc', 'fr', '99999999999', 'nowhere', 'zz'])
      expect(text).toContain(part);
    const q = new URL(page.url()).searchParams;
    expect([...q.keys()].sort()).toEqual(['lang', 's']);
    expect(q.get('s')).toBe('walkthrough');
    expect(q.get('lang')).toBe('es');
    await notices.locator('button').click();
    expect(await page.locator('nat-notices [data-testid=notices]').count()).toBe(0);
    const past = await open('?lang=en&step=100000');
    expect(await past.locator('nat-notices [data-testid=notices]').innerText()).toContain(
      'past the end of this run',
    );
    await expect.poll(() => param(past, 'step')).toMatch(/^\d{2}$/);
    await page.close();
    await past.close();
  }, 60_000);
});

describe('what a newcomer needs explained', () => {
  it('each NAT picker says what its type does; the seed explains itself; the map shows every address', async () => {
    const page = await open('?lang=es&s=walkthrough-stun');
    const about = page.locator(
      'nat-table-view [data-router=alice-nat] [data-testid=preset-summary]',
    );
    expect(await about.innerText()).toContain('filtrado');
    await preset(page, 'alice-nat').selectOption('symmetric');
    await expect
      .poll(() => about.innerText())
      .toContain('Un puerto externo nuevo por cada destino');
    const help = page.locator('nat-scenario-bar button.help');
    expect(await page.locator('nat-scenario-bar [data-testid=seed-about]').isVisible()).toBe(false);
    await help.click();
    expect(await help.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('nat-scenario-bar [data-testid=seed-about]').innerText()).toContain(
      'la misma semilla repite exactamente la misma simulación',
    );
    // pystun's alternate server address (stund -a) is on the map, not only in the packets.
    const server = await page.locator('nat-stage g.node[data-node=server]').textContent();
    expect(server).toContain('54.93.249.162');
    expect(server).toContain('54.93.249.163');
    await page.close();
  }, 60_000);
});

describe('traces', () => {
  it('Download pcapng saves the recorded run as a pcapng file', async () => {
    const page = await session.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${session.base}?s=walkthrough&lang=es`);
    await page.locator('nat-controls [data-testid=step]').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('nat-pcapng-download [data-testid=download-pcapng]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('agujero-walkthrough.pcapng');
    const path = await download.path();
    const bytes = readFileSync(path);
    // A pcapng Section Header Block opens the file, with the byte-order magic.
    expect(bytes.readUInt32LE(0)).toBe(0x0a0d0d0a);
    expect(bytes.readUInt32LE(8)).toBe(0x1a2b3c4d);
    expect(bytes.length).toBeGreaterThan(2000);
    await page.close();
  }, 60_000);
});
