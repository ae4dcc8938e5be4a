/**
 * `stund -h IP1 -a IP2 [-p PORT] [-o PORT]` on a simulated host: a STUN server on two addresses
 * and two ports (Debian's stund uses the same flags), answering with the shared server logic.
 */
import { checkPort, endpoint } from '../endpoint.ts';
import { ModelError } from '../errors.ts';
import type { Command } from '../process.ts';
import type { StunServerConfig } from '../stun/server.ts';
import { answerStun, serverEndpoints } from '../stun/server.ts';

/** Parses stund's flags; throws ModelError('bad-command'). */
export function parseStund(argv: readonly string[]): StunServerConfig {
  const usage = 'usage: stund -h IP -a IP [-p port] [-o altport]';
  const values: Record<string, string> = {};
  for (let i = 1; i < argv.length; i += 2) {
    const flag = argv[i] as string;
    const value = argv[i + 1];
    if (!['-h', '-a', '-p', '-o'].includes(flag) || value === undefined) {
      throw new ModelError('bad-command', `stund: bad argument "${flag}"\n${usage}`);
    }
    values[flag] = value;
  }
  const ip = (flag: string, what: string): string => {
    const v = values[flag];
    if (v === undefined)
      throw new ModelError('bad-command', `stund: ${what} is required (${flag})\n${usage}`);
    try {
      return endpoint(v, 1).ip;
    } catch (e) {
      throw new ModelError('bad-command', `stund: ${what}: ${(e as Error).message}`);
    }
  };
  const port = (flag: string, fallback: number): number => {
    const v = values[flag];
    try {
      return v === undefined ? fallback : checkPort(Number(v));
    } catch (e) {
      throw new ModelError('bad-command', `stund: ${flag}: ${(e as Error).message}`);
    }
  };
  const config = {
    primaryIp: ip('-h', 'primary address'),
    alternateIp: ip('-a', 'alternate address'),
    primaryPort: port('-p', 3478),
    alternatePort: port('-o', 3479),
  };
  if (config.primaryIp === config.alternateIp || config.primaryPort === config.alternatePort) {
    throw new ModelError('bad-command', 'stund: the two addresses and the two ports must differ');
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
