/**
 * A min-heap of expiry deadlines for items whose deadline may move later (a refreshed mapping):
 * each item has one entry; when an entry comes due but the item was refreshed, it is re-queued.
 */

/** Something that expires: the queue reads `expiresAt` and skips `dead` items. */
export interface Expiring {
  expiresAt: number;
  dead: boolean;
}

/** Deadlines in time order with lazy re-queueing of refreshed items. */
export class DeadlineQueue<T extends Expiring> {
  /** A binary min-heap on `ats`, as two parallel arrays (no object per entry). */
  private readonly ats: number[] = [];
  private readonly items: T[] = [];

  /** Number of queued entries (including stale ones not yet skipped). */
  get size(): number {
    return this.ats.length;
  }

  /** Adds an item at its current `expiresAt`. Call once per item. */
  add(item: T): void {
    this.push(item.expiresAt, item);
  }

  /** The earliest queued deadline (may be stale, never late), or Infinity. */
  peekTime(): number {
    return this.ats.length > 0 ? (this.ats[0] as number) : Infinity;
  }

  /** Removes and returns every live item whose deadline is at or before `now`. */
  popDue(now: number, out: T[] = []): T[] {
    while (this.ats.length > 0 && (this.ats[0] as number) <= now) {
      const item = this.pop();
      if (item.dead) continue;
      if (item.expiresAt > now) this.push(item.expiresAt, item);
      else out.push(item);
    }
    return out;
  }

  private push(at: number, item: T): void {
    const { ats, items } = this;
    ats.push(at);
    items.push(item);
    let i = ats.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((ats[p] as number) <= at) break;
      ats[i] = ats[p] as number;
      items[i] = items[p] as T;
      i = p;
    }
    ats[i] = at;
    items[i] = item;
  }

  private pop(): T {
    const { ats, items } = this;
    const top = items[0] as T;
    const lastAt = ats.pop() as number;
    const last = items.pop() as T;
    const n = ats.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && (ats[r] as number) < (ats[l] as number) ? r : l;
        if (lastAt <= (ats[c] as number)) break;
        ats[i] = ats[c] as number;
        items[i] = items[c] as T;
        i = c;
      }
      ats[i] = lastAt;
      items[i] = last;
    }
    return top;
  }
}
