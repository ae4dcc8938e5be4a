/**
 * The clock machinery: the scheduler runs actions in (time, insertion) order on a virtual clock,
 * the deadline queue never hands out an item before its (possibly refreshed) deadline nor keeps
 * one past it, and the seeded rng repeats itself exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeadlineQueue } from '../../src/model/deadline-queue.ts';
import { createRng, hash32 } from '../../src/model/rng.ts';
import { Scheduler } from '../../src/model/scheduler.ts';

describe('Scheduler', () => {
  it('runs actions by time, then by insertion order, with the clock at each time', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }), (times) => {
        const s = new Scheduler();
        const ran: [number, number, number][] = [];
        times.forEach((t, i) => s.at(t, () => ran.push([t, i, s.now])));
        expect(s.runAll()).toBe(times.length);
        const want = times.map((t, i) => [t, i, t]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
        expect(ran).toEqual(want);
      }),
    );
  });

  it('orders actions scheduled while running after earlier ones at the same time', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 5 })), {
          maxLength: 60,
        }),
        (plan) => {
          const s = new Scheduler();
          const ran: number[] = [];
          let seq = 0;
          const order: { time: number; seq: number }[] = [];
          const add = (time: number, child: number) => {
            const mine = seq++;
            order.push({ time: Math.max(time, s.now), seq: mine });
            s.at(time, () => {
              ran.push(mine);
              if (child > 0) add(s.now + child - 1, 0);
            });
          };
          for (const [t, c] of plan) add(t, c);
          s.runAll();
          // Replaying: times never go back, and equal times keep insertion order.
          const byId = new Map(order.map((o) => [o.seq, o]));
          for (let i = 1; i < ran.length; i++) {
            const a = byId.get(ran[i - 1]!)!;
            const b = byId.get(ran[i]!)!;
            expect(a.time < b.time || (a.time === b.time && a.seq < b.seq)).toBe(true);
          }
          expect(ran).toHaveLength(seq);
        },
      ),
    );
  });

  it('never moves the clock back: an action in the past runs now', () => {
    const s = new Scheduler();
    s.runUntil(100);
    const at: number[] = [];
    s.at(50, () => at.push(s.now));
    s.after(5, () => at.push(s.now));
    s.runAll();
    expect(at).toEqual([100, 105]);
  });

  it('runUntil runs what is due, sets the clock, and leaves later actions waiting', () => {
    const s = new Scheduler();
    const ran: number[] = [];
    for (const t of [10, 20, 30]) s.at(t, () => ran.push(t));
    s.runUntil(20);
    expect(ran).toEqual([10, 20]);
    expect(s.now).toBe(20);
    expect(s.pending).toBe(1);
    expect(s.nextTime).toBe(30);
    s.runUntil(25);
    expect(s.now).toBe(25);
    expect(s.executed).toBe(2);
  });

  it('runAll stops at its limit', () => {
    const s = new Scheduler();
    const loop = () => s.after(1, loop);
    loop();
    expect(s.runAll(1000)).toBe(1000);
    expect(s.now).toBe(1000);
  });
});

interface Item {
  id: number;
  expiresAt: number;
  dead: boolean;
}

describe('DeadlineQueue', () => {
  type Op =
    | { op: 'add'; at: number }
    | { op: 'refresh'; which: number; by: number }
    | { op: 'kill'; which: number }
    | { op: 'pop'; advance: number };
  const arbOp: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant('add' as const), at: fc.integer({ min: 0, max: 100 }) }),
    fc.record({
      op: fc.constant('refresh' as const),
      which: fc.nat(),
      by: fc.integer({ min: 0, max: 50 }),
    }),
    fc.record({ op: fc.constant('kill' as const), which: fc.nat() }),
    fc.record({ op: fc.constant('pop' as const), advance: fc.integer({ min: 0, max: 30 }) }),
  );

  it('never returns a live item early, never keeps a due one, and returns each once', () => {
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 150 }), (ops) => {
        const q = new DeadlineQueue<Item>();
        const items: Item[] = [];
        const popped = new Set<Item>();
        let now = 0;
        for (const o of ops) {
          const pick = (n: number) => items[n % Math.max(1, items.length)];
          if (o.op === 'add') {
            const item = { id: items.length, expiresAt: now + o.at, dead: false };
            items.push(item);
            q.add(item);
          } else if (o.op === 'refresh') {
            const item = pick(o.which);
            // Deadlines only move later, as refreshed mappings do.
            if (item && !item.dead && !popped.has(item))
              item.expiresAt = Math.max(item.expiresAt, now) + o.by;
          } else if (o.op === 'kill') {
            const item = pick(o.which);
            if (item) item.dead = true;
          } else {
            now += o.advance;
            const out = q.popDue(now);
            for (const item of out) {
              expect(item.expiresAt).toBeLessThanOrEqual(now);
              expect(item.dead).toBe(false);
              expect(popped.has(item)).toBe(false);
              popped.add(item);
            }
            for (const item of items)
              if (!item.dead && !popped.has(item)) expect(item.expiresAt).toBeGreaterThan(now);
          }
          const live = items.filter((item) => !item.dead && !popped.has(item));
          const earliest = Math.min(...live.map((item) => item.expiresAt));
          expect(q.peekTime()).toBeLessThanOrEqual(earliest);
        }
      }),
    );
  });
});

describe('seeded rng', () => {
  it('repeats its sequence for a seed and resumes from a saved state', () => {
    const a = createRng(42);
    const b = createRng(42);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    const saved = a.state();
    const resumed = createRng(0, saved);
    expect(Array.from({ length: 5 }, () => resumed.next())).toEqual(
      Array.from({ length: 5 }, () => a.next()),
    );
    expect(createRng(43).next()).not.toBe(first[0]);
  });

  it('draws integers inside the inclusive bounds and floats in [0, 1)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 0, max: 65535 }),
        fc.integer({ min: 0, max: 1000 }),
        (seed, lo, span) => {
          const r = createRng(seed);
          for (let i = 0; i < 20; i++) {
            const n = r.int(lo, lo + span);
            expect(Number.isInteger(n) && n >= lo && n <= lo + span).toBe(true);
            const x = r.next();
            expect(x >= 0 && x < 1).toBe(true);
          }
        },
      ),
    );
  });

  it('hashes text deterministically, with the seed mixed in', () => {
    expect(hash32('10.0.0.2:5000>1.2.3.4')).toBe(hash32('10.0.0.2:5000>1.2.3.4'));
    expect(hash32('a', 1)).not.toBe(hash32('a', 2));
    expect(hash32('')).toBe(0x811c9dc5);
  });
});
