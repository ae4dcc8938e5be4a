/**
 * Roles for a capture from anywhere (three machines, a home network): the Server is who
 * receives on the rendezvous port 9000 or STUN's 3478; a NAT is seen where the same datagram
 * shows up with its source rewritten on the way out (or its destination on the way in), which
 * pairs a host's private address with its NAT's public one; the two peers most in touch with
 * the Server are Alice and Bob, told apart by the walkthrough's ports, else Bob is the one who
 * spoke to the Server first (as in the walkthrough). Every choice comes with its reason, and
 * the user may swap Alice and Bob.
 */
import { ipToNumber } from '../model/endpoint.ts';
import type { AddressBook, Site } from './book.ts';
import type { Crossing } from './crossings.ts';
import type { MachineName, Own } from './own-addresses.ts';
import { reason } from './reasons.ts';
import type { Reason } from './reasons.ts';

/** Ports that name the Server: the rendezvous (nc -lu 9000) and STUN. */
export const SERVER_PORTS = [9000, 3478] as const;
const ALT_PORTS = [3479];
const PEER_PORTS = { alice: [53333, 56666], bob: [58888, 59999] } as const;

/** Private, shared (CGNAT) or loopback: an address a host holds behind a NAT. */
export function isPrivate(ip: string): boolean {
  const n = ipToNumber(ip);
  const inNet = (base: string, bits: number): boolean =>
    n >>> (32 - bits) === ipToNumber(base) >>> (32 - bits);
  return (
    inNet('10.0.0.0', 8) ||
    inNet('172.16.0.0', 12) ||
    inNet('192.168.0.0', 16) ||
    inNet('100.64.0.0', 10) ||
    inNet('127.0.0.0', 8)
  );
}

/** Multicast, broadcast or "this network": never a peer. */
function isNoise(ip: string): boolean {
  const first = ipToNumber(ip) >>> 24;
  return first >= 224 || first === 0;
}

function count<T>(m: Map<T, number>, k: T, by = 1): void {
  m.set(k, (m.get(k) ?? 0) + by);
}

/** The best-counted key. */
function top<T>(m: Map<T, number>): T | undefined {
  let best: T | undefined;
  let most = 0;
  for (const [k, n] of m) if (n > most) [best, most] = [k, n];
  return best;
}

/**
 * The address book of a capture that is not the namespace lab's, or undefined with no Server.
 * `machines`: each role's own addresses where the capture names an interface after it
 * (src/capture/own-addresses.ts); they decide over ports and order.
 */
