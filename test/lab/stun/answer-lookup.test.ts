/**
 * The STUN server's address lookup: an IPv4 literal is its own answer, given before the call
 * returns (no DNS, no deferred callback); anything else is refused with EINVAL, never resolved,
 * whatever address was accepted before; and a real socket with it sends to a literal and fails a
 * send to a name through the send's callback.
 */
import { describe, expect, it } from 'vitest';
import { answerLookup } from '../../../lab/stun/answer-lookup.ts';
import { bindUdp } from '../../../lab/stun/dgram-transport.ts';

type Result = { err: NodeJS.ErrnoException | null; address: string; family: number };

/** Calls the lookup; the result is undefined if the callback was not called synchronously. */
function lookupNow(address: unknown): Result | undefined {
  let result: Result | undefined;
  answerLookup(address as string, 4, (err, a, family) => (result = { err, address: a, family }));
  return result;
}

describe('answerLookup', () => {
  it.each(['127.0.0.1', '192.0.2.7', '203.0.113.162', '0.0.0.0', '255.255.255.255', '10.1.2.3'])(
    'answers the literal %s with itself, family 4, at once (twice)',
    (ip) => {
      for (let i = 0; i < 2; i++)
        expect(lookupNow(ip)).toEqual({ err: null, address: ip, family: 4 });
    },
  );

  it.each([
    ['a name', 'localhost'],
    ['a domain', 'example.org'],
    ['an IPv6 literal', '::1'],
    ['an IPv4-mapped IPv6 literal', '::ffff:127.0.0.1'],
    ['three parts', '127.0.1'],
    ['a part over 255', '127.0.0.256'],
    ['a leading zero', '127.0.0.01'],
    ['a trailing dot', '127.0.0.1.'],
    ['spaces', ' 127.0.0.1'],
    ['the empty string', ''],
    ['not a string', 2130706433],
    ['undefined', undefined],
  ])('refuses %s with EINVAL, at once', (_, address) => {
    // Whatever was accepted last, a non-literal is still refused.
    lookupNow('127.0.0.1');
    const r = lookupNow(address);
    expect(r?.err?.code).toBe('EINVAL');
    expect(r?.err?.message).toContain(JSON.stringify(address) ?? 'undefined');
    expect(r?.err?.message).toMatch(/only to IPv4 literals/);
  });

  it('on a real socket: a send to a literal arrives, a send to a name fails through its callback', async () => {
    const [server, peer] = await Promise.all([
      bindUdp('127.0.0.1', 0, 'listen on', true, answerLookup),
      bindUdp('127.0.0.1', 0),
    ]);
    try {
      const arrived = new Promise<string>((resolve) =>
        peer.once('message', (m: Buffer) => resolve(m.toString())),
      );
      const port = peer.address().port;
      const sent = await new Promise<Error | null>((r) =>
        server.send(Buffer.from('hello'), port, '127.0.0.1', (e) => r(e)),
      );
      expect(sent).toBeNull();
      expect(await arrived).toBe('hello');
      const refused = await new Promise<Error | null>((r) =>
        server.send(Buffer.from('x'), port, 'localhost', (e) => r(e)),
      );
      expect((refused as NodeJS.ErrnoException | null)?.code).toBe('EINVAL');
    } finally {
      server.close();
      peer.close();
    }
  });
});
