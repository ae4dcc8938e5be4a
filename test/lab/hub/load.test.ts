/**
 * The hub under a bounded load on 127.0.0.1: one agent streams 500 events as fast as its rate
 * allowance lets it, 50 browsers receive every one of them, in order, within a generous bound;
 * and no connection negotiates permessage-deflate (compression would cost the hub a deflate per
 * browser per event), even when the client offers it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHub } from '../../../lab/hub/hub.ts';
import type { Hub } from '../../../lab/hub/hub.ts';
import { agentClient, browser, terminatedAfterEach, until } from './clients.ts';
import type { TestClient } from './clients.ts';

const TOKEN = 'load-token';
const BROWSERS = 50;
const EVENTS = 500;

let hub: Hub | undefined;
const clients = terminatedAfterEach();
afterEach(async () => {
  await hub?.stop();
  hub = undefined;
});

async function agent(url: string): Promise<TestClient> {
  const a = await agentClient(url, { token: TOKEN });
  clients.push(a);
  return a;
}

describe('hub under load', () => {
  it(`delivers ${EVENTS} events to ${BROWSERS} browsers, all of them, in order`, async () => {
    hub = await startHub({ token: TOKEN });
    const browsers: TestClient[] = [];
    for (let i = 0; i < BROWSERS; i++) {
      const b = await browser(hub.url, TOKEN);
      clients.push(b);
      browsers.push(b);
    }
    const a = await agent(hub.url);
    const started = performance.now();
    for (let k = 0; k < EVENTS; k++) {
      const event = { type: 'output', t: k, actor: 'alice', stream: 'stdout', text: `n ${k}` };
      a.send({ type: 'event', event });
    }
    const count = (b: TestClient): number => b.received.filter((m) => m.type === 'event').length;
    await until(() => browsers.every((b) => count(b) >= EVENTS), 15_000, 'every event delivered');
    const seconds = (performance.now() - started) / 1000;
    for (const b of browsers) {
      const ts = b.received.flatMap((m) => (m.type === 'event' ? [m.event.t] : []));
      expect(ts).toEqual(Array.from({ length: EVENTS }, (_, k) => k));
    }
    expect(hub.counts()).toMatchObject({
      eventsIn: EVENTS,
      eventsOut: EVENTS * BROWSERS,
      slowSkips: 0,
      refused: {},
    });
    expect(seconds).toBeLessThan(15);
  }, 30_000);

  it('negotiates no permessage-deflate, though the client offers it', async () => {
    hub = await startHub({ token: TOKEN });
    const b = await browser(hub.url, TOKEN);
    clients.push(b);
    expect(b.ws.extensions).toBe('');
    const a = await agent(hub.url);
    expect(a.ws.extensions).toBe('');
  });
});
