/**
 * OpenBSD netcat's UDP behaviour, as the walkthrough uses it:
 * - `nc -u [-p PORT] [-s IP] HOST PORT`: binds, connect()s to HOST:PORT (so only that remote's
 *   datagrams are accepted, which hides NAT filtering), sends stdin, prints what comes back;
 * - `nc -lu PORT`: binds, and on the first datagram connect()s to its sender (and sends
 *   its stdin there, so `echo hi | nc -lu PORT` answers whoever writes first);
 * - `nc -klu PORT`: binds and never connects, printing datagrams from anyone.
 */
import { checkPort, endpoint, formatEndpoint } from '../endpoint.ts';
import { commandErrorMessage, refuse, USAGE } from '../command-error.ts';
import type { CommandErrorFacts } from '../command-error.ts';
import { ModelError } from '../errors.ts';
import { payloadText, textPayload } from '../packet.ts';
import type { Command, RunningProcess } from '../process.ts';

/** Parsed nc options. */
export interface NetcatOptions {
  readonly listen: boolean;
  readonly keep: boolean;
  readonly verbose: boolean;
  readonly sourcePort: number | undefined;
  readonly sourceIp: string | undefined;
  readonly host: string | undefined;
  readonly port: number | undefined;
}

type NetcatFacts = Omit<CommandErrorFacts, 'program' | 'usage'>;

function fail(facts: NetcatFacts): never {
  return refuse({ ...facts, program: 'nc', usage: USAGE.nc });
}

/** A port argument: `flag` is -p for the source port, undefined for the destination's. */
function port(text: string | undefined, flag: '-p' | undefined): number {
  if (text === undefined || !/^\d+$/.test(text))
    fail({ kind: 'not-a-port', ...(flag ? { flag } : {}), value: text ?? '' });
  try {
    return checkPort(Number(text));
  } catch {
    return fail({ kind: 'bad-port', ...(flag ? { flag } : {}), value: text });
  }
}

/** Parses nc's argv (argv[0] is "nc"); throws a CommandError like nc's own errors. */
export function parseNetcat(argv: readonly string[]): NetcatOptions {
  let listen = false;
  let keep = false;
  let udp = false;
  let verbose = false;
  let sourcePort: number | undefined;
  let sourceIp: string | undefined;
  const rest: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('-') || a === '-') {
      rest.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j] as string;
      if (f === 'l') listen = true;
      else if (f === 'k') keep = true;
      else if (f === 'u') udp = true;
      else if (f === 'v') verbose = true;
      else if (f === 'n') continue;
      else if (f === 'p' || f === 's') {
        const value = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
        if (f === 'p') sourcePort = port(value, '-p');
        else {
          try {
            sourceIp = endpoint(value ?? '', 1).ip;
          } catch {
            fail({ kind: 'bad-address', flag: '-s', value: value ?? '' });
          }
        }
        break;
      } else fail({ kind: 'unknown-flag', flag: `-${f}` });
    }
  }
  if (!udp) fail({ kind: 'udp-only' });
  if (keep && !listen) fail({ kind: 'keep-needs-listen' });
  if (listen) {
    if (rest.length > 1) fail({ kind: 'too-many-arguments', value: rest.join(' ') });
    const p = rest.length === 1 ? port(rest[0], undefined) : sourcePort;
    if (p === undefined) fail({ kind: 'listen-needs-port' });
    return { listen, keep, verbose, sourcePort: p, sourceIp, host: undefined, port: undefined };
  }
  if (rest.length !== 2) fail({ kind: 'missing-destination' });
  const host = rest[0] as string;
  try {
    endpoint(host, 1);
  } catch {
    fail({ kind: 'unknown-host', value: host, port: rest[1] ?? '' });
  }
  return { listen, keep, verbose, sourcePort, sourceIp, host, port: port(rest[1], undefined) };
}

/** The `nc` program. */
export const netcat: Command = {
  validate: (argv) => void parseNetcat(argv),
  start(argv, stdin, ctx): RunningProcess {
    const o = parseNetcat(argv);
    let sock;
    try {
      sock = ctx.bind(o.sourcePort, o.sourceIp);
    } catch (e) {
      if (e instanceof ModelError && e.code === 'port-in-use') {
        ctx.print(`${commandErrorMessage({ kind: 'address-in-use', program: 'nc' })}\n`, 'stderr');
        ctx.exit();
        return { name: 'nc' };
      }
      throw e;
    }
    sock.onReceive((d) => {
      const first = o.listen && !o.keep && !sock.remote;
      if (first) {
        sock.connect(d.from);
        if (o.verbose) ctx.print(`Connection received on ${d.from.ip} ${d.from.port}\n`, 'stderr');
      }
      ctx.print(payloadText(d.payload));
      // A listener with piped stdin answers its first peer: `echo hi | nc -lu 9000`.
      if (first && stdin !== undefined && stdin.length > 0) sock.send(textPayload(stdin));
    });
    if (o.listen) {
      if (o.verbose)
        ctx.print(`Bound on ${o.sourceIp ?? '0.0.0.0'} ${sock.local.port}\n`, 'stderr');
    } else {
      const remote = endpoint(o.host as string, o.port as number);
      sock.connect(remote);
      if (o.verbose)
        ctx.print(`Connection to ${formatEndpoint(remote)} port [udp/*] succeeded!\n`, 'stderr');
      if (stdin !== undefined && stdin.length > 0) sock.send(textPayload(stdin));
    }
    return { name: 'nc' };
  },
};
