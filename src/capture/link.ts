/**
 * From a captured frame to the UDP datagram it carries, for the link types a lab capture uses:
 * Ethernet (with 802.1Q tags), Linux cooked SLL and SLL2 (`tcpdump -i any`), raw IP, BSD
 * loopback; and the ICMP "port unreachable" a host answers a datagram nobody listens for with.
 * Anything else (IPv6, TCP, ARP, a later IPv4 fragment) is not a datagram here.
 */
import { numberToIp } from '../model/endpoint.ts';
import type { Endpoint } from '../model/endpoint.ts';

/** Link types read. */
export const LINKTYPE = {
  null: 0,
  ethernet: 1,
  raw: 101,
  loop: 108,
  linuxSll: 113,
  ipv4: 228,
  linuxSll2: 276,
} as const;

/** One IPv4/UDP datagram as a frame carried it. */
export interface UdpDatagram {
  readonly src: Endpoint;
  readonly dst: Endpoint;
  /** IPv4 identification: a NAT keeps it, so the same datagram is known on both sides. */
  readonly ipId: number;
  readonly ttl: number;
  /** The UDP payload as captured (cut short when the capture's snap length was). */
  readonly payload: Uint8Array;
  /** The payload's length per the UDP header. */
  readonly length: number;
  /**
   * Which way it went past the capturing machine, when the link layer says (Linux cooked
   * captures, `tcpdump -i any`: packet type "outgoing" or "to us"); undefined otherwise.
   */
  readonly dir: 'out' | 'in' | undefined;
}

/** Linux cooked packet types: to us, and sent by us. */
const SLL_HOST = 0;
const SLL_OUTGOING = 4;

/** Which way a Linux cooked frame went past the capturing machine, or undefined. */
export function linkDirection(linkType: number, f: Uint8Array): 'out' | 'in' | undefined {
  const type =
    linkType === LINKTYPE.linuxSll && f.length >= 2
      ? ((f[0] as number) << 8) | (f[1] as number)
      : linkType === LINKTYPE.linuxSll2 && f.length >= 11
        ? f[10]
        : undefined;
  return type === SLL_OUTGOING ? 'out' : type === SLL_HOST ? 'in' : undefined;
}

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_VLAN = [0x8100, 0x88a8];

/** Where the IPv4 header starts in a frame of `linkType`, or undefined if it is not IPv4. */
function ipv4Offset(linkType: number, f: Uint8Array, v: DataView): number | undefined {
  switch (linkType) {
    case LINKTYPE.ethernet: {
      let at = 12;
      while (f.length >= at + 2 && ETHERTYPE_VLAN.includes(v.getUint16(at))) at += 4;
      return f.length >= at + 2 && v.getUint16(at) === ETHERTYPE_IPV4 ? at + 2 : undefined;
    }
    case LINKTYPE.linuxSll:
      return f.length >= 16 && v.getUint16(14) === ETHERTYPE_IPV4 ? 16 : undefined;
    case LINKTYPE.linuxSll2:
      return f.length >= 20 && v.getUint16(0) === ETHERTYPE_IPV4 ? 20 : undefined;
    case LINKTYPE.raw:
    case LINKTYPE.ipv4:
      return 0;
    case LINKTYPE.null:
    case LINKTYPE.loop:
      // A 4-byte address family, 2 (AF_INET) in the writer's byte order (NULL) or big-endian (LOOP).
      return f.length >= 4 && (v.getUint32(0, true) === 2 || v.getUint32(0) === 2) ? 4 : undefined;
    default:
      return undefined;
  }
}

/** An ICMP "port unreachable": the host at `dst` refused the datagram `src` -> `dst`. */
export interface PortUnreachable {
  readonly src: Endpoint;
  readonly dst: Endpoint;
}

/** The refused datagram an ICMP port unreachable in frame `f` quotes, or undefined. */
export function unreachableOfFrame(linkType: number, f: Uint8Array): PortUnreachable | undefined {
  const v = new DataView(f.buffer, f.byteOffset, f.byteLength);
  const ip = ipv4Offset(linkType, f, v);
  if (ip === undefined || f.length < ip + 20 || (f[ip] as number) >> 4 !== 4) return undefined;
  const icmp = ip + ((f[ip] as number) & 0x0f) * 4;
  if (v.getUint8(ip + 9) !== 1 || f.length < icmp + 8 + 28) return undefined;
  if (v.getUint8(icmp) !== 3 || v.getUint8(icmp + 1) !== 3) return undefined;
  const inner = icmp + 8;
  const ihl = ((f[inner] as number) & 0x0f) * 4;
  if (v.getUint8(inner + 9) !== 17 || ihl < 20 || f.length < inner + ihl + 4) return undefined;
  return {
    src: { ip: numberToIp(v.getUint32(inner + 12)), port: v.getUint16(inner + ihl) },
    dst: { ip: numberToIp(v.getUint32(inner + 16)), port: v.getUint16(inner + ihl + 2) },
  };
}

/** The UDP datagram in frame `f` of link type `linkType`, or undefined. */
export function udpOfFrame(linkType: number, f: Uint8Array): UdpDatagram | undefined {
  const v = new DataView(f.buffer, f.byteOffset, f.byteLength);
  const ip = ipv4Offset(linkType, f, v);
  if (ip === undefined || f.length < ip + 20) return undefined;
  const first = f[ip] as number;
  const ihl = (first & 0x0f) * 4;
  if (first >> 4 !== 4 || ihl < 20 || f.length < ip + ihl + 8) return undefined;
  if (v.getUint8(ip + 9) !== 17) return undefined;
  // A fragment other than the first has no UDP header.
  if ((v.getUint16(ip + 6) & 0x1fff) !== 0) return undefined;
  const udp = ip + ihl;
  const totalLength = v.getUint16(ip + 2);
  const udpLength = v.getUint16(udp + 4);
  const length = Math.max(0, Math.min(udpLength, totalLength - ihl) - 8);
  const start = udp + 8;
  const payload = f.subarray(start, Math.min(f.length, start + length));
  return {
    src: { ip: numberToIp(v.getUint32(ip + 12)), port: v.getUint16(udp) },
    dst: { ip: numberToIp(v.getUint32(ip + 16)), port: v.getUint16(udp + 2) },
    ipId: v.getUint16(ip + 4),
    ttl: v.getUint8(ip + 8),
    payload,
    length,
    dir: linkDirection(linkType, f),
  };
}
