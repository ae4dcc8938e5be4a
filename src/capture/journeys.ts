/**
 * Each crossing read against the address book as the trip of one packet: who sent it, every
 * NAT that rewrote it on the way (outbound: its source; inbound: its destination), and how it
 * ended: delivered to a host, refused by it (an ICMP port unreachable followed), dropped at a NAT (seen arriving at the NAT's public address, and
 * never on the LAN behind it although that LAN was captured), or unknown (the capture did not
 * cover where it went).
 */
import { sameEndpoint } from '../model/endpoint.ts';
import type { Packet } from '../model/packet.ts';
import type { AddressBook, CaptureHost, CaptureRouter } from './book.ts';
import { ROUTER_OF, roleOf } from './book.ts';
import type { Crossing } from './crossings.ts';
import type { Observed, Observation } from './observe.ts';
import { CROSSING_WINDOW_MS } from './crossings.ts';

/** One NAT rewrite seen in a capture. */
export interface Rewrite {
  readonly router: CaptureRouter;
  readonly direction: 'outbound' | 'inbound';
  readonly t: number;
  readonly before: Packet;
  readonly after: Packet;
}

/** How a packet's trip ended. */
export type JourneyEnd =
  | { readonly kind: 'delivered'; readonly node: CaptureHost; readonly t: number }
  /** It reached the host, which answered ICMP port unreachable: nothing listened there. */
  | { readonly kind: 'refused'; readonly node: CaptureHost; readonly t: number }
  | { readonly kind: 'dropped'; readonly router: CaptureRouter; readonly t: number }
  | { readonly kind: 'unknown' };

/** One packet's trip. */
export interface Journey {
  /** 1, 2, ... in the order packets were first seen. */
  readonly id: number;
  /** The sender, when its address is in the book (a NAT's public address: the host behind it). */
  readonly sender: CaptureHost | undefined;
  readonly t: number;
  /** The packet as it left the sender (the first sighting). */
  readonly sent: Packet;
  readonly rewrites: readonly Rewrite[];
  /** The packet as last seen (as delivered, or as it reached the NAT that dropped it). */
  readonly last: Packet;
  readonly end: JourneyEnd;
  /** The interfaces it was seen on. */
  readonly ifaces: readonly number[];
}

function packetOf(o: Observation, id: number): Packet {
  return { id, src: o.src, dst: o.dst, payload: o.payload };
}

/** The LANs a capture covers: a host's private address seen at all means its LAN was captured. */
function coveredLans(book: AddressBook, crossings: readonly Crossing[]): Set<CaptureRouter> {
  const out = new Set<CaptureRouter>();
  for (const c of crossings)
    for (const s of c.sightings)
      for (const ip of [s.src.ip, s.dst.ip]) {
        const r = roleOf(book, ip);
        if (r?.kind === 'host' && r.node !== 'server') out.add(ROUTER_OF[r.node]);
      }
  return out;
}

/** The trips of `crossings` (in first-seen order) by `book`. */
export function journeysOf(
  book: AddressBook,
  crossings: readonly Crossing[],
  unreachables: Observed['unreachables'] = [],
): Journey[] {
  const refused = (o: Observation): boolean =>
    unreachables.some(
      (u) =>
        u.t >= o.t &&
        u.t - o.t <= CROSSING_WINDOW_MS &&
        sameEndpoint(u.src, o.src) &&
        sameEndpoint(u.dst, o.dst),
    );
  const covered = coveredLans(book, crossings);
  return crossings.map((c, i) => {
    const id = i + 1;
    const s = c.sightings;
    const first = s[0] as Observation;
    const last = s[s.length - 1] as Observation;
    const rewrites: Rewrite[] = [];
    for (let k = 1; k < s.length; k++) {
      const a = s[k - 1] as Observation;
      const b = s[k] as Observation;
      const out = !sameEndpoint(a.src, b.src);
      const inb = !sameEndpoint(a.dst, b.dst);
      // Both at once: two NATs crossed where the capture did not see the internet between
      // them; the packet in the middle had the new source and the old destination.
      const middle = { id, src: b.src, dst: a.dst, payload: b.payload };
      const outRole = out ? roleOf(book, b.src.ip) : undefined;
      if (outRole?.kind === 'wan') {
        rewrites.push({
          router: outRole.router,
          direction: 'outbound',
          t: b.t,
          before: packetOf(a, id),
          after: inb ? middle : packetOf(b, id),
        });
      }
      const inRole = inb ? roleOf(book, a.dst.ip) : undefined;
      if (inRole?.kind === 'wan') {
        rewrites.push({
          router: inRole.router,
          direction: 'inbound',
          t: b.t,
          before: out ? middle : packetOf(a, id),
          after: packetOf(b, id),
        });
      }
    }
    const sender = roleOf(book, first.src.ip);
    const to = roleOf(book, last.dst.ip);
    const end: JourneyEnd =
      to?.kind === 'host'
        ? { kind: refused(last) ? 'refused' : 'delivered', node: to.node, t: last.t }
        : to?.kind === 'wan' && covered.has(to.router)
          ? { kind: 'dropped', router: to.router, t: last.t }
          : { kind: 'unknown' };
    return {
      id,
      sender: sender?.kind === 'host' ? sender.node : sender?.host,
      t: first.t,
      sent: packetOf(first, id),
      rewrites,
      last: packetOf(last, id),
      end,
      ifaces: [...new Set(s.map((o) => o.iface))],
    };
  });
}
