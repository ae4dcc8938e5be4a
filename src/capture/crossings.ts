/**
 * The same datagram seen on several segments is one packet crossing NATs: observations with the
 * same payload, length and IPv4 id, close in time, where each next sighting differs from the
 * last as a NAT would rewrite it (the source on the way out, the destination on the way in;
 * checked against the address book once the roles are known), form one crossing. A sighting of the very same tuple again is a duplicate (the
 * same frame seen on two interfaces of one machine) and is not kept twice.
 *
 * ```
 *  alice LAN   192.168.1.10:53333 -> 203.0.113.162:9000   (sent)
 *  internet    192.0.2.113:53333  -> 203.0.113.162:9000   (alice-nat rewrote the source)
 * ```
 */
import { sameEndpoint } from '../model/endpoint.ts';
import type { AddressBook } from './book.ts';
import { roleOf } from './book.ts';
import type { Observation } from './observe.ts';

/** One datagram: its sightings in time order, each tuple once. */
export interface Crossing {
  readonly sightings: readonly Observation[];
}

/** How many crossings of one key stay open for later sightings. */
const MAX_OPEN_PER_KEY = 16;

/** How far apart (ms) two sightings of one datagram may be. */
export const CROSSING_WINDOW_MS = 1000;

function keyOf(o: Observation): string {
  let hex = '';
  for (const b of o.payload) hex += b.toString(16).padStart(2, '0');
  return `${o.ipId}/${o.length}/${hex}`;
}

/** Whether `to` is the public address of the NAT in front of the host at `from`. */
function natOf(book: AddressBook, from: string, to: string): boolean {
  const host = roleOf(book, from);
  const wan = roleOf(book, to);
  return host?.kind === 'host' && wan?.kind === 'wan' && wan.host === host.node;
}

/**
 * True when `b` can be the next sighting after `a`. Without a book: at most one endpoint
 * rewritten. With one: the source only ever rewritten from a host to its own NAT's public
 * address, the destination only from a NAT's public address to the host behind it (both at
 * once when the capture missed the internet between two NATs).
 */
function follows(a: Observation, b: Observation, book: AddressBook | undefined): boolean {
  const src = sameEndpoint(a.src, b.src);
  const dst = sameEndpoint(a.dst, b.dst);
  if (!book) return src || dst;
  return (src || natOf(book, a.src.ip, b.src.ip)) && (dst || natOf(book, b.dst.ip, a.dst.ip));
}

/** Groups `observations` (time order) into crossings, in the order each was first seen. */
export function crossingsOf(
  observations: readonly Observation[],
  book?: AddressBook,
  windowMs = CROSSING_WINDOW_MS,
): Crossing[] {
  const out: Observation[][] = [];
  /** Key -> the crossings still open for it (newest last). */
  const open = new Map<string, Observation[][]>();
  for (const o of observations) {
    const key = keyOf(o);
    // The newest few open crossings of this key, so a flood of one payload stays linear.
    const candidates = (open.get(key) ?? [])
      .filter((c) => o.t - (c[c.length - 1] as Observation).t <= windowMs)
      .slice(-MAX_OPEN_PER_KEY);
    let joined = false;
    for (const c of candidates) {
      if (c.some((s) => sameEndpoint(s.src, o.src) && sameEndpoint(s.dst, o.dst))) {
        // The same tuple again: a duplicate when it comes on another interface right after.
        if (c.some((s) => s.iface !== o.iface)) {
          joined = true;
          break;
        }
        continue;
      }
      if (follows(c[c.length - 1] as Observation, o, book)) {
        c.push(o);
        joined = true;
        break;
      }
    }
    if (!joined) {
      const c = [o];
      out.push(c);
      candidates.push(c);
    }
    open.set(key, candidates);
  }
  return out.map((sightings) => ({ sightings }));
}
