/**
 * The TraceEvent schema: every observable thing that happens in a run, emitted by the model and,
 * with the same shape, by the real lab, so recorded runs replay and diff against predictions.
 */
import type { Endpoint } from './endpoint.ts';
import type { Dependence } from './nat-policy.ts';
import type { Packet } from './packet.ts';

/** Why a packet was dropped; each has a sentence in DROP_REASON_TEXT. */
export type DropReason =
  | 'no-route'
  | 'link-loss'
  | 'no-mapping'
  | 'filtered-address'
  | 'filtered-port'
  | 'router-port-closed'
  | 'hairpin-unsupported'
  | 'port-exhausted'
  | 'port-unreachable'
  | 'socket-connected-elsewhere';

/** A short explanation per drop reason, for tooltips and lessons. */
export const DROP_REASON_TEXT: Readonly<Record<DropReason, string>> = {
  'no-route': 'no route to the destination address',
  'link-loss': 'lost on the link',
  'no-mapping': 'filtered: no mapping for this external port',
  // Which filtering rule dropped it is the NAT's policy (a drop's facts.filtering), not the
  // reason: a symmetric NAT filters by address and port and still drops for an unknown address.
  'filtered-address': 'filtered: the mapping never sent to this address',
  'filtered-port': 'filtered: the mapping sent to this address, but never to this port',
  'router-port-closed':
    "reached the router's own stack and nothing listens there; the router kept a conntrack entry for it",
  'hairpin-unsupported': 'this NAT does not hairpin packets sent to its own external address',
  'port-exhausted': 'no free external port left',
  'port-unreachable': 'no socket is bound to this port on the host',
  'socket-connected-elsewhere':
    'the socket is connected to another remote, so the kernel discards this',
};

/** Facts behind a drop's sentence beyond its packet and node, for views that word it themselves. */
export interface DropFacts {
  /** link-loss: the node at the other end of the link. */
  readonly toNode?: string;
  /** socket-connected-elsewhere: the remote the socket is connected to. */
  readonly connectedTo?: Endpoint;
  /** port-exhausted: the NAT's external address. */
  readonly externalIp?: string;
  /** router-port-closed: true when this packet created the router's entry, false when it matched one. */
  readonly createdState?: boolean;
  /** filtered-address, filtered-port: the filtering rule of the NAT that dropped it. */
  readonly filtering?: Dependence;
}

/** Why a binding did not get the port it wanted, as data (the port used is its external port). */
export type BindingNoteFacts =
  | {
      readonly kind: 'clash';
      /** The external endpoint it wanted, held toward `remote`. */
      readonly wanted: Endpoint;
      readonly remote: Endpoint;
      /** Held by another flow, or by a conntrack entry of the router's own. */
      readonly holder: 'flow' | 'local';
    }
  | { readonly kind: 'taken'; readonly wanted: number }
  | {
      readonly kind: 'out-of-range';
      readonly wanted: number;
      readonly range: readonly [number, number];
    };

/** The English sentence of a binding note (the model's own wording). */
export function bindingNoteText(f: BindingNoteFacts, used: number): string {
  switch (f.kind) {
    case 'clash': {
      const by = f.holder === 'local' ? "conntrack entry of the router's own" : 'flow';
      return `clash: ${f.wanted.ip}:${f.wanted.port} toward ${f.remote.ip}:${f.remote.port} was already held by a ${by}, so ${used} was used`;
    }
    case 'taken':
      return `port ${f.wanted} was taken, so ${used} was used`;
    case 'out-of-range':
      return `port ${f.wanted} is outside this NAT's range ${f.range[0]}-${f.range[1]}, so ${used} was used`;
    default: {
      const never: never = f;
      return never;
    }
  }
}

