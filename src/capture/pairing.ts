/**
 * Which datagrams two machines' captures both hold, the evidence clock-offset.ts reads clocks
 * from. A datagram is paired only by what identifies it, occurring once in each capture (TIERS):
 * its bytes with its IPv4 id and the reference's end of it, never its bytes alone, since two
 * peers may send the same text (both type "toc", a keepalive). And two checks no key can make:
 * a reference datagram another machine's capture also claims is nobody's, and a pair whose
 * peer address the reference saw as another public address than the peer's other pairs did
 * (its NAT's) is a different datagram with the same bytes.
 *
 *   alice  o|203.0.113.162:9000|0x29cb|toc  ==  server's toc from 192.0.2.113  (paired)
 *   bob    o|203.0.113.162:9000|0x4e06|toc  ==  server's toc from 198.51.100.24
 */
import type { CaptureFile } from './container.ts';
import { udpOfFrame } from './link.ts';
import type { UdpDatagram } from './link.ts';
import { ownAddresses } from './own-addresses.ts';
import type { MachineName } from './own-addresses.ts';

/** One datagram with a payload as one capture recorded it. */
export interface Seen {
  readonly t: number;
  readonly d: UdpDatagram;
  /** The payload in hex. */
  readonly bytes: string;
}

/** One machine's capture read for pairing: its datagrams, its own addresses, keys as made. */
export interface Sightings {
  readonly seen: readonly Seen[];
  readonly own: ReadonlySet<string>;
  /** Per tier: each datagram's key as this machine's (peer) and as the reference's. */
  readonly cache: Map<string, readonly (readonly string[])[]>;
}

/** `c`'s datagrams with a payload; `machine` (server, alice, bob) helps read its address. */
export function sightingsOf(c: CaptureFile, machine?: MachineName): Sightings {
  const seen: Seen[] = [];
  for (const f of c.frames) {
    const linkType = c.interfaces[f.iface]?.linkType;
    const d = linkType === undefined ? undefined : udpOfFrame(linkType, f.data);
    if (d && d.payload.length > 0) seen.push({ t: f.tMs, d, bytes: hex(d.payload) });
  }
  const own = new Set(
    ownAddresses(
      seen.map((s) => s.d),
      machine,
    ),
  );
  return { seen, own, cache: new Map() };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex(b: Uint8Array): string {
  let out = '';
  for (const x of b) out += HEX[x];
  return out;
}

const endOf = (e: UdpDatagram['src']): string => `${e.ip}:${e.port}`;

type Key = (dir: 'o' | 'b', end: string, d: UdpDatagram, bytes: string) => string | undefined;

/**
 * What identifies one datagram in both captures, strongest first: its bytes with the IPv4 id
 * (Linux NATs keep it) and the reference's end (the destination of a datagram the peer sent,
 * the source of one it received: what the peer's NAT does not rewrite); its bytes and both
 * ends (no NAT between, the id rewritten); its bytes and a non-zero id (the reference behind a
 * port forward; 0 is what stacks that do not number DF datagrams write). The first letter is
 * the direction, so a datagram sent is never paired with one received.
 */
const TIERS: readonly Key[] = [
  (dir, end, d, bytes) => `${dir}|${end}|${d.ipId}|${bytes}`,
  (dir, _end, d, bytes) => `${dir}|${endOf(d.src)}>${endOf(d.dst)}|${bytes}`,
  (dir, _end, d, bytes) => (d.ipId === 0 ? undefined : `${dir}|${d.ipId}|${bytes}`),
];

/** Each datagram's keys under tier `k`: as the reference (both readings) or as the peer. */
function keysOf(s: Sightings, k: number, asReference: boolean): readonly (readonly string[])[] {
  const id = `${k}${asReference ? 'r' : 'p'}`;
  const cached = s.cache.get(id);
  if (cached) return cached;
  const key = TIERS[k]!;
  const keys = s.seen.map(({ d, bytes }) => {
    const both = asReference
      ? [key('o', endOf(d.dst), d, bytes), key('b', endOf(d.src), d, bytes)]
      : [s.own.has(d.src.ip) ? key('o', endOf(d.dst), d, bytes) : key('b', endOf(d.src), d, bytes)];
    return both.filter((x): x is string => x !== undefined);
  });
  s.cache.set(id, keys);
  return keys;
}

/** Keys that occur once: key -> index of its datagram. */
function unique(keys: readonly (readonly string[])[]): Map<string, number> {
  const once = new Map<string, number>();
  const twice = new Set<string>();
  keys.forEach((ks, i) => {
    for (const k of ks) {
      if (once.has(k)) twice.add(k);
      else once.set(k, i);
    }
  });
  for (const k of twice) once.delete(k);
  return once;
}

/** One datagram both captures hold: sent by the peer (out) or received by it. */
export interface Pair {
  readonly out: boolean;
  readonly peer: Seen;
  readonly reference: Seen;
}

/** The datagrams `reference` and `peer` both hold, none that one of `others` also claims. */
export function pairDatagrams(
  reference: Sightings,
  peer: Sightings,
  others: readonly Sightings[] = [],
): Pair[] {
  for (let k = 0; k < TIERS.length; k++) {
    const there = unique(keysOf(reference, k, true));
    const claimed = new Set(others.flatMap((o) => keysOf(o, k, false).flat()));
    const pairs: Pair[] = [];
    for (const [key, i] of unique(keysOf(peer, k, false))) {
      const j = there.get(key);
      if (j === undefined || claimed.has(key)) continue;
      pairs.push({ out: key[0] === 'o', peer: peer.seen[i]!, reference: reference.seen[j]! });
    }
    if (pairs.length > 0) return agreeing(pairs);
  }
  return [];
}

/**
 * The pairs that agree on where each of the peer's addresses is seen from the reference (its
 * NAT's public address): the most pairs say it, a pair that says otherwise is left out.
 */
function agreeing(pairs: readonly Pair[]): Pair[] {
  const seenAs = (p: Pair): [string, string] =>
    p.out ? [p.peer.d.src.ip, p.reference.d.src.ip] : [p.peer.d.dst.ip, p.reference.d.dst.ip];
  const votes = new Map<string, Map<string, number>>();
  for (const p of pairs) {
    const [mine, there] = seenAs(p);
    const v = votes.get(mine) ?? new Map<string, number>();
    votes.set(mine, v.set(there, (v.get(there) ?? 0) + 1));
  }
  return pairs.filter((p) => {
    const [mine, there] = seenAs(p);
    const v = votes.get(mine)!;
    return v.get(there)! >= Math.max(...v.values());
  });
}
