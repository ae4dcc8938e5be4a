/**
 * The course against three real machines: `agujero netns up --live` (root) runs the Server, and
 * Alice's and Bob's agents behind real port-restricted NAT routers in namespaces; Chromium, on
 * the host, connects to the hub through the host-side listener. Chapter 3's rendezvous block is
 * run for real (each agent's "toc" to the real Server), then its punch block: the lines aim at
 * what the Server saw of each peer (the NATs' public addresses and ports, learned from the
 * rendezvous, never loopback), and "soy Bob" reaches Alice's listener through both NATs; once the
 * run is over, the prediction beside it is drawn in the run's own addresses. The
 * topology's name is unique to this process; `down` removes everything after.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../lab/netns/exec.ts';
import { liveDir } from '../../lab/netns/state.ts';
import type { TopologyState } from '../../lab/netns/state.ts';
import { requireLabBundle, requireNetns } from '../lab/netns/require-netns.ts';
import { ROOT } from '../lab/stun/processes.ts';
import { RESULTS, useBrowserSession } from './harness.ts';

const NAME = `pe${process.pid}`;
const BIN = `${ROOT}bin/agujero.cjs`;
const session = useBrowserSession();
let hub = '';
let token = '';

beforeAll(async () => {
  await requireNetns(['nc']);
  await requireLabBundle();
  const up = await run(
    [
      ...[process.execPath, BIN, 'netns', 'up', '--alice', 'port-restricted-cone'],
      ...['--bob', 'port-restricted-cone', '--live', '--hub-port', '0', '--name', NAME],
      ...['--origin', new URL(session.base).origin, '--json'],
    ],
    { timeoutMs: 60_000 },
  );
  if (up.code !== 0) throw new Error(`netns up --live failed: ${up.stderr}`);
  hub = (JSON.parse(up.stdout) as TopologyState).live?.local ?? '';
  token = readFileSync(`${liveDir(NAME)}/token`, 'utf8').trim();
}, 90_000);

afterAll(async () => {
  await run([process.execPath, BIN, 'netns', 'down', '--name', NAME], { timeoutMs: 30_000 });
});

async function runBlock(page: Page, id: string): Promise<void> {
  const button = page.locator(`section#${id} button[data-action="run-real"]`);
  await button.scrollIntoViewIfNeeded();
  await expect.poll(() => button.isEnabled(), { timeout: 15_000 }).toBe(true);
  await button.click();
}

describe('the course on netns up --live', () => {
  it('runs chapter 3 for real on three machines behind real NATs', async () => {
    const page = await session.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    try {
      await page.goto(
        `${session.base}?page=lesson&l=03-walkthrough&lang=en` +
          `&hub=${encodeURIComponent(hub)}&token=${token}#t-rendezvous`,
      );
      const real = (id: string, actor: string) =>
        page
          .locator(
            `section#${id} lab-run-view section.real nat-terminal section[data-actor=${actor}] pre`,
          )
          .textContent();
      await runBlock(page, 't-rendezvous');
      // the toc lines go to the real Server, not to the model's 54.93.249.162
      await expect
        .poll(() => real('t-rendezvous', 'alice'), { timeout: 15_000 })
        .toContain('nc -p 53333 -u 203.0.113.162 9000');
      // the hub learns what the Server saw of each (shown in Connect to a lab)
      await page.locator('lab-connect summary').click();
      const saw = (role: string) => page.locator(`lab-connect li[data-role=${role}]`).textContent();
      await expect
        .poll(() => saw('alice'), { timeout: 10_000 })
        .toContain('the Server saw port 53333 as 192.0.2.113:53333');
      await expect
        .poll(() => saw('bob'), { timeout: 10_000 })
        .toContain('the Server saw port 58888 as 198.51.100.24:58888');
      expect(await saw('alice')).toContain('LAN 192.168.1.10');
      await page.locator('lab-connect summary').click();

      await runBlock(page, 't-punch');
      await expect.poll(() => real('t-punch', 'alice'), { timeout: 20_000 }).toContain('soy Bob');
      expect(await real('t-punch', 'alice')).toContain('nc -p 53333 -u 198.51.100.24 58888');
      expect(await real('t-punch', 'bob')).toContain('nc -p 58888 -u 192.0.2.113 53333');
      const item = page.locator('section#t-punch lab-run-view ul.diff li', { hasText: 'soy Bob' });
      await item.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${RESULTS}/live-netns-en-1280.png` });
      // Once the run is over, the prediction is drawn in the run's own addresses: the same
      // number for the same role on both sides.
      const view = page.locator('section#t-punch lab-run-view');
      const roles = view.locator('[data-testid=run-addresses]');
      await expect
        .poll(() => roles.locator('.verdict').getAttribute('data-verdict'), { timeout: 10_000 })
        .toBe('labAddrRenamed');
      for (const [node, ip] of [
        ['alice-nat', '192.0.2.113'],
        ['bob-nat', '198.51.100.24'],
        ['alice', '192.168.1.10'],
      ] as const)
        expect(await roles.locator(`tr[data-node=${node}] td`).allInnerTexts()).toEqual([ip, ip]);
      const aliceNat = (side: string) =>
        view.locator(`${side} nat-table-view section[data-router=alice-nat] h3`).innerText();
      await expect.poll(() => aliceNat('lesson-simulator')).toContain('192.0.2.113');
      expect(await aliceNat('section.real')).toContain('192.0.2.113');
      await roles.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${RESULTS}/live-netns-settled-en-1280.png` });
    } finally {
      await page.close();
    }
  }, 90_000);
});
