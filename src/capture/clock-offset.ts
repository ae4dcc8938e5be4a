/**
 * How far one machine's clock is from another's, read from their captures: a datagram both
 * recorded was sent before it arrived, whoever's clock says so. Datagrams the peer sent give
 * `out = t(reference) - t(peer)` = offset + delay, those it received `back = t(peer) -
 * t(reference)` = delay - offset; the shift to add to the peer's times lies between -min(back)
 * and min(out). Clocks that already keep every datagram causal (NTP) are left alone; otherwise
 * the shift is the middle of that range (equal delays each way, as NTP assumes), or, with
 * datagrams one way only, its edge (also when they take longer than MAX_ONE_WAY_MS: with
 * datagrams one way only, a clock behind looks like a slow path). Which datagrams both hold is
 * pairing.ts's: only by what identifies one datagram (its bytes with its IPv4 id and the
 * reference's end of it, never its bytes alone), so repeats, two peers sending the same text
 * and captures started at different times never pair the wrong ones.
 *
 *   peer     ──out──►  reference         shift ∈ [-min(back), min(out)]
 *   peer     ◄─back──  reference         0 inside: consistent; else the midpoint (or the edge)
 */
import type { CaptureFile } from './container.ts';
import type { MachineName } from './own-addresses.ts';
import { pairDatagrams, sightingsOf } from './pairing.ts';
import type { Sightings } from './pairing.ts';

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

/**
 * The peer's clock against the reference's, from the datagrams both captures hold.
 * `machine`: the peer's (server, alice, bob) when known, which helps read its own address.
 */
export function estimateShift(
  reference: CaptureFile,
  peer: CaptureFile,
  machine?: MachineName,
): ClockEstimate {
  return estimateShiftOf(sightingsOf(reference), sightingsOf(peer, machine));
}

/**
 * estimateShift of captures read for pairing; `others`: the other machines' captures, whose
 * datagrams the reference's may not be paired with this peer's as well.
 */
export function estimateShiftOf(
  reference: Sightings,
  peer: Sightings,
  others: readonly Sightings[] = [],
): ClockEstimate {
  let out = Infinity;
  let back = Infinity;
  let nOut = 0;
  let nBack = 0;
  for (const p of pairDatagrams(reference, peer, others)) {
    if (p.out) {
      nOut++;
      out = Math.min(out, p.reference.t - p.peer.t);
    } else {
      nBack++;
      back = Math.min(back, p.peer.t - p.reference.t);
    }
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
