/**
 * The client's socket warm-up: one datagram from the client's socket to its own endpoint comes back
 * well within its bound, and nothing is sent anywhere else; and a socket that cannot hear
 * itself only costs the bound.
 */
import { describe, expect, it, vi } from 'vitest';
import { openTransport } from '../../../lab/stun/dgram-transport.ts';
import { WARM_UP_LIMIT_MS, warmSocket } from '../../../lab/stun/warm-up.ts';

describe('warmSocket', () => {
  it.each([
    ['bound to 127.0.0.1', { ip: '127.0.0.1' }],
    ['bound to every address, toward a loopback server', { toward: { ip: '127.0.0.1', port: 9 } }],
  ] as const)('%s: the datagram comes back, sent only to itself', async (_, options) => {
    const transport = await openTransport(options);
    try {
      const send = vi.spyOn(transport.socket, 'send');
      const started = performance.now();
      expect(await warmSocket(transport)).toBe(true);
      expect(performance.now() - started).toBeLessThan(WARM_UP_LIMIT_MS);
      expect(send).toHaveBeenCalledTimes(1);
      expect(send.mock.calls[0]?.slice(1, 3)).toEqual([transport.local.port, transport.local.ip]);
    } finally {
      await transport.close();
    }
  });

  it('gives up after its bound when the datagram cannot come back', async () => {
    const transport = await openTransport({ ip: '127.0.0.1' });
    // A transport claiming another port: the datagram goes nowhere that answers.
    const elsewhere = { ...transport, local: { ip: '127.0.0.1', port: 9 } };
    try {
      const started = performance.now();
      expect(await warmSocket(elsewhere)).toBe(false);
      const took = performance.now() - started;
      expect(took).toBeGreaterThanOrEqual(WARM_UP_LIMIT_MS - 1);
      expect(took).toBeLessThan(WARM_UP_LIMIT_MS + 200);
    } finally {
      await transport.close();
    }
  });
});
