/**
 * Which packets the stage shows after a given event, and where: a pure function of the trace
 * prefix, so stepping back or loading a link shows exactly what stepping forward showed. A packet
 * with no news UNSEEN_AFTER_MS after it was due (a real datagram sent and never seen arriving)
 * is `unseen`: drawn faded, then gone LINGER_MS after it was due, like a finished one.
 */
import { payloadSummary } from './payload.ts';
import type { DropReason, Packet, TraceEvent } from '../model/index.ts';

/** Where a packet is and what happened to it last. */
export type PacketStatus = 'sent' | 'flying' | 'translated' | 'delivered' | 'dropped' | 'unseen';

/** One packet on the stage. */
export interface PacketView {
  readonly id: number;
  /** The packet as it is now (after its last translation). */
  readonly packet: Packet;
  /** For `translated`: the packet as it was before the NAT rewrote it. */
  readonly before?: Packet | undefined;
  /** The hop it is on: `from` and `to` are equal when it sits at a node. */
  readonly from: string;
  readonly to: string;
  readonly status: PacketStatus;
  /** 1-based index of the packet's last event. */
  readonly lastIndex: number;
  /** Virtual times of the hop (equal when it sits at a node). */
  readonly departAt: number;
  readonly arriveAt: number;
  readonly drop?: { readonly reason: DropReason; readonly detail: string } | undefined;
  /** The payload in a few words (quoted text, STUN message type, or size), for labels. */
  readonly text: string;
  /** The node that sent it. */
  readonly origin: string;
}

/** How many events a finished (delivered or dropped) packet stays on stage at least. */
export const LINGER_EVENTS = 3;
/** How long (virtual ms) a finished packet may stay while no newer packet is sent. */
export const LINGER_MS = 5000;
/** How long (virtual ms) after it was due a packet with no news is taken as never arrived. */
export const UNSEEN_AFTER_MS = 1000;

/**
 * The packets to draw after the first `index` events: those still travelling, and finished ones
 * until a newer packet is sent or LINGER_MS pass (but at least LINGER_EVENTS events).
 */
export function packetsAt(events: readonly TraceEvent[], index: number): PacketView[] {
  const n = Math.max(0, Math.min(index, events.length));
  const views = new Map<number, PacketView>();
  let lastSent = 0;
  const origins = new Map<number, string>();
  const base = (
    packet: Packet,
    from: string,
    to: string,
    status: PacketStatus,
    lastIndex: number,
    departAt: number,
    arriveAt: number,
  ): PacketView => ({
    id: packet.id,
    packet,
    from,
    to,
    status,
    lastIndex,
    departAt,
    arriveAt,
    text: payloadSummary(packet.payload),
    origin: origins.get(packet.id) ?? from,
  });
  for (let i = 0; i < n; i++) {
    const e = events[i] as TraceEvent;
    const at = i + 1;
    const prev = (id: number) => views.get(id);
    switch (e.type) {
      case 'sent':
        lastSent = at;
        origins.set(e.packet.id, e.node);
        views.set(e.packet.id, base(e.packet, e.node, e.node, 'sent', at, e.t, e.t));
        break;
      case 'forwarded':
        views.set(e.packet.id, base(e.packet, e.from, e.to, 'flying', at, e.t, e.arriveAt));
        break;
      case 'translated':
        views.set(e.after.id, {
          ...base(e.after, e.node, e.node, 'translated', at, e.t, e.t),
          before: e.before,
        });
        break;
      case 'delivered':
        views.set(e.packet.id, base(e.packet, e.node, e.node, 'delivered', at, e.t, e.t));
        break;
      case 'dropped':
        views.set(e.packet.id, {
          ...base(e.packet, e.node, e.node, 'dropped', at, e.t, e.t),
          drop: { reason: e.reason, detail: e.detail },
          before: prev(e.packet.id)?.before,
        });
        break;
      case 'mapping-created':
      case 'mapping-refreshed':
      case 'mapping-expired':
      case 'flow-created':
      case 'flow-expired':
      case 'command':
      case 'output':
        break;
      default: {
        const never: never = e;
        void never;
      }
    }
  }
  const now = n > 0 ? (events[n - 1] as TraceEvent).t : 0;
  return [...views.values()].flatMap((v) => {
    if (v.status !== 'delivered' && v.status !== 'dropped') {
      const late = now - v.arriveAt;
      if (late <= UNSEEN_AFTER_MS) return [v];
      return late <= LINGER_MS ? [{ ...v, status: 'unseen' as const, from: v.to }] : [];
    }
    const keep =
      n - v.lastIndex < LINGER_EVENTS || (lastSent <= v.lastIndex && now - v.arriveAt <= LINGER_MS);
    return keep ? [v] : [];
  });
}
