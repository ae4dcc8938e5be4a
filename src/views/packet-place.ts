/**
 * Where each packet goes on the stage and how it gets there: the resting point at its node
 * (side by side on the card's upper edge when several wait there), the polyline of a new hop,
 * the easing both packet renderers (SVG and canvas) animate with, and where a packet's label sits
 * beside its dot, clear of node cards and other labels.
 */
import type { PacketView } from '../app/packets.ts';
import type { Point, TopologyLayout } from './layout.ts';
import { hopPath } from './layout.ts';

/** A packet with its resting point and, when it moved onto a new hop, the path to animate. */
export interface Placed {
  readonly view: PacketView;
  readonly target: Point;
  readonly path: readonly Point[] | undefined;
  /** Changes whenever the packet starts a new hop or changes state. */
  readonly key: string;
}

/** Places every packet for `layout`. */
export function place(layout: TopologyLayout, packets: readonly PacketView[]): Placed[] {
  const perNode = new Map<string, number>();
  return packets.map((view) => {
    const path = hopPath(layout, view.from, view.to);
    const end = path[path.length - 1] as Point;
    const node = layout.nodes.get(view.to);
    const k = perNode.get(view.to) ?? 0;
    perNode.set(view.to, k + 1);
    const perRow = node ? Math.max(1, Math.floor((node.w - 16) / 14)) : 1;
    const dx = node ? -node.w / 2 + 14 + (k % perRow) * 14 : 0;
    const dy = node ? -node.h / 2 - 2 - (Math.floor(k / perRow) % 4) * 12 : 0;
    const target: Point = [end[0] + dx, end[1] + dy];
    const moving = view.status === 'flying';
    return {
      view,
      target,
      path: moving ? [...path.slice(0, -1), target] : undefined,
      key: `${view.lastIndex}:${view.from}>${view.to}`,
    };
  });
}

/** Ease in-out (quadratic) over f in [0, 1]. */
export function ease(f: number): number {
  return f < 0.5 ? 2 * f * f : 1 - (-2 * f + 2) ** 2 / 2;
}

/** An axis-aligned rectangle: left, top, width, height. */
export type Rect = readonly [number, number, number, number];

/** What labels keep off: every node's card and, more lightly, the internet bus. */
export interface Obstacles {
  readonly boxes: readonly Rect[];
  readonly bus: Rect;
  readonly width: number;
  readonly height: number;
}

/** The obstacles of a layout. */
export function obstacles(layout: TopologyLayout): Obstacles {
  const boxes = [...layout.nodes.values()].map((n): Rect => [
    n.x - n.w / 2,
    n.y - n.h / 2,
    n.w,
    n.h,
  ]);
  const [x0, x1] = layout.busX;
  return {
    boxes,
    bus: [x0, layout.busY - 3, x1 - x0, 6],
    width: layout.width,
    height: layout.height,
  };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Where a label may sit around its dot (offsets of its top-left corner), in order of taste. */
const SPOTS: readonly ((w: number, h: number) => Point)[] = [
  (_w, h) => [10, -h - 6],
  (w, h) => [-w - 10, -h - 6],
  () => [10, 8],
  (w) => [-w - 10, 8],
  (_w, h) => [12, -h / 2],
  (w, h) => [-w - 12, -h / 2],
  (_w, h) => [10, -h - 10],
  (w, h) => [-w - 10, -h - 10],
  (w, h) => [-w / 2, -h - 10],
  (w) => [-w / 2, 10],
];

/** A label's chosen rectangle and which spot around the dot it took. */
export interface LabelSpot {
  readonly rect: Rect;
  readonly spot: number;
}

/**
 * Where a `w` x `h` label goes beside a dot at `at`: the first spot around it that covers no
 * node card, no other label in `taken` and stays on the stage (the bus counts a little), else
 * the least covered one. `prefer` (the spot it had) wins while it stays clear, so a label
 * travelling with its dot does not hop from side to side.
 */
export function labelSpot(
  o: Obstacles,
  at: Point,
  w: number,
  h: number,
  taken: readonly Rect[] = [],
  prefer?: number,
): LabelSpot {
  const cost = (r: Rect): number => {
    let c = 0;
    for (const b of o.boxes) c += overlap(r, b);
    for (const b of taken) c += overlap(r, b);
    c += overlap(r, o.bus) * 0.25;
    c += overlap(r, [at[0] - 7, at[1] - 7, 14, 14]) * 4; // never over its own dot
    const inside = overlap(r, [0, 0, o.width, o.height]);
    return c + (w * h - inside) * 2;
  };
  const rectAt = (k: number): Rect => {
    const [dx, dy] = (SPOTS[k] as (w: number, h: number) => Point)(w, h);
    // Slide along the stage's edges rather than past them (a phone's stage is narrow).
    const x = Math.max(2, Math.min(o.width - w - 2, at[0] + dx));
    const y = Math.max(2, Math.min(o.height - h - 2, at[1] + dy));
    return [x, y, w, h];
  };
  if (prefer !== undefined && prefer >= 0 && prefer < SPOTS.length) {
    const r = rectAt(prefer);
    if (cost(r) === 0) return { rect: r, spot: prefer };
  }
  let best: LabelSpot | undefined;
  let bestCost = Infinity;
  for (let k = 0; k < SPOTS.length; k++) {
    const r = rectAt(k);
    const c = cost(r);
    if (c < bestCost) [best, bestCost] = [{ rect: r, spot: k }, c];
    if (c === 0) break;
  }
  return best as LabelSpot;
}
