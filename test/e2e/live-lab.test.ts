/**
 * The live lab in Chromium: a real hub on 127.0.0.1 with a token and two real agents (the
 * built-in nc) on loopback; chapter 3 opened with `?hub=…&token=…`, its punch block run for
 * real, the real run drawn by the simulator's views beside the prediction with the comparison;
 * then the run saved, the page reloaded and the saved file replayed without the lab by the file
 * picker (by URL: lab-replay.test.ts).
 * Traffic stays on 127.0.0.1: three datagrams per run, each step bounded in time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startAgent } from '../../lab/agent/agent.ts';
import type { Agent } from '../../lab/agent/agent.ts';
import { startHub } from '../../lab/hub/hub.ts';
import type { Hub } from '../../lab/hub/hub.ts';
import { RESULTS, useBrowserSession } from './harness.ts';

const TOKEN = 'live-lab-e2e-token';
const session = useBrowserSession();
let hub: Hub;
let agents: Agent[] = [];

beforeAll(async () => {
  hub = await startHub({ token: TOKEN, origins: [new URL(session.base).origin] });
  agents = (['alice', 'bob'] as const).map((role) =>
    startAgent({ hub: hub.url, token: TOKEN, role, nc: { variant: 'builtin', keep: true } }),
  );
  await Promise.all(agents.map((a) => a.registered));
}, 30_000);

afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  await hub?.stop();
});

const chapter = (lang: string) =>
  `${session.base}?page=lesson&l=03-walkthrough&lang=${lang}` +
  `&hub=${encodeURIComponent(hub.url)}&token=${TOKEN}#t-punch`;

async function runPunch(page: Page): Promise<void> {
  const button = page.locator('section#t-punch button[data-action="run-real"]');
  await expect.poll(() => button.isEnabled(), { timeout: 10_000 }).toBe(true);
  await button.click();
  const soyBob = page.locator('section#t-punch lab-run-view ul.diff li', { hasText: 'soy Bob' });
  await expect
    .poll(() => soyBob.getAttribute('data-kind'), { timeout: 15_000 })
    .toMatch(/^(same|lost|unexpected|port)$/);
}

describe('live lab', () => {
  it.each([
    ['en', 1280, 800],
    ['es', 390, 844],
  ])(
    'runs chapter 3 punch block for real (%s, %i px)',
    async (lang, width, height) => {
      const page = await session.browser.newPage();
      await page.setViewportSize({ width, height });
      try {
        await page.goto(chapter(lang));
        await runPunch(page);
        expect(page.url()).not.toContain(TOKEN);
        const view = page.locator('section#t-punch lab-run-view');
        const real = view.locator('section.real');
        const term = (actor: string) =>
          real.locator(`nat-terminal section[data-actor=${actor}] pre`).textContent();
        // Bob's datagram really reached Alice's listener, from the port the model predicted,
        // drawn by the simulator's views beside the prediction (its own stage and tables).
        await expect.poll(() => term('alice'), { timeout: 10_000 }).toContain('soy Bob');
        const item = view.locator('ul.diff li', { hasText: 'soy Bob' });
        expect(await item.getAttribute('data-kind')).toBe('same');
        expect(await term('bob')).toContain('nc -p 58888 -u 127.0.0.1 53333');
        expect(await real.locator('nat-stage').count()).toBe(1);
        expect(await view.locator('lesson-simulator[slot=predicted] nat-stage').count()).toBe(1);
        await real.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${RESULTS}/live-lab-${lang}-${width}.png` });
        if (width === 1280) {
          // Save the run, reload without the lab, and open it with the file picker.
          const [download] = await Promise.all([
            page.waitForEvent('download'),
            view.locator('button[data-action="save"]').click(),
          ]);
          const path = await download.path();
          const { readFile } = await import('node:fs/promises');
          const text = await readFile(path, 'utf8');
          const { writeFile } = await import('node:fs/promises');
          await writeFile(`${RESULTS}/live-lab-run-${lang}.json`, text);
          expect(JSON.parse(text)).toMatchObject({
            format: 'agujero-lab-run',
            setup: { scenario: 'walkthrough' },
          });
          await page.goto(`${session.base}?page=lesson&l=03-walkthrough&lang=${lang}`);
          await page.locator('lab-connect summary').click();
          await page.locator('lab-connect input[type=file]').setInputFiles({
            name: 'run.json',
            mimeType: 'application/json',
            buffer: Buffer.from(text),
          });
          const replay = page.locator('lab-replay lab-run-view');
          const replayed = replay.locator('ul.diff li', { hasText: 'soy Bob' });
          await expect
            .poll(() => replayed.getAttribute('data-kind'), { timeout: 10_000 })
            .toBe('same');
          expect(
            await replay
              .locator('section.real nat-terminal section[data-actor=alice] pre')
              .textContent(),
          ).toContain('soy Bob');
          await page.screenshot({ path: `${RESULTS}/live-lab-replay-${lang}-${width}.png` });
        }
      } finally {
        await page.close();
      }
    },
    90_000,
  );

  it('refuses a block no template can express, in the reader’s language', async () => {
    const page = await session.browser.newPage();
    try {
      await page.goto(chapter('en').replace('#t-punch', '#t-rendezvous'));
      const button = page.locator('section#t-rendezvous button[data-action="run-real"]');
      await expect.poll(() => button.isEnabled(), { timeout: 10_000 }).toBe(true);
      await button.click();
      // Its Server lines are skipped (the lab's server is the Server); the sends run.
      await expect
        .poll(() => page.locator('section#t-rendezvous [data-testid=real-status]').textContent(), {
          timeout: 15_000,
        })
        .toMatch(/Server’s lines \(4\)/);
      await page.screenshot({ path: `${RESULTS}/live-lab-rendezvous-en-1280.png` });
    } finally {
      await page.close();
    }
  }, 60_000);
});
