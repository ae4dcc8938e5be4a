/**
 * The rendezvous server's logic, pure so the simulator and the lab run the same one: it records
 * the public endpoint each `register` came from, answers with it (and the peer's, once known), and
 * pushes the news to a peer that was waiting. Bounded: at most `maxNames` names, each forgotten
 * after `ttlMs` without a register.
 *
 *   bob   -> server  register bob alice port=58888
 *   server -> bob    seen bob 198.51.100.24:58888                     (alice not yet known)
 *   alice -> server  register alice bob port=53333
 *   server -> alice  seen alice 192.0.2.113:53333 peer bob 198.51.100.24:58888 port=58888
 *   server -> bob    seen bob 198.51.100.24:58888 peer alice 192.0.2.113:53333 port=53333
 */
import type { Endpoint } from '../model/endpoint.ts';
import { encodeRendezvous, parseRendezvous } from './rendezvous.ts';
import type { RendezvousMessage, SeenPeer } from './rendezvous.ts';

/** One datagram the server sends. */
export interface Reply {
  readonly to: Endpoint;
  readonly bytes: Uint8Array;
  readonly message: RendezvousMessage;
}

/** What happened to one datagram, for logs and counters. */
export type Handled =
  | {
      readonly kind: 'registered';
      readonly name: string;
      readonly from: Endpoint;
      readonly replies: readonly Reply[];
    }
  | { readonly kind: 'refused'; readonly why: string; readonly replies: readonly Reply[] };

interface Entry {
  readonly endpoint: Endpoint;
  readonly peer: string | undefined;
  readonly localPort: number | undefined;
  readonly at: number;
}

/** Limits of the table. */
export interface TableOptions {
  readonly maxNames?: number;
  readonly ttlMs?: number;
}

const reply = (to: Endpoint, message: RendezvousMessage): Reply => ({
  to,
  message,
  bytes: encodeRendezvous(message),
});

/** The registry behind a rendezvous server. */
export class RendezvousTable {
  private readonly entries = new Map<string, Entry>();
  private readonly maxNames: number;
  private readonly ttlMs: number;

  constructor(options: TableOptions = {}) {
    this.maxNames = options.maxNames ?? 256;
    this.ttlMs = options.ttlMs ?? 120_000;
  }

  /** How many names are registered now. */
  get size(): number {
    return this.entries.size;
  }

  /** Handles one datagram from `from` at time `now` (ms); never throws. */
  handle(from: Endpoint, bytes: Uint8Array, now: number): Handled {
    const parsed = parseRendezvous(bytes);
    if (!parsed.ok) {
      // Only a mistyped register (by hand, with nc) is answered: garbage gets silence.
      const typo =
        bytes.length >= 8 && new TextDecoder().decode(bytes.subarray(0, 8)) === 'register';
      const replies = typo ? [reply(from, { type: 'error', text: parsed.error })] : [];
      return { kind: 'refused', why: parsed.error, replies };
    }
    const m = parsed.message;
    if (m.type !== 'register') {
      // Answering anything but register could make the server an echo for spoofed sources.
      return { kind: 'refused', why: `a server only reads register, not ${m.type}`, replies: [] };
    }
    this.expire(now);
    if (!this.entries.has(m.name) && this.entries.size >= this.maxNames) this.evictOldest();
    this.entries.delete(m.name);
    this.entries.set(m.name, { endpoint: from, peer: m.peer, localPort: m.localPort, at: now });
    const replies = [reply(from, this.seen(m.name))];
    const partner = m.peer === undefined ? undefined : this.entries.get(m.peer);
    if (
      m.peer !== undefined &&
      partner &&
      (partner.peer === undefined || partner.peer === m.name)
    ) {
      replies.push(reply(partner.endpoint, this.seen(m.peer)));
    }
    return { kind: 'registered', name: m.name, from, replies };
  }

  /** The `seen` message for `name`: its endpoint and, when known, its peer's. */
  private seen(name: string): RendezvousMessage {
    const e = this.entries.get(name) as Entry;
    const partner = e.peer === undefined ? undefined : this.entries.get(e.peer);
    const peer: SeenPeer | undefined =
      partner && e.peer !== undefined && (partner.peer === undefined || partner.peer === name)
        ? {
            name: e.peer,
            endpoint: partner.endpoint,
            ...(partner.localPort === undefined ? {} : { localPort: partner.localPort }),
          }
        : undefined;
    return { type: 'seen', name, endpoint: e.endpoint, ...(peer ? { peer } : {}) };
  }

  private expire(now: number): void {
    for (const [name, e] of this.entries) if (now - e.at > this.ttlMs) this.entries.delete(name);
  }

  /** Maps keep insertion order and a register re-inserts: the first key is the stalest. */
  private evictOldest(): void {
    const first = this.entries.keys().next();
    if (!first.done) this.entries.delete(first.value);
  }
}
