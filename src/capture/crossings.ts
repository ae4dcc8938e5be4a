/**
 * The same datagram seen on several segments is one packet crossing NATs: observations with the
 * same payload, length and IPv4 id, close in time, where each next sighting differs from the
 * last in at most one endpoint (a NAT rewrites the source on the way out, the destination on
 * the way in), form one crossing. A sighting of the very same tuple again is a duplicate (the
 * same frame seen on two interfaces of one machine) and is not kept twice.
 *
 * ```
 *  alice LAN   192.168.1.10:53333 -> 203.0.113.162:9000   (sent)
 *  internet    192.0.2.113:53333  -> 203.0.113.162:9000   (alice-nat rewrote the source)
 * ```
 */
import { sameEndpoint } from '../model/endpoint.ts';
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

/** True when `b` can be the next sighting after `a`: one endpoint rewritten, or none. */
function follows(a: Observation, b: Observation): boolean {
  const src = sameEndpoint(a.src, b.src);
  const dst = sameEndpoint(a.dst, b.dst);
  return src || dst;
}

/** Groups `observations` (time order) into crossings, in the order each was first seen. */
export function crossingsOf(
  observations: readonly Observation[],
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
      if (follows(c[c.length - 1] as Observation, o)) {
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
