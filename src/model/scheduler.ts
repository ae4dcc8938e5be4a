/**
 * The discrete-event scheduler: a virtual clock and a queue of actions ordered by
 * (time, insertion order). Nothing here reads a real clock; time moves only when events run.
 */

interface Entry {
  time: number;
  seq: number;
  run: () => void;
}

/** A min-heap of timed actions driving a virtual clock (milliseconds). */
export class Scheduler {
  private heap: Entry[] = [];
  private seq = 0;
  private clock = 0;
  /** How many events have run since creation. */
  executed = 0;

  /** The current virtual time in milliseconds. */
  get now(): number {
    return this.clock;
  }

  /** How many events are waiting. */
  get pending(): number {
    return this.heap.length;
  }

  /** The time of the next event, or Infinity when the queue is empty. */
  get nextTime(): number {
    return this.heap.length > 0 ? (this.heap[0] as Entry).time : Infinity;
  }

  /** Runs `run` at absolute virtual time `time` (never earlier than now). */
  at(time: number, run: () => void): void {
    const entry: Entry = { time: Math.max(time, this.clock), seq: this.seq++, run };
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent] as Entry;
      if (p.time < entry.time || (p.time === entry.time && p.seq < entry.seq)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = entry;
  }

  /** Runs `run` after `delay` virtual milliseconds. */
  after(delay: number, run: () => void): void {
    this.at(this.clock + delay, run);
  }

  /** Runs the next event; returns false when there was none. */
  step(): boolean {
    const h = this.heap;
    if (h.length === 0) return false;
    const top = h[0] as Entry;
    const last = h.pop() as Entry;
    if (h.length > 0) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        const lc = h[l] as Entry;
        if (r < n) {
          const rc = h[r] as Entry;
          if (rc.time < lc.time || (rc.time === lc.time && rc.seq < lc.seq)) c = r;
        }
        const ce = h[c] as Entry;
        if (last.time < ce.time || (last.time === ce.time && last.seq < ce.seq)) break;
        h[i] = ce;
        i = c;
      }
      h[i] = last;
    }
    this.clock = top.time;
    this.executed++;
    top.run();
    return true;
  }

  /** Runs every event due at or before `time`, then sets the clock to `time`. */
  runUntil(time: number): void {
    while (this.heap.length > 0 && (this.heap[0] as Entry).time <= time) this.step();
    if (time > this.clock) this.clock = time;
  }

  /** Runs events until the queue is empty or `limit` events ran; returns how many ran. */
  runAll(limit = 1_000_000): number {
    let n = 0;
    while (n < limit && this.step()) n++;
    return n;
  }
}
