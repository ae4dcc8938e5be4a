// The stage's pure geometry and the lazily filled outcome matrix, in Node.
import { describe, expect, it } from 'vitest';
import { outcomeMatrix, PRESET_IDS, scenarioById } from '../../src/model/index.ts';
import { cachedCell, fillMatrix } from '../../src/app/matrix-cache.ts';
import { packetsAt } from '../../src/app/packets.ts';
import { Timeline } from '../../src/app/timeline.ts';
import { hopPath, layoutTopology, pointAt } from '../../src/views/layout.ts';
import { place } from '../../src/views/packet-place.ts';

describe('topology layout', () => {
  const walk = scenarioById('walkthrough').topology;

  it('puts Bob left, the server in the middle, Alice right, hosts under their routers', () => {
    const l = layoutTopology(walk, 900);
    const x = (id: string) => l.nodes.get(id)?.x ?? NaN;
    const y = (id: string) => l.nodes.get(id)?.y ?? NaN;
    expect(x('bob-nat')).toBeLessThan(x('server'));
    expect(x('server')).toBeLessThan(x('alice-nat'));
    expect(x('bob')).toBe(x('bob-nat'));
    expect(y('bob')).toBeGreaterThan(y('bob-nat'));
    expect(y('server')).toBe(y('alice-nat'));
    for (const n of l.nodes.values()) {
      expect(n.x - n.w / 2).toBeGreaterThanOrEqual(0);
      expect(n.x + n.w / 2).toBeLessThanOrEqual(900);
    }
    expect(l.compact).toBe(false);
  });

  it('stacks the CGNAT layer: homes under the CGNAT, peers under the homes', () => {
    const l = layoutTopology(scenarioById('cgnat-hairpin').topology, 900);
    expect(l.nodes.get('cgnat')?.depth).toBe(1);
    expect(l.nodes.get('bob-nat')?.depth).toBe(2);
    expect(l.nodes.get('alice')?.depth).toBe(3);
    expect(l.height).toBeGreaterThan(layoutTopology(walk, 900).height);
  });

  it('fits a phone: compact cards inside 390 px', () => {
    const l = layoutTopology(walk, 390);
    expect(l.compact).toBe(true);
    for (const n of l.nodes.values()) expect(n.x + n.w / 2).toBeLessThanOrEqual(390);
  });

  it('routes hops along links, and across the internet bus between top-level nodes', () => {
    const l = layoutTopology(walk, 900);
    expect(hopPath(l, 'bob', 'bob-nat')).toHaveLength(2);
    const across = hopPath(l, 'bob-nat', 'alice-nat');
    expect(across).toHaveLength(4);
    expect(across[1]?.[1]).toBe(l.busY);
    expect(hopPath(l, 'bob', 'bob')).toHaveLength(1);
  });

  it('interpolates along a polyline by length', () => {
    const path = [
      [0, 0],
      [10, 0],
      [10, 30],
    ] as const;
    expect(pointAt(path, 0)).toEqual([0, 0]);
    expect(pointAt(path, 0.25)).toEqual([10, 0]);
    expect(pointAt(path, 0.5)).toEqual([10, 10]);
    expect(pointAt(path, 1)).toEqual([10, 30]);
  });

  it('places a packet that starts a hop on a path ending at its resting point', () => {
    const l = layoutTopology(walk, 900);
    const events = Timeline.record(scenarioById('walkthrough')).events;
    const [p] = place(l, packetsAt(events, 4));
    expect(p?.path?.at(-1)).toEqual(p?.target);
    // Events at the NAT that do not move the packet keep its key: no new animation.
    const [same] = place(l, packetsAt(events, 5));
    expect(same?.key).toBe(p?.key);
    const [translated] = place(l, packetsAt(events, 7));
    expect(translated?.path).toBeUndefined();
    expect(translated?.target).toEqual(p?.target);
    expect(translated?.key).not.toBe(p?.key);
  });
});

describe('matrix cache', () => {
  it('fills every cell in slices and agrees with the model', () => {
    const progress: number[] = [];
    const queue: (() => void)[] = [];
    fillMatrix(
      (done) => progress.push(done),
      5,
      (fn) => queue.push(fn),
    );
    while (queue.length) (queue.shift() as () => void)();
    const total = PRESET_IDS.length ** 2;
    expect(progress.at(-1)).toBe(total);
    expect(progress.length).toBeGreaterThan(1);
    const want = outcomeMatrix();
    for (const row of want)
      for (const c of row) expect(cachedCell(c.bob, c.alice)?.verdict).toBe(c.verdict);
  });

  it('can be cancelled', () => {
    const queue: (() => void)[] = [];
    const cancel = fillMatrix(
      () => undefined,
      0,
      (fn) => queue.push(fn),
    );
    cancel();
    queue.forEach((fn) => fn());
  });
});
