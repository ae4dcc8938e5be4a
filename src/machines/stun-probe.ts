/**
 * The STUN probe machine: runs a classifier plan (RFC 3489 or RFC 5780, from src/model/stun) on
 * an injected transport. It owns *when*: sending each Binding request, retransmitting on the
 * RFC 8489 §6.2.1 schedule (RTO, doubling, Rc sends, then Rm x RTO), matching answers by
 * transaction id; the plan owns *what* (which test next, and the verdict).
 *
 *   deciding ──probe──► probing ──answer / last timeout──► deciding ──done──► done
 *                        ▲  │ retransmit (RTO, 2·RTO, 4·RTO, …)
 *                        └──┘
 */
import { assign, fromCallback, setup } from 'xstate';
import type { Endpoint } from '../model/endpoint.ts';
import { formatEndpoint } from '../model/endpoint.ts';
import { decodeMessage } from '../model/stun/decode.ts';
import { encodeMessage } from '../model/stun/encode.ts';
import { bytesEqual } from '../model/stun/bytes.ts';
import { METHOD } from '../model/stun/message.ts';
import type { PlanStep, Probe, ProbePlan, ProbeRecord } from '../model/stun/probe.ts';
import { readAnswer } from '../model/stun/probe.ts';
import type { DatagramTransport } from './transport.ts';

/** Retransmission settings (RFC 8489 §6.2.1 names). */
export interface Retransmit {
  /** Initial retransmission timeout in ms (RFC default 500; short on a LAN or simulated link). */
  readonly rto: number;
  /** Total number of sends of one request. */
  readonly rc: number;
  /** After the last send, wait rm x rto before giving up. */
  readonly rm: number;
}

/** Short timeouts suited to a lab: a lost test costs 100 + 200 + 400 ms, then 400 ms of waiting. */
export const LAB_RETRANSMIT: Retransmit = { rto: 100, rc: 3, rm: 4 };

/** What the machine needs to start. */
export interface ProbeInput<V> {
  readonly plan: ProbePlan<V>;
  readonly server: Endpoint;
  readonly transport: DatagramTransport;
  /** Random bytes for transaction ids (seeded in simulation, crypto in the lab). */
  readonly randomBytes: (n: number) => Uint8Array;
  readonly retransmit?: Retransmit;
}

/** One line of progress, for a live view or a CLI. */
export interface ProbeLogEntry {
  readonly kind: 'send' | 'answer' | 'timeout';
  readonly probe: Probe;
  readonly attempt: number;
  readonly text: string;
}

interface Context<V> {
  readonly input: ProbeInput<V>;
  readonly history: readonly ProbeRecord[];
  readonly current:
    { readonly probe: Probe; readonly txId: Uint8Array; readonly attempt: number } | undefined;
  readonly log: readonly ProbeLogEntry[];
  readonly verdict: V | undefined;
}

type Events = { type: 'datagram'; bytes: Uint8Array; from: Endpoint };

const step = <V>(c: Context<V>): PlanStep<V> =>
  c.input.plan.next(c.history, { server: c.input.server, local: c.input.transport.local });
const settings = <V>(c: Context<V>): Retransmit => c.input.retransmit ?? LAB_RETRANSMIT;

/** Encodes the current probe's Binding request. */
function request<V>(c: Context<V>): Uint8Array {
  const cur = c.current!;
  const attributes =
    cur.probe.changeIp || cur.probe.changePort
      ? [
          {
            kind: 'change-request' as const,
            changeIp: cur.probe.changeIp,
            changePort: cur.probe.changePort,
          },
        ]
      : [];
  const out = encodeMessage({
    class: 'request',
    method: METHOD.BINDING,
    transactionId: cur.txId,
    attributes,
  });
  if (!out.ok) throw new Error(`cannot encode probe: ${out.error.message}`);
  return out.value;
}

