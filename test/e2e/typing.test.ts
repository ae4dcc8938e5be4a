// End-to-end: the student types the walkthrough's punch by hand (issue 8). The walkthrough cut
// after its rendezvous (stopAfter=6), Alice's punch and listener and Bob's answer typed into their
// terminals: "soy Bob" reaches Alice and the goal is reached; the URL reproduces the session on
// reload; back still steps through it; undo removes the last command; a typo gets the model's
// error in the UI language. Screenshots at 1280x800 and 390 px, in Spanish and English.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RESULTS, sim, useBrowserSession } from './harness.ts';

const session = useBrowserSession();

const PUNCH = 'echo "upd hole" | nc -p 53333 -u 54.93.229.24 58888';
const LISTEN = 'nc -klu 53333';
const ANSWER = 'echo "soy Bob" | nc -p 58888 -u 82.230.120.113 53333';

async function open(query: string, width = 1280): Promise<Page> {
  const page = await session.browser.newPage();
  await page.setViewportSize({ width, height: 800 });
  await page.goto(session.base + query);
  await page.locator('nat-terminal [data-actor=alice] pre').waitFor();
  return page;
}

const prompt = (page: Page, actor: string) =>
  page.locator(`nat-terminal [data-actor=${actor}] input`);
const param = (page: Page, name: string) => new URL(page.url()).searchParams.getAll(name);

/** Types a line into a terminal and presses Enter. */
async function type(page: Page, actor: string, line: string): Promise<void> {
  await prompt(page, actor).fill(line);
  await prompt(page, actor).press('Enter');
}

/** Goes to the end with the controls' Last button (focus stays in the prompt, not the page). */
async function toEnd(page: Page): Promise<void> {
  const last = page.locator('nat-controls button[data-action=last]');
  if (await last.isEnabled()) await last.click();
}

describe('typing the punch by hand', () => {
  it('Alice punches and listens, Bob answers: "soy Bob" arrives; the URL reproduces it', async () => {
    const page = await open('?s=walkthrough&stopAfter=6&lang=en');
    const ui = sim(page);
    await toEnd(page);
    // The script stops after the rendezvous: no punch yet, and the goal is missed.
    expect(await ui.terminal('alice')).not.toContain('upd hole');
    expect(await ui.goal('alice-hears-bob').getAttribute('data-state')).toBe('missed');

    await type(page, 'alice', PUNCH);
    // Playback moves to the typed command: it is the newest line of Alice's terminal.
    await expect.poll(() => ui.terminal('alice')).toContain(`alice$ ${PUNCH}`);
    expect(await prompt(page, 'alice').inputValue()).toBe('');
    await toEnd(page);
    await type(page, 'alice', LISTEN);
    await toEnd(page);
    await type(page, 'bob', ANSWER);
    await toEnd(page);
    await expect.poll(() => ui.terminal('alice')).toMatch(/nc -klu 53333\s+soy Bob/);
    expect(await ui.goal('alice-hears-bob').getAttribute('data-state')).toBe('reached');
    expect(param(page, 't')).toEqual([
      expect.stringMatching(/^alice@\d+\.\d+:echo "upd hole"/),
      expect.stringMatching(/^alice@\d+\.\d+:nc -klu 53333$/),
      expect.stringMatching(/^bob@\d+\.\d+:echo "soy Bob"/),
    ]);
    await page.waitForTimeout(600); // the newest command is typed out in 0.5 s
    await page.screenshot({ path: join(RESULTS, 'typing-en-1280.png') });
    await prompt(page, 'alice').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS, 'typing-en-1280-terminals.png') });

    // Back still works: it is just the timeline.
    const step = await ui.step();
    await page.keyboard.press('ArrowLeft');
    expect(await ui.step()).not.toBe(step);

    // The link reproduces the session.
    const url = page.url();
    const again = await open(url.slice(url.indexOf('?')));
    expect(await sim(again).step()).toBe(await ui.step());
    await sim(again).press('End');
    await expect.poll(() => sim(again).terminal('alice')).toMatch(/soy Bob/);
    expect(await sim(again).goal('alice-hears-bob').getAttribute('data-state')).toBe('reached');
    expect(await again.locator('nat-notices [data-testid=notices]').count()).toBe(0);
    await again.close();

    // Undo removes Bob's answer: the goal is missed again and the URL forgets it.
    await page.locator('nat-terminal [data-actor=bob] [data-action=undo-typed]').click();
    await expect.poll(() => param(page, 't').length).toBe(2);
    await toEnd(page);
    expect(await ui.terminal('alice')).not.toContain('soy Bob');
    await page.close();
  }, 90_000);

  it("a typo gets the model's error in Spanish; ↑ recalls it; keys typed are not shortcuts", async () => {
    const page = await open('?s=walkthrough&stopAfter=6&lang=es');
    const ui = sim(page);
    await toEnd(page);
    const before = await ui.step();
    await type(page, 'alice', 'nc -z');
    const refused = page.locator('nat-terminal [data-actor=alice] [data-testid=refused]');
    await expect.poll(() => refused.count()).toBe(1);
    const text = await ui.terminal('alice');
    expect(text).toContain("nc: opción no válida -- 'z'");
    expect(text).toContain('uso: nc [-klnuv]');
    // Nothing ran: same step, nothing in the URL.
    expect(await ui.step()).toBe(before);
    expect(param(page, 't')).toEqual([]);
    // ↑ brings the line back; arrows and Space in the prompt do not step the playback.
    await prompt(page, 'alice').press('ArrowUp');
    expect(await prompt(page, 'alice').inputValue()).toBe('nc -z');
    await prompt(page, 'alice').press('ArrowLeft');
    await prompt(page, 'alice').press('Space');
    expect(await ui.step()).toBe(before);
    // An unknown program, and ${…} observations work as the model's shell has them.
    await type(page, 'bob', 'ping 1.2.3.4');
    await expect.poll(() => ui.terminal('bob')).toContain('ping: orden no encontrada');
    await type(
      page,
      'alice',
      'echo "upd hole" | nc -p 53333 -u ${server.saw.bob.ip} ${server.saw.bob.port}',
    );
    await expect.poll(() => ui.terminal('alice')).toContain('nc -p 53333 -u 54.93.229.24 58888');
    await prompt(page, 'alice').scrollIntoViewIfNeeded();
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(RESULTS, 'typing-es-1280.png') });
    await page.close();
  }, 60_000);

  it('at 390 px the prompt fits and typing works, in both languages', async () => {
    for (const lang of ['es', 'en'] as const) {
      const page = await open(`?s=walkthrough&stopAfter=6&lang=${lang}`, 390);
      await toEnd(page);
      await type(page, 'alice', PUNCH);
      await type(page, 'alice', 'nc -z');
      const box = await prompt(page, 'alice').boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(150);
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
      const font = await prompt(page, 'alice').evaluate((el) => getComputedStyle(el).fontSize);
      expect(parseFloat(font)).toBeGreaterThanOrEqual(13);
      await prompt(page, 'alice').scrollIntoViewIfNeeded();
      await page.waitForTimeout(600);
      await page.screenshot({ path: join(RESULTS, `typing-${lang}-390.png`) });
      await page.close();
    }
  }, 60_000);
});
