/**
 * Predicted beside real: for each datagram a lesson's lines sent for real, what the simulator
 * predicted (delivered where, from which port as the receiver saw it, or dropped with the
 * model's reason) and what the lab saw (delivered, with the sender's port as the receiver saw
 * it, or never seen once the run settled). Datagrams are matched by sender and text, since real
 * and simulated addresses and packet ids differ. The common differences come first: delivered
 * against lost, and a different port than predicted.
 */
import type { DropReason, TraceEvent } from '../model/trace.ts';
import type { LabObservation } from '../protocol/events.ts';

/** Where one datagram ended. */
export type Fate =
  /** `fromPort` is undefined when the receiving tool did not say (OpenBSD nc prints only the text). */
  | { readonly kind: 'delivered'; readonly node: string; readonly fromPort: number | undefined }
  | { readonly kind: 'dropped'; readonly node: string; readonly reason: DropReason | string }
  | { readonly kind: 'unseen' }
  | { readonly kind: 'waiting' };

/** How predicted and real compare. */
export type DiffKind = 'same' | 'lost' | 'unexpected' | 'port' | 'waiting';

/** Where a datagram is in a trace: its send and the event that decided its fate (0-based). */
export interface Located {
  readonly sent?: number;
  readonly end?: number;
}

/** What the model can say about a difference, as data (the view words it). */
export type Why =
  | { readonly why: 'clash-predicted'; readonly sent: number; readonly predicted: number }
  | { readonly why: 'port-rewritten'; readonly sent: number; readonly real: number }
  | { readonly why: 'filtered'; readonly reason: string }
  | { readonly why: 'expired'; readonly seconds: number }
  | { readonly why: 'lost' };

/** One datagram, predicted and real. */
export interface DiffItem {
  readonly from: string;
  readonly text: string;
  readonly predicted: Fate;
  readonly real: Fate;
  readonly kind: DiffKind;
  /** Where it is in the predicted and in the real trace. */
  readonly at: { readonly predicted: Located; readonly real: Located };
  /** Why it differs, where the model can say (undefined when the same or waiting). */
  readonly why?: Why;
}

/** A datagram a line sends: who sends it and its text (without nc's newline). */
export interface SentText {
  readonly from: string;
  readonly text: string;
}

/** Linux conntrack's UDP timeout (ms): a hole unused longer than this has closed. */
const HOLE_TIMEOUT_MS = 30_000;

const decoder = new TextDecoder();
const textOf = (bytes: Uint8Array): string => decoder.decode(bytes).replace(/\n$/, '');

type AnyEvent = TraceEvent | LabObservation;

/**
 * The last datagram `from` sent with `text`, and its fate in `events`: delivered (to a host, with
 * the source port the receiver saw), dropped (where and why), or not seen.
 */
export function fateOf(events: readonly AnyEvent[], sent: SentText, real: boolean): Fate {
  return locate(events, sent, real).fate;
}

/** `fateOf`, with where the datagram's send and its fate are in `events`. */
export function locate(
  events: readonly AnyEvent[],
  sent: SentText,
  real: boolean,
): { fate: Fate } & Located {
  let id: number | undefined;
  let start = -1;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as AnyEvent;
    if (e.type === 'sent' && e.node === sent.from && textOf(e.packet.payload) === sent.text) {
      id = e.packet.id;
      start = i;
      break;
    }
  }
  if (id === undefined) return { fate: { kind: 'unseen' } };
  // A real trace is in arrival order, machine by machine: the receiver may report a datagram
  // before the sender reports sending it. Its delivery is looked for after the previous send of
  // the same text (matched by text: real packet ids are per machine).
  let from = start + 1;
  if (real) {
    from = 0;
    for (let i = start - 1; i >= 0; i--) {
      const e = events[i] as AnyEvent;
      if (e.type === 'sent' && e.node === sent.from && textOf(e.packet.payload) === sent.text) {
        from = i + 1;
        break;
      }
    }
  }
  for (let i = from; i < events.length; i++) {
    const e = events[i] as AnyEvent;
    if (real && e.type === 'observed' && e.kind === 'received') {
      if (e.node === sent.from || e.text?.replace(/\n$/, '') !== sent.text) continue;
      if (claimed(events, i, sent, e.node)) continue;
      return {
        fate: { kind: 'delivered', node: e.node, fromPort: e.from?.port },
        sent: start,
        end: i,
      };
    }
    if (e.type !== 'delivered' && e.type !== 'dropped') continue;
    // A drop is reported by the sender (an agent) or by the host that refused it (a capture).
    const same = real
      ? (e.type === 'dropped' || e.node !== sent.from) && textOf(e.packet.payload) === sent.text
      : e.packet.id === id;
    if (!same) continue;
    if (real && e.node !== sent.from && claimed(events, i, sent, e.node)) continue;
    if (e.type === 'delivered') {
      const fate = { kind: 'delivered', node: e.node, fromPort: e.packet.src.port } as const;
      return { fate, sent: start, end: i };
    }
    return { fate: { kind: 'dropped', node: e.node, reason: e.reason }, sent: start, end: i };
  }
  return { fate: { kind: 'unseen' }, sent: start };
}

