/**
 * Pixels for the sequence diagram, still without a DOM: lane x positions, time to y (to scale
 * inside a burst of activity, with long gaps cut to a break that says how long it was), the arrows
 * and marks, and labels placed so that none overlaps another label, an arrow or a mark.
 */
import type { PacketRow, SequenceModel } from '../app/sequence.ts';
import type { Box } from './sequence-labels.ts';
import { placeLabels } from './sequence-labels.ts';
import type { PlacedLabel } from './sequence-labels.ts';
import { burstContent, units, CH } from './sequence-burst.ts';
import type { Unit } from './sequence-burst.ts';

export type { Box, PlacedLabel } from './sequence-labels.ts';

/** Pixels per virtual millisecond inside a burst: a 20 ms internet hop slopes 48 px. */
export const PX_PER_MS = 2.4;
/** Quiet stretches longer than this (ms) are cut to a break. */
export const GAP_MS = 40;

/** The words the diagram writes, in the UI language. */
export interface SequenceWords {
  /** A drop's reason, as a sentence. */
  readonly drop: (row: PacketRow) => string;
  /** What is known of a datagram that never arrived and nothing says where it died. */
  readonly lost: (row: PacketRow) => string;
  /** A closed or open group's tag, e.g. "× 6, every 20 s". */
  readonly group: (count: number, period: readonly [number, number]) => string;
  /** A break's text for `ms` of quiet, e.g. "+20 s". */
  readonly gap: (ms: number) => string;
  /** The time at the top of a burst. */
  readonly time: (ms: number) => string;
  readonly expired: string;
}

/** One arrow: a hop. */
export interface SeqArrow {
  readonly index: number;
  readonly packet: number;
  readonly origin: string;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  /** The packet's fate so far, for its style (dropped and lost: faded, dashed). */
  readonly end: 'delivered' | 'dropped' | 'lost' | 'open';
}

/** A point mark: where a packet was sent, rewritten, delivered, dropped; an expired mapping. */
export interface SeqMark {
  readonly kind: 'send' | 'rewrite' | 'deliver' | 'drop' | 'lost' | 'expired';
  readonly index: number;
  /** A drop's or a loss's element id (`e` + index), a keyboard stop. */
  readonly id?: string;
  /** The datagram it ends (drop, loss). */
  readonly packet?: number;
  readonly x: number;
  readonly y: number;
}

/** A cut in the time axis. */
export interface SeqBreak {
  readonly y: number;
  readonly h: number;
  readonly text: string;
}

/** A group's bracket on the right, with its tag. */
export interface SeqBracket {
  readonly key: string;
  readonly x: number;
  readonly y1: number;
  readonly y2: number;
  readonly expanded: boolean;
  readonly label: PlacedLabel;
}

/** Something the keyboard can stop at, in top-to-bottom order. */
export interface FocusStop {
  readonly id: string;
  readonly kind: 'hop' | 'rewrite' | 'drop' | 'group';
  /** The event a press on Enter seeks to (groups: their first event). */
  readonly index: number;
  /** The datagram it belongs to (its fate is part of what it says). */
  readonly packet?: number;
  readonly key?: string;
  readonly y: number;
}

/** The diagram's geometry. */
export interface SequenceLayout {
  readonly width: number;
  readonly height: number;
  readonly gutter: number;
  readonly lanes: readonly { readonly id: string; readonly x: number }[];
  readonly arrows: readonly SeqArrow[];
  readonly marks: readonly SeqMark[];
  readonly labels: readonly PlacedLabel[];
  readonly breaks: readonly SeqBreak[];
  readonly brackets: readonly SeqBracket[];
  readonly times: readonly { readonly y: number; readonly text: string }[];
  readonly focus: readonly FocusStop[];
  /** y of the current event (or of the virtual time now, between events). */
  readonly nowY: number;
}

