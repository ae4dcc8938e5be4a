/**
 * Draws packets in flight with d3, keyed by packet id: a dot per packet that glides along its
 * hop's polyline when it moves on (instantly under reduced motion), turns red with a cross when
 * dropped and green when delivered, and, for the few packets that matter, a label with its
 * addresses where a NAT rewrite shows the old address struck through and the new one marked.
 * A label travels with its dot, frame by frame, beside it and clear of the node cards.
 */
import type { Selection } from 'd3';
import { formatEndpoint } from '../model/index.ts';
import type { DropReason } from '../model/index.ts';
import type { PacketView } from '../app/packets.ts';
import type { Point, TopologyLayout } from './layout.ts';
import { pointAt } from './layout.ts';
import type { CanvasFlight } from './packet-canvas.ts';
import { ease, labelSpot, obstacles, place } from './packet-place.ts';
import type { Placed, Rect } from './packet-place.ts';

/** Options of one packet draw. */
export interface PacketOptions {
  /** Duration of a hop's animation in ms; 0 under reduced motion. */
  readonly durationMs: number;
  /** Packet ids that get a full address label. */
  readonly labelled: ReadonlySet<number>;
  readonly selected?: number | undefined;
  /** Packets drawn marked (a real run's datagrams that differ from the prediction). */
  readonly marked?: ReadonlySet<number> | undefined;
  /** Colour class per packet (e.g. by sender). */
  readonly tone: (p: PacketView) => string;
  readonly onSelect: (id: number) => void;
  /** The canvas renderer for crowds (more than SVG_PACKET_LIMIT packets). */
  readonly canvas?: CanvasFlight | undefined;
  /** The colour of a tone class, for the canvas. */
  readonly toneColor?: (tone: string) => string;
  /** A few words for a drop reason, in the UI language. */
  readonly dropTag: (reason: DropReason) => string;
}

type G = Selection<SVGGElement, unknown, null, undefined>;

/** Last drawn state per element, to know what moved. */
interface Drawn {
  key: string;
  pos: Point;
}
const drawn = new WeakMap<Element, Drawn>();

/** Above this many packets, dots go to the canvas renderer; labels stay in SVG. */
export const SVG_PACKET_LIMIT = 60;

/** Draws (or updates) packets into `root`. */
export function drawPackets(
  root: G,
  layout: TopologyLayout,
  packets: readonly PacketView[],
  opts: PacketOptions,
): void {
  const placed = place(layout, packets);
  const crowd = placed.length > SVG_PACKET_LIMIT && opts.canvas !== undefined;
  const labels = drawLabels(root, placed, opts);
  const around = obstacles(layout);
  /** Puts packet `id`'s label beside its dot at `at` (clear of `taken` labels too, if given). */
  const follow = (id: number, at: Point, taken?: Rect[]): void => {
    const l = labels.get(id);
    if (!l) return;
    const spot = labelSpot(around, at, l.w, l.h, taken, taken ? undefined : l.spot);
    l.spot = spot.spot;
    taken?.push(spot.rect);
    l.el.setAttribute('transform', `translate(${spot.rect[0]},${spot.rect[1]})`);
  };
  if (crowd) {
    const color = opts.toneColor ?? (() => '#888');
    opts.canvas?.draw(
      layout,
      placed,
      opts.durationMs,
      (p) =>
        color(
          p.view.status === 'dropped'
            ? 'bad'
            : p.view.status === 'delivered'
              ? 'ok'
              : opts.tone(p.view),
        ),
      (id, at) => follow(id, at),
    );
  } else opts.canvas?.clear();
  const groups = root
    .selectAll<SVGGElement, Placed>('g.packet')
    .data(crowd ? [] : placed, (d) => String(d.view.id))
    .join(
      (enter) => {
        const g = enter
          .append('g')
          .attr('class', 'packet')
          .attr('tabindex', -1)
          .on('click', (_e, d) => opts.onSelect(d.view.id));
        g.append('circle').attr('r', 6);
        g.append('path').attr('class', 'mark');
        return g;
      },
      (update) => update,
      (exit) => exit.remove(),
    )
    .attr('data-packet', (d) => d.view.id)
    .attr('data-status', (d) => d.view.status)
    .attr('class', (d) => `packet ${d.view.status} ${opts.tone(d.view)}`)
    .classed('selected', (d) => d.view.id === opts.selected)
    .classed('marked', (d) => opts.marked?.has(d.view.id) ?? false);
  // Labels stay above the dots.
  root.selectAll('g.plabel').raise();

  groups
    .select('path.mark')
    .attr('d', (d) =>
      d.view.status === 'dropped'
        ? 'M-3.5,-3.5L3.5,3.5M3.5,-3.5L-3.5,3.5'
        : d.view.status === 'delivered'
          ? 'M-3.5,0L-1,3L4,-3'
          : '',
    );

  const moving = new Set<number>();
  groups.each(function (d) {
    const key = d.key;
    const prev = drawn.get(this);
    const id = d.view.id;
    const setAt = (p: Point) => {
      this.setAttribute('transform', `translate(${p[0]},${p[1]})`);
      follow(id, p);
    };
    const state: Drawn = { key, pos: d.target };
    drawn.set(this, state);
    if (!prev) {
      // A new packet: start at the hop's start when it is already moving, else at its node.
      if (d.path && opts.durationMs > 0) {
        moving.add(id);
        animate(this, d.path, opts.durationMs, setAt);
      } else this.setAttribute('transform', `translate(${d.target[0]},${d.target[1]})`);
      return;
    }
    if (prev.key === key && prev.pos[0] === d.target[0] && prev.pos[1] === d.target[1]) {
      if (active.has(this)) moving.add(id);
      return;
    }
    if (d.path && opts.durationMs > 0 && prev.key !== key) {
      moving.add(id);
      animate(this, [prev.pos, ...d.path.slice(1)], opts.durationMs, setAt);
    } else this.setAttribute('transform', `translate(${d.target[0]},${d.target[1]})`);
  });
  if (crowd) for (const d of placed) if (opts.canvas?.moving(d.view.id)) moving.add(d.view.id);
  // Labels of packets at rest: beside their dot, clear of the cards and of each other.
  const taken: Rect[] = [];
  for (const d of placed) if (!moving.has(d.view.id)) follow(d.view.id, d.target, taken);
}