/** Builds the machine; `createActor(machine, { input, clock })`. */
export function stunProbeMachine<V>() {
  return setup({
    types: {} as {
      context: Context<V>;
      input: ProbeInput<V>;
      events: Events;
      output: { verdict: V; history: readonly ProbeRecord[] };
    },
    actors: {
      listen: fromCallback<Events, DatagramTransport>(({ sendBack, input }) =>
        input.onDatagram((bytes, from) => sendBack({ type: 'datagram', bytes, from })),
      ),
    },
    delays: {
      wait: ({ context }) => {
        const r = settings(context);
        const attempt = context.current?.attempt ?? 0;
        return attempt < r.rc - 1 ? r.rto * 2 ** attempt : r.rm * r.rto;
      },
    },
    guards: {
      finished: ({ context }) => step(context).kind === 'done',
      isAnswer: ({ context, event }) => {
        const d = decodeMessage(event.bytes);
        return (
          d.ok &&
          d.value.message.class === 'success' &&
          bytesEqual(d.value.message.transactionId, context.current!.txId)
        );
      },
      canResend: ({ context }) => (context.current?.attempt ?? 0) < settings(context).rc - 1,
    },
    actions: {
      conclude: assign({
        verdict: ({ context }) => (step(context) as { verdict: V }).verdict,
        current: undefined,
      }),
      start: assign({
        current: ({ context }) => {
          const probe = (step(context) as { probe: Probe }).probe;
          return { probe, txId: context.input.randomBytes(probe.classic ? 16 : 12), attempt: 0 };
        },
      }),
      send: ({ context }) =>
        context.input.transport.send(request(context), context.current!.probe.to),
      logSend: assign({
        log: ({ context }) => {
          const c = context.current!;
          const flags = [c.probe.changeIp && 'change IP', c.probe.changePort && 'change port']
            .filter(Boolean)
            .join(' + ');
          const text = `${c.probe.label}: Binding request to ${formatEndpoint(c.probe.to)}${flags ? ` (${flags})` : ''}${c.attempt > 0 ? `, retransmission ${c.attempt}` : ''}`;
          return [
            ...context.log,
            { kind: 'send' as const, probe: c.probe, attempt: c.attempt, text },
          ];
        },
      }),
      resend: assign({
        current: ({ context }) => ({ ...context.current!, attempt: context.current!.attempt + 1 }),
      }),
      record: assign(({ context, event }) => {
        const d = decodeMessage(event.bytes);
        const answer = d.ok ? readAnswer(d.value.message, event.from) : null;
        const c = context.current!;
        const text = `${c.probe.label}: answer from ${formatEndpoint(event.from)}${answer?.mapped ? `, mapped ${formatEndpoint(answer.mapped)}` : ''}`;
        return {
          history: [...context.history, { probe: c.probe, answer }],
          log: [
            ...context.log,
            { kind: 'answer' as const, probe: c.probe, attempt: c.attempt, text },
          ],
          current: undefined,
        };
      }),
      recordTimeout: assign(({ context }) => {
        const c = context.current!;
        return {
          history: [...context.history, { probe: c.probe, answer: null }],
          log: [
            ...context.log,
            {
              kind: 'timeout' as const,
              probe: c.probe,
              attempt: c.attempt,
              text: `${c.probe.label}: no answer`,
            },
          ],
          current: undefined,
        };
      }),
    },
  }).createMachine({
    id: 'stun-probe',
    context: ({ input }) => ({
      input,
      history: [],
      current: undefined,
      log: [],
      verdict: undefined,
    }),
    invoke: { src: 'listen', input: ({ context }) => context.input.transport },
    initial: 'deciding',
    states: {
      deciding: {
        always: [
          { guard: 'finished', target: 'done', actions: 'conclude' },
          { target: 'probing', actions: 'start' },
        ],
      },
      probing: {
        entry: ['send', 'logSend'],
        on: { datagram: { guard: 'isAnswer', target: 'deciding', actions: 'record' } },
        after: {
          wait: [
            { guard: 'canResend', target: 'probing', reenter: true, actions: 'resend' },
            { target: 'deciding', actions: 'recordTimeout' },
          ],
        },
      },
      done: { type: 'final' },
    },
    output: ({ context }) => ({ verdict: context.verdict as V, history: context.history }),
  });
}
