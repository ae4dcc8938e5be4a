/**
 * The STUN probe machine: runs a classifier plan (RFC 3489 or RFC 5780, from src/model/stun) on
 * an injected transport and clock. It owns *when*: sending each Binding request, retransmitting
 * on the RFC 8489 §6.2.1 schedule (src/machines/stun-retransmit.ts: fixed until the first answer,
 * then derived from the measured round trip), running the tests a plan marks as independent
 * concurrently, matching answers by transaction id (src/machines/stun-transactions.ts); the plan
 * owns *what* (which test next, which may go with it, and the verdict).
 *
 *   running ──datagram (ours) / timer (resend or give up)──► running ──plan done──► done
 *   each transaction has its own timer, raised with the transaction's key as id; `sent` stamps
 *   when its request really left, from which its round trip is timed
 */
import { enqueueActions, fromCallback, setup } from 'xstate';
import type { Endpoint } from '../model/endpoint.ts';
import { decodeMessage } from '../model/stun/decode.ts';
import { encodeMessage } from '../model/stun/encode.ts';
import { METHOD } from '../model/stun/message.ts';
import type { Probe, ProbePlan, ProbeRecord } from '../model/stun/probe.ts';
import { readAnswer } from '../model/stun/probe.ts';
import type { DatagramTransport } from './transport.ts';
import type { Retransmit } from './stun-retransmit.ts';
import { LAB_RETRANSMIT } from './stun-retransmit.ts';
import type { Effect, Env, ProbeState, Transaction } from './stun-transactions.ts';
import { advance, answered, expired, initialState, sent } from './stun-transactions.ts';

export type { Retransmit } from './stun-retransmit.ts';
export { LAB_RETRANSMIT } from './stun-retransmit.ts';
export type { ProbeLogEntry } from './stun-transactions.ts';

/** What the machine needs to start. */
export interface ProbeInput<V> {
  readonly plan: ProbePlan<V>;
  readonly server: Endpoint;
  readonly transport: DatagramTransport;
  /** Random bytes for transaction ids (seeded in simulation, crypto in the lab). */
  readonly randomBytes: (n: number) => Uint8Array;
  readonly retransmit?: Retransmit;
  /**
   * The clock's current time in ms (virtual in simulation). Without it no round trip is measured
   * and every request keeps the initial schedule.
   */
  readonly now?: () => number;
}

type Context<V> = ProbeState<V> & { readonly input: ProbeInput<V> };

type Events =
  | { type: 'datagram'; bytes: Uint8Array; from: Endpoint; at: number | undefined }
  | { type: 'expire'; key: string }
  | { type: 'sent'; key: string; at: number };

const envOf = <V>(input: ProbeInput<V>): Env<V> => ({
  plan: input.plan,
  server: input.server,
  local: input.transport.local,
  retransmit: input.retransmit ?? LAB_RETRANSMIT,
  randomBytes: input.randomBytes,
  now: input.now,
});

/** Encodes a transaction's Binding request. */
function request(t: Transaction): Uint8Array {
  const p: Probe = t.probe;
  const attributes =
    p.changeIp || p.changePort
      ? [{ kind: 'change-request' as const, changeIp: p.changeIp, changePort: p.changePort }]
      : [];
  const out = encodeMessage({
    class: 'request',
    method: METHOD.BINDING,
    transactionId: t.txId,
    attributes,
  });
  if (!out.ok) throw new Error(`cannot encode probe: ${out.error.message}`);
  return out.value;
}

/** How many effects from `i` on send the same transaction (the copies of one send). */
function sameSends(effects: readonly Effect[], i: number): number {
  const first = effects[i]!;
  let n = 1;
  for (let j = i + 1; j < effects.length; j++) {
    const e = effects[j]!;
    if (e.kind !== 'send' || first.kind !== 'send' || e.tx !== first.tx) break;
    n++;
  }
  return n;
}

/**
 * The machine, for `createActor(machine, { input, clock })`. One definition serves every run
 * (the verdict type is only the caller's view): built once per process, not once per run.
 */
export function stunProbeMachine<V>(): ReturnType<typeof buildMachine<V>> {
  built ??= buildMachine<unknown>();
  return built as unknown as ReturnType<typeof buildMachine<V>>;
}

let built: ReturnType<typeof buildMachine<unknown>> | undefined;

function buildMachine<V>() {
  return setup({
    types: {} as {
      context: Context<V>;
      input: ProbeInput<V>;
      events: Events;
      output: { verdict: V; history: readonly ProbeRecord[] };
    },
    actors: {
      // Arrival is timed here, before decoding, so the round trip excludes our own work.
      listen: fromCallback<Events, ProbeInput<V>>(({ sendBack, input }) =>
        input.transport.onDatagram((bytes, from) =>
          sendBack({ type: 'datagram', bytes, from, at: input.now?.() }),
        ),
      ),
    },
    guards: { concluded: ({ context }) => context.verdict !== undefined },
    actions: {
      step: enqueueActions(({ context, event, enqueue }) => {
        const env = envOf(context.input);
        let r: { state: ProbeState<V>; effects: Effect[] } | undefined;
        if (event.type === 'sent') {
          enqueue.assign(sent(context, event.key, event.at));
          return;
        }
        if (event.type === 'expire') r = expired(context, env, event.key);
        else if (event.type === 'datagram') {
          const d = decodeMessage(event.bytes);
          if (!d.ok || d.value.message.class !== 'success') return;
          const answer = readAnswer(d.value.message, event.from);
          r = answered(context, env, d.value.message.transactionId, answer, event.at);
        } else r = advance(context, env);
        const { state, effects } = r;
        enqueue.assign(state);
        for (let i = 0; i < effects.length; i++) {
          const e = effects[i]!;
          if (e.kind === 'send') {
            // The copies of one send (consecutive effects, same transaction): encoded once,
            // sent together, stamped once.
            const copies = sameSends(effects, i);
            i += copies - 1;
            const bytes = request(e.tx);
            const { now, transport } = context.input;
            enqueue(({ self }) => {
              for (let c = 0; c < copies; c++) transport.send(bytes, e.tx.probe.to);
              // With a clock, the round trip starts now that the request has really left.
              if (now) self.send({ type: 'sent', key: e.tx.key, at: now() });
            });
          } else if (e.kind === 'arm') {
            enqueue.raise({ type: 'expire', key: e.key }, { delay: e.delay, id: e.key });
          } else enqueue.cancel(e.key);
        }
      }),
    },
  }).createMachine({
    id: 'stun-probe',
    context: ({ input }) => ({ ...initialState<V>(), input }),
    invoke: { src: 'listen', input: ({ context }) => context.input },
    initial: 'running',
    states: {
      running: {
        entry: 'step',
        always: { guard: 'concluded', target: 'done' },
        on: {
          datagram: { actions: 'step' },
          expire: { actions: 'step' },
          sent: { actions: 'step' },
        },
      },
      done: { type: 'final' },
    },
    output: ({ context }) => ({ verdict: context.verdict as V, history: context.history }),
  });
}