/** Lays out `model` for a diagram `width` pixels wide. */
export function layoutSequence(
  model: SequenceModel,
  width: number,
  words: SequenceWords,
): SequenceLayout {
  const compact = width < 560;
  const gutter = compact ? 54 : 64;
  const right = compact ? 14 : 22;
  const gap = (width - gutter - right) / Math.max(1, model.lanes.length);
  const lanes = model.lanes.map((l, i) => ({ id: l.id, x: gutter + gap * (i + 0.5) }));
  const laneX = new Map(lanes.map((l) => [l.id, l.x]));
  const X = (id: string) => laneX.get(id) ?? gutter;
  const bounds = { left: gutter - (compact ? 40 : 56), right: width - right };
  const dropChars = Math.max(
    16,
    Math.min(40, Math.floor(Math.min(300, width - gutter - right) / CH)),
  );

  // Bursts: units closer than GAP_MS share one linear time scale; a closed group stands alone.
  const us = units(model.items);
  const bursts: Unit[][] = [];
  for (const u of us) {
    const cur = bursts.at(-1);
    const prev = cur?.at(-1);
    if (
      cur &&
      prev &&
      !prev.group &&
      !u.group &&
      u.t0 - Math.max(...cur.map((c) => c.t1)) <= GAP_MS
    )
      cur.push(u);
    else bursts.push([u]);
  }

  const arrows: SeqArrow[] = [];
  const marks: SeqMark[] = [];
  const labels: PlacedLabel[] = [];
  const breaks: SeqBreak[] = [];
  const brackets: SeqBracket[] = [];
  const times: { y: number; text: string }[] = [];
  const focus: FocusStop[] = [];
  const spans: { t0: number; t1: number; s0: number; s1: number; y0: number; y1: number }[] = [];
  let y = 8;
  let prevEnd: number | undefined;
  let prevBelow = 0;
  let openBracket: { key: string; y1: number; label: PlacedLabel; open: boolean } | undefined;
  for (const burst of bursts) {
    const t0 = Math.min(...burst.map((u) => u.t0));
    const t1 = Math.max(...burst.map((u) => u.t1));
    const ly = (t: number) => (t - t0) * PX_PER_MS;
    const { bArrows, bMarks, wishes, stops } = burstContent(burst, ly, X, words, {
      right: bounds.right,
      dropChars,
    });
    const height = ly(t1);
    const placed = placeLabels(wishes, bArrows, bMarks, { ...bounds, ch: CH });
    const top = Math.min(0, ...placed.map((l) => l.box.y), ...bMarks.map((m) => m.y - 8));
    const bottom = Math.max(
      height,
      ...placed.map((l) => l.box.y + l.box.h),
      ...bMarks.map((m) => m.y + 8),
    );
    const above = -top;
    const below = bottom - height;
    const span0 = Math.min(...burst.map((u) => u.span[0]));
    if (prevEnd !== undefined) {
      const quiet = span0 - prevEnd;
      const h = Math.max(22 + 8 * Math.log10(Math.max(1, quiet / GAP_MS)), prevBelow + above + 22);
      breaks.push({ y: y + prevBelow + 2, h: h - prevBelow - above - 4, text: words.gap(quiet) });
      y += h;
    } else y += above;
    const y0 = y;
    times.push({ y: y0, text: words.time(span0) });
    // A closed group draws one repetition: say when that one happened too.
    if (burst[0]?.group && !burst[0].group.open && burst[0].t0 !== span0)
      times.push({ y: y0 + 16, text: `… ${words.time(burst[0].t0)}` });
    const shift = (b: Box): Box => ({ ...b, y: b.y + y0 });
    for (const a of bArrows) arrows.push({ ...a, y1: a.y1 + y0, y2: a.y2 + y0 });
    for (const m of bMarks) marks.push({ ...m, y: m.y + y0 });
    for (const s of stops) focus.push({ ...s, y: s.y + y0 });
    for (const l of placed) {
      const moved = { ...l, box: shift(l.box), anchor: { x: l.anchor.x, y: l.anchor.y + y0 } };
      if (l.kind !== 'group') labels.push(moved);
      else {
        const u = burst.find((b) => b.group && `group-${b.group.key}` === l.id);
        if (u?.group)
          openBracket = { key: u.group.key, y1: moved.box.y, label: moved, open: u.group.open };
      }
    }
    for (const u of burst)
      if (u.groupEnd && openBracket) {
        const g = openBracket;
        brackets.push({
          key: g.key,
          x: width - right + 6,
          y1: g.y1,
          y2: y0 + height + 4,
          expanded: g.open,
          label: g.label,
        });
        focus.push({
          id: `group-${g.key}`,
          kind: 'group',
          index: g.label.index,
          key: g.key,
          y: g.y1,
        });
        openBracket = undefined;
      }
    spans.push({
      t0,
      t1,
      s0: span0,
      s1: Math.max(...burst.map((u) => u.span[1])),
      y0,
      y1: y0 + height,
    });
    y = y0 + height;
    prevEnd = spans.at(-1)?.s1;
    prevBelow = below;
  }
  const height = y + prevBelow + 16;
  return {
    width,
    height,
    gutter,
    lanes,
    arrows,
    marks,
    labels,
    breaks,
    brackets,
    times,
    focus: focus.sort((a, b) => a.y - b.y || a.index - b.index),
    nowY: nowY(model, marks, spans, height),
  };
}

function nowY(
  model: SequenceModel,
  marks: readonly SeqMark[],
  spans: readonly { t0: number; t1: number; s0: number; s1: number; y0: number; y1: number }[],
  height: number,
): number {
  const m = marks.find((k) => k.index === model.index);
  if (m) return m.y;
  const t = model.now;
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i] as (typeof spans)[number];
    if (t < s.s0) return i === 0 ? 4 : ((spans[i - 1]?.y1 ?? 0) + s.y0) / 2;
    if (t <= s.s1) return Math.min(s.y1, s.y0 + Math.max(0, t - s.t0) * PX_PER_MS);
  }
  return spans.length ? height - 8 : 4;
}
