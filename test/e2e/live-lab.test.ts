/**
 * The live lab in Chromium: a real hub on 127.0.0.1 with a token and two real agents (the
 * built-in nc) on loopback; chapter 3 opened with `?hub=…&token=…`, its punch block run for
 * real, the real events drawn under the prediction with the comparison; then the run saved,
 * the page reloaded and the saved file replayed without the lab (by file picker and by URL).
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
  const soyBob = page.locator('section#t-punch lab-run-view li', { hasText: 'soy Bob' });
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
        const real = page.locator('section#t-punch section.real');
        // Bob's datagram really reached Alice's listener, from the port the model predicted.
        await expect
          .poll(() => real.locator('pre[data-actor="alice"]').textContent(), { timeout: 10_000 })
          .toContain('soy Bob');
        const item = real.locator('li', { hasText: 'soy Bob' });
        expect(await item.getAttribute('data-kind')).toBe('same');
        expect(await real.locator('pre[data-actor="bob"]').textContent()).toContain(
          'nc -p 58888 -u 127.0.0.1 53333',
        );
        await real.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${RESULTS}/live-lab-${lang}-${width}.png` });
        if (width === 1280) {
          // Save the run, reload without the lab, and open it with the file picker.
          const [download] = await Promise.all([
            page.waitForEvent('download'),
            real.locator('button[data-action="save"]').click(),
          ]);
          const path = await download.path();
          const { readFile } = await import('node:fs/promises');
          const text = await readFile(path, 'utf8');
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
          await expect
            .poll(() => replay.locator('li', { hasText: 'soy Bob' }).getAttribute('data-kind'), {
              timeout: 10_000,
            })
            .toBe('same');
          expect(await replay.locator('pre[data-actor="alice"]').textContent()).toContain(
            'soy Bob',
          );
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
        .poll(() => page.locator('section#t-rendezvous section.real [role=status]').textContent(), {
          timeout: 15_000,
        })
        .toMatch(/Server’s lines \(4\)/);
      await page.screenshot({ path: `${RESULTS}/live-lab-rendezvous-en-1280.png` });
    } finally {
      await page.close();
    }
  }, 60_000);
});
