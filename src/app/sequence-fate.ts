/**
 * What became of each datagram in the sequence diagram, and which never arrived: delivered,
 * dropped (at a node, with the trace's reason), lost (nothing says where: a complete real run in
 * which no machine reported it arriving), or still travelling at the event shown. The diagram
 * draws the never-arrived ones faded and dashed, ending in a cross, and lists them in words.
 *
 *   alice ──"upd hole"──► alice-nat ──► bob-nat ✕ filtered      (dropped, the model or a capture)
 *   alice ─ ─"upd hole"─ ─ ✕ ?                                    (lost: a live run saw only the send)
 */
import type { DropReason, TopologySpec, TraceEvent } from '../model/index.ts';
import { signature } from './sequence-groups.ts';
import type { PacketRow, SequenceItem } from './sequence.ts';

/** A datagram's fate at the event shown. */
export type Fate =
  | { readonly kind: 'delivered'; readonly node: string }
  | {
      readonly kind: 'dropped';
      readonly node: string;
      readonly reason: DropReason;
      readonly event: Extract<TraceEvent, { type: 'dropped' }>;
    }
  | { readonly kind: 'lost'; readonly node: string }
  | { readonly kind: 'travelling' };

/** A datagram that never arrived, with what the diagram says of it. */
export interface NeverArrived {
  readonly row: PacketRow;
  readonly fate: Extract<Fate, { kind: 'dropped' | 'lost' }>;
}

/** The fate of one row. */
export function fateOf(row: PacketRow): Fate {
  const end = row.end;
  if (!end) return { kind: 'travelling' };
  switch (end.kind) {
    case 'delivered':
      return { kind: 'delivered', node: end.node };
    case 'dropped':
      return { kind: 'dropped', node: end.node, reason: end.reason, event: end.event };
    case 'lost':
      return { kind: 'lost', node: end.node };
  }
}

/** The rows that never arrived (dropped or lost), in send order. */
export function neverArrived(rows: readonly PacketRow[]): NeverArrived[] {
  return rows.flatMap((row) => {
    const fate = fateOf(row);
    return fate.kind === 'dropped' || fate.kind === 'lost' ? [{ row, fate }] : [];
  });
}

/** The packets some event of `events` from `from` on ends (delivered or dropped). */
function endedFrom(events: readonly TraceEvent[], from: number): Set<number> {
  const ended = new Set<number>();
  for (let k = from; k < events.length; k++) {
    const e = events[k] as TraceEvent;
    if (e.type === 'delivered' || e.type === 'dropped') ended.add(e.packet.id);
  }
  return ended;
}

/**
 * The rows (after the first `index` events) of a complete run with every datagram that nothing
 * ends, not even later, marked lost: at its last hop's end, or (seen only leaving) heading to the
 * sender's router.
 */
export function withLost(
  rows: readonly PacketRow[],
  events: readonly TraceEvent[],
  topology: TopologySpec,
  index: number,
): PacketRow[] {
  const parents = new Map(topology.nodes.map((n) => [n.id, n.parent]));
  const nodes = new Set(topology.nodes.map((n) => n.id));
  const later = rows.some((r) => !r.end) ? endedFrom(events, index) : new Set<number>();
  return rows.map((r) => {
    if (r.end || later.has(r.id)) return r;
    const parent = parents.get(r.origin);
    const node =
      r.hops.at(-1)?.to ?? (parent !== undefined && nodes.has(parent) ? parent : r.origin);
    const row = { ...r, end: { kind: 'lost' as const, index: r.sentIndex, node, t: r.sentAt } };
    return { ...row, signature: signature(row) };
  });
}

/** Every packet row of a diagram's items (a group's every repetition included), in send order. */
export function rowsOf(items: readonly SequenceItem[]): PacketRow[] {
  const rows = items.flatMap((it) =>
    it.kind === 'packet' ? [it.row] : it.kind === 'group' ? it.group.members.flat() : [],
  );
  return rows.sort((a, b) => a.sentIndex - b.sentIndex);
}
