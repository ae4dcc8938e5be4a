/**
 * Draws crowds of packets (hundreds to thousands) on a canvas over the stage: one dot per packet
 * id, each gliding along its hop, all painted in one pass per frame batched by colour, which is
 * what keeps 1,000 packets in flight inside a 60 Hz frame. Clicks pick the nearest dot; a
 * `follow` callback hears where each moving dot is at every frame, so its label can go along.
 */
import type { Point, TopologyLayout } from './layout.ts';
import { pointAt } from './layout.ts';
import type { Placed } from './packet-place.ts';
import { ease } from './packet-place.ts';

interface Dot {
  key: string;
  pos: Point;
  fill: string;
  anim: { path: readonly Point[]; t0: number; ms: number } | undefined;
}

/** A canvas renderer keyed by packet id. */
export class CanvasFlight {
  private readonly dots = new Map<number, Dot>();
  private loop: number | undefined;
  private scale = 1;
  private follow: ((id: number, at: Point) => void) | undefined;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onSelect: (id: number) => void,
  ) {
    canvas.addEventListener('click', (e) => {
      const box = canvas.getBoundingClientRect();
      const x = e.clientX - box.left;
      const y = e.clientY - box.top;
      let best: [number, number] | undefined;
      for (const [id, d] of this.dots) {
        const dist = Math.hypot(d.pos[0] - x, d.pos[1] - y);
        if (dist < 9 && (!best || dist < best[1])) best = [id, dist];
      }
      if (best) this.onSelect(best[0]);
    });
  }

  /**
   * Updates the dots to `placed` (colour per packet from `fill`), animating new hops; `follow`
   * hears each moving dot's position at every frame.
   */
  draw(
    layout: TopologyLayout,
    placed: readonly Placed[],
    durationMs: number,
    fill: (p: Placed) => string,
    follow?: (id: number, at: Point) => void,
  ): void {
    this.follow = follow;
    const ratio = globalThis.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(layout.width * ratio) || this.scale !== ratio) {
      this.canvas.width = Math.round(layout.width * ratio);
      this.canvas.height = Math.round(layout.height * ratio);
      this.scale = ratio;
    }
    this.canvas.style.pointerEvents = placed.length > 0 ? 'auto' : 'none';
    this.canvas.style.width = `${layout.width}px`;
    this.canvas.style.height = `${layout.height}px`;
    const now = performance.now();
    const seen = new Set<number>();
    for (const p of placed) {
      seen.add(p.view.id);
      const old = this.dots.get(p.view.id);
      const color = fill(p);
      if (old && old.key === p.key) {
        old.fill = color;
        if (!old.anim) old.pos = p.target;
        continue;
      }
      const from = old?.pos ?? (p.path?.[0] as Point | undefined);
      const anim =
        p.path && durationMs > 0 && from
          ? { path: [from, ...p.path.slice(1)], t0: now, ms: durationMs }
          : undefined;
      this.dots.set(p.view.id, {
        key: p.key,
        pos: anim ? (from ?? p.target) : p.target,
        fill: color,
        anim,
      });
    }
    for (const id of [...this.dots.keys()]) if (!seen.has(id)) this.dots.delete(id);
    this.canvas.dataset['packets'] = String(this.dots.size);
    this.loop ??= requestAnimationFrame(this.frame);
  }

  /** Whether packet `id`'s dot is still gliding along its hop. */
  moving(id: number): boolean {
    return this.dots.get(id)?.anim !== undefined;
  }

  /** Removes every dot. */
  clear(): void {
    if (this.dots.size === 0) return;
    this.dots.clear();
    this.canvas.dataset['packets'] = '0';
    this.canvas.style.pointerEvents = 'none';
    this.loop ??= requestAnimationFrame(this.frame);
  }

  private readonly frame = (now: number): void => {
    let moving = false;
    const byFill = new Map<string, Path2D>();
    for (const [id, d] of this.dots) {
      if (d.anim) {
        const f = Math.min(1, Math.max(0, (now - d.anim.t0) / d.anim.ms));
        d.pos = pointAt(d.anim.path, ease(f));
        this.follow?.(id, d.pos);
        if (f >= 1) d.anim = undefined;
        else moving = true;
      }
      let path = byFill.get(d.fill);
      if (!path) byFill.set(d.fill, (path = new Path2D()));
      path.moveTo(d.pos[0] + 5, d.pos[1]);
      path.arc(d.pos[0], d.pos[1], 5, 0, Math.PI * 2);
    }
    const ctx = this.canvas.getContext('2d');
    if (ctx) {
      ctx.setTransform(this.scale, 0, 0, this.scale, 0, 0);
      ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
      for (const [color, path] of byFill) {
        ctx.fillStyle = color;
        ctx.fill(path);
      }
    }
    this.loop = moving ? requestAnimationFrame(this.frame) : undefined;
  };
}
