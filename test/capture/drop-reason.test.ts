/**
 * Why a NAT dropped a datagram a capture saw reach it and never leave, from what its mapping had
 * sent: nothing (no mapping), that address from another port (filtered by port), another address
 * only (filtered by address), or that very endpoint (the mapping that let it in is gone: no
 * mapping), as the model words the same drops.
 */
import { describe, expect, it } from 'vitest';
import { NatSends, reasonOf } from '../../src/app/capture-trace.ts';

const REMOTE = { ip: '198.51.100.24', port: 58888 };

describe('a NAT drop seen in a capture', () => {
  it.each([
    { sent: [], reason: 'no-mapping' },
    { sent: ['198.51.100.24:9999'], reason: 'filtered-port' },
    { sent: ['203.0.113.162:9000'], reason: 'filtered-address' },
    { sent: ['203.0.113.162:9000', '198.51.100.24:1'], reason: 'filtered-port' },
    // It had sent to this very endpoint: only a mapping that is gone explains the drop.
    { sent: ['203.0.113.162:9000', '198.51.100.24:58888'], reason: 'no-mapping' },
    // An address that merely starts like the remote's is another address.
    { sent: ['198.51.100.2:58888'], reason: 'filtered-address' },
  ] as const)('sent to $sent: $reason', ({ sent, reason }) => {
    expect(reasonOf(new Set(sent), REMOTE)).toBe(reason);
  });

  it('keeps each external port of each NAT apart', () => {
    const sends = new NatSends();
    const out = (port: number, to: { ip: string; port: number }) => ({
      src: { ip: '192.0.2.113', port },
      dst: to,
    });
    sends.record('alice-nat', out(53333, REMOTE));
    const back = (port: number) => ({ src: REMOTE, dst: { ip: '192.0.2.113', port } });
    expect(sends.reason('alice-nat', back(53333))).toBe('no-mapping');
    expect(sends.reason('alice-nat', back(40000))).toBe('no-mapping');
    expect(sends.reason('bob-nat', back(53333))).toBe('no-mapping');
    sends.record('alice-nat', out(40000, { ip: REMOTE.ip, port: 1 }));
    expect(sends.reason('alice-nat', back(40000))).toBe('filtered-port');
  });
});
