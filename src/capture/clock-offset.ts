/**
 * How far one machine's clock is from another's, read from their captures: a datagram both
 * recorded was sent before it arrived, whoever's clock says so. Datagrams the peer sent give
 * `out = t(reference) - t(peer)` = offset + delay, those it received `back = t(peer) -
 * t(reference)` = delay - offset; the shift to add to the peer's times lies between -min(back)
 * and min(out). Clocks that already keep every datagram causal (NTP) are left alone; otherwise
 * the shift is the middle of that range (equal delays each way, as NTP assumes), or, with
 * datagrams one way only, its edge (also when they take longer than MAX_ONE_WAY_MS: with
 * datagrams one way only, a clock behind looks like a slow path). Only datagrams whose bytes occur once in each capture are
 * paired (STUN transaction ids, the walkthrough's lines), so repeats and captures started at
 * different times never pair the wrong ones.
 *
 *   peer     ──out──►  reference         shift ∈ [-min(back), min(out)]
 *   peer     ◄─back──  reference         0 inside: consistent; else the midpoint (or the edge)
 */
import type { CaptureFile } from './container.ts';
import { udpOfFrame } from './link.ts';
import type { UdpDatagram } from './link.ts';
import { ownAddresses } from './own-addresses.ts';

/** What the captures say of the peer's clock against the reference's. */
export interface ClockEstimate {
  /** Milliseconds to add to the peer's times to put them on the reference's clock. */
  readonly shiftMs: number;
  /** Datagrams paired: sent by the peer (out), received by it (back). */
  readonly out: number;
  readonly back: number;
  /** The shifts under which every paired datagram arrives after it was sent. */
  readonly range: readonly [number, number];
  /**
   * consistent: no shift needed; midpoint / edge: shifted; none: no datagram recorded by both;
   * contradictory: no single shift makes every pair causal (left unshifted).
   */
  readonly kind: 'consistent' | 'midpoint' | 'edge' | 'none' | 'contradictory';
}

/** The longest one-way delay taken as the network's rather than a clock's (ms). */
export const MAX_ONE_WAY_MS = 1000;

/**
 * How far a range may miss 0 and still be taken as consistent (ms): two times written to the
 * microsecond (a merged pcapng) may each be 0.5 µs off, so a file already put on one clock
 * reads as consistent again instead of being moved by a microsecond.
 */
export const RESOLUTION_MS = 0.0011;

interface Seen {
  readonly t: number;
  readonly d: UdpDatagram;
}

function datagrams(c: CaptureFile): Seen[] {
  const out: Seen[] = [];
  for (const f of c.frames) {
    const linkType = c.interfaces[f.iface]?.linkType;
    const d = linkType === undefined ? undefined : udpOfFrame(linkType, f.data);
    if (d && d.payload.length > 0) out.push({ t: f.tMs, d });
  }
  return out;
}

function hex(b: Uint8Array): string {
  let out = '';
  for (const x of b) out += x.toString(16).padStart(2, '0');
  return out;
}

/** Sightings whose key occurs once: key -> sighting. */
function unique(seen: readonly Seen[], key: (s: Seen) => string): Map<string, Seen> {
  const once = new Map<string, Seen>();
  const twice = new Set<string>();
  for (const s of seen) {
    const k = key(s);
    if (once.has(k)) twice.add(k);
    else once.set(k, s);
  }
  for (const k of twice) once.delete(k);
  return once;
}

/** The peer's clock against the reference's, from the datagrams both captures hold. */
export function estimateShift(reference: CaptureFile, peer: CaptureFile): ClockEstimate {
  const r = datagrams(reference);
  const p = datagrams(peer);
  const mine = new Set(ownAddresses(p.map((s) => s.d)));
  // The IPv4 id as well when NATs keep it (Linux does), the bytes alone when they do not.
  const keys = [(s: Seen) => `${hex(s.d.payload)}/${s.d.ipId}`, (s: Seen) => hex(s.d.payload)];
  let out = Infinity;
  let back = Infinity;
  let nOut = 0;
  let nBack = 0;
  for (const key of keys) {
    const there = unique(r, key);
    for (const [k, s] of unique(p, key)) {
      const other = there.get(k);
      if (!other) continue;
      if (mine.has(s.d.src.ip)) {
        nOut++;
        out = Math.min(out, other.t - s.t);
      } else {
        nBack++;
        back = Math.min(back, s.t - other.t);
      }
    }
    if (nOut + nBack > 0) break;
  }
  const range: [number, number] = [-back, out];
  const at = (shiftMs: number, kind: ClockEstimate['kind']): ClockEstimate => ({
    shiftMs,
    out: nOut,
    back: nBack,
    range,
    kind,
  });
  if (nOut + nBack === 0) return at(0, 'none');
  if (range[0] > range[1] + RESOLUTION_MS) return at(0, 'contradictory');
  if (range[0] <= RESOLUTION_MS && -RESOLUTION_MS <= range[1]) {
    // One way only, the range is open on one side: an apparent delay past any real path's is
    // a clock, not the network.
    const oneWay = nBack === 0 ? range[1] : nOut === 0 ? -range[0] : 0;
    if (oneWay <= MAX_ONE_WAY_MS) return at(0, 'consistent');
  }
  if (nOut > 0 && nBack > 0) return at((range[0] + range[1]) / 2, 'midpoint');
  return at(nOut > 0 ? range[1] : range[0], 'edge');
}

/** `c` with every frame's time moved by `shiftMs`. */
export function shiftCapture(c: CaptureFile, shiftMs: number): CaptureFile {
  if (shiftMs === 0) return c;
  return { ...c, frames: c.frames.map((f) => ({ ...f, tMs: f.tMs + shiftMs })) };
}
