/**
 * `pystun [-H host] [-P port] [-p source-port] [-i source-ip] [--rfc5780] [--pystun-bug]` on a
 * simulated host: the STUN probe machine on the model's clock and sockets, printing what pystun
 * prints (`NAT Type:`, `External IP:`, `External Port:`) and recording the answer for later
 * steps as ${<host>.stun.ip} and ${<host>.stun.port}.
 */
import { createActor } from 'xstate';
import { checkPort, endpoint } from '../../model/endpoint.ts';
import { CommandError, refuse, USAGE } from '../../model/command-error.ts';
import type { CommandErrorFacts } from '../../model/command-error.ts';
import type { Command } from '../../model/process.ts';
import { classicPlan } from '../../model/stun/classic-plan.ts';
import type { ClassicVerdict } from '../../model/stun/classic-plan.ts';
import { rfc5780Plan } from '../../model/stun/rfc5780-plan.ts';
import type { Rfc5780Verdict } from '../../model/stun/rfc5780-plan.ts';
import { rngBytes, schedulerClock, socketTransport } from '../sim-runtime.ts';
import { stunProbeMachine } from '../stun-probe.ts';
import { PYSTUN_RETRANSMIT } from '../stun-retransmit.ts';
import type { Retransmit } from '../stun-retransmit.ts';
import { formatClassic, formatRfc5780 } from './stun-output.ts';

/** pystun's options. */
export interface PystunOptions {
  readonly host: string;
  readonly port: number;
  readonly sourcePort: number | undefined;
  readonly sourceIp: string | undefined;
  readonly rfc5780: boolean;
  readonly pystunBug: boolean;
}

/** Parses pystun's argv; `defaults` gives the STUN server when -H/-P are absent. */
export function parsePystun(
  argv: readonly string[],
  defaults: { host: string; port: number },
): PystunOptions {
  const o = {
    host: defaults.host,
    port: defaults.port,
    sourcePort: undefined as number | undefined,
    sourceIp: undefined as string | undefined,
    rfc5780: false,
    pystunBug: false,
  };
  const fail = (facts: Omit<CommandErrorFacts, 'program' | 'usage'>): never =>
    refuse({ ...facts, program: 'pystun', usage: USAGE.pystun });
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--rfc5780') o.rfc5780 = true;
    else if (a === '--pystun-bug') o.pystunBug = true;
    else if (['-H', '-P', '-p', '-i'].includes(a)) {
      const v = argv[++i];
      if (v === undefined) return fail({ kind: 'missing-value', flag: a });
      const address = a === '-H' || a === '-i';
      try {
        if (a === '-H') o.host = endpoint(v, 1).ip;
        else if (a === '-i') o.sourceIp = endpoint(v, 1).ip;
        else if (!/^\d+$/.test(v)) fail({ kind: 'not-a-port', flag: a, value: v });
        else if (a === '-P') o.port = checkPort(Number(v));
        else o.sourcePort = checkPort(Number(v));
      } catch (e) {
        if (e instanceof CommandError) throw e;
        const kind = address ? 'bad-address' : 'bad-port';
        fail({ kind, flag: a, value: v, detail: (e as Error).message });
      }
    } else fail({ kind: 'unknown-flag', flag: a });
  }
  return o;
}

/**
 * Builds the pystun program; `defaults` is the STUN server asked when -H / -P are absent, and
 * `retransmit` the machine's schedule (default PYSTUN_RETRANSMIT: pystun's fixed three sends; the
 * lab's classifier measures the round trip instead).
 */
export function pystunCommand(defaults: {
  host: string;
  port: number;
  retransmit?: Retransmit;
}): Command {
  return {
    validate: (argv) => void parsePystun(argv, defaults),
    start(argv, _stdin, ctx) {
      const o = parsePystun(argv, defaults);
      const socket = ctx.bind(o.sourcePort, o.sourceIp);
      const server = { ip: o.host, port: o.port };
      const transport = socketTransport(socket);
      const clock = schedulerClock(ctx.scheduler);
      const randomBytes = rngBytes(ctx.rng);
      const now = (): number => ctx.scheduler.now;
      const retransmit = defaults.retransmit ?? PYSTUN_RETRANSMIT;
      const finish = (lines: string) => {
        ctx.print(lines);
        ctx.exit();
      };
      if (o.rfc5780) {
        const actor = createActor(stunProbeMachine<Rfc5780Verdict>(), {
          clock,
          input: { plan: rfc5780Plan(), server, transport, randomBytes, now, retransmit },
        });
        actor.subscribe({
          complete: () => finish(formatRfc5780(actor.getSnapshot().output!.verdict)),
        });
        actor.start();
        return { name: 'pystun', stop: () => actor.stop() };
      }
      const actor = createActor(stunProbeMachine<ClassicVerdict>(), {
        clock,
        input: {
          plan: classicPlan({ pystunBug: o.pystunBug }),
          server,
          transport,
          randomBytes,
          now,
          retransmit,
        },
      });
      actor.subscribe({
        complete: () => {
          const v = actor.getSnapshot().output!.verdict;
          if (v.external) {
            ctx.observe(`${ctx.host.id}.stun.ip`, v.external.ip);
            ctx.observe(`${ctx.host.id}.stun.port`, String(v.external.port));
          }
          finish(formatClassic(v));
        },
      });
      actor.start();
      return { name: 'pystun', stop: () => actor.stop() };
    },
  };
}
