/**
 * A capture's UDP datagrams in time order, each with where it was seen (the interface, named
 * as the capture named it) and its time in ms from the first one, and the ICMP port
 * unreachables hosts answered some with. Frames that carry no
 * IPv4/UDP (ARP, IPv6, TCP, the hub's WebSocket) are counted, not kept.
 */
import type { CaptureFile } from './container.ts';
import { udpOfFrame, unreachableOfFrame } from './link.ts';
import type { PortUnreachable, UdpDatagram } from './link.ts';

/** One datagram seen on one interface. */
export interface Observation extends UdpDatagram {
  /** Its index among the observations (time order). */
  readonly index: number;
  /** Milliseconds since the first observation. */
  readonly t: number;
  /** Index into the capture's interfaces. */
  readonly iface: number;
}

/** A capture's datagrams, and how many frames were something else. */
export interface Observed {
  readonly observations: readonly Observation[];
  /** ICMP port unreachables, with their time (ms since the first observation). */
  readonly unreachables: readonly (PortUnreachable & { readonly t: number })[];
  /** The wall-clock time of t = 0, ms since the Unix epoch. */
  readonly epochMs: number;
  readonly skipped: number;
}

/** The UDP datagrams of `capture`, sorted by time (stable: a file's order breaks ties). */
export function observe(capture: CaptureFile): Observed {
  const seen: Omit<Observation, 'index' | 't'>[] = [];
  const times: number[] = [];
  const refused: (PortUnreachable & { tMs: number })[] = [];
  let skipped = 0;
  for (const f of capture.frames) {
    const linkType = capture.interfaces[f.iface]?.linkType ?? -1;
    const d = udpOfFrame(linkType, f.data);
    if (!d) {
      const u = unreachableOfFrame(linkType, f.data);
      if (u) refused.push({ ...u, tMs: f.tMs });
      else skipped++;
      continue;
    }
    seen.push({ ...d, iface: f.iface });
    times.push(f.tMs);
  }
  const order = seen.map((_, i) => i).sort((a, b) => (times[a] as number) - (times[b] as number));
  const epochMs = order.length > 0 ? (times[order[0] as number] as number) : 0;
  return {
    observations: order.map((i, index) => ({
      ...(seen[i] as Omit<Observation, 'index' | 't'>),
      index,
      t: Math.round(((times[i] as number) - epochMs) * 1000) / 1000,
    })),
    unreachables: refused.map(({ tMs, ...u }) => ({ ...u, t: tMs - epochMs })),
    epochMs,
    skipped,
  };
}