/**
 * Whether the arrival at `i` (at `receiver`) belongs to another sender's datagram of the same
 * text: the latest send of that text before it is someone else's, and nothing arrived at
 * `receiver` for that send yet (two peers both send "toc" to the Server). An arrival reported
 * before its own send (a receiver faster than the sender's report) comes after the other's
 * arrival, so it is left to this sender.
 */
function claimed(events: readonly AnyEvent[], i: number, sent: SentText, receiver: string) {
  for (let k = i - 1; k >= 0; k--) {
    const e = events[k] as AnyEvent;
    if (e.type === 'sent') {
      if (e.node !== receiver && textOf(e.packet.payload) === sent.text)
        return e.node !== sent.from;
    } else if (e.type === 'delivered' || (e.type === 'observed' && e.kind === 'received')) {
      const text = e.type === 'delivered' ? textOf(e.packet.payload) : e.text?.replace(/\n$/, '');
      if (e.node === receiver && text === sent.text) return false;
    }
  }
  return false;
}

/** Compares one prediction with one real fate. */
export function compare(predicted: Fate, real: Fate): DiffKind {
  if (real.kind === 'waiting') return 'waiting';
  const got = real.kind === 'delivered';
  const want = predicted.kind === 'delivered';
  if (want && !got) return 'lost';
  if (!want && got) return 'unexpected';
  if (predicted.kind === 'delivered' && real.kind === 'delivered') {
    const [p, r] = [predicted.fromPort, real.fromPort];
    if (p !== undefined && r !== undefined && p !== r) return 'port';
  }
  return 'same';
}

/**
 * The diff of every datagram `sent`: `settled` says the real run is over (every step done and a
 * grace period passed), so a datagram not seen for real counts as lost rather than waiting.
 */
export function diffRuns(
  predicted: readonly TraceEvent[],
  real: readonly AnyEvent[],
  sent: readonly SentText[],
  settled: boolean,
): DiffItem[] {
  return sent.map((s) => {
    const p = locate(predicted, s, false);
    const r = locate(real, s, true);
    const fate: Fate = r.fate.kind === 'unseen' && !settled ? { kind: 'waiting' } : r.fate;
    const kind = compare(p.fate, fate);
    const at = { predicted: { sent: p.sent, end: p.end }, real: { sent: r.sent, end: r.end } };
    const item: DiffItem = { ...s, predicted: p.fate, real: fate, kind, at };
    const why = explain(item, predicted, real);
    return why ? { ...item, why } : item;
  });
}

/** The sender's own source port of a datagram, from the send in `events` at `at`. */
function sentPort(events: readonly AnyEvent[], at: number | undefined): number | undefined {
  const e = at === undefined ? undefined : events[at];
  return e?.type === 'sent' ? e.packet.src.port : undefined;
}

/**
 * Why predicted and real differ, where the traces say: a port the model predicted would clash
 * (or the real NAT rewrote), the drop the model predicted (a filtered datagram the real NAT let
 * through), or a hole older than Linux's 30 s UDP timeout when the datagram was lost. A loss
 * the real trace places (dropped at a NAT, as a capture sees it) needs no guess beyond that.
 */
export function explain(
  d: DiffItem,
  predicted: readonly AnyEvent[],
  real: readonly AnyEvent[],
): Why | undefined {
  const [p, r] = [d.predicted, d.real];
  if (d.kind === 'port' && p.kind === 'delivered' && r.kind === 'delivered') {
    const own = sentPort(real, d.at.real.sent) ?? sentPort(predicted, d.at.predicted.sent);
    const [want, got] = [p.fromPort ?? 0, r.fromPort ?? 0];
    if (own !== undefined && got === own)
      return { why: 'clash-predicted', sent: own, predicted: want };
    return { why: 'port-rewritten', sent: own ?? want, real: got };
  }
  if (d.kind === 'unexpected' && d.predicted.kind === 'dropped')
    return { why: 'filtered', reason: d.predicted.reason };
  if (d.kind !== 'lost' || d.predicted.kind !== 'delivered') return undefined;
  const why = whyLost(d.predicted.node, d.at.real.sent, real);
  // A drop the source saw (a capture, at a NAT) says where and why itself.
  return why.why === 'lost' && d.real.kind === 'dropped' ? undefined : why;
}

/** Why a datagram predicted delivered was lost: an expired hole, or nothing the traces say. */
function whyLost(to: string, sent: number | undefined, real: readonly AnyEvent[]): Why {
  // The receiver's last datagram toward the sender before this one opened the hole it needed.
  const start = sent ?? -1;
  const send = real[start];
  if (send?.type !== 'sent') return { why: 'lost' };
  for (let i = start - 1; i >= 0; i--) {
    const e = real[i] as AnyEvent;
    if (e.type === 'sent' && e.node === to) {
      const gap = send.t - e.t;
      return gap > HOLE_TIMEOUT_MS
        ? { why: 'expired', seconds: Math.round(gap / 1000) }
        : { why: 'lost' };
    }
  }
  return { why: 'lost' };
}

/** The datagrams a real run sent, by sender and text, in order (a saved run's own list). */
export function sentTexts(events: readonly AnyEvent[]): SentText[] {
  const out: SentText[] = [];
  for (const e of events) {
    if (e.type !== 'sent') continue;
    const s = { from: e.node, text: textOf(e.packet.payload) };
    if (!out.some((o) => o.from === s.from && o.text === s.text)) out.push(s);
  }
  return out;
}
