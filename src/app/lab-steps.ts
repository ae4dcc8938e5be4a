/**
 * Maps a lesson's terminal line to a lab step template, never to a command string: the line is
 * parsed with the model's shell, and only what a template can express passes (`echo "T" | nc -p
 * P -u IP PORT` → nc-send, `nc -lu P` / `nc -klu P` → nc-listen, `pystun …` → stun-classify). The
 * model's addresses (54.93.249.162, a NAT's public address) become the lab's real ones through
 * an address book (an address, or an ip:port such as what the Server saw of a peer from one of
 * its ports, the lesson's `${server.saw.X}`); the step is then checked against the hub's own
 * schema. Anything else is a refusal with a string key, worded by the UI in either language.
 */
import * as v from 'valibot';
import { CommandError } from '../model/command-error.ts';
import { parseCommandLine } from '../model/shell.ts';
import type { TopologySpec } from '../model/topology.ts';
import { parsePystun } from '../machines/commands/pystun.ts';
import { AGENT_ROLES } from '../protocol/fields.ts';
import type { AgentRole } from '../protocol/fields.ts';
import { StepSchema } from '../protocol/steps.ts';
import type { Step } from '../protocol/steps.ts';
import type { Saw } from '../protocol/messages.ts';
import { RENDEZVOUS_PORT } from '../protocol/rendezvous.ts';

/** The STUN port pystun asks when the line names none. */
export const STUN_PORT = 3478;

/** Model IPv4 address → the lab's real one; model "ip:port" → the real "ip:port". */
export type AddressBook = Readonly<Record<string, string>>;

/** Why a line cannot run for real (a string key of the Live lab block, and its values). */
export interface Refusal {
  readonly key:
    | 'labRefuseActor'
    | 'labRefuseProgram'
    | 'labRefuseShape'
    | 'labRefuseAddress'
    | 'labRefuseValue'
    | 'labRefuseParse';
  readonly values: Readonly<Record<string, string>>;
}

/** A line as a step, or why not. */
export type Mapped = { readonly step: Step } | { readonly refusal: Refusal };

/** What the hub knows a peer by: its LAN address, the public one, what the Server saw of it. */
export interface RealMachine {
  readonly lan?: string | undefined;
  readonly public?: string | undefined;
  readonly saw?: readonly Saw[] | undefined;
}

/**
 * The real addresses the lab knows: the Server's, and each peer's public one when known; or,
 * from the hub's agents list, each peer's `machines` entry; and the rendezvous's real port.
 */
export type RealAddresses = Partial<Record<'server' | AgentRole, string>> & {
  readonly machines?: Partial<Record<AgentRole, RealMachine>>;
  readonly rendezvous?: number;
};

/**
 * The address book of a topology: the Server's addresses map to the real Server, and each peer's
 * own address and every public address of the routers above it to that peer's real address.
 */
export function addressBook(topology: TopologySpec, real: RealAddresses): AddressBook {
  const book: Record<string, string> = {};
  const byId = new Map(topology.nodes.map((n) => [n.id, n]));
  if (real.server !== undefined) book['server'] = real.server; // pystun's default STUN server
  for (const n of topology.nodes) {
    if (n.kind !== 'host') continue;
    const m = n.id === 'alice' || n.id === 'bob' ? real.machines?.[n.id] : undefined;
    const seen = m?.saw?.at(-1)?.seen.ip;
    const to = m ? (m.lan ?? m.public ?? seen) : real[n.id as 'server' | AgentRole];
    if (to === undefined) continue;
    for (const ip of [n.ip, ...(n.extraIps ?? [])]) {
      book[ip] = to;
      if (n.id === 'server' && real.rendezvous !== undefined) {
        book[`${ip}:${RENDEZVOUS_PORT}`] = `${to}:${real.rendezvous}`;
      }
    }
    if (n.id === 'server') continue;
    const outside = m ? (seen ?? m.public ?? to) : to;
    for (let up = byId.get(n.parent); up?.kind === 'router'; up = byId.get(up.parent)) {
      book[up.wanIp] ??= outside;
      // what the Server saw of the peer's local port, where the model's NAT keeps that port
      for (const s of m?.saw ?? [])
        book[`${up.wanIp}:${s.local}`] ??= `${s.seen.ip}:${s.seen.port}`;
    }
  }
  return book;
}

