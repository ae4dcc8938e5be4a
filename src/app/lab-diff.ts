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
  | { readonly kind: 'delivered'; readonly node: string; readonly fromPort: number }
  | { readonly kind: 'dropped'; readonly node: string; readonly reason: DropReason | string }
  | { readonly kind: 'unseen' }
  | { readonly kind: 'waiting' };

/** How predicted and real compare. */
export type DiffKind = 'same' | 'lost' | 'unexpected' | 'port' | 'waiting';

/** One datagram, predicted and real. */
export interface DiffItem {
  readonly from: string;
  readonly text: string;
  readonly predicted: Fate;
  readonly real: Fate;
  readonly kind: DiffKind;
}

/** A datagram a line sends: who sends it and its text (without nc's newline). */
export interface SentText {
  readonly from: string;
  readonly text: string;
}

const decoder = new TextDecoder();
const textOf = (bytes: Uint8Array): string => decoder.decode(bytes).replace(/\n$/, '');

type AnyEvent = TraceEvent | LabObservation;

/**
 * The last datagram `from` sent with `text`, and its fate in `events`: delivered (to a host, with
 * the source port the receiver saw), dropped (where and why), or not seen.
 */
export function fateOf(events: readonly AnyEvent[], sent: SentText, real: boolean): Fate {
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
  if (id === undefined) return { kind: 'unseen' };
  for (let i = start + 1; i < events.length; i++) {
    const e = events[i] as AnyEvent;
    if (e.type !== 'delivered' && e.type !== 'dropped') continue;
    // Real packet ids are per machine: the receiver's delivery is matched by text instead.
    const same = real
      ? e.node !== sent.from && textOf(e.packet.payload) === sent.text
      : e.packet.id === id;
    if (!same) continue;
    if (e.type === 'delivered')
      return { kind: 'delivered', node: e.node, fromPort: e.packet.src.port };
    if (!real || e.node === sent.from) return { kind: 'dropped', node: e.node, reason: e.reason };
  }
  return { kind: 'unseen' };
}

/** Compares one prediction with one real fate. */
export function compare(predicted: Fate, real: Fate): DiffKind {
  if (real.kind === 'waiting') return 'waiting';
  const got = real.kind === 'delivered';
  const want = predicted.kind === 'delivered';
  if (want && !got) return 'lost';
  if (!want && got) return 'unexpected';
  if (want && got && predicted.fromPort !== real.fromPort) return 'port';
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
    const p = fateOf(predicted, s, false);
    let r = fateOf(real, s, true);
    if (r.kind === 'unseen' && !settled) r = { kind: 'waiting' };
    return { ...s, predicted: p, real: r, kind: compare(p, r) };
  });
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
