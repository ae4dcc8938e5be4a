/**
 * Where each packet goes on the stage and how it gets there: the resting point at its node
 * (side by side on the card's upper edge when several wait there), the polyline of a new hop,
 * and the easing both packet renderers (SVG and canvas) animate with.
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