/** A NAT binding as the RFC sees it: internal endpoint mapped to an external one. */
export interface BindingView {
  readonly id: number;
  readonly internal: Endpoint;
  readonly external: Endpoint;
  /** The remote that keys this mapping (for address- or port-dependent mapping), if any. */
  readonly keyRemote?: Endpoint | undefined;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** Remote endpoints this mapping sent to (its filtering permissions). */
  readonly remotes: readonly Endpoint[];
  /** Why it exists beyond an ordinary outbound packet, e.g. a clash (English). */
  readonly note?: string | undefined;
  /** The same as data. */
  readonly noteFacts?: BindingNoteFacts | undefined;
}

/** One direction of a conntrack entry: source and destination of the packets it matches. */
export interface ConntrackTuple {
  readonly src: Endpoint;
  readonly dst: Endpoint;
}

/**
 * One conntrack-style flow: a 5-tuple with its translation. Like `conntrack -L`, it carries the
 * original tuple (the first packet, as it arrived) and the reply tuple (what an answer carries,
 * after NAT): an inbound-created flow's original goes from the remote to the external endpoint.
 */
export interface FlowView {
  readonly id: number;
  /** `nat`: translated flow; `local`: ends at the router itself; `forward`: a static forward. */
  readonly kind: 'nat' | 'local' | 'forward';
  /** Which side sent the first packet: the inside host (`out`) or the remote (`in`). */
  readonly origin: 'out' | 'in';
  readonly original: ConntrackTuple;
  readonly reply: ConntrackTuple;
  readonly internal: Endpoint;
  readonly external: Endpoint;
  readonly remote: Endpoint;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** Whether a packet came back from the remote (conntrack's [ASSURED]/stream state). */
  readonly replied: boolean;
  readonly bindingId?: number | undefined;
}

/** Every event of a run. `t` is virtual (model) or wall-clock-relative (lab) milliseconds. */
export type TraceEvent =
  | { readonly type: 'sent'; readonly t: number; readonly node: string; readonly packet: Packet }
  | {
      readonly type: 'forwarded';
      readonly t: number;
      readonly packet: Packet;
      readonly from: string;
      readonly to: string;
      readonly arriveAt: number;
    }
  | {
      readonly type: 'translated';
      readonly t: number;
      readonly node: string;
      readonly direction: 'outbound' | 'inbound' | 'hairpin';
      readonly before: Packet;
      readonly after: Packet;
      readonly bindingId: number;
    }
  | {
      readonly type: 'mapping-created';
      readonly t: number;
      readonly node: string;
      readonly binding: BindingView;
    }
  | {
      readonly type: 'mapping-refreshed';
      readonly t: number;
      readonly node: string;
      readonly bindingId: number;
      readonly expiresAt: number;
    }
  | {
      readonly type: 'mapping-expired';
      readonly t: number;
      readonly node: string;
      readonly binding: BindingView;
    }
  | {
      readonly type: 'flow-created';
      readonly t: number;
      readonly node: string;
      readonly flow: FlowView;
    }
  | {
      readonly type: 'flow-expired';
      readonly t: number;
      readonly node: string;
      readonly flow: FlowView;
    }
  | {
      readonly type: 'delivered';
      readonly t: number;
      readonly node: string;
      readonly packet: Packet;
      readonly socket: Endpoint;
    }
  | {
      readonly type: 'dropped';
      readonly t: number;
      readonly node: string;
      readonly packet: Packet;
      readonly reason: DropReason;
      readonly detail: string;
      readonly facts?: DropFacts;
    }
  | {
      readonly type: 'command';
      readonly t: number;
      readonly actor: string;
      readonly text: string;
      readonly step: number;
    }
  | {
      readonly type: 'output';
      readonly t: number;
      readonly actor: string;
      readonly text: string;
      readonly stream: 'stdout' | 'stderr';
    };

/** The `type` tag of every TraceEvent. */
export type TraceEventType = TraceEvent['type'];

/** Receives trace events as they happen. */
export type TraceSink = (event: TraceEvent) => void;
