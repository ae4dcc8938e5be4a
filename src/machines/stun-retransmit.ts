/**
 * When a STUN client retransmits (RFC 8489 §6.2.1): the initial schedule (RTO, doubling, Rc
 * sends, then Rm x RTO) used until the path has answered once, and the schedule derived from the
 * first measured round trip afterwards (RTO = factor x RTT, bounded, doubling up to a cap), so
 * that a filtered test on a fast link costs tens of milliseconds instead of the fixed lab timeouts.
 *
 *   send ─RTO─► send ─2·RTO─► send … (Rc sends) ─Rm·RTO─► no answer
 *   after the first answer: RTO = clamp(factor·RTT, minRto, rto), intervals capped at maxBackoff·RTO,
 *   each send `copies` datagrams
 */

/** Retransmission settings (RFC 8489 §6.2.1 names) plus the RTT-derived part. */
export interface Retransmit {
  /** Initial retransmission timeout in ms (RFC default 500; short on a LAN or simulated link). */
  readonly rto: number;
  /** Total number of sends of one request. */
  readonly rc: number;
  /** After the last send, wait rm x rto before giving up. */
  readonly rm: number;
  /** Doubling stops at maxBackoff x rto (default: never, as in RFC 8489). */
  readonly maxBackoff?: number;
  /** Once a round trip is measured: the schedule for the requests that follow (absent: none). */
  readonly measured?: MeasuredRetransmit | undefined;
}

/** The schedule used once the first round trip is measured. */
export interface MeasuredRetransmit {
  /** RTO = factor x RTT ... */
  readonly factor: number;
  /** ... at least this many ms (timer granularity, scheduling jitter) and at most `rto`. */
  readonly minRto: number;
  /** Sends per request: more than the initial Rc, since each costs only a few RTTs. */
  readonly rc: number;
  readonly rm: number;
  /** Doubling stops at maxBackoff x RTO, so many sends still fit in a short time. */
  readonly maxBackoff: number;
  /** Datagrams per send (default 1): copies of the same request, sent together. */
  readonly copies?: number;
}

/** One request's schedule, fixed when it is first sent. */
export interface Schedule {
  readonly rto: number;
  readonly rc: number;
  readonly rm: number;
  readonly maxBackoff: number;
  /** Datagrams per send. */
  readonly copies: number;
}

/**
 * Lab defaults. Until the first answer (the round trip unknown): every 100 ms, 12 sends, then
 * 400 ms of waiting, so a silent server costs 1.5 s and Test I survives 30% loss each way
 * (misread as Blocked only when all 12 exchanges are lost: 0.51^12, about 1 in 3,200; with 3
 * sends it was 1 in 8). After it: RTO = 3 x the smallest round trip seen, at least 1 ms (the
 * timers' granularity), 4 sends of 3 copies each, one RTO apart, then 2 x RTO of waiting for the
 * last answer. For random loss only the number of exchanges matters, not their spacing: still
 * 12, the same 1 in 3,200, and still no flood (12 datagrams of 20 to 28 bytes per request, as
 * with 6 sends of 2 or 12 of 1). What the spacing costs is timer waits: Node's timers run on a
 * millisecond clock and each fires a fraction of a millisecond late, so on a sub-millisecond
 * link (RTO 1 to 1.5 ms) a filtered test costs 5 x RTO in 4 waits, about 6.5 ms, where 6 sends
 * of 2 and 3 x RTO cost 8 x RTO in 6 waits, about 9 ms (12 single sends: 14 x RTO). An answer
 * still has 5 x RTO, 15 round trips, to come back after the first send (a server or a router
 * stalled that long reads as filtering), and 2 x RTO after the last.
 */
export const LAB_RETRANSMIT: Retransmit = {
  rto: 100,
  rc: 12,
  rm: 4,
  maxBackoff: 1,
  measured: { factor: 3, minRto: 1, rc: 4, rm: 2, maxBackoff: 1, copies: 3 },
};

/**
 * pystun's own habit, for the simulator's `pystun`: a fixed schedule, each request sent up to
 * three times (100, 200, 400 ms) whatever the round trip, as the lessons describe it.
 */
export const PYSTUN_RETRANSMIT: Retransmit = { rto: 100, rc: 3, rm: 4 };

/** The schedule for a request started now, given the round trip measured so far (if any). */
export function scheduleFor(r: Retransmit, rtt: number | undefined): Schedule {
  const m = r.measured;
  if (rtt === undefined || !m)
    return { rto: r.rto, rc: r.rc, rm: r.rm, maxBackoff: r.maxBackoff ?? Infinity, copies: 1 };
  const rto = Math.min(r.rto, Math.max(m.minRto, m.factor * rtt));
  return { rto, rc: m.rc, rm: m.rm, maxBackoff: m.maxBackoff, copies: m.copies ?? 1 };
}

/** How long to wait after send number `attempt` (0-based) before resending or giving up. */
export function waitAfter(s: Schedule, attempt: number): number {
  return attempt < s.rc - 1 ? s.rto * Math.min(2 ** attempt, s.maxBackoff) : s.rm * s.rto;
}

/** The longest one request can take when nothing answers. */
export function worstCasePerRequest(s: Schedule): number {
  let total = 0;
  for (let a = 0; a < s.rc; a++) total += waitAfter(s, a);
  return total;
}
