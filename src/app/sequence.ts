/**
 * The sequence (ladder) diagram's view model: a pure function of a run's events up to an index,
 * giving the lanes (nodes in the topology drawing's left-to-right order) and, per packet, its
 * hops, the rewrites at each NAT and how it ended, with repeated packets folded into groups.
 * Times only, no pixels and no words: src/views/sequence-layout.ts places them.
 *
 *   Bob   Bob's NAT   Server   Alice's NAT   Alice
 *    │ ──#1──►│            │          │           │
 *    │        │ ⇒ rewrite ─►│          │           │
 */
import type { DropReason, Endpoint, TopologySpec, TraceEvent } from '../model/index.ts';
import { layoutTopology } from '../views/layout.ts';
import { payloadSummary } from './payload.ts';
import { withLost } from './sequence-fate.ts';
import { groupRepeats, signature } from './sequence-groups.ts';
import type { SequenceItem } from './sequence-groups.ts';

export type { PacketGroup, SequenceItem } from './sequence-groups.ts';

/** One vertical line: a node of the topology. */
export interface Lane {
  readonly id: string;
  readonly kind: 'host' | 'router';
}

/** Source and destination of a packet at some point of its path. */
export interface Addresses {
  readonly src: Endpoint;
  readonly dst: Endpoint;
}

/** One hop: a `forwarded` event, drawn as one arrow. */
export interface Hop extends Addresses {
  /** 1-based index of the `forwarded` event (what a click seeks to). */
  readonly index: number;
  readonly from: string;
  readonly to: string;
  readonly depart: number;
  readonly arrive: number;
}

/** A NAT's rewrite: a `translated` event, written at the NAT's lane. */
export interface Rewrite {
  readonly index: number;
  readonly node: string;
  readonly t: number;
  readonly direction: 'outbound' | 'inbound' | 'hairpin';
  readonly before: Addresses;
  readonly after: Addresses;
}

/** How a packet ended: delivered to a socket, or dropped (with the event, for wording). */
export type PacketEnd =
  | {
      readonly kind: 'delivered';
      readonly index: number;
      readonly node: string;
      readonly t: number;
    }
  | {
      readonly kind: 'dropped';
      readonly index: number;
      readonly node: string;
      readonly t: number;
      readonly reason: DropReason;
      readonly event: Extract<TraceEvent, { type: 'dropped' }>;
    }
  | {
      /** Never arrived and nothing says where it died (a real run's datagram no one received). */
      readonly kind: 'lost';
      /** Its send (no later event has it). */
      readonly index: number;
      /** The lane it was last seen heading to (its last hop's end, else the sender's router). */
      readonly node: string;
      readonly t: number;
    };

/** One packet's story so far. */
export interface PacketRow {
  readonly id: number;
  /** The node that sent it. */
  readonly origin: string;
  /** The payload in a few words (`“toc”`, `STUN Binding request`). */
  readonly text: string;
  /** Index and time of its `sent` event (or of its first event, for a trace that starts late). */
  readonly sentIndex: number;
  readonly sentAt: number;
  readonly sent: Addresses;
  readonly hops: readonly Hop[];
  readonly rewrites: readonly Rewrite[];
  readonly end: PacketEnd | undefined;
  /** Equal for packets that look and travel alike (origin, addresses, payload, path, ending). */
  readonly signature: string;
}

/** A note on a lane that is not a packet: a NAT mapping that expired. */
export interface LaneNote {
  readonly kind: 'expired';
  readonly index: number;
  readonly node: string;
  readonly t: number;
}

/** The whole diagram's content after `index` events. */
export interface SequenceModel {
  readonly lanes: readonly Lane[];
  /** Packets, groups and notes in the order they start. */
  readonly items: readonly SequenceItem[];
  /** The event shown now (1-based; 0 = before the first). */
  readonly index: number;
  /** Virtual time of the event shown now. */
  readonly now: number;
}

/**
 * The lanes in the topology drawing's left-to-right order. Nodes drawn one above the other (a host
 * under its router) go outward: the one nearer the internet sits nearer the middle.
 */
export function laneOrder(topology: TopologySpec): Lane[] {
  const layout = layoutTopology(topology, 1000);
  const centre = (layout.busX[0] + layout.busX[1]) / 2;
  const boxes = [...layout.nodes.values()];
  const anchor = (id: string): number => {
    const self = layout.nodes.get(id);
    let p = self ? layout.nodes.get(self.parent) : undefined;
    while (p && self && Math.abs(p.x - self.x) < 0.5) p = layout.nodes.get(p.parent);
    return p ? p.x : centre;
  };
  return boxes
    .sort((a, b) => {
      if (Math.abs(a.x - b.x) >= 0.5) return a.x - b.x;
      // Same column: deeper nodes away from the ancestor they hang from.
      const outward = anchor(a.id) > a.x ? -1 : 1;
      return (a.depth - b.depth) * outward;
    })
    .map((n) => ({ id: n.id, kind: n.kind }));
}

