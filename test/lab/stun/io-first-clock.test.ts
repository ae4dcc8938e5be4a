/**
 * The classifier's clock lets datagrams that arrived during a stall go first: after the event
 * loop was blocked past a timer's due time with an answer waiting on the socket, Node's own
 * setTimeout fires before the answer is read, ioFirstClock after it; and a cleared timer never
 * fires, whether it was still waiting or already deferred.
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { ioFirstClock } from '../../../lab/stun/io-first-clock.ts';

const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});

async function boundSocket(): Promise<Socket> {
  const s = createSocket('udp4');
  sockets.push(s);
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  return s;
}

/** Arms a 2 ms timer, sends a datagram to itself, stalls 30 ms; returns what ran first. */
async function order(set: (fn: () => void, ms: number) => unknown): Promise<string[]> {
  const s = await boundSocket();
  const seen: string[] = [];
  const done = new Promise<void>((resolve) => {
    const mark = (what: string): void => {
      seen.push(what);
      if (seen.length === 2) resolve();
    };
    s.on('message', () => mark('datagram'));
    set(() => mark('timer'), 2);
  });
  s.send(Buffer.from('answer'), s.address().port, '127.0.0.1');
  const until = performance.now() + 30;
  while (performance.now() < until) {
    // a stalled process: the datagram arrives and the timer falls due meanwhile
  }
  await done;
  return seen;
}

describe('ioFirstClock', () => {
  it("Node's setTimeout fires before a datagram that arrived during a stall", async () => {
    expect(await order((fn, ms) => setTimeout(fn, ms))).toEqual(['timer', 'datagram']);
  });

  it('ioFirstClock reads that datagram first', async () => {
    expect(await order((fn, ms) => ioFirstClock.setTimeout(fn, ms))).toEqual(['datagram', 'timer']);
  });

  it('a cleared timer never fires, armed or already deferred', async () => {
    const fired: string[] = [];
    const armed = ioFirstClock.setTimeout(() => fired.push('armed'), 5);
    ioFirstClock.clearTimeout(armed);
    // Cleared from a Node timer of the same duration made just after it: after a stall both are
    // due in the same timers phase and run in the order they were made, so the clock's timer has
    // already deferred its callback (to the check phase) when it is cleared. Without the stall,
    // a millisecond boundary between the two would let the callback run first.
    const deferred = ioFirstClock.setTimeout(() => fired.push('deferred'), 1);
    let wasDeferred = false;
    setTimeout(() => {
      wasDeferred = (deferred as { immediate?: unknown }).immediate !== undefined;
      ioFirstClock.clearTimeout(deferred);
    }, 1);
    const until = performance.now() + 10;
    while (performance.now() < until) {
      // stalled past both due times
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(wasDeferred).toBe(true);
    expect(fired).toEqual([]);
  });
});
