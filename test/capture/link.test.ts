/**
 * From frame to datagram, table-driven: the same IPv4/UDP packet behind every link type read
 * (Ethernet, 802.1Q and QinQ tags, SLL, SLL2, raw IP, BSD null in both byte orders), IPv4
 * options, and what is not a datagram (a later fragment, TCP, IPv6, ARP, short frames); the
 * ICMP port unreachable quoting one; and the magic numbers sniffed.
 */
import { describe, expect, it } from 'vitest';
import { LINKTYPE, sniffCapture, udpOfFrame, unreachableOfFrame } from '../../src/capture/index.ts';
import { udpFrame } from '../../src/model/pcapng/frame.ts';

const MAC = Uint8Array.of(2, 0, 0, 0, 0, 1);
const PACKET = {
  id: 7,
  src: { ip: '192.168.2.20', port: 58888 },
  dst: { ip: '203.0.113.162', port: 9000 },
  payload: new TextEncoder().encode('toc\n'),
};
/** Ethernet II + IPv4 + UDP, from the export's frame writer. */
const ETH = udpFrame(PACKET, { srcMac: MAC, dstMac: MAC, ipId: 4242, ttl: 63 });
const IP = ETH.subarray(14);
const cat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
};
const be16 = (v: number) => Uint8Array.of(v >> 8, v & 255);
const sll = cat(be16(0), be16(1), be16(6), MAC, Uint8Array.of(0, 0), be16(0x0800), IP);
const sll2 = cat(
  be16(0x0800),
  be16(0),
  new Uint8Array(4),
  be16(1),
  Uint8Array.of(0, 6),
  MAC,
  Uint8Array.of(0, 0),
  IP,
);
const vlan = cat(ETH.subarray(0, 12), be16(0x8100), be16(5), be16(0x0800), IP);
const qinq = cat(
  ETH.subarray(0, 12),
  be16(0x88a8),
  be16(5),
  be16(0x8100),
  be16(6),
  be16(0x0800),
  IP,
);
/** The IP packet with 4 bytes of options (IHL 6). */
const withOptions = (() => {
  const out = cat(IP.subarray(0, 20), Uint8Array.of(1, 1, 1, 0), IP.subarray(20));
  out[0] = 0x46;
  out[3] = (out[3] as number) + 4;
  return out;
})();
const edit = (bytes: Uint8Array, at: number, value: number): Uint8Array => {
  const out = bytes.slice();
  out[at] = value;
  return out;
};

describe('the datagram behind each link type', () => {
  it.each([
    ['Ethernet', LINKTYPE.ethernet, ETH],
    ['802.1Q', LINKTYPE.ethernet, vlan],
    ['QinQ', LINKTYPE.ethernet, qinq],
    ['Linux SLL', LINKTYPE.linuxSll, sll],
    ['Linux SLL2', LINKTYPE.linuxSll2, sll2],
    ['raw IP', LINKTYPE.raw, IP],
    ['IPv4', LINKTYPE.ipv4, IP],
    ['BSD null (little-endian)', LINKTYPE.null, cat(Uint8Array.of(2, 0, 0, 0), IP)],
    ['BSD loop (big-endian)', LINKTYPE.loop, cat(Uint8Array.of(0, 0, 0, 2), IP)],
    ['IPv4 options', LINKTYPE.raw, withOptions],
  ] as const)('%s', (_, link, frame) => {
    const d = udpOfFrame(link, frame);
    expect(d).toMatchObject({ src: PACKET.src, dst: PACKET.dst, ipId: 4242, ttl: 63, length: 4 });
    expect(new TextDecoder().decode(d?.payload)).toBe('toc\n');
  });

  it.each([
    ['a later fragment', LINKTYPE.raw, edit(IP, 7, 8)],
    ['TCP', LINKTYPE.raw, edit(IP, 9, 6)],
    ['IPv6', LINKTYPE.raw, edit(IP, 0, 0x60)],
    ['ARP', LINKTYPE.ethernet, cat(ETH.subarray(0, 12), be16(0x0806), new Uint8Array(28))],
    ['a short frame', LINKTYPE.ethernet, ETH.subarray(0, 30)],
    ['an unknown link type', 147, ETH],
    ['SLL carrying IPv6', LINKTYPE.linuxSll, edit(sll, 15, 0xdd)],
  ] as const)('not a datagram: %s', (_, link, frame) => {
    expect(udpOfFrame(link, frame)).toBeUndefined();
  });

  it('a payload cut by the snap length is kept as far as captured, its length from UDP', () => {
    const d = udpOfFrame(LINKTYPE.ethernet, ETH.subarray(0, ETH.length - 2));
    expect(d?.length).toBe(4);
    expect(d?.payload.length).toBe(2);
  });
});

describe('ICMP port unreachable', () => {
  it('names the datagram it answers', () => {
    const icmp = cat(Uint8Array.of(3, 3, 0, 0, 0, 0, 0, 0), IP.subarray(0, 28));
    const outer = cat(
      Uint8Array.of(0x45, 0, 0, 20 + icmp.length, 0, 0, 0, 0, 64, 1, 0, 0),
      IP.subarray(16, 20),
      IP.subarray(12, 16),
      icmp,
    );
    expect(unreachableOfFrame(LINKTYPE.raw, outer)).toEqual({ src: PACKET.src, dst: PACKET.dst });
    expect(unreachableOfFrame(LINKTYPE.raw, edit(outer, 21, 1))).toBeUndefined(); // host unreachable
    expect(udpOfFrame(LINKTYPE.raw, outer)).toBeUndefined();
  });
});

describe('magic numbers', () => {
  it.each([
    [[0xa1, 0xb2, 0xc3, 0xd4], { kind: 'pcap', littleEndian: false, nanos: false }],
    [[0xd4, 0xc3, 0xb2, 0xa1], { kind: 'pcap', littleEndian: true, nanos: false }],
    [[0xa1, 0xb2, 0x3c, 0x4d], { kind: 'pcap', littleEndian: false, nanos: true }],
    [[0x4d, 0x3c, 0xb2, 0xa1], { kind: 'pcap', littleEndian: true, nanos: true }],
    [[0x0a, 0x0d, 0x0d, 0x0a], { kind: 'pcapng' }],
    [[0x7b, 0x22, 0x66, 0x6f], undefined],
    [[0xa1, 0xb2], undefined],
  ])('%o', (bytes, kind) => {
    expect(sniffCapture(Uint8Array.from(bytes))).toEqual(kind);
  });
});
