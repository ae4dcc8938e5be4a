/**
 * IP addresses as the bytes STUN carries: IPv4 dotted quads and IPv6 text (RFC 4291 input,
 * RFC 5952 canonical output), converted without throwing; and which IPv4 addresses name one
 * host, so a server or client can refuse the others.
 */
import { ipToNumber, isIp, numberToIp } from '../endpoint.ts';

/** Parses a dotted-quad IPv4 address into 4 bytes, or undefined when it is not one. */
export function ipv4ToBytes(ip: string): Uint8Array | undefined {
  let n = parsedIps.get(ip);
  if (n === undefined) {
    if (!isIp(ip)) return undefined;
    n = ipToNumber(ip);
    // A server encodes the same few addresses in every answer: skip the regex for them.
    if (parsedIps.size >= 1024) parsedIps.clear();
    parsedIps.set(ip, n);
  }
  return new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

/** Valid dotted quads seen lately and their numbers (bounded). */
const parsedIps = new Map<string, number>();

/** Formats 4 bytes as a dotted-quad IPv4 address. */
export function bytesToIpv4(bytes: Uint8Array): string {
  const [a = 0, b = 0, c = 0, d = 0] = bytes;
  return numberToIp(((a << 24) | (b << 16) | (c << 8) | d) >>> 0);
}

/**
 * What an IPv4 address names: one host ('unicast'), or what is no single destination:
 * 'unspecified' (0.0.0.0/8, "this network", RFC 1122 §3.2.1.3), 'multicast' (224.0.0.0/4),
 * 'broadcast' (255.255.255.255), 'reserved' (the rest of 240.0.0.0/4, RFC 1112).
 */
export type Ipv4Kind = 'unicast' | 'unspecified' | 'multicast' | 'broadcast' | 'reserved';

/** The kind of a dotted-quad IPv4 address, or undefined when `ip` is not one. */
export function ipv4Kind(ip: string): Ipv4Kind | undefined {
  const bytes = ipv4ToBytes(ip);
  if (!bytes) return undefined;
  const first = bytes[0] as number;
  if (first === 0) return 'unspecified';
  if (first >= 224 && first < 240) return 'multicast';
  if (bytes.every((b) => b === 255)) return 'broadcast';
  return first >= 240 ? 'reserved' : 'unicast';
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * Parses colon-separated hex groups (no "::") into 16-bit numbers, or undefined; a dotted quad
 * is accepted as the last two groups only when `last` (it ends the address).
 */
function parseGroups(text: string, last: boolean): number[] | undefined {
  if (text === '') return [];
  const groups: number[] = [];
  const parts = text.split(':');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (last && i === parts.length - 1 && part.includes('.')) {
      const v4 = ipv4ToBytes(part);
      if (!v4) return undefined;
      groups.push(((v4[0] as number) << 8) | (v4[1] as number));
      groups.push(((v4[2] as number) << 8) | (v4[3] as number));
    } else if (HEX_GROUP.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

/**
 * Parses IPv6 text into 16 bytes, or undefined when it is not IPv6. Accepts "::" compression
 * and a trailing dotted quad ("::ffff:192.0.2.1"); zone ids ("%eth0") are not accepted.
 */
export function ipv6ToBytes(ip: string): Uint8Array | undefined {
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const compressed = halves.length === 2;
  const head = parseGroups(halves[0] as string, !compressed);
  const tail = compressed ? parseGroups(halves[1] as string, true) : [];
  if (!head || !tail) return undefined;
  const count = head.length + tail.length;
  if (compressed ? count > 7 : count !== 8) return undefined;
  const groups = [...head, ...new Array<number>(8 - count).fill(0), ...tail];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >>> 8;
    out[2 * i + 1] = g & 255;
  });
  return out;
}

/**
 * Formats 16 bytes as canonical IPv6 text (RFC 5952): lowercase, no leading zeros, the longest
 * run of two or more zero groups (the first, on a tie) written as "::".
 */
export function bytesToIpv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}
