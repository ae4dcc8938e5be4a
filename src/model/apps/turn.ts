/**
 * `turn`, the simulated TURN client, in three subcommands:
 *
 *   turn -H SERVER [-P PORT] [-p LOCAL_PORT] allocate   ask the relay for a relayed address; keeps
 *                                                       running beside the shell (like a daemon),
 *                                                       printing what the relay forwards
 *   turn permit PEER_IP...                              CreatePermission: let PEER_IP (any port)
 *                                                       send to the relayed address
 *   echo TEXT | turn send PEER_IP PEER_PORT             Send indication: TEXT to the peer, sent
 *                                                       from the relayed address
 *
 * `permit` and `send` use the allocation `allocate` made on the same host. Observations:
 * `${HOST.turn.relay.ip}`/`.port`, `${HOST.turn.mapped.*}`, `${HOST.turn.peer.*}`.
 */
import type { Endpoint } from '../endpoint.ts';
import { checkPort, endpoint, formatEndpoint } from '../endpoint.ts';
import { refuse, USAGE } from '../command-error.ts';
import type { CommandErrorFacts } from '../command-error.ts';
import { turnKey } from '../observations.ts';
import { textPayload } from '../packet.ts';
import type { Command, ProcessContext } from '../process.ts';
import { sessionOn, TurnSession } from '../turn/client.ts';
import {
  METHOD,
  TURN_ATTRIBUTE as T,
  TURN_PORT,
  dataAttribute,
  errorText,
  requestedUdp,
  xorAddress,
} from '../turn/wire.ts';

/** The subcommands, in the order the usage line gives them. */
export const TURN_SUBCOMMANDS = ['allocate', 'permit', 'send'] as const;

type Facts = Omit<CommandErrorFacts, 'program' | 'usage'>;

function fail(facts: Facts): never {
  return refuse({ ...facts, program: 'turn', usage: USAGE.turn });
}

/** A parsed `turn` line. */
export type TurnCommand =
  | { readonly sub: 'allocate'; readonly server: Endpoint; readonly localPort: number | undefined }
  | { readonly sub: 'permit'; readonly peers: readonly string[] }
  | { readonly sub: 'send'; readonly peer: Endpoint };

function ip(flag: string, v: string): string {
  try {
    return endpoint(v, 1).ip;
  } catch (e) {
    return fail({ kind: 'bad-address', flag, value: v, detail: (e as Error).message });
  }
}

function port(flag: string, v: string): number {
  if (!/^\d+$/.test(v)) fail({ kind: 'not-a-port', flag, value: v });
  try {
    return checkPort(Number(v));
  } catch (e) {
    return fail({ kind: 'bad-port', flag, value: v, detail: (e as Error).message });
  }
}

/** Parses a `turn` argv; throws a CommandError. */
export function parseTurn(argv: readonly string[]): TurnCommand {
  const flags: Record<string, string> = {};
  let i = 1;
  for (; i < argv.length && (argv[i] as string).startsWith('-'); i += 2) {
    const flag = argv[i] as string;
    if (!['-H', '-P', '-p'].includes(flag)) fail({ kind: 'unknown-flag', flag });
    const value = argv[i + 1];
    if (value === undefined) fail({ kind: 'missing-value', flag });
    flags[flag] = value;
  }
  const sub = argv[i];
  const args = argv.slice(i + 1);
  if (sub === 'allocate') {
    if (args.length > 0) fail({ kind: 'too-many-arguments', value: args.join(' ') });
    const host = flags['-H'];
    if (host === undefined) fail({ kind: 'missing-address', flag: '-H' });
    const serverPort = flags['-P'] === undefined ? TURN_PORT : port('-P', flags['-P']);
    const localPort = flags['-p'] === undefined ? undefined : port('-p', flags['-p']);
    return { sub, server: { ip: ip('-H', host), port: serverPort }, localPort };
  }
  if (sub === 'permit' || sub === 'send') {
    const extra = Object.keys(flags)[0];
    if (extra) fail({ kind: 'unknown-flag', flag: extra });
    if (sub === 'permit') {
      if (args.length === 0) fail({ kind: 'missing-peer', value: sub });
      return { sub, peers: args.map((a) => ip(sub, a)) };
    }
    if (args.length < 2) fail({ kind: 'missing-peer', value: sub });
    if (args.length > 2) fail({ kind: 'too-many-arguments', value: args.slice(2).join(' ') });
    return { sub, peer: { ip: ip(sub, args[0] as string), port: port(sub, args[1] as string) } };
  }
  return fail({ kind: 'bad-subcommand', value: sub ?? '', names: TURN_SUBCOMMANDS });
}

/** Prints a runtime problem (not a refused line) the way turn's errors read. */
function problem(ctx: ProcessContext, why: string): void {
  ctx.print(`turn: ${why}\n`, 'stderr');
  ctx.exit();
}

function allocate(ctx: ProcessContext, server: Endpoint, localPort: number | undefined): void {
  if (sessionOn(ctx.host)) return problem(ctx, 'an allocation already runs on this host');
  const socket = ctx.bind(localPort);
  const me = ctx.host.id;
  const session = new TurnSession(ctx.host, socket, server, ctx.rng, ctx.after, {
    print: ctx.print,
    observe: (field, e) => {
      ctx.observe(turnKey(me, `${field}.ip`), e.ip);
      ctx.observe(turnKey(me, `${field}.port`), String(e.port));
    },
  });
  ctx.print(`Allocate request to ${formatEndpoint(server)} from port ${socket.local.port}\n`);
  session.allocate([requestedUdp()], (ok) => {
    if (!ok) ctx.exit();
  });
}

function permit(ctx: ProcessContext, session: TurnSession, peers: readonly string[]): void {
  let left = peers.length;
  for (const peer of peers) {
    const attrs = [xorAddress(T.XOR_PEER_ADDRESS, { ip: peer, port: 0 })];
    session.request(METHOD.CREATE_PERMISSION, attrs, (m) => {
      if (!m) ctx.print(`turn: no answer to CreatePermission for ${peer}\n`, 'stderr');
      else if (m.class === 'error')
        ctx.print(`turn: permission for ${peer} refused: ${errorText(m)}\n`, 'stderr');
      else
        ctx.print(
          `permission for ${peer} (any port) on ${formatEndpoint(session.relayed ?? session.server)}\n`,
        );
      if (--left === 0) ctx.exit();
    });
  }
}

/** The `turn` program. */
export const turn: Command = {
  validate: (argv) => void parseTurn(argv),
  // Every subcommand runs beside the shell: allocate stays alive as the host's TURN client.
  oneShot: true,
  start(argv, stdin, ctx) {
    const cmd = parseTurn(argv);
    if (cmd.sub === 'allocate') allocate(ctx, cmd.server, cmd.localPort);
    else {
      const session = sessionOn(ctx.host);
      if (!session?.relayed)
        problem(ctx, 'no allocation on this host: run turn -H SERVER allocate first');
      else if (cmd.sub === 'permit') permit(ctx, session, cmd.peers);
      else {
        const data = textPayload(stdin ?? '');
        session.indicate([xorAddress(T.XOR_PEER_ADDRESS, cmd.peer), dataAttribute(data)]);
        ctx.print(
          `Send indication: ${data.length} bytes for ${formatEndpoint(cmd.peer)} via ${formatEndpoint(session.relayed)}\n`,
        );
        ctx.exit();
      }
    }
    return { name: 'turn' };
  },
};
