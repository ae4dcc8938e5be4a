/**
 * `npm run lab -- stun-server --primary IP --alternate IP [--port 3478 --alt-port 3479]
 * [--workers N] [-v]`: runs the lab's real STUN server on the four endpoints until SIGINT or
 * SIGTERM, printing where it listens, one line per answer with -v, errors rate-limited on stderr,
 * and its counts when it stops; with --workers, in N processes sharing the sockets
 * (lab/stun/workers.ts), the counts added up.
 */
import { availableParallelism } from 'node:os';
import { formatEndpoint } from '../../src/model/endpoint.ts';
import { softwareProblem } from '../../src/model/stun/server-limits.ts';
import { serverEndpoints } from '../../src/model/stun/server.ts';
import { startStunServer } from '../stun/server.ts';
import type { LabStunServerOptions } from '../stun/server.ts';
import { isServerWorker, serveAsWorker, startWorkers } from '../stun/workers.ts';
import type { StunServerCounts, StunServerEvent } from '../stun/server.ts';
import type { CommandIo, LabCommand } from './command.ts';
import {
  EXIT,
  UsageError,
  failureMessage,
  intFlag,
  ipFlag,
  parseFlags,
  portFlag,
  PROG,
} from './command.ts';
import { lineThrottle } from './line-throttle.ts';

const HELP = `usage: ${PROG} stun-server --primary IP --alternate IP [--port 3478] [--alt-port 3479]
${' '.repeat(PROG.length + 19)}[--software TEXT] [--workers N|auto] [-v]

Run a STUN server (RFC 3489 and RFC 5389/8489, with RFC 5780's OTHER-ADDRESS and
RESPONSE-ORIGIN) on four sockets: PRIMARY:PORT, PRIMARY:ALT_PORT, ALTERNATE:PORT and
ALTERNATE:ALT_PORT. CHANGE-REQUEST answers leave from the other address and/or port, so NAT
classifiers (pystun, Debian's stun, coturn's natdiscovery, \`${PROG} stun\`) work against it.
Both addresses must be on this machine's interfaces (127.0.0.1 and 127.0.0.2 both work on Linux).
Runs until SIGINT (Ctrl-C) or SIGTERM.

options:
      --primary IP        the primary address (required)
      --alternate IP      the alternate address, CHANGED-ADDRESS / OTHER-ADDRESS (required)
      --port PORT         the primary port (default 3478)
      --alt-port PORT     the alternate port (default 3479)
      --software TEXT     add a SOFTWARE attribute to every answer (fewer than 128 characters)
      --workers N|auto    serve from N processes sharing the four sockets (default 1; auto: one
                          per core, here ${availableParallelism()}); the counts printed at the stop are their sum.
                          More processes help only with cores to spare beyond the clients':
                          every one wakes for each datagram on the shared socket
  -v, --verbose           one line per datagram answered or ignored
  -h, --help              this text

Requests over 2048 bytes or 32 attributes, indications, responses and methods other than
Binding are counted and not answered. Answers go only to the request's source address (its
port, or the one RESPONSE-PORT names) and are at most 48 bytes (plus SOFTWARE) larger than the
request. Repeated errors print 3 lines per kind every 10 s, then a count.

examples:
  ${PROG} stun-server --primary 127.0.0.1 --alternate 127.0.0.2 -v
  ${PROG} stun-server --primary 127.0.0.1 --alternate 127.0.0.2 --workers auto
  ip netns exec agujero-server ${PROG} stun-server --primary 203.0.113.162 --alternate 203.0.113.163

Exit status: 0 after a clean stop, 1 when the sockets cannot be bound, 2 for a bad command line.
`;

