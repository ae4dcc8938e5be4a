/**
 * `stund -h IP1 -a IP2 [-p PORT] [-o PORT]` on a simulated host: a STUN server on two addresses
 * and two ports (Debian's stund uses the same flags), answering with the shared server logic.
 */
import { checkPort, endpoint } from '../endpoint.ts';
import { refuse, USAGE } from '../command-error.ts';
import type { CommandErrorFacts } from '../command-error.ts';
import type { Command } from '../process.ts';
import type { StunServerConfig } from '../stun/server.ts';
import { answerStun, serverEndpoints } from '../stun/server.ts';

type StundFacts = Omit<CommandErrorFacts, 'program'>;

function fail(facts: StundFacts): never {
  return refuse({ ...facts, program: 'stund' });
}

/** Parses stund's flags; throws a CommandError. */
export function parseStund(argv: readonly string[]): StunServerConfig {
  const usage = USAGE.stund;
  const values: Record<string, string> = {};
  for (let i = 1; i < argv.length; i += 2) {
    const flag = argv[i] as string;
    const value = argv[i + 1];
    if (!['-h', '-a', '-p', '-o'].includes(flag)) fail({ kind: 'unknown-flag', flag, usage });
    if (value === undefined) fail({ kind: 'missing-value', flag, usage });
    values[flag] = value;
  }
  const ip = (flag: '-h' | '-a'): string => {
    const v = values[flag];
    if (v === undefined) fail({ kind: 'missing-address', flag, usage });
    try {
      return endpoint(v, 1).ip;
    } catch (e) {
      return fail({ kind: 'bad-address', flag, value: v, detail: (e as Error).message });
    }
  };
  const port = (flag: '-p' | '-o', fallback: number): number => {
    const v = values[flag];
    try {
      return v === undefined ? fallback : checkPort(Number(v));
    } catch (e) {
      return fail({ kind: 'bad-port', flag, value: v ?? '', detail: (e as Error).message });
    }
  };
  const config = {
    primaryIp: ip('-h'),
    alternateIp: ip('-a'),
    primaryPort: port('-p', 3478),
    alternatePort: port('-o', 3479),
  };
  if (config.primaryIp === config.alternateIp || config.primaryPort === config.alternatePort) {
    fail({ kind: 'same-endpoints' });
  }
  return config;
}

/** The `stund` program. */
export const stund: Command = {
  validate: (argv) => void parseStund(argv),
  start(argv, _stdin, ctx) {
    const config = parseStund(argv);
    const sockets = serverEndpoints(config).map((e) => ctx.bind(e.port, e.ip));
    for (const s of sockets) {
      s.onReceive((d) => {
        const action = answerStun(config, s.local, d.from, d.payload);
        if (action.kind === 'ignore') return;
        const out = sockets.find(
          (o) => o.local.ip === action.from.ip && o.local.port === action.from.port,
        );
        out?.send(action.bytes, action.to);
      });
    }
    ctx.print(`STUN server on ${sockets.map((s) => `${s.local.ip}:${s.local.port}`).join(', ')}\n`);
    return { name: 'stund' };
  },
};
