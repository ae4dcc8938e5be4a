/**
 * Where things go on the stage: a pure layout of a scenario's tree (internet bus on top, routers
 * and hosts below their parents, peers left and right of the server) for a given width, and the
 * polyline a packet follows between two nodes. No DOM, so it is tested in Node.
 *
 *   ════════════ internet bus ════════════
 *      │              │              │
 *   [bob-nat]     [server]     [alice-nat]
 *      │                             │
 *    [bob]                        [alice]
 */
import { INTERNET } from '../model/index.ts';
import type { TopologySpec } from '../model/index.ts';

/** A point in stage pixels. */
export type Point = readonly [number, number];

/** One node's card on the stage. */
export interface NodeBox {
  readonly id: string;
  readonly kind: 'host' | 'router';
  readonly parent: string;
  readonly depth: number;
  /** Centre of the card. */
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** The stage's geometry. */
export interface TopologyLayout {
  readonly width: number;
  readonly height: number;
  /** y of the internet bus. */
  readonly busY: number;
  readonly busX: readonly [number, number];
  readonly nodes: ReadonlyMap<string, NodeBox>;
  /** Narrow screens get smaller cards and fewer labels. */
  readonly compact: boolean;
}

const ROW = 104;
const BUS_Y = 34;

/** Lays out `spec` for a stage `width` pixels wide. */
export function layoutTopology(spec: TopologySpec, width: number): TopologyLayout {
  const compact = width < 640;
  const children = new Map<string, string[]>();
  for (const n of spec.nodes) children.set(n.parent, [...(children.get(n.parent) ?? []), n.id]);
  const kinds = new Map(spec.nodes.map((n) => [n.id, n.kind]));
  // Routers split left and right of the internet's hosts (the server in the middle).
  const top = children.get(INTERNET) ?? [];
  const routers = top.filter((id) => kinds.get(id) === 'router');
  const hosts = top.filter((id) => kinds.get(id) !== 'router');
  const half = Math.ceil(routers.length / 2);
  children.set(INTERNET, [...routers.slice(0, half), ...hosts, ...routers.slice(half)]);

  const leaves = new Map<string, number>();
  const countLeaves = (id: string): number => {
    const c = children.get(id) ?? [];
    const n = c.length === 0 ? 1 : c.reduce((s, k) => s + countLeaves(k), 0);
    leaves.set(id, n);
    return n;
  };
  const total = countLeaves(INTERNET);
  const margin = compact ? 4 : 16;
  const col = (width - 2 * margin) / total;
  const w = Math.max(72, Math.min(compact ? col - 6 : 190, col - 12));
  const nodes = new Map<string, NodeBox>();
  let maxDepth = 0;
  const place = (id: string, left: number, depth: number): void => {
    const span = (leaves.get(id) ?? 1) * col;
    if (id !== INTERNET) {
      const kind = kinds.get(id) === 'router' ? 'router' : 'host';
      const spec0 = spec.nodes.find((n) => n.id === id);
      // A host with several addresses (the STUN server's alternate) gets a line for each.
      const extra = spec0?.kind === 'host' ? (spec0.extraIps?.length ?? 0) : 0;
      nodes.set(id, {
        id,
        kind,
        parent: spec0?.parent ?? INTERNET,
        depth,
        x: left + span / 2,
        y: BUS_Y + depth * ROW - ROW / 2 + 20,
        w,
        h: (kind === 'router' ? (compact ? 62 : 66) : compact ? 44 : 48) + extra * 14,
      });
      maxDepth = Math.max(maxDepth, depth);
    }
    let x = left;
    for (const c of children.get(id) ?? []) {
      place(c, x, depth + 1);
      x += (leaves.get(c) ?? 1) * col;
    }
  };
  place(INTERNET, margin, 0);
  const xs = [...nodes.values()].filter((n) => n.depth === 1).map((n) => n.x);
  return {
    width,
    height: BUS_Y + maxDepth * ROW - ROW / 2 + 20 + 44,
    busY: BUS_Y,
    busX: [Math.min(...xs, width / 2) - 30, Math.max(...xs, width / 2) + 30],
    nodes,
    compact,
  };
}

/** The polyline from node `from` to node `to`: along their link, or across a shared segment. */
export function hopPath(layout: TopologyLayout, from: string, to: string): Point[] {
  const a = layout.nodes.get(from);
  const b = layout.nodes.get(to);
  if (!a || !b) return a ? [[a.x, a.y]] : b ? [[b.x, b.y]] : [[0, 0]];
  if (a.id === b.id) return [[a.x, a.y]];
  if (b.parent === a.id || a.parent === b.id)
    return [
      [a.x, a.y],
      [b.x, b.y],
    ];
  if (a.parent === b.parent && a.parent === INTERNET) {
    const y = layout.busY;
    return [
      [a.x, a.y],
      [a.x, y],
      [b.x, y],
      [b.x, b.y],
    ];
  }
  const p = layout.nodes.get(a.parent);
  return p
    ? [
        [a.x, a.y],
        [p.x, p.y],
        [b.x, b.y],
      ]
    : [
        [a.x, a.y],
        [b.x, b.y],
      ];
}

/** The point at fraction `f` (0..1) of a polyline's length. */
export function pointAt(path: readonly Point[], f: number): Point {
  if (path.length === 1 || f <= 0) return path[0] as Point;
  let total = 0;
  const seg: number[] = [];
  for (let i = 1; i < path.length; i++) {
    const [x0, y0] = path[i - 1] as Point;
    const [x1, y1] = path[i] as Point;
    const d = Math.hypot(x1 - x0, y1 - y0);
    seg.push(d);
    total += d;
  }
  let want = Math.min(1, f) * total;
  for (let i = 1; i < path.length; i++) {
    const d = seg[i - 1] as number;
    if (want <= d || i === path.length - 1) {
      const [x0, y0] = path[i - 1] as Point;
      const [x1, y1] = path[i] as Point;
      const k = d === 0 ? 1 : Math.min(1, want / d);
      return [x0 + (x1 - x0) * k, y0 + (y1 - y0) * k];
    }
    want -= d;
  }
  return path[path.length - 1] as Point;
}