const OPTIONS = {
  primary: { type: 'string' },
  alternate: { type: 'string' },
  port: { type: 'string' },
  'alt-port': { type: 'string' },
  software: { type: 'string' },
  workers: { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The -v line for one event. */
export function describeEvent(e: StunServerEvent): string {
  switch (e.kind) {
    case 'answer':
      return `${formatEndpoint(e.remote)} -> ${formatEndpoint(e.local)}: ${e.summary}`;
    case 'ignore':
      return `${formatEndpoint(e.remote)} -> ${formatEndpoint(e.local)}: ignored, ${e.reason}`;
    case 'send-error':
      return `send error: ${e.error.message}`;
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** The counts line printed at the stop, ignored datagrams by cause when there were any. */
export function describeCounts(c: StunServerCounts): string {
  const causes = Object.entries(c.ignoredBy).map(([cause, n]) => `${n} ${cause}`);
  const ignored =
    causes.length > 0 ? `${c.ignored} ignored (${causes.join(', ')})` : `${c.ignored} ignored`;
  return `${c.received} received, ${c.answered} answered, ${ignored}, ${c.sendErrors} send errors`;
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values: v } = parseFlags('stun-server', argv, OPTIONS);
  if (v.help) {
    io.out(HELP);
    return EXIT.ok;
  }
  const primaryIp = ipFlag('stun-server', '--primary', v.primary);
  const alternateIp = ipFlag('stun-server', '--alternate', v.alternate);
  if (primaryIp === undefined) throw new UsageError('stun-server', '--primary IP is required');
  if (alternateIp === undefined) throw new UsageError('stun-server', '--alternate IP is required');
  const primaryPort = portFlag('stun-server', '--port', v.port) ?? 3478;
  const alternatePort = portFlag('stun-server', '--alt-port', v['alt-port']) ?? 3479;
  if (primaryIp === alternateIp) {
    throw new UsageError('stun-server', '--primary and --alternate must be different addresses');
  }
  if (primaryPort === alternatePort) {
    throw new UsageError('stun-server', '--port and --alt-port must be different ports');
  }
  const software = typeof v.software === 'string' ? v.software : undefined;
  const problem = software === undefined ? undefined : softwareProblem(software);
  if (problem) throw new UsageError('stun-server', `--software: ${problem}`);
  const workers =
    v.workers === 'auto'
      ? availableParallelism()
      : (intFlag(
          'stun-server',
          '--workers',
          v.workers,
          1,
          64,
          'a number of processes (1-64) or auto',
        ) ?? 1);
  const errors = lineThrottle({ write: io.err });
  const options: LabStunServerOptions = {
    primaryIp,
    alternateIp,
    primaryPort,
    alternatePort,
    ...(software === undefined ? {} : { software }),
    reportDatagrams: v.verbose === true,
    onEvent: (e) => {
      if (e.kind === 'send-error') {
        errors.report(e.error.errno ?? e.error.code, describeEvent(e));
      } else if (v.verbose) io.out(`${describeEvent(e)}\n`);
    },
  };
  if (isServerWorker()) {
    // One of several: the primary prints where they listen, their errors and their counts.
    errors.start();
    try {
      await serveAsWorker(() => startStunServer({ ...options, shared: true }));
    } catch {
      return EXIT.failure;
    } finally {
      errors.stop();
    }
    return EXIT.ok;
  }
  const where = serverEndpoints(options).map(formatEndpoint).join(', ');
  if (workers > 1) {
    let pool;
    try {
      pool = await startWorkers(workers, io.err);
    } catch (e) {
      io.err(`stun-server: ${failureMessage(e)}\n`);
      return EXIT.failure;
    }
    io.out(`STUN server listening on ${where} (${workers} worker processes)\n`);
    const signal = await io.stopped;
    const counts = await pool.stop();
    io.out(`stopped (${signal}): ${describeCounts(counts)}\n`);
    return EXIT.ok;
  }
  let server;
  try {
    server = await startStunServer(options);
  } catch (e) {
    io.err(`stun-server: ${failureMessage(e)}\n`);
    return EXIT.failure;
  }
  errors.start();
  io.out(`STUN server listening on ${where}\n`);
  const signal = await io.stopped;
  await server.stop();
  errors.stop();
  io.out(`stopped (${signal}): ${describeCounts(server.counts())}\n`);
  return EXIT.ok;
}

/** The `stun-server` subcommand. */
export const stunServerCommand: LabCommand = {
  name: 'stun-server',
  help: HELP,
  run,
};
