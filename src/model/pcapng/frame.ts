/**
 * Ethernet II / IPv4 / UDP frames for a model packet: a 20-byte IPv4 header with its header
 * checksum and a UDP header whose checksum covers the pseudo-header, as a real stack sends them.
 */
import { ipToNumber } from '../endpoint.ts';
import type { Packet } from '../packet.ts';

/** Ethernet II header length; the IPv4 header starts here. */
export const ETH_HEADER = 14;
/** IPv4 header length without options; the UDP header starts this far into the IP packet. */
export const IPV4_HEADER = 20;
/** UDP header length. */
export const UDP_HEADER = 8;
const ETHERTYPE_IPV4 = 0x0800;
const PROTO_UDP = 17;

/** What a frame carries beyond the packet itself. */
export interface FrameFields {
  readonly srcMac: Uint8Array;
  readonly dstMac: Uint8Array;
  /** IPv4 identification (the packet's id: the same before and after a NAT). */
  readonly ipId: number;
  readonly ttl: number;
}

/** The 16-bit one's-complement sum of `bytes` (odd length padded with zero), added to `sum`. */
function onesSum(bytes: Uint8Array, sum = 0): number {
  for (let i = 0; i + 1 < bytes.length; i += 2)
    sum += ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
  if (bytes.length % 2) sum += (bytes[bytes.length - 1] as number) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** The Internet checksum (RFC 1071) of `bytes`, optionally continuing a partial sum. */
export function internetChecksum(bytes: Uint8Array, partial = 0): number {
  return ~onesSum(bytes, partial) & 0xffff;
}

/** The UDP checksum of `udp` (header with a zero checksum field, and payload) from `src` to `dst`. */
export function udpChecksum(src: string, dst: string, udp: Uint8Array): number {
  const pseudo = new Uint8Array(12);
  const v = new DataView(pseudo.buffer);
  v.setUint32(0, ipToNumber(src));
  v.setUint32(4, ipToNumber(dst));
  v.setUint8(9, PROTO_UDP);
  v.setUint16(10, udp.length);
  const sum = internetChecksum(udp, onesSum(pseudo));
  // A computed zero is sent as all ones: zero means "no checksum" (RFC 768).
  return sum === 0 ? 0xffff : sum;
}

/** The frame of `p` on an Ethernet segment. */
export function udpFrame(p: Packet, f: FrameFields): Uint8Array {
  const udpLength = UDP_HEADER + p.payload.length;
  const ipLength = IPV4_HEADER + udpLength;
  if (ipLength > 0xffff) throw new RangeError(`packet #${p.id} is too large for IPv4`);
  const frame = new Uint8Array(ETH_HEADER + ipLength);
  const v = new DataView(frame.buffer);
  frame.set(f.dstMac, 0);
  frame.set(f.srcMac, 6);
  v.setUint16(12, ETHERTYPE_IPV4);
  const ip = ETH_HEADER;
  v.setUint8(ip, 0x45);
  v.setUint16(ip + 2, ipLength);
  v.setUint16(ip + 4, f.ipId & 0xffff);
  v.setUint16(ip + 6, 0x4000); // don't fragment
  v.setUint8(ip + 8, f.ttl);
  v.setUint8(ip + 9, PROTO_UDP);
  v.setUint32(ip + 12, ipToNumber(p.src.ip));
  v.setUint32(ip + 16, ipToNumber(p.dst.ip));
  v.setUint16(ip + 10, internetChecksum(frame.subarray(ip, ip + IPV4_HEADER)));
  const udp = ip + IPV4_HEADER;
  v.setUint16(udp, p.src.port);
  v.setUint16(udp + 2, p.dst.port);
  v.setUint16(udp + 4, udpLength);
  frame.set(p.payload, udp + UDP_HEADER);
  v.setUint16(udp + 6, udpChecksum(p.src.ip, p.dst.ip, frame.subarray(udp)));
  return frame;
}
