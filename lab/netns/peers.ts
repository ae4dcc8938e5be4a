/**
 * The real STUN peers (Debian's `stund` and `stun`, coturn's `turnserver` and
 * `turnutils_natdiscovery`) started and run inside a topology, with their output parsed.
 *
 * Verified here (Debian 12: stun-client/stun-server 0.97~dfsg-2.1+b1, coturn 4.6.1):
 *
 * `stund -h PRIMARY -a ALTERNATE [-p 3478] [-o 3479]` (RFC 3489 server) binds the four
 *   sockets PRIMARY:3478, PRIMARY:3479, ALTERNATE:3478, ALTERNATE:3479 and prints only
 *   "STUN server version 0.97". `-b` would daemonize: never used.
 *
 * `stun SERVER [-v] [-p SRCPORT]` (RFC 3489 client) uses SRCPORT and SRCPORT+1 (random without
 *   -p), takes about 1.2 s, and prints exactly three lines, e.g. behind MASQUERADE:
 *     STUN client version 0.97
 *     Primary: Independent Mapping, Port Dependent Filter, preserves ports, no hairpin<TAB>
 *     Return value is 0x000017
 *   (note the trailing tab). Its exit code is the return value's low byte (0x17 -> 23), so a
 *   non-zero exit is normal. Behind `--random-fully` the filter part is absent:
 *     Primary: Dependent Mapping, random port, no hairpin<TAB>
 *
 * `turnserver -n -S -L PRIMARY -L ALTERNATE -p 3478 --alt-listening-port 3479 --no-tls --no-dtls
 *   --no-cli --log-file stdout --simple-log -b DB --pidfile PIDFILE` (coturn, STUN only, RFC 5780
 *   on because it has two addresses) binds the same four sockets (twice each: one per relay
 *   thread). Without -n it reads /etc/turnserver.conf; without -b and --pidfile it writes to
 *   /var/lib/turn/turndb and /var/run/turnserver.pid, so both point into a temporary directory.
 *   It logs "0: : ..." lines to stdout; "socket: Protocol not supported" lines (no SCTP) are harmless.
 *   With the same two addresses and no -L on the client it reports OTHER-ADDRESS ALTERNATE:3479.
 *
 * `turnutils_natdiscovery -m -f SERVER` (RFC 5780 behaviour discovery) takes about 3 s per test
 *   the NAT filters (its receive timeout), exits 0, and prints among its blocks:
 *     NAT with Endpoint Independent Mapping!
 *     NAT with Address and Port Dependent Filtering!
 *   ("Address Dependent", "Endpoint Independent" for the other kinds; "STUN receive timeout.."
 *   for each unanswered test).
 *
 * `turnutils_stunclient SERVER` prints "RFC 5780 response N" blocks with "UDP reflexive addr:
 *   IP:PORT" but has no receive timeout: behind a NAT that filters its CHANGE-REQUEST it blocks
 *   forever after the first block. Run it only through `exec` with a timeout.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetnsError, excerpt } from './errors.ts';
import type { Role } from './plan.ts';
import type { ProcessHandle } from './process.ts';
import type { Topology } from './topology.ts';
import * as v from './validate.ts';
import type { Endpoint } from '../../src/model/endpoint.ts';

/** The standard STUN port and the alternate port the RFC 3489 servers use. */
export const STUN_PORT = 3478;
export const STUN_ALT_PORT = 3479;

/** A STUN server running in the topology's server namespace. */
export interface StunServer {
  readonly handle: ProcessHandle;
  readonly primary: Endpoint;
  readonly alternate: Endpoint;
  /** Stops the server (and removes its temporary files). */
  stop(): Promise<void>;
}

async function waitForFourSockets(topology: Topology, readyMs: number): Promise<void> {
  const { serverPrimary: p, serverAlternate: a } = topology.addr;
  for (const ip of [p, a]) {
    for (const port of [STUN_PORT, STUN_ALT_PORT]) {
      await topology.waitForUdpSocket('server', { ip, port }, readyMs);
    }
  }
}

/** Starts `stund -h PRIMARY -a ALTERNATE` in the server namespace; resolves once it listens. */
export async function startStund(topology: Topology, readyMs = 3_000): Promise<StunServer> {
  const { serverPrimary, serverAlternate } = topology.addr;
  const handle = await topology.start('server', [
    'stund',
    '-h',
    serverPrimary,
    '-a',
    serverAlternate,
  ]);
  try {
    await waitForFourSockets(topology, readyMs);
  } catch (e) {
    await handle.kill();
    throw e;
  }
  return {
    handle,
    primary: { ip: serverPrimary, port: STUN_PORT },
    alternate: { ip: serverAlternate, port: STUN_ALT_PORT },
    stop: async () => void (await handle.kill()),
  };
}

/** Options of coturn's turnserver. */
export interface TurnserverOptions {
  /** Long-term credentials; without them the server runs STUN only (`-S`). */
  readonly user?: { readonly name: string; readonly password: string };
  readonly readyMs?: number;
}

