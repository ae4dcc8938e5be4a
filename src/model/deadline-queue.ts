/**
 * A min-heap of expiry deadlines for items whose deadline may move later (a refreshed mapping):
 * each item has one entry; when an entry comes due but the item was refreshed, it is re-queued.
 */

/** Something that expires: the queue reads `expiresAt` and skips `dead` items. */
export interface Expiring {
  expiresAt: number;
  dead: boolean;
}

interface Entry<T> {
  at: number;
  item: T;
}

/** Deadlines in time order with lazy re-queueing of refreshed items. */
export class DeadlineQueue<T extends Expiring> {
  private heap: Entry<T>[] = [];

  /** Number of queued entries (including stale ones not yet skipped). */
  get size(): number {
    return this.heap.length;
  }

  /** Adds an item at its current `expiresAt`. Call once per item. */
  add(item: T): void {
    this.push({ at: item.expiresAt, item });
  }

  /** The earliest queued deadline (may be stale, never late), or Infinity. */
  peekTime(): number {
    return this.heap.length > 0 ? (this.heap[0] as Entry<T>).at : Infinity;
  }

  /** Removes and returns every live item whose deadline is at or before `now`. */
  popDue(now: number, out: T[] = []): T[] {
    while (this.heap.length > 0 && (this.heap[0] as Entry<T>).at <= now) {
      const e = this.pop();
      if (e.item.dead) continue;
      if (e.item.expiresAt > now) {
        e.at = e.item.expiresAt;
        this.push(e);
      } else out.push(e.item);
    }
    return out;
  }

  private push(e: Entry<T>): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((h[p] as Entry<T>).at <= e.at) break;
      h[i] = h[p] as Entry<T>;
      i = p;
    }
    h[i] = e;
  }

  private pop(): Entry<T> {
    const h = this.heap;
    const top = h[0] as Entry<T>;
    const last = h.pop() as Entry<T>;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && (h[r] as Entry<T>).at < (h[l] as Entry<T>).at ? r : l;
        if (last.at <= (h[c] as Entry<T>).at) break;
        h[i] = h[c] as Entry<T>;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}
