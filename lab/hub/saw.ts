/**
 * Whose datagram the Server's rendezvous just saw: the walkthrough's `${server.saw.X}`. An agent
 * reports each datagram it sends (a `sent` event: its local port and the payload), and the
 * rendezvous reports each one that arrives (the public ip:port it came from and the payload); a
 * send and an arrival with the same payload within a few seconds are the same datagram, and the
 * agent learns what the Server saw of it. The datagram must come from the address the agent's
 * hub connection comes from; when several sends could still match (a class behind one NAT, all
 * typing "toc" at once) the one whose local port the NAT kept wins, and if that leaves more than
 * one, nothing is guessed.
 *
 *   agent ──sent {local 53333, "toc"}──► hub ◄──arrived {192.0.2.113:53333, "toc"}── rendezvous
 *                                         └─► alice: saw { local 53333, seen 192.0.2.113:53333 }
 */
import type { Endpoint } from '../../src/model/endpoint.ts';
import type { Saw } from '../../src/protocol/messages.ts';

/** How far apart a send and its arrival may be reported (ms). */
export const SAW_WINDOW_MS = 3000;
/** Unmatched sends and arrivals remembered, each (oldest forgotten first). */
const MAX_PENDING = 256;

/** What the matcher needs of an agent: the address its hub connection came from. */
export interface Sender {
  readonly remoteIp?: string | undefined;
}

interface Sent<P> {
  readonly peer: P;
  readonly local: number;
  readonly payload: string;
  readonly t: number;
}
interface Arrival {
  readonly from: Endpoint;
  readonly payload: string;
  readonly t: number;
}

/** Pairs agents' sends with the rendezvous's arrivals; `onSaw` hears each pair. */
export class SawMatcher<P extends Sender> {
  private sends: Sent<P>[] = [];
  private arrivals: Arrival[] = [];

  constructor(
    private readonly onSaw: (peer: P, local: number, seen: Endpoint) => void,
    private readonly windowMs = SAW_WINDOW_MS,
  ) {}

  /** An agent sent `payload` (hex) from its `local` port toward the rendezvous, at hub time `t`. */
  sent(peer: P, local: number, payload: string, t: number): void {
    this.expire(t);
    const same = this.arrivals.filter((a) => a.payload === payload && fromIt(peer, a.from));
    const one = single(narrow(same, (a) => a.from.port === local));
    if (one) {
      this.arrivals.splice(this.arrivals.indexOf(one), 1);
      return this.onSaw(peer, local, one.from);
    }
    push(this.sends, { peer, local, payload, t });
  }

  /** The rendezvous got `payload` (hex) from `from` at hub time `t`. */
  arrived(from: Endpoint, payload: string, t: number): void {
    this.expire(t);
    const same = this.sends.filter((s) => s.payload === payload && fromIt(s.peer, from));
    const one = single(narrow(same, (s) => s.local === from.port));
    if (one) {
      this.sends.splice(this.sends.indexOf(one), 1);
      return this.onSaw(one.peer, one.local, from);
    }
    push(this.arrivals, { from, payload, t });
  }

  /** Forgets the sends of `peer` (it left). */
  forget(peer: P): void {
    this.sends = this.sends.filter((s) => s.peer !== peer);
  }

  /** How many sends and arrivals wait for their other half. */
  pending(): { sends: number; arrivals: number } {
    return { sends: this.sends.length, arrivals: this.arrivals.length };
  }

  private expire(now: number): void {
    const old = (x: { t: number }): boolean => now - x.t > this.windowMs;
    if (this.sends.some(old)) this.sends = this.sends.filter((s) => !old(s));
    if (this.arrivals.some(old)) this.arrivals = this.arrivals.filter((a) => !old(a));
  }
}

/**
 * Whether a datagram from `from` can be the agent's: it comes from the address the agent's hub
 * connection comes from (a NAT gives one host one public address, RFC 4787 REQ-2), when known.
 */
function fromIt(peer: Sender, from: Endpoint): boolean {
  return peer.remoteIp === undefined || peer.remoteIp === from.ip;
}

/** The items that pass `keep`, unless none does (then all of them: the test could not decide). */
function narrow<T>(items: T[], keep: (x: T) => boolean): T[] {
  if (items.length <= 1) return items;
  const kept = items.filter(keep);
  return kept.length ? kept : items;
}

function single<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

function push<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > MAX_PENDING) list.shift();
}

/** What `SawKeeper` needs of an agent that leaves. */
export interface Leaving {
  readonly room: string;
  readonly role?: string | undefined;
  readonly remoteIp?: string | undefined;
  readonly saw: readonly Saw[];
}

/** Agents whose what-the-Server-saw is kept after they leave (oldest forgotten first). */
const MAX_KEPT = 1000;

/**
 * What the Server saw of agents that left, kept by room and role for an agent that comes back
 * from the same public address (a reconnection after the hub or the network blinked), so a
 * student need not send "toc" again; an agent from another address starts with nothing.
 */
export class SawKeeper {
  private readonly kept = new Map<string, { ip: string | undefined; saw: readonly Saw[] }>();

  keep(a: Leaving): void {
    if (!a.role || a.saw.length === 0) return;
    const key = `${a.room}\u0000${a.role}`;
    this.kept.delete(key);
    this.kept.set(key, { ip: a.remoteIp, saw: a.saw });
    if (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value as string);
  }

  /** What was kept for `room` and `role`, if the agent comes back from the same address. */
  take(room: string, role: string, remoteIp: string | undefined): Saw[] | undefined {
    const key = `${room}\u0000${role}`;
    const k = this.kept.get(key);
    if (!k) return undefined;
    this.kept.delete(key);
    return k.ip === remoteIp
      ? k.saw.map((s) => ({ local: s.local, seen: { ...s.seen } }))
      : undefined;
  }
}
