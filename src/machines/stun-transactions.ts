/**
 * The STUN probe machine's bookkeeping, pure: which Binding transactions are in flight, which
 * answers (or timeouts) have come back, and what to do next. The plan says which test comes next
 * and which independent tests may go with it (`alongside`); this runs them concurrently, matches
 * answers by transaction id, and hands results to the plan in the order the plan asks for them,
 * so a plan sees exactly the history it would have seen one test at a time.
 */
import type { Endpoint } from '../model/endpoint.ts';
import { formatEndpoint } from '../model/endpoint.ts';
import { bytesEqual } from '../model/stun/bytes.ts';
import type { Probe, ProbeAnswer, ProbePlan, ProbeRecord } from '../model/stun/probe.ts';
import type { Retransmit, Schedule } from './stun-retransmit.ts';
import { scheduleFor, waitAfter } from './stun-retransmit.ts';

/** One line of progress, for a live view or a CLI. */
export interface ProbeLogEntry {
  readonly kind: 'send' | 'answer' | 'timeout';
  readonly probe: Probe;
  readonly attempt: number;
  readonly text: string;
}

/** A request in flight. */
export interface Transaction {
  readonly key: string;
  readonly probe: Probe;
  readonly txId: Uint8Array;
  readonly attempt: number;
  readonly schedule: Schedule;
  /** When it was last sent (ms), when a clock is available. */
  readonly sentAt: number | undefined;
}

/** Everything the machine knows. */
export interface ProbeState<V> {
  /** Records in the order the plan asked for them. */
  readonly history: readonly ProbeRecord[];
  readonly inFlight: readonly Transaction[];
  /** Finished look-ahead tests the plan has not asked for yet. */
  readonly ready: readonly { readonly key: string; readonly record: ProbeRecord }[];
  /** The first round trip measured (the last send of a request to its answer), in ms. */
  readonly rtt: number | undefined;
  readonly log: readonly ProbeLogEntry[];
  readonly verdict: V | undefined;
}

/** What the machine must do besides updating its state. */
export type Effect =
  | { readonly kind: 'send'; readonly tx: Transaction }
  | { readonly kind: 'arm'; readonly key: string; readonly delay: number }
  | { readonly kind: 'disarm'; readonly key: string };

/** The environment of one run. */
export interface Env<V> {
  readonly plan: ProbePlan<V>;
  readonly server: Endpoint;
  readonly local: Endpoint;
  readonly retransmit: Retransmit;
  readonly randomBytes: (n: number) => Uint8Array;
  readonly now: (() => number) | undefined;
}

type Result<V> = { readonly state: ProbeState<V>; readonly effects: Effect[] };

/** A probe's identity within one run (labels are unique per plan; flags and target for safety). */
export const probeKey = (p: Probe): string =>
  `${p.label}|${formatEndpoint(p.to)}|${p.changeIp ? 'i' : ''}${p.changePort ? 'p' : ''}`;

export const initialState = <V>(): ProbeState<V> => ({
  history: [],
  inFlight: [],
  ready: [],
  rtt: undefined,
  log: [],
  verdict: undefined,
});

function sendText(t: Transaction): string {
  const p = t.probe;
  const flags = [p.changeIp && 'change IP', p.changePort && 'change port']
    .filter(Boolean)
    .join(' + ');
  const again = t.attempt > 0 ? `, retransmission ${t.attempt}` : '';
  const copies = t.schedule.copies > 1 ? `, ${t.schedule.copies} copies` : '';
  return `${p.label}: Binding request to ${formatEndpoint(p.to)}${flags ? ` (${flags})` : ''}${again}${copies}`;
}

function transmit<V>(s: ProbeState<V>, t: Transaction, effects: Effect[]): ProbeState<V> {
  for (let c = 0; c < t.schedule.copies; c++) effects.push({ kind: 'send', tx: t });
  effects.push({ kind: 'arm', key: t.key, delay: waitAfter(t.schedule, t.attempt) });
  const entry = { kind: 'send' as const, probe: t.probe, attempt: t.attempt, text: sendText(t) };
  return { ...s, log: [...s.log, entry] };
}

function start<V>(s: ProbeState<V>, env: Env<V>, probe: Probe, effects: Effect[]): ProbeState<V> {
  const tx: Transaction = {
    key: probeKey(probe),
    probe,
    txId: env.randomBytes(probe.classic ? 16 : 12),
    attempt: 0,
    schedule: scheduleFor(env.retransmit, s.rtt),
    sentAt: env.now?.(),
  };
  return transmit({ ...s, inFlight: [...s.inFlight, tx] }, tx, effects);
}

