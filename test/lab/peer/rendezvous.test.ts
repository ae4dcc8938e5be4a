/**
 * The rendezvous responder on loopback: it answers registers with what it saw and the peer's
 * endpoint, pushes the news to the waiting peer, and survives garbage (empty, binary, oversized,
 * malformed, peer-to-peer messages), answering only a mistyped register with an error.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRendezvous } from '../../../lab/peer/rendezvous.ts';
import type { LabRendezvous } from '../../../lab/peer/rendezvous.ts';
import { bindUdp } from '../../../lab/stun/dgram-transport.ts';
import type { Socket } from 'node:dgram';

/** Sends `text` from `socket` and collects what comes back within `ms`. */
function exchange(
  socket: Socket,
  to: number,
  payload: Uint8Array | string,
  ms = 150,
): Promise<string[]> {
  const got: string[] = [];
  const on = (m: Buffer) => got.push(m.toString('utf8'));
  socket.on('message', on);
  socket.send(typeof payload === 'string' ? Buffer.from(payload) : payload, to, '127.0.0.1');
  return new Promise((resolve) =>
    setTimeout(() => {
      socket.off('message', on);
      resolve(got);
    }, ms),
  );
}

describe('the rendezvous responder', () => {
  let server: LabRendezvous;
  let bob: Socket;
  let alice: Socket;
  beforeAll(async () => {
    server = await startRendezvous({ host: '127.0.0.1', port: 0 });
    [bob, alice] = await Promise.all([bindUdp('127.0.0.1', 0), bindUdp('127.0.0.1', 0)]);
  });
  afterAll(async () => {
    bob?.close();
    alice?.close();
    await server?.stop();
  });

  it('answers what it saw, then both sides once the peer registers (nc-typable text)', async () => {
    const p = server.address.port;
    const b = bob.address().port;
    const a = alice.address().port;
    expect(await exchange(bob, p, 'register bob alice\n')).toEqual([`seen bob 127.0.0.1:${b}\n`]);
    const pushed = exchange(bob, p, new Uint8Array(0), 200);
    const answered = await exchange(alice, p, `register alice bob port=${a}`);
    expect(answered).toEqual([`seen alice 127.0.0.1:${a} peer bob 127.0.0.1:${b}\n`]);
    expect(await pushed).toEqual([`seen bob 127.0.0.1:${b} peer alice 127.0.0.1:${a} port=${a}\n`]);
  });

  it('survives garbage and stays usable; only a mistyped register gets an error', async () => {
    const p = server.address.port;
    const before = server.stats.refused;
    const junk: (Uint8Array | string)[] = [
      new Uint8Array(0),
      randomBytes(2000),
      new Uint8Array([0xff, 0xfe, 0x00]),
      'x'.repeat(600),
      'punch bob 1 1',
      'chat bob 0 hola',
      'register',
      'register bob\nregister alice',
      'register ../../etc bob',
      ...Array.from({ length: 200 }, () => randomBytes(1 + Math.floor(Math.random() * 100))),
    ];
    const answers: string[] = [];
    for (const j of junk) answers.push(...(await exchange(bob, p, j, 5)));
    await new Promise((r) => setTimeout(r, 100));
    expect(server.stats.refused - before).toBeGreaterThanOrEqual(junk.length - 5);
    expect(answers.every((a) => a.startsWith('error '))).toBe(true);
    expect(await exchange(bob, p, 'register')).toEqual([
      'error expected "register NAME [PEER] [port=LOCAL]"\n',
    ]);
    expect(await exchange(bob, p, 'register bob')).toEqual([
      `seen bob 127.0.0.1:${bob.address().port}\n`,
    ]);
  });

  it('keeps at most maxNames names, forgetting the stalest', async () => {
    const small = await startRendezvous({ host: '127.0.0.1', port: 0, maxNames: 3 });
    try {
      for (const n of ['a', 'b', 'c', 'd', 'e'])
        await exchange(bob, small.address.port, `register ${n}`, 10);
      expect(small.names()).toBe(3);
    } finally {
      await small.stop();
    }
  });
});
