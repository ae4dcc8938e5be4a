/**
 * Which IPv4 addresses a machine may claim as its LAN side, and why not: the private and local
 * ranges no one routes on the Internet (RFC 1918, RFC 6598 shared space, link-local), loopback
 * only for a machine on the hub's own host, and the documentation ranges (RFC 5737) the
 * namespace lab numbers its machines from. An agent reports only these; the hub refuses any
 * other claim, so a self-reported "LAN address" can never name a host on the Internet.
 */
import { ipToNumber } from '../model/endpoint.ts';
import { ipv4Kind } from '../model/stun/ip.ts';

/** Why an address counts as LAN-side. */
export type LanScope = 'private' | 'shared' | 'link-local' | 'loopback' | 'documentation';

/** Each LAN-side range: first address, prefix length, scope. */
const RANGES: readonly (readonly [string, number, LanScope])[] = [
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['100.64.0.0', 10, 'shared'],
  ['169.254.0.0', 16, 'link-local'],
  ['127.0.0.0', 8, 'loopback'],
  ['192.0.2.0', 24, 'documentation'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
];

const NUMERIC = RANGES.map(([base, bits, scope]) => {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { net: ipToNumber(base) & mask, mask, scope };
});

/** The LAN-side scope of a unicast IPv4 address, or undefined (public, or not one host). */
export function lanScope(ip: string): LanScope | undefined {
  if (ipv4Kind(ip) !== 'unicast') return undefined;
  const n = ipToNumber(ip);
  return NUMERIC.find((r) => (n & r.mask) >>> 0 === r.net >>> 0)?.scope;
}

/**
 * Why `ip` may not be claimed as a LAN address by a machine whose hub connection comes from
 * loopback (`fromLoopback`) or not; undefined when it may.
 */
export function lanClaimProblem(ip: string, fromLoopback: boolean): string | undefined {
  const kind = ipv4Kind(ip);
  if (kind === undefined) return `${JSON.stringify(ip)} is not a dotted quad`;
  if (kind !== 'unicast') return `${ip} is ${kind}, not one host's address`;
  const scope = lanScope(ip);
  if (scope === undefined) {
    return `${ip} is a public address, not a LAN one (10/8, 172.16/12, 192.168/16, 100.64/10, 169.254/16)`;
  }
  if (scope === 'loopback' && !fromLoopback) {
    return `${ip} is loopback, a LAN address only for an agent on the hub's own machine`;
  }
  return undefined;
}
