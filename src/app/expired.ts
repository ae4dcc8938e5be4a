/**
 * Mappings that expired a short while ago, read from the trace's `mapping-expired` events, so a
 * router's table can show a hole that closed ("82.230.120.113:53333, expired at t = 126 s")
 * instead of looking as if it never existed. A pure function of the trace prefix, like every
 * frame: stepping back or loading a link shows the same rows.
 */
import { endpointKey } from '../model/index.ts';
import type { BindingView, TraceEvent } from '../model/index.ts';

/** How long (virtual ms) an expired mapping stays listed. */
export const EXPIRED_SHOW_MS = 60_000;
/** At most this many expired mappings per router. */
export const EXPIRED_SHOW_MAX = 3;

/** A mapping that expired, and when. */
export interface ExpiredMapping {
  readonly binding: BindingView;
  /** Virtual ms of its `mapping-expired` event. */
  readonly at: number;
}

/**
 * The mappings of router `node` that expired within EXPIRED_SHOW_MS before the `index`-th event
 * (oldest first, at most EXPIRED_SHOW_MAX), leaving out any whose external endpoint is mapped
 * again in `live`. Scans back from `index` only as far as the window reaches.
 */
export function recentlyExpired(
  events: readonly TraceEvent[],
  index: number,
  node: string,
  live: readonly BindingView[] = [],
): ExpiredMapping[] {
  const n = Math.min(index, events.length);
  if (n <= 0) return [];
  const now = (events[n - 1] as TraceEvent).t;
  const again = new Set(live.map((b) => endpointKey(b.external)));
  const out: ExpiredMapping[] = [];
  for (let i = n - 1; i >= 0 && out.length < EXPIRED_SHOW_MAX; i--) {
    const e = events[i] as TraceEvent;
    if (now - e.t > EXPIRED_SHOW_MS) break;
    if (e.type !== 'mapping-expired' || e.node !== node) continue;
    if (!again.has(endpointKey(e.binding.external))) out.push({ binding: e.binding, at: e.t });
  }
  return out.reverse();
}
