/**
 * Rooms on loopback: one hub, two pairs' labs. Each room has its own alice; a browser sees only
 * its room's agents, gets only their events and drives only them; an alice in another room does
 * not replace this one, while a second alice in the same room does; the Server's events reach
 * every room; a bad room name and a change of room are refused; no room is the default room.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHub } from '../../../lab/hub/hub.ts';
import type { Hub } from '../../../lab/hub/hub.ts';
import { agentClient, browser as browserClient, connect, terminatedAfterEach } from './clients.ts';
import type { TestClient } from './clients.ts';

let hub: Hub | undefined;
const clients = terminatedAfterEach();
afterEach(async () => {
  await hub?.stop();
  hub = undefined;
});

async function agent(room?: string): Promise<TestClient> {
  const a = await agentClient(hub!.url, room ? { room } : {});
  clients.push(a);
  return a;
}

/** A browser in `room`, and the agents list a (second) subscribe answers it with. */
async function browser(room?: string): Promise<{ b: TestClient; agents: unknown[] }> {
  const b = await browserClient(hub!.url, undefined, undefined, room);
  clients.push(b);
  b.send({ type: 'subscribe' });
  return { b, agents: (await b.next('agents')).agents };
}

const output = (text: string) => ({
  type: 'event',
  event: { type: 'output', t: 1, actor: 'alice', stream: 'stdout', text },
});
const step = {
  template: 'nc-send',
  from: 'alice',
  port: 58888,
  to: { ip: '127.0.0.1', port: 9000 },
  text: 'toc',
};
const events = (c: TestClient): string[] =>
  c.received.flatMap((m) =>
    m.type === 'event' && m.event.type === 'output' ? [m.event.text] : [],
  );

describe('hub rooms', () => {
  it("keeps each room's agents, events and steps to that room", async () => {
    hub = await startHub();
    const a1 = await agent('pair-1');
    const a2 = await agent('pair-2');
    const { b: b1, agents: seen1 } = await browser('pair-1');
    const { b: b2, agents: seen2 } = await browser('pair-2');
    expect(seen1).toEqual([expect.objectContaining({ role: 'alice', room: 'pair-1' })]);
    expect(seen2).toEqual([expect.objectContaining({ role: 'alice', room: 'pair-2' })]);
    expect(hub.agents()).toHaveLength(2);

    a1.send(output('from pair 1'));
    a2.send(output('from pair 2'));
    expect((await b1.next('event')).event).toMatchObject({ text: 'from pair 1' });
    expect((await b2.next('event')).event).toMatchObject({ text: 'from pair 2' });
    await new Promise((r) => setTimeout(r, 50));
    expect(events(b1).concat(events(b2))).toEqual([]); // nothing from the other room
    expect(hub.counts().eventsOut).toBe(2);

    b2.send({ type: 'step', id: 's2', step });
    expect((await a2.next('run')).id).toBe('s2');
    expect(a1.received.some((m) => m.type === 'run')).toBe(false);
    b1.send({ type: 'step', id: 's1', step: { ...step, from: 'bob' } });
    expect((await b1.next('error')).code).toBe('no-agent');
  });

  it('replaces an agent only within its own room', async () => {
    hub = await startHub();
    const first = await agent('pair-1');
    await agent('pair-2');
    expect(hub.agents()).toHaveLength(2);
    await agent('pair-1');
    expect(await first.closed).toBe(4000);
    expect(
      hub
        .agents()
        .map((a) => a.room)
        .sort(),
    ).toEqual(['pair-1', 'pair-2']);
  });

  it("sends the Server's events to every room, and no room is the default room", async () => {
    hub = await startHub();
    await agent();
    const { b: plain, agents } = await browser();
    expect(agents).toEqual([expect.not.objectContaining({ room: expect.anything() })]);
    const { b: roomed, agents: none } = await browser('pair-1');
    expect(none).toEqual([]);
    hub.publish('server', { type: 'output', t: 1, actor: 'server', stream: 'stdout', text: 'x' });
    expect((await plain.next('event')).from).toBe('server');
    expect((await roomed.next('event')).from).toBe('server');
  });

  it('refuses a bad room name and a change of room', async () => {
    hub = await startHub();
    const c = await connect(hub.url);
    clients.push(c);
    c.send({ type: 'hello', protocol: 1, room: 'a room; rm -rf' });
    expect((await c.next('error')).code).toBe('bad-message');
    const { b } = await browser('pair-1');
    b.send({ type: 'hello', protocol: 1, room: 'pair-2' });
    expect((await b.next('error')).message).toMatch(/stays in the room/);
    b.send({ type: 'ping', id: 'still' });
    await b.next('pong');
  });
});
