/**
 * Label placement for the sequence diagram: each label tries its preferred spots around its
 * anchor and takes the first that overlaps no placed label, arrow or mark; otherwise its short
 * form; otherwise it is left out (the mark keeps it as a tooltip), except drop reasons, which go
 * below everything else. Pure geometry on monospace text, so it is tested in Node.
 */

/** A rectangle in diagram pixels. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Where a label may sit around its anchor. */
export type Spot =
  | 'above'
  | 'above-left'
  | 'above-right'
  | 'below'
  | 'below-left'
  | 'below-right'
  | 'left'
  | 'right'
  | 'top-right';

/** A label that wants a place. */
export interface LabelWish {
  readonly id: string;
  readonly kind: 'packet' | 'rewrite' | 'drop' | 'note' | 'group';
  /** The event a click on it seeks to. */
  readonly index: number;
  readonly lines: readonly string[];
  /** A shorter form, tried when no spot fits the full one. */
  readonly short?: readonly string[] | undefined;
  readonly at: { readonly x: number; readonly y: number };
  readonly prefer: readonly Spot[];
  /** Lower goes first. */
  readonly priority: number;
  /** Never left out: as a last resort it goes below everything. */
  readonly mustShow?: boolean;
}

/** A label with its place. */
export interface PlacedLabel {
  readonly id: string;
  readonly kind: LabelWish['kind'];
  readonly index: number;
  readonly lines: readonly string[];
  /** Every line of the full form, for a tooltip when the short one is shown. */
  readonly full: string;
  readonly box: Box;
  readonly anchor: { readonly x: number; readonly y: number };
}

/** A segment obstacle (an arrow). */
interface Segment {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** Line height and padding of a label box (12 px text). */
export const LINE_H = 15;
const PAD = 4;

const grow = (b: Box, by: number): Box => ({
  x: b.x - by,
  y: b.y - by,
  w: b.w + 2 * by,
  h: b.h + 2 * by,
});

/** Whether two boxes overlap (touching is fine). */
export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Whether segment `s` passes through box `b` (Liang-Barsky clipping). */
export function crosses(s: Segment, b: Box): boolean {
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, s.x1 - b.x],
    [dx, b.x + b.w - s.x1],
    [-dy, s.y1 - b.y],
    [dy, b.y + b.h - s.y1],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q <= 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r);
    else t1 = Math.min(t1, r);
    if (t0 >= t1) return false;
  }
  return true;
}

function spotBox(spot: Spot, at: { x: number; y: number }, w: number, h: number): Box {
  switch (spot) {
    case 'above':
      return { x: at.x - w / 2, y: at.y - 5 - h, w, h };
    case 'above-left':
      return { x: at.x - 6 - w, y: at.y - 5 - h, w, h };
    case 'above-right':
      return { x: at.x + 6, y: at.y - 5 - h, w, h };
    case 'below':
      return { x: at.x - w / 2, y: at.y + 8, w, h };
    case 'below-left':
      return { x: at.x - 7 - w, y: at.y + 6, w, h };
    case 'below-right':
      return { x: at.x + 7, y: at.y + 6, w, h };
    case 'left':
      return { x: at.x - 10 - w, y: at.y - h / 2, w, h };
    case 'right':
      return { x: at.x + 10, y: at.y - h / 2, w, h };
    case 'top-right':
      return { x: at.x - w, y: at.y - h - 28, w, h };
    default: {
      const never: never = spot;
      return never;
    }
  }
}

/** Places `wishes` around arrows and marks, inside [left, right]; `ch` is one character's width. */
export function placeLabels(
  wishes: readonly LabelWish[],
  arrows: readonly Segment[],
  marks: readonly { readonly x: number; readonly y: number }[],
  opts: { readonly left: number; readonly right: number; readonly ch: number },
): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  const markBoxes = marks.map((m) => ({ x: m.x - 5, y: m.y - 5, w: 10, h: 10 }));
  const free = (b: Box): boolean =>
    b.x >= opts.left &&
    b.x + b.w <= opts.right &&
    !placed.some((p) => overlaps(b, { ...p.box, x: p.box.x - 2, w: p.box.w + 4 })) &&
    !arrows.some((a) => crosses(a, grow(b, 3))) &&
    !markBoxes.some((m) => overlaps(m, grow(b, 2)));
  const size = (lines: readonly string[]) => ({
    w: Math.ceil(Math.max(...lines.map((l) => l.length)) * opts.ch) + 2 * PAD,
    h: lines.length * LINE_H + PAD,
  });
  const clampX = (b: Box): Box => ({
    ...b,
    x: Math.max(opts.left, Math.min(opts.right - b.w, b.x)),
  });
  const order = [...wishes].sort(
    (a, b) => a.priority - b.priority || a.at.y - b.at.y || a.index - b.index,
  );
  for (const w of order) {
    const full = w.lines.join('\n');
    let done = false;
    for (const lines of w.short ? [w.lines, w.short] : [w.lines]) {
      const { w: bw, h } = size(lines);
      for (const spot of w.prefer) {
        // Centred spots may slide sideways to stay inside the diagram.
        const raw = spotBox(spot, w.at, bw, h);
        const box =
          spot === 'above' || spot === 'below' || spot === 'top-right' ? clampX(raw) : raw;
        if (free(box)) {
          placed.push({ id: w.id, kind: w.kind, index: w.index, lines, full, box, anchor: w.at });
          done = true;
          break;
        }
      }
      if (done) break;
    }
    if (!done && w.mustShow) {
      const { w: bw, h } = size(w.lines);
      const floor = Math.max(
        w.at.y,
        ...placed.map((p) => p.box.y + p.box.h),
        ...arrows.map((a) => Math.max(a.y1, a.y2)),
        ...marks.map((m) => m.y + 5),
      );
      const box = clampX({ x: w.at.x - bw / 2, y: floor + 6, w: bw, h });
      placed.push({
        id: w.id,
        kind: w.kind,
        index: w.index,
        lines: w.lines,
        full,
        box,
        anchor: w.at,
      });
    }
  }
  return placed;
}
