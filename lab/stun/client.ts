/**
 * The real STUN classifier: the same probe machine and plans the simulator runs (RFC 3489 as
 * pystun does it, or RFC 5780 behaviour discovery), here on a node:dgram socket, real timers and
 * crypto-random transaction ids, returning the verdict, the printed lines and the progress log.
 */
import { createActor } from 'xstate';
import type { Endpoint } from '../../src/model/endpoint.ts';
import { classicPlan } from '../../src/model/stun/classic-plan.ts';
import type { ClassicVerdict } from '../../src/model/stun/classic-plan.ts';
import type { ProbePlan, ProbeRecord } from '../../src/model/stun/probe.ts';
import { rfc5780Plan } from '../../src/model/stun/rfc5780-plan.ts';
import type { Rfc5780Verdict } from '../../src/model/stun/rfc5780-plan.ts';
import { formatClassic, formatRfc5780 } from '../../src/machines/commands/stun-output.ts';
import { LAB_RETRANSMIT, stunProbeMachine } from '../../src/machines/stun-probe.ts';
import type { Retransmit } from '../../src/machines/stun-probe.ts';
import { scheduleFor, worstCasePerRequest } from '../../src/machines/stun-retransmit.ts';
import { openTransport } from './dgram-transport.ts';
import { secureRandomBytes } from './random-bytes.ts';
import { ioFirstClock } from './io-first-clock.ts';
import { monotonicMs } from './monotonic.ts';
import { warmSocket, warmUp } from './warm-up.ts';
import type { DgramTransport } from './dgram-transport.ts';
import { LabStunError, checkEndpoint, checkIpv4, checkUdpPort } from './errors.ts';

/** What to classify and how. */
export interface ClassifyOptions {
  /** The STUN server's primary endpoint. */
  readonly server: Endpoint;
  /** Local address to bind (default every address, reporting the route's source address). */
  readonly sourceIp?: string;
  /** Local port to bind (default: the kernel picks). */
  readonly sourcePort?: number;
  /** Run RFC 5780 behaviour discovery instead of the RFC 3489 classic test. */
  readonly rfc5780?: boolean;
  /** RFC 3489 only: send Test III to changed IP : primary port, as the original pystun did. */
  readonly pystunBug?: boolean;
  readonly retransmit?: Retransmit;
  /** Called with each progress line as it happens (send, answer, no answer). */
  readonly onLog?: (line: string) => void;
}

interface Common {
  readonly server: Endpoint;
  /** The client's real local endpoint. */
  readonly local: Endpoint;
  /** What pystun prints (or the RFC 5780 lines), newline-terminated. */
  readonly text: string;
  readonly log: readonly string[];
  readonly history: readonly ProbeRecord[];
  readonly durationMs: number;
}

/** A finished RFC 3489 classification. */
export type ClassicResult = Common & { readonly mode: 'rfc3489'; readonly verdict: ClassicVerdict };
/** A finished RFC 5780 behaviour discovery. */
export type Rfc5780Result = Common & { readonly mode: 'rfc5780'; readonly verdict: Rfc5780Verdict };
/** A finished classification. */
export type ClassifyResult = ClassicResult | Rfc5780Result;

/** The most probes a plan sends one after another (RFC 5780: 5; RFC 3489: 4), for the deadline. */
const MAX_PROBES = 5;

/** The longest a run can take when every probe goes unanswered, plus slack. */
export function worstCaseMs(r: Retransmit): number {
  const perProbe = Math.max(
    worstCasePerRequest(scheduleFor(r, undefined)),
    worstCasePerRequest(scheduleFor(r, Infinity)),
  );
  return MAX_PROBES * perProbe + 2_000;
}

interface Run<V> {
  readonly verdict: V;
  readonly history: readonly ProbeRecord[];
  readonly log: string[];
}

function runPlan<V>(
  plan: ProbePlan<V>,
  transport: DgramTransport,
  o: ClassifyOptions,
  retransmit: Retransmit,
): Promise<Run<V>> {
  const log: string[] = [];
  const actor = createActor(stunProbeMachine<V>(), {
    clock: ioFirstClock,
    input: {
      plan,
      server: o.server,
      transport,
      retransmit,
      randomBytes: secureRandomBytes,
      now: monotonicMs,
    },
  });
  return new Promise<Run<V>>((resolve, reject) => {
    const limit = worstCaseMs(retransmit);
    const timer = setTimeout(() => {
      actor.stop();
      reject(new LabStunError('timeout', `the ${plan.name} test did not finish in ${limit} ms`));
    }, limit);
    actor.subscribe({
      next: (snapshot) => {
        for (const entry of snapshot.context.log.slice(log.length)) {
          log.push(entry.text);
          o.onLog?.(entry.text);
        }
      },
      complete: () => {
        clearTimeout(timer);
        const out = actor.getSnapshot().output!;
        resolve({ verdict: out.verdict, history: out.history, log });
      },
      error: (e) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    });
    actor.start();
  });
}

/** Runs one classification against a real server; the socket is closed before it resolves. */
export function classify(o: ClassifyOptions & { readonly rfc5780: true }): Promise<Rfc5780Result>;
export function classify(o: ClassifyOptions & { readonly rfc5780?: false }): Promise<ClassicResult>;
export function classify(o: ClassifyOptions): Promise<ClassifyResult>;
export async function classify(o: ClassifyOptions): Promise<ClassifyResult> {
  const server = checkEndpoint('STUN server', o.server);
  if (o.sourceIp !== undefined) checkIpv4('source address', o.sourceIp);
  if (o.sourcePort !== undefined) checkUdpPort('source port', o.sourcePort);
  const retransmit = o.retransmit ?? LAB_RETRANSMIT;
  if (!(retransmit.rto >= 1 && retransmit.rc >= 1 && retransmit.rm >= 1)) {
    throw new LabStunError('invalid-argument', `bad retransmission settings: rto, rc, rm >= 1`);
  }
  const plan5780 = rfc5780Plan();
  const plan3489 = classicPlan({ pystunBug: o.pystunBug ?? false });
  // The in-memory warm-up runs while the socket binds (it needs no socket).
  const [transport] = await Promise.all([
    openTransport({
      ...(o.sourceIp === undefined ? {} : { ip: o.sourceIp }),
      ...(o.sourcePort === undefined ? {} : { port: o.sourcePort }),
      toward: server,
    }),
    o.rfc5780 ? warmUp(plan5780) : warmUp(plan3489),
  ]);
  await warmSocket(transport);
  const started = monotonicMs();
  try {
    const opts = { ...o, server };
    const base = { server, local: transport.local };
    const failed = (blocked: boolean): void => {
      const why = transport.sendErrors[0];
      if (blocked && why) throw why;
    };
    if (o.rfc5780) {
      const r = await runPlan(plan5780, transport, opts, retransmit);
      failed(r.verdict.kind === 'blocked');
      const durationMs = monotonicMs() - started;
      const text = formatRfc5780(r.verdict);
      return { ...base, ...r, mode: 'rfc5780', text, durationMs };
    }
    const r = await runPlan(plan3489, transport, opts, retransmit);
    failed(r.verdict.external === undefined);
    const durationMs = monotonicMs() - started;
    return { ...base, ...r, mode: 'rfc3489', text: formatClassic(r.verdict), durationMs };
  } finally {
    await transport.close();
  }
}
