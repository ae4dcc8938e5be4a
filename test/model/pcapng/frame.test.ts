/** The Ethernet/IPv4/UDP frame builder: layout and checksums, verified by recomputation. */
import { describe, expect, it } from 'vitest';
import { internetChecksum, udpChecksum, udpFrame } from '../../../src/model/pcapng/frame.ts';
import { endpoint } from '../../../src/model/endpoint.ts';
import type { Packet } from '../../../src/model/packet.ts';
import { fold } from './read-pcapng.ts';

const mac = (n: number) => Uint8Array.of(2, 0, 0, 0, 0, n);
const packet = (payload: Uint8Array): Packet => ({
  id: 0x1234,
  src: endpoint('192.168.0.10', 53333),
  dst: endpoint('54.93.249.162', 9000),
  payload,
});

describe('pcapng frame', () => {
  it('computes the RFC 1071 example checksum', () => {
    const words = Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7);
    expect(internetChecksum(words)).toBe(~0xddf2 & 0xffff);
  });

  it('lays out Ethernet, IPv4 and UDP headers around the payload', () => {
    const f = udpFrame(packet(new TextEncoder().encode('toc\n')), {
      srcMac: mac(1),
      dstMac: mac(2),
      ipId: 0x1234,
      ttl: 63,
    });
    const v = new DataView(f.buffer);
    expect(f.length).toBe(14 + 20 + 8 + 4);
    expect([...f.subarray(0, 6)]).toEqual([...mac(2)]);
    expect([...f.subarray(6, 12)]).toEqual([...mac(1)]);
    expect(v.getUint16(12)).toBe(0x0800);
    expect(v.getUint8(14)).toBe(0x45);
    expect(v.getUint16(16)).toBe(32);
    expect(v.getUint16(18)).toBe(0x1234);
    expect(v.getUint8(22)).toBe(63);
    expect(v.getUint8(23)).toBe(17);
    expect([...f.subarray(26, 30)]).toEqual([192, 168, 0, 10]);
    expect([...f.subarray(30, 34)]).toEqual([54, 93, 249, 162]);
    expect(v.getUint16(34)).toBe(53333);
    expect(v.getUint16(36)).toBe(9000);
    expect(v.getUint16(38)).toBe(12);
    expect(new TextDecoder().decode(f.subarray(42))).toBe('toc\n');
  });

  it('writes header and UDP checksums that verify, for odd and even payloads', () => {
    for (const len of [0, 1, 2, 3, 20, 101]) {
      const payload = Uint8Array.from({ length: len }, (_, i) => (i * 37 + 11) & 0xff);
      const f = udpFrame(packet(payload), { srcMac: mac(1), dstMac: mac(2), ipId: 7, ttl: 64 });
      expect(fold(f.subarray(14, 34))).toBe(0xffff);
      const pseudo = Uint8Array.of(192, 168, 0, 10, 54, 93, 249, 162, 0, 17, 0, 8 + len);
      expect(fold(f.subarray(34), fold(pseudo))).toBe(0xffff);
    }
  });

  it('sends a computed UDP checksum of zero as 0xffff', () => {
    const udp = Uint8Array.of(0xd0, 0x55, 0x23, 0x28, 0, 10, 0, 0, 0, 0);
    const c = udpChecksum('192.168.0.10', '54.93.249.162', udp);
    // With the checksum's own value as payload, the sum is all ones and the checksum zero.
    udp[8] = c >> 8;
    udp[9] = c & 0xff;
    expect(udpChecksum('192.168.0.10', '54.93.249.162', udp)).toBe(0xffff);
  });
});
