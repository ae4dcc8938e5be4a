/**
 * Whose capture is whose, from the capture itself: a machine records only datagrams it sends or
 * receives, so its own addresses are the fewest that take part in every one of them (the most
 * used first). `agujero capture merge` and `--capture` name each machine's interface server,
 * alice or bob, so in such a file each role's addresses are known whatever ports it used.
 *
 *   interface "server": 203.0.113.50:7000 <- 198.51.100.7:40000, ...  => server 203.0.113.50
 */
import type { CaptureFile } from './container.ts';
import { SERVER_PORTS, isPrivate } from './infer-book.ts';
import type { UdpDatagram } from './link.ts';

/** The roles `capture merge` names interfaces after. */
export const MACHINE_NAMES = ['server', 'alice', 'bob'] as const;
export type MachineName = (typeof MACHINE_NAMES)[number];

/** A datagram as ownAddresses reads it. */
export type OwnEvidence = Pick<UdpDatagram, 'src' | 'dst'> &
  Partial<Pick<UdpDatagram, 'ttl' | 'dir'>>;

/**
 * What settled the machine's address among addresses in as many datagrams (a two-party
 * capture: a machine that only talked to its peer, or a capture filtered to the punch), the
 * strongest first: the link layer (a Linux cooked capture marks each frame outgoing or to us),
 * the Server's ports (the Server's machine receives on them, a peer's sends to them), the TTL
 * (a datagram leaves with 64, 128 or 255 and arrives with less once routed: its source is the
 * far end); then guesses: the private address (the far end of a NAT'd host is public), else
 * the first in address order. An Ethernet capture's MACs do not help here: in a two-party
 * capture each address keeps one MAC (the machine's, its gateway's) just the same.
 */
export type OwnBasis = 'count' | 'link' | 'ports' | 'ttl' | 'private' | 'order';

/** A machine's own addresses, and what decided the first among equals. */
export interface Own {
  readonly ips: string[];
  readonly basis: OwnBasis;
}

const PORTS: readonly number[] = SERVER_PORTS;
const INITIAL_TTLS = new Set([64, 128, 255]);

/** How strongly each kind of evidence says `ip` is the machine's (positive) or not. */
function evidence(ds: readonly OwnEvidence[], ip: string, machine?: MachineName): number[] {
  let link = 0;
  let ports = 0;
  let ttl = 0;
  for (const d of ds) {
    const sent = d.src.ip === ip;
    if (!sent && d.dst.ip !== ip) continue;
    if (d.dir) link += (d.dir === 'out') === sent ? 1 : -1;
    const serverSide = PORTS.includes(d.dst.port)
      ? d.dst.ip
      : PORTS.includes(d.src.port)
        ? d.src.ip
        : undefined;
    if (machine && serverSide !== undefined)
      ports += (serverSide === ip) === (machine === 'server') ? 1 : -1;
    // A routed datagram (TTL below what a stack sends with) came from afar to here.
    if (d.ttl !== undefined && !INITIAL_TTLS.has(d.ttl)) ttl += sent ? -1 : 1;
  }
  return [link, ports, ttl, isPrivate(ip) ? 1 : 0];
}

const BASES: readonly OwnBasis[] = ['link', 'ports', 'ttl', 'private'];

/** The best of `tied` (as many datagrams each), and what told it from the runner-up. */
function settle(
  tied: readonly string[],
  ds: readonly OwnEvidence[],
  machine?: MachineName,
): { ip: string; basis: OwnBasis } {
  const scored = tied.map((ip) => ({ ip, e: evidence(ds, ip, machine) }));
  const differ = (a: (typeof scored)[number], b: (typeof scored)[number]): number =>
    a.e.findIndex((x, i) => x !== b.e[i]);
  scored.sort((a, b) => {
    const k = differ(a, b);
    return k < 0 ? (a.ip < b.ip ? -1 : 1) : b.e[k]! - a.e[k]!;
  });
  const [best, next] = [scored[0]!, scored[1]!];
  const k = differ(best, next);
  return { ip: best.ip, basis: k < 0 ? 'order' : BASES[k]! };
}

/**
 * The fewest addresses that take part (as source or destination) in every datagram, the most
 * used first; an address already seen at the far end of one of them is a remote, not the
 * machine's (a STUN server's second address answers a client its first one already met).
 * Addresses in as many datagrams are told apart by the capture's evidence (OwnBasis);
 * `machine`, when known, lets the Server's ports say which end is the machine's.
 */
export function ownAddressesOf(datagrams: readonly OwnEvidence[], machine?: MachineName): Own {
  const own: string[] = [];
  const remote = new Set<string>();
  let basis: OwnBasis = 'count';
  let left = datagrams;
  while (left.length > 0) {
    const counts = new Map<string, number>();
    for (const { src, dst } of left) {
      counts.set(src.ip, (counts.get(src.ip) ?? 0) + 1);
      if (dst.ip !== src.ip) counts.set(dst.ip, (counts.get(dst.ip) ?? 0) + 1);
    }
    let most = 0;
    let tied: string[] = [];
    for (const [ip, n] of counts) {
      const score = remote.has(ip) ? n / (datagrams.length + 1) : n;
      if (score > most) [most, tied] = [score, [ip]];
      else if (score === most) tied.push(ip);
    }
    let best = tied[0]!;
    if (tied.length > 1) {
      const s = settle(tied, left, machine);
      best = s.ip;
      // The weakest basis any choice rested on is the one to say.
      if (basis === 'count' || ORDER.indexOf(s.basis) > ORDER.indexOf(basis)) basis = s.basis;
    }
    own.push(best);
    for (const { src, dst } of left) {
      if (src.ip === best) remote.add(dst.ip);
      else if (dst.ip === best) remote.add(src.ip);
    }
    left = left.filter(({ src, dst }) => src.ip !== best && dst.ip !== best);
  }
  return { ips: own, basis };
}

const ORDER: readonly OwnBasis[] = ['count', 'link', 'ports', 'ttl', 'private', 'order'];

/** ownAddressesOf's addresses alone. */
export function ownAddresses(datagrams: readonly OwnEvidence[], machine?: MachineName): string[] {
  return ownAddressesOf(datagrams, machine).ips;
}

/** Whether a basis is a guess (no evidence in the capture said which address is the machine's). */
export const isGuess = (b: OwnBasis): boolean => b === 'private' || b === 'order';

/**
 * Each machine's own addresses in a capture whose interfaces are named after the machines
 * (given `datagrams` with their interface index), with what settled them; empty when no
 * interface is so named.
 */
export function machineAddresses(
  capture: CaptureFile,
  datagrams: readonly (OwnEvidence & { readonly iface: number })[],
): Partial<Record<MachineName, Own>> {
  const out: Partial<Record<MachineName, Own>> = {};
  capture.interfaces.forEach((i, index) => {
    const name = MACHINE_NAMES.find((m) => m === i.name);
    if (!name || out[name]) return;
    const mine = datagrams.filter((d) => d.iface === index);
    if (mine.length > 0) out[name] = ownAddressesOf(mine, name);
  });
  return out;
}