/** nc's flags and operands, as far as the templates care. */
function ncArgs(argv: readonly string[]): { flags: Set<string>; p?: string; operands: string[] } {
  const flags = new Set<string>();
  const operands: string[] = [];
  let p: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '-p') p = argv[++i] ?? '';
    else if (/^-[a-zA-Z]+$/.test(a)) for (const c of a.slice(1)) flags.add(c);
    else operands.push(a);
  }
  return p === undefined ? { flags, operands } : { flags, p, operands };
}

const sameFlags = (flags: Set<string>, allowed: string): boolean =>
  [...flags].every((f) => allowed.includes(f));

/** The step for one line, or a refusal; `listenSeconds` bounds nc-listen. */
export function lineToStep(
  line: { readonly actor: string; readonly command: string },
  book: AddressBook,
  listenSeconds = 20,
): Mapped {
  const refuse = (key: Refusal['key'], values: Record<string, string> = {}): Mapped => ({
    refusal: { key, values: { actor: line.actor, command: line.command, ...values } },
  });
  if (!(AGENT_ROLES as readonly string[]).includes(line.actor)) return refuse('labRefuseActor');
  const from = line.actor as AgentRole;
  let parsed;
  try {
    parsed = parseCommandLine(line.command);
  } catch (e) {
    return refuse('labRefuseParse', { detail: e instanceof Error ? e.message : String(e) });
  }
  if (parsed.kind !== 'run') return refuse('labRefuseProgram', { program: line.command });
  const program = parsed.argv[0] ?? '';
  const real = (ip: string): string | undefined => book[ip];
  let step: unknown;
  if (program === 'nc') {
    const { flags, p, operands } = ncArgs(parsed.argv);
    const listen = flags.has('l');
    if (!flags.has('u')) return refuse('labRefuseShape');
    if (!listen && parsed.stdin !== undefined && p !== undefined && operands.length === 2) {
      if (!sameFlags(flags, 'u')) return refuse('labRefuseShape');
      const endpoint = book[`${operands[0]}:${operands[1]}`]?.split(':');
      const ip = endpoint?.[0] ?? real(operands[0] as string);
      if (ip === undefined) return refuse('labRefuseAddress', { ip: operands[0] as string });
      const text = parsed.stdin.replace(/\n$/, '');
      step = {
        template: 'nc-send',
        from,
        port: Number(p),
        to: { ip, port: Number(endpoint?.[1] ?? operands[1]) },
        text,
      };
    } else if (listen && parsed.stdin === undefined && sameFlags(flags, 'klu')) {
      const port = p ?? (operands.length === 1 ? operands[0] : undefined);
      if (port === undefined || operands.length > (p === undefined ? 1 : 0)) {
        return refuse('labRefuseShape');
      }
      step = {
        template: 'nc-listen',
        from,
        port: Number(port),
        keep: flags.has('k'),
        seconds: listenSeconds,
      };
    } else return refuse('labRefuseShape');
  } else if (program === 'pystun') {
    if (parsed.stdin !== undefined) return refuse('labRefuseShape');
    const server = real('server') ?? '';
    let o;
    try {
      o = parsePystun(parsed.argv, { host: server, port: STUN_PORT });
    } catch (e) {
      const detail = e instanceof CommandError ? e.message : String(e);
      return refuse('labRefuseParse', { detail });
    }
    if (o.pystunBug || o.sourceIp !== undefined) return refuse('labRefuseShape');
    const ip = o.host === server ? server : real(o.host);
    if (!ip) return refuse('labRefuseAddress', { ip: o.host || 'server' });
    step = {
      template: 'stun-classify',
      from,
      server: { ip, port: o.port },
      ...(o.sourcePort === undefined ? {} : { port: o.sourcePort }),
      ...(o.rfc5780 ? { rfc5780: true } : {}),
    };
  } else return refuse('labRefuseProgram', { program });
  const checked = v.safeParse(StepSchema, step, { abortEarly: true });
  if (!checked.success) {
    const issue = checked.issues[0];
    const path = (issue.path ?? []).map((x) => String(x.key)).join('.');
    return refuse('labRefuseValue', { detail: `${path} ${issue.message}` });
  }
  return { step: checked.output };
}
