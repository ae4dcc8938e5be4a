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
  /** The payload, a character per byte. */
  readonly bytes: string;
  /** Its IPv4 id and payload, as the first tier's keys end. */
  readonly idBytes: string;
}

/** One machine's capture read for pairing: its datagrams, its own addresses, keys as made. */
export interface Sightings {
  readonly seen: readonly Seen[];
  readonly machine: MachineName | undefined;
  /** Every datagram it recorded, empty payloads included (what its own addresses are read from). */
  readonly all: readonly UdpDatagram[];
  /** Its own addresses (read when first needed). */
  own?: readonly string[];
  ownSet?: ReadonlySet<string>;
  /** Per tier, as the reference or the peer: the keys that occur once, and the others. */
  readonly cache: Map<string, Keyed>;
}

/** A capture's keys under one tier: key -> its datagram's index where it occurs once. */
interface Keyed {
  readonly once: Map<string, number>;
  readonly twice: Set<string>;
}

/** `c`'s datagrams with a payload; `machine` (server, alice, bob) helps read its address. */
export function sightingsOf(c: CaptureFile, machine?: MachineName): Sightings {
  const timed: { t: number; d: UdpDatagram }[] = [];
  for (const f of c.frames) {
    const linkType = c.interfaces[f.iface]?.linkType;
    const d = linkType === undefined ? undefined : udpOfFrame(linkType, f.data);
    if (d) timed.push({ t: f.tMs, d });
  }
  return sightingsFrom(timed, machine);
}

/** sightingsOf datagrams already read, each with its time (ms). */
export function sightingsFrom(
  timed: readonly { readonly t: number; readonly d: UdpDatagram }[],
  machine?: MachineName,
): Sightings {
  const seen: Seen[] = [];
  const all: UdpDatagram[] = [];
  for (const { t, d } of timed) {
    all.push(d);
    if (d.payload.length > 0) {
      const bytes = chars(d.payload);
      seen.push({ t, d, bytes, idBytes: '|' + d.ipId + '|' + bytes });
    }
  }
  return { seen, all, machine, cache: new Map() };
}

/** The machine's own addresses (own-addresses.ts), read once. */
export function ownOf(s: Sightings): readonly string[] {
  s.own ??= ownAddresses(s.all, s.machine);
  return s.own;
}

const ownSetOf = (s: Sightings): ReadonlySet<string> => (s.ownSet ??= new Set(ownOf(s)));

/** The bytes as a string of one character each (half a hex string's length, as exact). */
function chars(b: Uint8Array): string {
  if (b.length <= CHUNK) return String.fromCharCode.apply(null, b as unknown as number[]);
  let out = '';
  for (let at = 0; at < b.length; at += CHUNK)
    out += String.fromCharCode.apply(null, b.subarray(at, at + CHUNK) as unknown as number[]);
  return out;
}
const CHUNK = 4096;

type End = UdpDatagram['src'];
type Key = (dir: 'o' | 'b', end: End, s: Seen) => string | undefined;

/**
 * What identifies one datagram in both captures, strongest first: its bytes with the IPv4 id
 * (Linux NATs keep it) and the reference's end (the destination of a datagram the peer sent,
 * the source of one it received: what the peer's NAT does not rewrite); its bytes and both
 * ends (no NAT between, the id rewritten); its bytes and a non-zero id (the reference behind a
 * port forward; 0 is what stacks that do not number DF datagrams write). The first letter is
 * the direction, so a datagram sent is never paired with one received.
 */
const TIERS: readonly Key[] = [
  (dir, end, s) => dir + end.ip + ':' + end.port + s.idBytes,
  (dir, _end, { d, bytes }) =>
    dir + d.src.ip + ':' + d.src.port + '>' + d.dst.ip + ':' + d.dst.port + '|' + bytes,
  (dir, _end, { d, bytes }) => (d.ipId === 0 ? undefined : dir + d.ipId + '|' + bytes),
];

/** `s`'s keys under tier `k`: as the reference (both readings of each) or as the peer. */
function keysOf(s: Sightings, k: number, asReference: boolean): Keyed {
  const id = `${k}${asReference ? 'r' : 'p'}`;
  const cached = s.cache.get(id);
  if (cached) return cached;
  const key = TIERS[k]!;
  const once = new Map<string, number>();
  const twice = new Set<string>();
  const add = (x: string | undefined, i: number): void => {
    if (x === undefined) return;
    if (once.has(x)) twice.add(x);
    else once.set(x, i);
  };
  // The reference's both ways (received from the peer, sent to it): a segment's capture, or a
  // machine's read wrongly, has no own address to tell them by.
  const own = asReference ? undefined : ownSetOf(s);
  s.seen.forEach((x, i) => {
    if (!own || own.has(x.d.src.ip)) add(key('o', x.d.dst, x), i);
    if (!own || !own.has(x.d.src.ip)) add(key('b', x.d.src, x), i);
  });
  for (const x of twice) once.delete(x);
  const keyed = { once, twice };
  s.cache.set(id, keyed);
  return keyed;
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
    const there = keysOf(reference, k, true).once;
    const claims = others.map((o) => keysOf(o, k, false));
    const pairs: Pair[] = [];
    for (const [key, i] of keysOf(peer, k, false).once) {
      const j = there.get(key);
      if (j === undefined || claims.some((c) => c.once.has(key) || c.twice.has(key))) continue;
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
  const mine = (p: Pair): string => (p.out ? p.peer.d.src.ip : p.peer.d.dst.ip);
  const there = (p: Pair): string => (p.out ? p.reference.d.src.ip : p.reference.d.dst.ip);
  const votes = new Map<string, Map<string, number>>();
  for (const p of pairs) {
    const v = votes.get(mine(p)) ?? new Map<string, number>();
    votes.set(mine(p), v.set(there(p), (v.get(there(p)) ?? 0) + 1));
  }
  const most = new Map([...votes].map(([ip, v]) => [ip, Math.max(...v.values())]));
  return pairs.filter((p) => votes.get(mine(p))!.get(there(p))! >= most.get(mine(p))!);
}
