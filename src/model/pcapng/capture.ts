/**
 * From a run's trace to what a capture on every segment would hold: one record per hop (each
 * `forwarded` event, on the segment it crosses), carrying the packet as it was on that wire and
 * the events that befell it when it arrived (a NAT's rewrite, a drop, a delivery).
 */
import type { Packet } from '../packet.ts';
import type { TopologySpec } from '../topology.ts';
import type { TraceEvent } from '../trace.ts';
import { hopSegment } from './segments.ts';

/** The events a record explains: its hop and what happened to the packet at the hop's end. */
export type HopEvent = Extract<
  TraceEvent,
  { readonly type: 'forwarded' | 'translated' | 'dropped' | 'delivered' }
>;

/** One packet on one segment. */
export interface CaptureRecord {
  /** The segment (INTERNET or a router id). */
  readonly segment: string;
  /** When it was put on the wire, virtual ms. */
  readonly t: number;
  readonly from: string;
  readonly to: string;
  /** The packet as it was on this segment (after any NAT on the way). */
  readonly packet: Packet;
  /** 64 minus the routers it crossed before this hop. */
  readonly ttl: number;
  /** The `forwarded` event, then the packet's events at the hop's end, in order. */
  readonly events: readonly HopEvent[];
}

/** The initial TTL of a host's packets. */
export const INITIAL_TTL = 64;

/** The packet id an event is about, if it is about one packet. */
function packetIdOf(e: TraceEvent): number | undefined {
  switch (e.type) {
    case 'translated':
      return e.after.id;
    case 'dropped':
    case 'delivered':
      return e.packet.id;
    default:
      return undefined;
  }
}

/** The capture records of `events` (a whole run, in order) on `topology`, in time order. */
export function captureRecords(
  topology: TopologySpec,
  events: readonly TraceEvent[],
): CaptureRecord[] {
  const out: CaptureRecord[] = [];
  /** Packet id -> its latest hop, still collecting what happened at its end. */
  const open = new Map<number, { events: HopEvent[]; hops: number }>();
  for (const e of events) {
    if (e.type === 'forwarded') {
      const hops = open.get(e.packet.id)?.hops ?? 0;
      const own: HopEvent[] = [e];
      out.push({
        segment: hopSegment(topology, e.from, e.to),
        t: e.t,
        from: e.from,
        to: e.to,
        packet: e.packet,
        ttl: Math.max(1, INITIAL_TTL - hops),
        events: own,
      });
      open.set(e.packet.id, { events: own, hops: hops + 1 });
      continue;
    }
    const id = packetIdOf(e);
    if (id === undefined) continue;
    const hop = open.get(id);
    if (!hop) continue;
    hop.events.push(e as HopEvent);
    if (e.type !== 'translated') open.delete(id);
  }
  return out;
}