export function inferBook(
  crossings: readonly Crossing[],
  owns: Partial<Record<MachineName, Own>> = {},
): AddressBook | undefined {
  const reasons: Reason[] = [];
  const machines: Partial<Record<MachineName, readonly string[]>> = {};
  for (const [who, own] of Object.entries(owns) as [MachineName, Own][]) machines[who] = own.ips;
  // Right after a machine's addresses: a two-party capture with nothing in it saying which end
  // is the machine's (own-addresses.ts).
  const guessed = (who: MachineName): void => {
    const own = owns[who];
    if (own?.basis === 'private' || own?.basis === 'order')
      reasons.push(
        reason(own.basis === 'private' ? 'own-guessed-private' : 'own-guessed', {
          who,
          ips: own.ips.join(', '),
        }),
      );
  };
  const server: string[] = [];
  if (machines.server?.length) {
    server.push(...machines.server);
    reasons.push(reason('server-machine', { ips: server.join(', ') }));
    guessed('server');
  } else {
    const toServerPort = new Map<string, number>();
    for (const c of crossings)
      for (const s of c.sightings)
        if ((SERVER_PORTS as readonly number[]).includes(s.dst.port)) count(toServerPort, s.dst.ip);
    const primary = top(toServerPort);
    if (primary === undefined) return undefined;
    reasons.push(reason('server', { ip: primary }));
    server.push(primary);
  }
  for (const c of crossings)
    for (const s of c.sightings)
      for (const ip of ALT_PORTS.includes(s.dst.port) ? [s.dst.ip] : [])
        if (!server.includes(ip)) {
          server.push(ip);
          reasons.push(reason('server-alternate', { ip, port: s.dst.port }));
        }

  // Union of addresses one NAT rewrote into another: private (LAN) -> public (WAN).
  const parent = new Map<string, string>();
  const find = (ip: string): string => {
    let r = ip;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as string;
    return r;
  };
  const lans = new Set<string>();
  const talk = new Map<string, number>();
  const firstToServer = new Map<string, number>();
  const ports = new Map<string, Set<number>>();
  for (const c of crossings) {
    const s = c.sightings;
    for (let i = 1; i < s.length; i++) {
      const a = s[i - 1] as (typeof s)[number];
      const b = s[i] as (typeof s)[number];
      const [lan, wan] = a.src.ip !== b.src.ip ? [a.src.ip, b.src.ip] : [b.dst.ip, a.dst.ip];
      if (lan === wan || server.includes(lan) || server.includes(wan)) continue;
      if (!lans.has(lan)) reasons.push(reason('behind-nat', { lan, wan }));
      lans.add(lan);
      parent.set(find(lan), find(wan));
    }
    for (const o of s) {
      for (const [ip, port] of [
        [o.src.ip, o.src.port],
        [o.dst.ip, o.dst.port],
      ] as const) {
        if (server.includes(ip) || isNoise(ip)) continue;
        const other = ip === o.src.ip ? o.dst.ip : o.src.ip;
        if (isNoise(other)) continue;
        if (!parent.has(ip)) parent.set(ip, ip);
        if (server.includes(other)) {
          count(talk, ip);
          if (!firstToServer.has(ip)) firstToServer.set(ip, o.t);
        }
        let set = ports.get(ip);
        if (!set) ports.set(ip, (set = new Set()));
        set.add(port);
      }
    }
  }
  // Sites: the components, ranked by how much they talked to the Server.
  const sites = new Map<
    string,
    { ips: string[]; talk: number; first: number; ports: Set<number> }
  >();
  for (const ip of parent.keys()) {
    const root = find(ip);
    let site = sites.get(root);
    if (!site) sites.set(root, (site = { ips: [], talk: 0, first: Infinity, ports: new Set() }));
    site.ips.push(ip);
    site.talk += talk.get(ip) ?? 0;
    site.first = Math.min(site.first, firstToServer.get(ip) ?? Infinity);
    for (const p of ports.get(ip) ?? []) site.ports.add(p);
  }
  const ranked = [...sites.values()]
    .filter((s) => s.talk > 0)
    .sort((a, b) => b.talk - a.talk || a.first - b.first)
    .slice(0, 2)
    .sort((a, b) => a.first - b.first);
  const siteOf = (host: 'alice' | 'bob', s: (typeof ranked)[number] | undefined): Site => ({
    host,
    lan: s?.ips.filter((ip) => lans.has(ip) || (isPrivate(ip) && s.ips.length === 1)) ?? [],
    wan: s?.ips.filter((ip) => !lans.has(ip) && !(isPrivate(ip) && s.ips.length === 1)) ?? [],
  });
  const hint = (s: (typeof ranked)[number] | undefined, who: 'alice' | 'bob'): boolean =>
    !!s && PEER_PORTS[who].some((p) => s.ports.has(p));
  let [bob, alice] = ranked;
  if (hint(bob, 'alice') || hint(alice, 'bob')) [bob, alice] = [alice, bob];
  // A machine's own capture says who it is, whatever its ports or order.
  const own = (who: 'alice' | 'bob') =>
    [...sites.values()].find((s) => s.ips.some((ip) => machines[who]?.includes(ip)));
  const [ownAlice, ownBob] = [own('alice'), own('bob')];
  if (ownAlice || ownBob) {
    const others = ranked.filter((s) => s !== ownAlice && s !== ownBob);
    alice = ownAlice ?? others.shift();
    bob = ownBob ?? others.shift();
  }
  const named = (s: (typeof ranked)[number] | undefined, who: 'alice' | 'bob'): void => {
    if (!s) return void reasons.push(reason('peer-missing', { who }));
    if (s === (who === 'alice' ? ownAlice : ownBob)) {
      reasons.push(reason('peer-machine', { who, ips: s.ips.join(', ') }));
      return guessed(who);
    }
    const ips = s.ips.join(', ');
    const ports = PEER_PORTS[who].filter((p) => s.ports.has(p)).join(', ');
    reasons.push(
      hint(s, who)
        ? reason('peer-port', { who, ips, ports })
        : reason(who === 'bob' ? 'peer-first' : 'peer-second', { who, ips }),
    );
  };
  named(bob, 'bob');
  named(alice, 'alice');
  return {
    source: 'inferred',
    server,
    alice: siteOf('alice', alice),
    bob: siteOf('bob', bob),
    reasons,
  };
}
