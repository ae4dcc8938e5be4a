/**
 * Folding repeats for the sequence diagram: runs of packets that repeat the same pattern (one
 * packet, such as a keepalive, or a short exchange, such as a request and its answer) at least
 * MIN_REPEATS times in a row become one group, drawn once with "× n, every p" and opened on demand.
 * A packet's signature says which packets look and travel alike.
 */
import { formatEndpoint } from '../model/index.ts';
import type { LaneNote, PacketRow } from './sequence.ts';

/** Equal for packets that look and travel alike (see PacketRow.signature). */
export function signature(r: Omit<PacketRow, 'signature'>): string {
  if (!r.end) return `open#${r.id}`;
  const end =
    r.end.kind === 'dropped'
      ? `x${r.end.node}:${r.end.reason}`
      : r.end.kind === 'lost'
        ? `?${r.end.node}`
        : `v${r.end.node}`;
  return [
    r.origin,
    r.text,
    `${formatEndpoint(r.sent.src)}>${formatEndpoint(r.sent.dst)}`,
    r.hops.map((h) => `${h.from}>${h.to}`).join(','),
    r.rewrites
      .map((w) => `${w.node}:${formatEndpoint(w.after.src)}>${formatEndpoint(w.after.dst)}`)
      .join(','),
    end,
  ].join('|');
}

/** A run of repeats shown as one. */
export interface PacketGroup {
  /** Stable while the run grows: `g` and the first packet's id. */
  readonly key: string;
  /** Every repetition, each a block of one or more packets in send order. */
  readonly members: readonly (readonly PacketRow[])[];
  /** Shortest and longest time between the starts of consecutive repetitions (ms). */
  readonly period: readonly [number, number];
  /** Whether the user opened it (every member is drawn). */
  readonly expanded: boolean;
  /** The repetition drawn when closed: the one holding the current event, else the latest. */
  readonly shown: readonly PacketRow[];
}

/** One thing on the diagram, in start order. */
export type SequenceItem =
  | { readonly kind: 'packet'; readonly row: PacketRow }
  | { readonly kind: 'group'; readonly group: PacketGroup }
  | { readonly kind: 'note'; readonly note: LaneNote };

/** A pattern must repeat this many times to fold. */
export const MIN_REPEATS = 3;
/** Longest pattern (in packets) that folds: a request and its answer, or one more. */
export const MAX_BLOCK = 3;

/** Every event index of a packet, to find the repetition holding the current event. */
function holds(row: PacketRow, index: number): boolean {
  const last = Math.max(
    row.sentIndex,
    row.end?.index ?? 0,
    ...row.hops.map((h) => h.index),
    ...row.rewrites.map((w) => w.index),
  );
  return row.sentIndex <= index && index <= last;
}

/** How many times `sigs[i .. i+k)` repeats back to back from `i`. */
function repeats(sigs: readonly string[], i: number, k: number): number {
  let r = 1;
  for (;;) {
    const at = i + r * k;
    if (at + k > sigs.length) return r;
    for (let j = 0; j < k; j++) if (sigs[at + j] !== sigs[i + j]) return r;
    r++;
  }
}

/**
 * Packets in send order, with repeated patterns folded. `index` picks which repetition a closed
 * group shows; `expanded` holds the keys of the groups to open.
 */
export function groupRepeats(
  rows: readonly PacketRow[],
  index: number,
  expanded: ReadonlySet<string>,
): SequenceItem[] {
  const sigs = rows.map((r) => r.signature);
  const out: SequenceItem[] = [];
  let i = 0;
  while (i < rows.length) {
    let best = { k: 0, r: 0 };
    for (let k = 1; k <= MAX_BLOCK && i + k * MIN_REPEATS <= rows.length; k++) {
      // A block repeating a smaller block (A A) is that smaller block's run, not a new pattern.
      if (k > 1 && sigs.slice(i + 1, i + k).every((s) => s === sigs[i])) continue;
      const r = repeats(sigs, i, k);
      if (r >= MIN_REPEATS && r * k > best.r * best.k) best = { k, r };
    }
    if (best.k === 0) {
      out.push({ kind: 'packet', row: rows[i] as PacketRow });
      i++;
      continue;
    }
    const members: PacketRow[][] = [];
    for (let m = 0; m < best.r; m++) members.push(rows.slice(i + m * best.k, i + (m + 1) * best.k));
    const starts = members.map((m) => (m[0] as PacketRow).sentAt);
    const gaps = starts.slice(1).map((s, j) => s - (starts[j] as number));
    const key = `g${(rows[i] as PacketRow).id}`;
    out.push({
      kind: 'group',
      group: {
        key,
        members,
        period: [Math.min(...gaps), Math.max(...gaps)],
        expanded: expanded.has(key),
        shown:
          members.find((m) => m.some((r) => holds(r, index))) ?? (members.at(-1) as PacketRow[]),
      },
    });
    i += best.k * best.r;
  }
  return out;
}