interface Anim {
  readonly path: readonly Point[];
  readonly t0: number;
  readonly ms: number;
  readonly set: (p: Point) => void;
}
/** Every running hop animation, advanced by one shared requestAnimationFrame loop. */
const active = new Map<Element, Anim>();
let loop: number | undefined;

function frame(now: number): void {
  for (const [el, a] of active) {
    const f = Math.min(1, Math.max(0, (now - a.t0) / a.ms));
    a.set(pointAt(a.path, ease(f)));
    if (f >= 1 || !el.isConnected) active.delete(el);
  }
  loop = active.size > 0 ? requestAnimationFrame(frame) : undefined;
}

function animate(el: Element, path: readonly Point[], ms: number, set: (p: Point) => void): void {
  set(path[0] as Point);
  active.set(el, { path, t0: performance.now(), ms, set });
  loop ??= requestAnimationFrame(frame);
}

/** How many hop animations are running (for tests and the bench). */
export function runningAnimations(): number {
  return active.size;
}

/**
 * A label element, its size, and the spot around its dot it last took, both kept with the
 * element across draws: a hop still animating from an earlier draw places the label at its
 * size now (its text grows when a NAT rewrites the packet), so it stays on the stage.
 */
class Label {
  private static readonly spots = new WeakMap<Element, number>();
  private static readonly sizes = new WeakMap<Element, readonly [number, number]>();
  constructor(
    readonly el: SVGGElement,
    w: number,
    h: number,
  ) {
    Label.sizes.set(el, [w, h]);
  }
  get w(): number {
    return Label.sizes.get(this.el)?.[0] ?? 0;
  }
  get h(): number {
    return Label.sizes.get(this.el)?.[1] ?? 0;
  }
  get spot(): number | undefined {
    return Label.spots.get(this.el);
  }
  set spot(k: number | undefined) {
    if (k === undefined) Label.spots.delete(this.el);
    else Label.spots.set(this.el, k);
  }
}

/** Writes the labels' text and sizes them; placing them is the caller's (beside their dots). */
function drawLabels(root: G, placed: readonly Placed[], opts: PacketOptions): Map<number, Label> {
  const data = placed.filter((d) => opts.labelled.has(d.view.id));
  const labels = root
    .selectAll<SVGGElement, Placed>('g.plabel')
    .data(data, (d) => String(d.view.id))
    .join((enter) => {
      const g = enter.append('g').attr('class', 'plabel');
      g.append('rect');
      g.append('text').attr('class', 'l1');
      g.append('text').attr('class', 'l2');
      return g;
    })
    .attr('data-packet', (d) => d.view.id);
  labels
    .select<SVGTextElement>('text.l1')
    .attr('y', 12)
    .attr('x', 6)
    .each(function (d) {
      const v = d.view;
      this.textContent = '';
      const add = (s: string, cls = '') => {
        const span = document.createElementNS('http://www.w3.org/2000/svg', 'tspan');
        span.textContent = s;
        if (cls) span.setAttribute('class', cls);
        this.appendChild(span);
      };
      add(`#${v.id} `, 'pid');
      add(v.text);
      if (v.before && formatEndpoint(v.before.src) !== formatEndpoint(v.packet.src)) {
        add('  src ');
        add(formatEndpoint(v.before.src), 'old');
      }
      if (v.before && formatEndpoint(v.before.dst) !== formatEndpoint(v.packet.dst)) {
        add('  dst ');
        add(formatEndpoint(v.before.dst), 'old');
      }
      if (v.drop) add(`  ✕ ${opts.dropTag(v.drop.reason)}`, 'drop');
    });
  labels
    .select<SVGTextElement>('text.l2')
    .attr('y', 26)
    .attr('x', 6)
    .each(function (d) {
      const v = d.view;
      this.textContent = '';
      const srcChanged = v.before && formatEndpoint(v.before.src) !== formatEndpoint(v.packet.src);
      const dstChanged = v.before && formatEndpoint(v.before.dst) !== formatEndpoint(v.packet.dst);
      const parts: [string, boolean][] = [
        [formatEndpoint(v.packet.src), !!srcChanged],
        [' → ', false],
        [formatEndpoint(v.packet.dst), !!dstChanged],
      ];
      for (const [s, hot] of parts) {
        const span = document.createElementNS('http://www.w3.org/2000/svg', 'tspan');
        span.textContent = s;
        if (hot) span.setAttribute('class', 'new');
        this.appendChild(span);
      }
    });
  const out = new Map<number, Label>();
  labels.each(function (d) {
    const l1 = this.querySelector<SVGTextElement>('text.l1');
    const l2 = this.querySelector<SVGTextElement>('text.l2');
    const w = Math.max(l1?.getComputedTextLength() ?? 0, l2?.getComputedTextLength() ?? 0) + 12;
    const h = 33;
    this.querySelector('rect')?.setAttribute('width', String(w));
    this.querySelector('rect')?.setAttribute('height', String(h));
    out.set(d.view.id, new Label(this, w, h));
  });
  return out;
}