const addr = (p: { src: Endpoint; dst: Endpoint }): Addresses => ({ src: p.src, dst: p.dst });

interface MutableRow {
  id: number;
  origin: string;
  text: string;
  sentIndex: number;
  sentAt: number;
  sent: Addresses;
  hops: Hop[];
  rewrites: Rewrite[];
  end: PacketEnd | undefined;
}

/** Packets (in the order they were sent) and lane notes from the first `index` events. */
export function packetRows(
  events: readonly TraceEvent[],
  index: number,
): { rows: PacketRow[]; notes: LaneNote[] } {
  const n = Math.max(0, Math.min(index, events.length));
  const rows = new Map<number, MutableRow>();
  const notes: LaneNote[] = [];
  const row = (
    i: number,
    t: number,
    node: string,
    p: { id: number } & Addresses,
    pay?: Uint8Array,
  ) => {
    let r = rows.get(p.id);
    if (!r) {
      r = {
        id: p.id,
        origin: node,
        text: pay ? payloadSummary(pay) : '',
        sentIndex: i,
        sentAt: t,
        sent: addr(p),
        hops: [],
        rewrites: [],
        end: undefined,
      };
      rows.set(p.id, r);
    }
    return r;
  };
  for (let k = 0; k < n; k++) {
    const e = events[k] as TraceEvent;
    const i = k + 1;
    switch (e.type) {
      case 'sent':
        row(i, e.t, e.node, e.packet, e.packet.payload);
        break;
      case 'forwarded':
        row(i, e.t, e.from, e.packet, e.packet.payload).hops.push({
          index: i,
          from: e.from,
          to: e.to,
          depart: e.t,
          arrive: e.arriveAt,
          ...addr(e.packet),
        });
        break;
      case 'translated':
        row(i, e.t, e.node, e.before, e.before.payload).rewrites.push({
          index: i,
          node: e.node,
          t: e.t,
          direction: e.direction,
          before: addr(e.before),
          after: addr(e.after),
        });
        break;
      case 'delivered':
        row(i, e.t, e.node, e.packet, e.packet.payload).end = {
          kind: 'delivered',
          index: i,
          node: e.node,
          t: e.t,
        };
        break;
      case 'dropped':
        row(i, e.t, e.node, e.packet, e.packet.payload).end = {
          kind: 'dropped',
          index: i,
          node: e.node,
          t: e.t,
          reason: e.reason,
          event: e,
        };
        break;
      case 'mapping-expired':
        notes.push({ kind: 'expired', index: i, node: e.node, t: e.t });
        break;
      case 'mapping-created':
      case 'mapping-refreshed':
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
  return {
    rows: [...rows.values()]
      .sort((a, b) => a.sentIndex - b.sentIndex)
      .map((r) => ({ ...r, signature: signature(r) })),
    notes,
  };
}

/** Options of the model. */
export interface SequenceOptions {
  /** Keys of the groups the user opened. */
  readonly expanded?: ReadonlySet<string>;
  /** The run is complete (a saved or settled real run): a datagram nothing ended is lost. */
  readonly complete?: boolean;
}

/** The diagram after the first `index` events of a run over `topology`. */
export function sequenceModel(
  topology: TopologySpec,
  events: readonly TraceEvent[],
  index: number,
  options: SequenceOptions = {},
): SequenceModel {
  const n = Math.max(0, Math.min(Math.trunc(index) || 0, events.length));
  const found = packetRows(events, n);
  const { notes } = found;
  const rows = options.complete ? withLost(found.rows, events, topology, n) : found.rows;
  const items = groupRepeats(rows, n, options.expanded ?? new Set());
  const merged: SequenceItem[] = [...items];
  for (const note of notes) merged.push({ kind: 'note', note });
  const start = (x: SequenceItem): number =>
    x.kind === 'packet'
      ? x.row.sentIndex
      : x.kind === 'group'
        ? (x.group.members[0]?.[0]?.sentIndex ?? 0)
        : x.note.index;
  merged.sort((a, b) => start(a) - start(b));
  const last = n > 0 ? events[n - 1] : undefined;
  return { lanes: laneOrder(topology), items: merged, index: n, now: last?.t ?? 0 };
}
