/**
 * One burst of the sequence diagram in its own time scale: the units it is built from (a packet,
 * a group's shown or every repetition, a lane note), and their arrows, marks, focus stops and the
 * labels they wish for (a packet's payload, each NAT rewrite, each drop's reason, a group's tag).
 */
import { formatEndpoint } from '../model/index.ts';
import type { PacketRow, SequenceItem } from '../app/sequence.ts';
import type { LabelWish } from './sequence-labels.ts';
import type { FocusStop, SeqArrow, SeqMark, SequenceWords } from './sequence-layout.ts';

/** Width of one 12 px monospace character. */
export const CH = 7.25;

/** A packet, a repetition or a note: what bursts are made of. */
export interface Unit {
  rows: readonly PacketRow[];
  notes: { index: number; node: string; t: number }[];
  t0: number;
  t1: number;
  /** The real time covered (a closed group: first to last repetition). */
  span: [number, number];
  group?: { key: string; count: number; period: readonly [number, number]; open: boolean };
  groupEnd?: boolean;
}

const rowSpan = (r: PacketRow): [number, number] => [
  r.sentAt,
  Math.max(r.sentAt, r.end?.t ?? 0, ...r.hops.map((h) => h.arrive), ...r.rewrites.map((w) => w.t)),
];

/** The units of a model's items, in order. */
export function units(items: readonly SequenceItem[]): Unit[] {
  const out: Unit[] = [];
  const of = (rows: readonly PacketRow[]): Unit => {
    const spans = rows.map(rowSpan);
    const t0 = Math.min(...spans.map((s) => s[0]));
    const t1 = Math.max(...spans.map((s) => s[1]));
    return { rows, notes: [], t0, t1, span: [t0, t1] };
  };
  for (const it of items) {
    if (it.kind === 'packet') out.push(of([it.row]));
    else if (it.kind === 'note')
      out.push({
        rows: [],
        notes: [it.note],
        t0: it.note.t,
        t1: it.note.t,
        span: [it.note.t, it.note.t],
      });
    else {
      const g = it.group;
      const tag = { key: g.key, count: g.members.length, period: g.period, open: g.expanded };
      if (g.expanded) {
        g.members.forEach((m, i) => out.push({ ...of(m), ...(i === 0 ? { group: tag } : {}) }));
        (out.at(-1) as Unit).groupEnd = true;
      } else {
        const first = of(g.members[0] as PacketRow[]);
        const last = of(g.members.at(-1) as PacketRow[]);
        out.push({
          ...of(g.shown),
          span: [first.span[0], last.span[1]],
          group: tag,
          groupEnd: true,
        });
      }
    }
  }
  return out;
}

