/**
 * The TraceEvent schema: every observable thing that happens in a run, emitted by the model and,
 * with the same shape, by the real lab, so recorded runs replay and diff against predictions.
 */
import type { Endpoint } from './endpoint.ts';
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
  'filtered-address':
    'filtered: the mapping never sent to this address (address-dependent filtering)',
  'filtered-port':
    'filtered: the mapping never sent to this address and port (address-and-port-dependent filtering)',
  'router-port-closed':
    "reached the router's own stack and nothing listens there; the router kept a conntrack entry for it",
  'hairpin-unsupported': 'this NAT does not hairpin packets sent to its own external address',
  'port-exhausted': 'no free external port left',
  'port-unreachable': 'no socket is bound to this port on the host',
  'socket-connected-elsewhere':
    'the socket is connected to another remote, so the kernel discards this',
};

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
  /** Why it exists beyond an ordinary outbound packet, e.g. a clash. */
  readonly note?: string | undefined;
}

/** One conntrack-style flow: a 5-tuple with its translation. */
export interface FlowView {
  readonly id: number;
  /** `nat`: translated flow; `local`: ends at the router itself; `forward`: a static forward. */
  readonly kind: 'nat' | 'local' | 'forward';
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
