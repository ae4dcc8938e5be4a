/**
 * Where a packet's label sits (src/views/packet-place.ts labelSpot), in Node: beside its dot,
 * off every node card and on the stage, for dots resting on each card and along every hop of
 * the walkthrough, on a wide stage and a phone's; and it keeps its side while it stays clear.
 */
import { describe, expect, it } from 'vitest';
import { scenarioById } from '../../src/model/index.ts';
import { packetsAt } from '../../src/app/packets.ts';
import { Timeline } from '../../src/app/timeline.ts';
import { layoutTopology, pointAt } from '../../src/views/layout.ts';
import type { Point } from '../../src/views/layout.ts';
import { labelSpot, obstacles, place } from '../../src/views/packet-place.ts';
import type { Rect } from '../../src/views/packet-place.ts';

const hits = (a: Rect, b: Rect) =>
  a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
/** Distance from a point to a rectangle (0 inside). */
const gap = (p: Point, r: Rect) =>
  Math.hypot(
    Math.max(r[0] - p[0], 0, p[0] - r[0] - r[2]),
    Math.max(r[1] - p[1], 0, p[1] - r[1] - r[3]),
  );

describe('packet labels', () => {
  const tl = Timeline.record(scenarioById('walkthrough'));
  for (const [width, w] of [
    [900, 260],
    [370, 200],
  ] as const) {
    const layout = layoutTopology(tl.scenario.topology, width);
    const o = obstacles(layout);

    it(`at ${width} px: every resting label is beside its dot, off the cards, on the stage`, () => {
      for (let i = 1; i <= tl.total; i++) {
        const taken: Rect[] = [];
        for (const p of place(layout, packetsAt(tl.events, i))) {
          const { rect } = labelSpot(o, p.target, w, 33, taken);
          taken.push(rect);
          for (const card of o.boxes)
            expect(hits(rect, card), `event ${i}, #${p.view.id}`).toBe(false);
          expect(gap(p.target, rect)).toBeLessThan(16);
          expect(rect[0]).toBeGreaterThanOrEqual(0);
          expect(rect[0] + rect[2]).toBeLessThanOrEqual(width);
        }
      }
    });

    it(`at ${width} px: a label travelling along a hop stays beside its dot`, () => {
      for (let i = 1; i <= tl.total; i++) {
        for (const p of place(layout, packetsAt(tl.events, i))) {
          if (!p.path) continue;
          let spot: number | undefined;
          for (let f = 0; f <= 1; f += 0.05) {
            const at = pointAt(p.path, f);
            const s = labelSpot(o, at, w, 33, [], spot);
            spot = s.spot;
            expect(gap(at, s.rect)).toBeLessThan(16);
          }
        }
      }
    });
  }

  it('keeps the side it had while that side stays clear', () => {
    const layout = layoutTopology(tl.scenario.topology, 900);
    const o = obstacles(layout);
    const at: Point = [450, 120];
    const first = labelSpot(o, at, 120, 33);
    const other = (first.spot + 1) % 10;
    const kept = labelSpot(o, at, 120, 33, [], other);
    expect(kept.spot === other || kept.spot === first.spot).toBe(true);
  });
});
