/**
 * `turnserver -L IP [-p PORT] [--min-port PORT] [--max-port PORT]` on a simulated host: a TURN
 * relay (coturn's flag names) listening on IP:PORT (3478) and relaying from ports in
 * [min-port, max-port] (49152-65535), logging allocations, permissions and relayed packets.
 */
import { checkPort, endpoint } from '../endpoint.ts';
import { refuse, USAGE } from '../command-error.ts';
import type { CommandErrorFacts } from '../command-error.ts';
import { ModelError } from '../errors.ts';
import type { Command } from '../process.ts';
import type { TurnConfig } from '../turn/server.ts';
import { TurnServer } from '../turn/server.ts';
import { TURN_PORT } from '../turn/wire.ts';

type Facts = Omit<CommandErrorFacts, 'program' | 'usage'>;

function fail(facts: Facts): never {
  return refuse({ ...facts, program: 'turnserver', usage: USAGE.turnserver });
}

/** turnserver's settings. */
export interface TurnserverConfig extends TurnConfig {
  readonly ip: string;
  readonly port: number;
}

const FLAGS = ['-L', '-p', '--min-port', '--max-port'];

/** Parses turnserver's flags; throws a CommandError. */
export function parseTurnserver(argv: readonly string[]): TurnserverConfig {
  const values: Record<string, string> = {};
  for (let i = 1; i < argv.length; i += 2) {
    const flag = argv[i] as string;
    const value = argv[i + 1];
    if (!FLAGS.includes(flag)) fail({ kind: 'unknown-flag', flag });
    if (value === undefined) fail({ kind: 'missing-value', flag });
    values[flag] = value;
  }
  const listen = values['-L'];
  if (listen === undefined) fail({ kind: 'missing-address', flag: '-L' });
  let ip: string;
  try {
    ip = endpoint(listen, 1).ip;
  } catch (e) {
    return fail({ kind: 'bad-address', flag: '-L', value: listen, detail: (e as Error).message });
  }
  const port = (flag: string, fallback: number): number => {
    const v = values[flag];
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v)) fail({ kind: 'not-a-port', flag, value: v });
    try {
      return checkPort(Number(v));
    } catch (e) {
      return fail({ kind: 'bad-port', flag, value: v, detail: (e as Error).message });
    }
  };
  const minPort = port('--min-port', 49152);
  const maxPort = port('--max-port', 65535);
  if (minPort > maxPort)
    fail({
      kind: 'bad-port',
      flag: '--max-port',
      value: String(maxPort),
      detail: `below --min-port ${minPort}`,
    });
  return { ip, port: port('-p', TURN_PORT), minPort, maxPort };
}

/** The `turnserver` program. */
export const turnserver: Command = {
  validate: (argv) => void parseTurnserver(argv),
  start(argv, _stdin, ctx) {
    const config = parseTurnserver(argv);
    const listen = ctx.bind(config.port, config.ip);
    const server = new TurnServer(
      {
        now: ctx.now,
        randomInt: (min, max) => ctx.rng.int(min, max),
        reply: (bytes, to) => void listen.send(bytes, to),
        log: (line) => ctx.print(`${line}\n`),
        bindRelay(port, onPacket) {
          try {
            const s = ctx.bind(port, config.ip);
            s.onReceive((d) => onPacket(d.from, d.payload));
            return { local: s.local, send: (b, to) => void s.send(b, to), close: () => s.close() };
          } catch (e) {
            if (e instanceof ModelError) return undefined;
            throw e;
          }
        },
      },
      config,
    );
    listen.onReceive((d) => server.receive(d.from, d.payload));
    ctx.print(
      `TURN relay on ${config.ip}:${config.port}, relayed ports ${config.minPort}-${config.maxPort}\n`,
    );
    return { name: 'turnserver' };
  },
};