const known = <V>(s: ProbeState<V>, key: string): boolean =>
  s.inFlight.some((t) => t.key === key) ||
  s.ready.some((r) => r.key === key) ||
  s.history.some((h) => probeKey(h.probe) === key);

/** Asks the plan until it waits for a test in flight or gives its verdict. */
export function advance<V>(s0: ProbeState<V>, env: Env<V>, effects: Effect[] = []): Result<V> {
  let s = s0;
  for (;;) {
    const step = env.plan.next(s.history, { server: env.server, local: env.local });
    if (step.kind === 'done') {
      for (const t of s.inFlight) effects.push({ kind: 'disarm', key: t.key });
      return { state: { ...s, inFlight: [], verdict: step.verdict }, effects };
    }
    const key = probeKey(step.probe);
    const got = s.ready.find((r) => r.key === key);
    if (got) {
      s = { ...s, history: [...s.history, got.record], ready: s.ready.filter((r) => r !== got) };
      continue;
    }
    if (!s.inFlight.some((t) => t.key === key)) s = start(s, env, step.probe, effects);
    for (const p of step.alongside ?? []) {
      if (!known(s, probeKey(p))) s = start(s, env, p, effects);
    }
    return { state: s, effects };
  }
}

function finish<V>(s: ProbeState<V>, t: Transaction, record: ProbeRecord, entry: ProbeLogEntry) {
  return {
    ...s,
    inFlight: s.inFlight.filter((x) => x !== t),
    ready: [...s.ready, { key: t.key, record }],
    log: [...s.log, entry],
  };
}

/**
 * A Binding success response arrived at `at` (ms; undefined without a clock): completes its
 * transaction, if it is one of ours. The round trip kept is the smallest seen (the first one of
 * a cold process is the slowest); when it shrinks, requests in flight take the new schedule
 * from their next retransmission on.
 */
export function answered<V>(
  s: ProbeState<V>,
  env: Env<V>,
  txId: Uint8Array,
  answer: ProbeAnswer,
  at: number | undefined,
): Result<V> {
  const t = s.inFlight.find((x) => bytesEqual(x.txId, txId));
  if (!t) return { state: s, effects: [] };
  // Timed from the last send: while the initial RTO exceeds the path's RTT, an answer to an
  // earlier send arrives before the next one, so this is the round trip (Karn's ambiguity aside).
  const sample = at !== undefined && t.sentAt !== undefined ? at - t.sentAt : undefined;
  const rtt = sample === undefined ? s.rtt : Math.min(sample, s.rtt ?? Infinity);
  const mapped = answer.mapped ? `, mapped ${formatEndpoint(answer.mapped)}` : '';
  const text = `${t.probe.label}: answer from ${formatEndpoint(answer.from)}${mapped}`;
  const entry = { kind: 'answer' as const, probe: t.probe, attempt: t.attempt, text };
  const effects: Effect[] = [{ kind: 'disarm', key: t.key }];
  let next = { ...finish(s, t, { probe: t.probe, answer }, entry), rtt };
  if (rtt !== s.rtt) {
    const schedule = scheduleFor(env.retransmit, rtt);
    next = { ...next, inFlight: next.inFlight.map((x) => ({ ...x, schedule })) };
  }
  return advance(next, env, effects);
}

/**
 * A transaction's request has just left (ms): the round trip is timed from here, not from when
 * the bookkeeping decided to send, so the first exchange of a cold process (compiling the
 * machine and the codec on the way out) measures the path.
 */
export function sent<V>(s: ProbeState<V>, key: string, at: number): ProbeState<V> {
  const t = s.inFlight.find((x) => x.key === key);
  if (!t || t.sentAt === undefined) return s;
  return { ...s, inFlight: s.inFlight.map((x) => (x === t ? { ...t, sentAt: at } : x)) };
}

/** A transaction's timer fired: resend it, or record that nothing answered. */
export function expired<V>(s: ProbeState<V>, env: Env<V>, key: string): Result<V> {
  const t = s.inFlight.find((x) => x.key === key);
  if (!t) return { state: s, effects: [] };
  const effects: Effect[] = [];
  if (t.attempt < t.schedule.rc - 1) {
    const next = { ...t, attempt: t.attempt + 1, sentAt: env.now?.() };
    const inFlight = s.inFlight.map((x) => (x === t ? next : x));
    return { state: transmit({ ...s, inFlight }, next, effects), effects };
  }
  const text = `${t.probe.label}: no answer`;
  const entry = { kind: 'timeout' as const, probe: t.probe, attempt: t.attempt, text };
  return advance(finish(s, t, { probe: t.probe, answer: null }, entry), env, effects);
}