/** Arrows, marks, focus stops and label wishes of `burst`, with `ly` mapping time to local y. */
export function burstContent(
  burst: readonly Unit[],
  ly: (t: number) => number,
  X: (id: string) => number,
  words: SequenceWords,
  opts: { readonly right: number; readonly dropChars: number },
): { bArrows: SeqArrow[]; bMarks: SeqMark[]; wishes: LabelWish[]; stops: FocusStop[] } {
  const { dropChars } = opts;
  const bounds = { right: opts.right };
  const bArrows: SeqArrow[] = [];
  const bMarks: SeqMark[] = [];
  const wishes: LabelWish[] = [];
  const stops: FocusStop[] = [];
  for (const u of burst) {
    if (u.group) {
      const text = `${words.group(u.group.count, u.group.period)} ${u.group.open ? '▾' : '▸'}`;
      wishes.push({
        id: `group-${u.group.key}`,
        kind: 'group',
        index: u.rows[0]?.sentIndex ?? 0,
        lines: [text],
        at: { x: bounds.right, y: 0 },
        prefer: ['top-right'],
        priority: 0,
      });
    }
    for (const note of u.notes) {
      bMarks.push({ kind: 'expired', index: note.index, x: X(note.node), y: ly(note.t) });
      wishes.push({
        id: `note-${note.index}`,
        kind: 'note',
        index: note.index,
        lines: [words.expired],
        at: { x: X(note.node), y: ly(note.t) },
        prefer: ['right', 'left', 'below'],
        priority: 3,
      });
    }
    for (const r of u.rows) {
      const end = r.end?.kind ?? 'open';
      bMarks.push({ kind: 'send', index: r.sentIndex, x: X(r.origin), y: ly(r.sentAt) });
      for (const h of r.hops) {
        bArrows.push({
          index: h.index,
          packet: r.id,
          origin: r.origin,
          x1: X(h.from),
          y1: ly(h.depart),
          x2: X(h.to),
          y2: ly(h.arrive),
          end,
        });
        stops.push({
          id: `e${h.index}`,
          kind: 'hop',
          index: h.index,
          packet: r.id,
          y: ly(h.depart),
        });
      }
      const first = r.hops[0];
      const fx = first ? (X(first.from) + X(first.to)) / 2 : X(r.origin);
      wishes.push({
        id: `pkt-${r.id}`,
        kind: 'packet',
        index: r.sentIndex,
        lines: [`#${r.id} ${r.text}`],
        short: [`#${r.id}`],
        at: { x: fx, y: first ? Math.min(ly(first.depart), ly(first.arrive)) : ly(r.sentAt) },
        prefer: ['above', 'above-right', 'above-left'],
        priority: 2,
      });
      r.rewrites.forEach((w, k) => {
        const x = X(w.node);
        bMarks.push({ kind: 'rewrite', index: w.index, x, y: ly(w.t) });
        stops.push({ id: `e${w.index}`, kind: 'rewrite', index: w.index, y: ly(w.t) });
        const lines: string[] = [];
        const change = (a: string, b: string) => a !== b && lines.push(a, `⇒ ${b}`);
        change(formatEndpoint(w.before.src), formatEndpoint(w.after.src));
        change(formatEndpoint(w.before.dst), formatEndpoint(w.after.dst));
        const from =
          r.hops.filter((h) => h.to === w.node && h.index < w.index).at(-1)?.from ?? r.origin;
        const left = X(from) <= x;
        wishes.push({
          id: `e${w.index}`,
          kind: 'rewrite',
          index: w.index,
          lines: lines.length ? lines : ['='],
          short: lines.length ? [lines.at(-1) as string] : undefined,
          at: { x, y: ly(w.t) },
          prefer: left
            ? ['below-left', 'below-right', 'above-left', 'above-right']
            : ['below-right', 'below-left', 'above-right', 'above-left'],
          priority: 1 + k * 0.01,
        });
      });
      if (r.end?.kind === 'lost') {
        lostEnd(r, r.end, ly, X, words, dropChars, { bArrows, bMarks, wishes, stops });
      } else if (r.end) {
        const x = X(r.end.node);
        const ey = ly(r.end.t);
        const dropped = r.end.kind === 'dropped';
        bMarks.push({
          kind: dropped ? 'drop' : 'deliver',
          index: r.end.index,
          x,
          y: ey,
          ...(dropped ? { id: `e${r.end.index}`, packet: r.id } : {}),
        });
        if (r.end.kind === 'dropped') {
          stops.push({
            id: `e${r.end.index}`,
            kind: 'drop',
            index: r.end.index,
            packet: r.id,
            y: ey,
          });
          wishes.push({
            id: `e${r.end.index}`,
            kind: 'drop',
            index: r.end.index,
            lines: wrap(`✕ ${words.drop(r)}`, dropChars),
            at: { x, y: ey },
            prefer: ['below', 'below-left', 'below-right'],
            priority: 0.5,
            mustShow: true,
          });
        }
      }
    }
  }
  return { bArrows, bMarks, wishes, stops };
}

/**
 * A datagram that never arrived and nothing says where: after its last hop, or (seen only
 * leaving) as a short dashed stub from the sender toward its router, a cross and "lost" there.
 */
function lostEnd(
  r: PacketRow,
  end: { readonly index: number; readonly node: string; readonly t: number },
  ly: (t: number) => number,
  X: (id: string) => number,
  words: SequenceWords,
  dropChars: number,
  out: { bArrows: SeqArrow[]; bMarks: SeqMark[]; wishes: LabelWish[]; stops: FocusStop[] },
): void {
  let x = X(end.node);
  let y = ly(end.t);
  const last = r.hops.at(-1);
  if (last) y = ly(last.arrive);
  else {
    const x0 = X(r.origin);
    const dx = x - x0;
    x = x0 + (Math.abs(dx) < 1 ? 36 : dx * 0.55);
    y = ly(end.t) + 10;
    out.bArrows.push({
      index: end.index,
      packet: r.id,
      origin: r.origin,
      x1: x0,
      y1: ly(end.t),
      x2: x,
      y2: y,
      end: 'lost',
    });
  }
  // The stub arrow carries the stop's id when there is one; else the cross does.
  const id = last ? { id: `e${end.index}` } : {};
  out.bMarks.push({ kind: 'lost', index: end.index, x, y, packet: r.id, ...id });
  out.stops.push({ id: `e${end.index}`, kind: 'drop', index: end.index, packet: r.id, y });
  out.wishes.push({
    id: `lost-${r.id}`,
    kind: 'drop',
    index: end.index,
    lines: wrap(`✕ ${words.lost(r)}`, dropChars),
    at: { x, y },
    prefer: ['below', 'below-right', 'below-left'],
    priority: 0.5,
    mustShow: true,
  });
}

/** Splits `text` into lines of at most `max` characters, at spaces where it can. */
export function wrap(text: string, max: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (!line) line = word;
    else if (line.length + 1 + word.length <= max) line += ` ${word}`;
    else {
      out.push(line);
      line = word;
    }
    while (line.length > max) {
      out.push(line.slice(0, max));
      line = line.slice(max);
    }
  }
  if (line) out.push(line);
  return out;
}