/** Starts coturn's `turnserver` on both server addresses; resolves once it listens. */
export async function startTurnserver(
  topology: Topology,
  options: TurnserverOptions = {},
): Promise<StunServer> {
  const { serverPrimary, serverAlternate } = topology.addr;
  const dir = await mkdtemp(join(tmpdir(), 'agujero-turnserver-'));
  const auth = options.user
    ? ['--lt-cred-mech', '--realm', 'agujero.test', '--user', credential(options.user)]
    : ['-S'];
  const argv = [
    ...['turnserver', '-n', ...auth, '-L', serverPrimary, '-L', serverAlternate],
    ...['-p', String(STUN_PORT), '--alt-listening-port', String(STUN_ALT_PORT)],
    ...['--no-tls', '--no-dtls', '--no-cli', '--log-file', 'stdout', '--simple-log'],
    ...['-b', join(dir, 'turndb'), '--pidfile', join(dir, 'turnserver.pid')],
  ];
  let handle: ProcessHandle | undefined;
  try {
    handle = await topology.start('server', argv);
    await waitForFourSockets(topology, options.readyMs ?? 5_000);
  } catch (e) {
    await handle?.kill();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  const started = handle;
  return {
    handle: started,
    primary: { ip: serverPrimary, port: STUN_PORT },
    alternate: { ip: serverAlternate, port: STUN_ALT_PORT },
    stop: async () => {
      await started.kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function credential(user: { name: string; password: string }): string {
  const ok = /^[A-Za-z0-9_.-]{1,64}$/;
  if (!ok.test(user.name) || !ok.test(user.password)) {
    throw new NetnsError('invalid-argument', 'TURN user name and password: [A-Za-z0-9_.-]{1,64}');
  }
  return `${user.name}:${user.password}`;
}

/** What Debian's `stun` client printed, parsed. */
export interface StunClientVerdict {
  /** The text after "Primary: ", trimmed, e.g. "Independent Mapping, Port Dependent Filter, ...". */
  readonly primary: string;
  /** "Independent Mapping" / "Dependent Mapping", when printed. */
  readonly mapping: string | undefined;
  /** "Independent Filter" / "Address Dependent Filter" / "Port Dependent Filter", when printed. */
  readonly filter: string | undefined;
  /** "preserves ports" / "random port", when printed. */
  readonly ports: string | undefined;
  /** "hairpin" / "no hairpin", when printed. */
  readonly hairpin: string | undefined;
  /** The "Return value is 0x..." number. */
  readonly returnValue: number | undefined;
  /** Everything printed on stdout. */
  readonly output: string;
}

/** Parses the stdout of Debian's `stun` client. */
export function parseStunClient(output: string): StunClientVerdict {
  const line = /^Primary: (.*)$/m.exec(output);
  if (!line) {
    throw new NetnsError('parse-error', `stun printed no "Primary:" line: ${excerpt(output)}`);
  }
  const primary = (line[1] as string).trim();
  const parts = primary.split(',').map((p) => p.trim());
  const ret = /^Return value is 0x([0-9a-fA-F]+)/m.exec(output);
  return {
    primary,
    mapping: parts.find((p) => p.endsWith('Mapping')),
    filter: parts.find((p) => p.endsWith('Filter')),
    ports: parts.find((p) => p.endsWith('port') || p.endsWith('ports')),
    hairpin: parts.find((p) => p.endsWith('hairpin')),
    returnValue: ret ? parseInt(ret[1] as string, 16) : undefined,
    output,
  };
}

/** Runs Debian's `stun` client in `role`'s namespace against the server's primary address. */
export async function runStunClient(
  topology: Topology,
  role: Role,
  options: { readonly sourcePort?: number; readonly timeoutMs?: number } = {},
): Promise<StunClientVerdict> {
  const source = options.sourcePort === undefined ? [] : ['-p', String(v.port(options.sourcePort))];
  const r = await topology.exec(role, ['stun', topology.addr.serverPrimary, ...source], {
    timeoutMs: options.timeoutMs ?? 10_000,
  });
  return parseStunClient(r.stdout);
}

/** What `turnutils_natdiscovery -m -f` printed, parsed. */
export interface NatDiscoveryVerdict {
  /** E.g. "Endpoint Independent", "Address and Port Dependent". */
  readonly mapping: string | undefined;
  /** E.g. "Endpoint Independent", "Address Dependent", "Address and Port Dependent". */
  readonly filtering: string | undefined;
  readonly output: string;
}

/** Parses the stdout of `turnutils_natdiscovery`. */
export function parseNatDiscovery(output: string): NatDiscoveryVerdict {
  return {
    mapping: /^NAT with (.+) Mapping!/m.exec(output)?.[1],
    filtering: /^NAT with (.+) Filtering!/m.exec(output)?.[1],
    output,
  };
}

/** Runs `turnutils_natdiscovery -m -f` in `role`'s namespace against the server's primary. */
export async function runNatDiscovery(
  topology: Topology,
  role: Role,
  timeoutMs = 15_000,
): Promise<NatDiscoveryVerdict> {
  const r = await topology.exec(
    role,
    ['turnutils_natdiscovery', '-m', '-f', topology.addr.serverPrimary],
    { timeoutMs },
  );
  return parseNatDiscovery(r.stdout);
}
