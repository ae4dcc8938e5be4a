/**
 * "Connect to a lab" with rooms, in Chromium: one hub on 127.0.0.1 serving two pairs, Alice's
 * agent in room pair-1 and Bob's in pair-2 (built-in nc, no traffic). The page opened with
 * `?hub=…&token=…&room=pair-1` joins pair-1 and lists only its agent with the addresses the lab
 * knows it by; typing pair-2 in the room field switches to the other pair; a bad room name is
 * refused by the form; a punch streamed with `punch --hub` into pair-1 shows each side's phase
 * and datagrams. English at 1280 px and Spanish at 390 px, with screenshots; axe-core finds no
 * serious or critical violation in the open panel. A hub URL where nothing listens is told apart
 * from a lost connection: the reader is asked to check the address.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent } from '../../lab/agent/agent.ts';
import type { Agent } from '../../lab/agent/agent.ts';
import { startHub } from '../../lab/hub/hub.ts';
import { startRendezvous } from '../../lab/peer/rendezvous.ts';
import type { LabRendezvous } from '../../lab/peer/rendezvous.ts';
import { runCommand } from '../lab/hub/server-lab.ts';
import type { Hub } from '../../lab/hub/hub.ts';
import { seriousViolations } from './axe.ts';
import { RESULTS, useBrowserSession } from './harness.ts';

const TOKEN = 'rooms-e2e-token';
const session = useBrowserSession();
let hub: Hub;
let agents: Agent[] = [];

beforeAll(async () => {
  hub = await startHub({ token: TOKEN, origins: [new URL(session.base).origin] });
  agents = [
    ['alice', 'pair-1'],
    ['bob', 'pair-2'],
  ].map(([role, room]) =>
    startAgent({
      hub: hub.url,
      token: TOKEN,
      role: role as 'alice' | 'bob',
      room: room!,
      nc: { variant: 'builtin', keep: true },
      addresses: role === 'alice' ? ['192.168.1.10'] : ['192.168.2.20'],
    }),
  );
  await Promise.all(agents.map((a) => a.registered));
}, 30_000);

afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  await hub?.stop();
});

/** Alice's and Bob's punches on loopback (a fresh rendezvous), streamed into room pair-1. */
async function punches(): Promise<void> {
  const rendezvous: LabRendezvous = await startRendezvous({ host: '127.0.0.1', port: 0 });
  const punch = (name: string, peer: string) =>
    runCommand([
      ...['punch', '-s', `127.0.0.1:${rendezvous.address.port}`, '-n', name, '--peer', peer],
      ...['-t', '5', '--hub', hub.url, '--room', 'pair-1', '--token', TOKEN],
    ]);
  const done = await Promise.all([punch('alice', 'bob'), punch('bob', 'alice')]);
  await rendezvous.stop();
  for (const r of done) expect(r.code, r.text).toBe(0);
}

describe('lab-connect rooms', () => {
  it.each([
    [
      'en',
      1280,
      800,
      'Lab pair-1: 1 agent',
      'Lab pair-2: 1 agent',
      'LAN 192.168.1.10 · connects from 127.0.0.1',
      /alice: agujero punch, done \(\d+ sent, \d+ received\)/,
    ],
    [
      'es',
      390,
      844,
      'Laboratorio pair-1: 1 agente',
      'Laboratorio pair-2: 1 agente',
      'LAN 192.168.1.10 · conecta desde 127.0.0.1',
      /alice: agujero punch, terminado \(\d+ enviados, \d+ recibidos\)/,
    ],
  ])(
    'joins the room of the link, then another typed in the form (%s, %i px)',
    async (lang, width, height, first, second, addresses, phaseText) => {
      const page = await session.browser.newPage();
      await page.setViewportSize({ width, height });
      try {
        await page.goto(
          `${session.base}?page=lesson&l=03-walkthrough&lang=${lang}` +
            `&hub=${encodeURIComponent(hub.url)}&token=${TOKEN}&room=pair-1`,
        );
        const summary = page.locator('lab-connect summary');
        await expect.poll(() => summary.textContent(), { timeout: 10_000 }).toContain(first);
        await summary.click();
        const items = page.locator('lab-connect ul.agents li');
        await expect.poll(() => items.count()).toBe(1);
        expect(await items.first().getAttribute('data-role')).toBe('alice');
        expect(await items.first().textContent()).toContain(addresses);
        const room = page.locator('lab-connect input[name=room]');
        expect(await room.inputValue()).toBe('pair-1');
        await page.screenshot({ path: `${RESULTS}/lab-connect-room-${lang}-${width}.png` });
        // the open panel: no serious or critical axe-core violation (labels, contrast)
        const found = await seriousViolations(page, 'lab-connect');
        expect(found).toEqual([]);

        // a punch streamed with --hub into this room: each side's phase and datagrams
        await punches();
        const punched = page.locator('lab-connect ul.punches li[data-role=alice]');
        await expect
          .poll(() => punched.getAttribute('data-phase'), { timeout: 10_000 })
          .toBe('done');
        expect(await punched.textContent()).toMatch(phaseText);
        await page.screenshot({ path: `${RESULTS}/lab-connect-punch-${lang}-${width}.png` });

        // a bad name: the form refuses it and stays in pair-1
        await room.fill('pair 2!');
        await page.locator('lab-connect button[type=submit]').click();
        expect(await room.evaluate((e) => (e as HTMLInputElement).validity.valid)).toBe(false);
        expect(await summary.textContent()).toContain(first);

        await room.fill('pair-2');
        await page.locator('lab-connect button[type=submit]').click();
        await expect.poll(() => summary.textContent(), { timeout: 10_000 }).toContain(second);
        await expect.poll(() => items.first().getAttribute('data-role')).toBe('bob');
        expect(await items.count()).toBe(1);
        expect(page.url()).not.toContain(TOKEN);
      } finally {
        await page.close();
      }
    },
    60_000,
  );

  it.each([
    ['en', 'No hub answers at this address yet'],
    ['es', 'Ningún hub responde aún en esta dirección'],
  ])('a hub URL where nothing listens says so, not "connection lost" (%s)', async (lang, text) => {
    // a loopback port that was free a moment ago: nothing listens there
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((done) => probe.close(() => done()));
    const page = await session.browser.newPage();
    try {
      await page.goto(
        `${session.base}?page=lesson&l=03-walkthrough&lang=${lang}` +
          `&hub=${encodeURIComponent(`ws://127.0.0.1:${port}/hub`)}&token=${TOKEN}`,
      );
      const summary = page.locator('lab-connect summary');
      await expect
        .poll(() => summary.getAttribute('data-lab-status'), { timeout: 10_000 })
        .toBe('unreachable');
      await summary.click();
      expect(await page.locator('lab-connect [role=status]').textContent()).toContain(text);
    } finally {
      await page.close();
    }
  });
});
