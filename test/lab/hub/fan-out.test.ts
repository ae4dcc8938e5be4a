/**
 * The hub's fan-out without sockets: a registry with fake connections (a spy for `ws.send`, a
 * fake TCP socket to cork). An agent's event is serialized once and the very same Buffer goes
 * to every browser as a text frame; a browser that is not reading is skipped and counted, but
 * still gets the agents list; the frames of one event-loop turn leave each socket in one
 * uncork; a closed browser gets nothing.
 */
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { MAX_BUFFERED } from '../../../lab/hub/fan-out.ts';
import { HubRegistry } from '../../../lab/hub/registry.ts';
import type { Peer } from '../../../lab/hub/registry.ts';

/** A connection as the registry sees it, recording what is sent and how its socket is corked. */
function fake(): { ws: WebSocket; socket: Socket; sends: [unknown, unknown][]; log: string[] } {
  const sends: [unknown, unknown][] = [];
  const log: string[] = [];
  const ws = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    send: (data: unknown, options?: unknown) => void sends.push([data, options]),
    close: () => undefined,
  };
  const socket = {
    destroyed: false,
    cork: () => void log.push('cork'),
    uncork: () => void log.push('uncork'),
  };
  return { ws: ws as unknown as WebSocket, socket: socket as unknown as Socket, sends, log };
}

const say = (r: HubRegistry, p: Peer, m: unknown): void =>
  r.receive(p, Buffer.from(JSON.stringify(m)), false);

/** A registry with alice registered and `n` subscribed browsers, their sends cleared. */
function setUp(n: number) {
  const r = new HubRegistry({ clock: () => 1, rate: 1000, burst: 1000 });
  const a = fake();
  const alice = r.add(a.ws, a.socket);
  say(r, alice, { type: 'hello', protocol: 1 });
  say(r, alice, { type: 'register', role: 'alice', nc: { variant: 'builtin', keep: true } });
  const browsers = Array.from({ length: n }, () => {
    const f = fake();
    const peer = r.add(f.ws, f.socket);
    say(r, peer, { type: 'hello', protocol: 1 });
    say(r, peer, { type: 'subscribe' });
    return f;
  });
  for (const b of browsers) b.sends.length = 0;
  return { r, alice, browsers };
}

const event = (k: number) => ({
  type: 'event',
  event: { type: 'output', t: k, actor: 'alice', stream: 'stdout', text: `line ${k}` },
});

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

afterEach(() => vi.restoreAllMocks());

describe('hub fan-out', () => {
  it('serializes each event once and sends the same Buffer, as text, to every browser', async () => {
    const { r, alice, browsers } = setUp(5);
    await nextTurn();
    const received = Buffer.from(JSON.stringify(event(1)));
    const stringify = vi.spyOn(JSON, 'stringify');
    r.receive(alice, received, false);
    expect(stringify).toHaveBeenCalledTimes(1); // the hub's one, for all five browsers
    const first = browsers[0]!.sends[0]![0];
    expect(Buffer.isBuffer(first)).toBe(true);
    for (const b of browsers) {
      expect(b.sends).toHaveLength(1);
      expect(b.sends[0]![0]).toBe(first); // the same object, not an equal copy
      expect(b.sends[0]![1]).toMatchObject({ binary: false });
    }
    expect(JSON.parse((first as Buffer).toString('utf8'))).toEqual({
      type: 'event',
      from: 'alice',
      event: event(1).event,
    });
    expect(r.counts.eventsOut).toBe(5);
  });

  it('skips a browser that is not reading, counts it, and still sends it the agents list', () => {
    const { r, alice, browsers } = setUp(2);
    Object.assign(browsers[1]!.ws, { bufferedAmount: MAX_BUFFERED + 1 });
    say(r, alice, event(1));
    expect(browsers[0]!.sends).toHaveLength(1);
    expect(browsers[1]!.sends).toHaveLength(0);
    expect(r.counts.slowSkips).toBe(1);
    r.remove(alice);
    expect(browsers[1]!.sends).toHaveLength(1);
    expect(JSON.parse(String(browsers[1]!.sends[0]![0]))).toEqual({ type: 'agents', agents: [] });
  });

  it("corks each browser's socket once per event-loop turn and uncorks it after", async () => {
    const { r, alice, browsers } = setUp(3);
    await nextTurn();
    for (const b of browsers) b.log.length = 0;
    for (let k = 0; k < 10; k++) say(r, alice, event(k));
    for (const b of browsers) {
      expect(b.sends).toHaveLength(10);
      expect(b.log).toEqual(['cork']);
    }
    await nextTurn();
    for (const b of browsers) expect(b.log).toEqual(['cork', 'uncork']);
  });

  it('sends nothing to a browser whose connection is closing', () => {
    const { r, alice, browsers } = setUp(2);
    Object.assign(browsers[0]!.ws, { readyState: 2 });
    say(r, alice, event(1));
    expect(browsers[0]!.sends).toHaveLength(0);
    expect(browsers[1]!.sends).toHaveLength(1);
    expect(r.counts.eventsOut).toBe(1);
  });
});
