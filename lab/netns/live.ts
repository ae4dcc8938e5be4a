/**
 * `netns up --live`: the class of three machines played on one. Once the namespaces are built,
 * `agujero server` runs in the Server's namespace and `agujero agent` in Alice's and in Bob's;
 * the agents dial the hub at the Server's public documentation address (203.0.113.162:8080), so
 * their TCP connections cross the real NAT routers exactly as from students' machines.
 *
 * The host (the browser, a test client) reaches the same hub without any link into the
 * namespaces: this process binds a TCP listener on the host's 127.0.0.1 (a socket belongs to the
 * namespace it was created in) and hands it to the server as an inherited file descriptor
 * (`server --listen-fd 3`), which accepts on it beside its own listener. No veth, no route: the
 * namespaces still reach only each other, and the host's loopback reaches only that socket.
 *
 * Every process is detached (it outlives `up`), logs to a file in `liveDir(name)` (mode 0600),
 * and reads the token from the file there (`--token-file`, mode 0600): the token is never on a
 * command line, where any user would read it in `ps`. Each process is recorded in the state file as soon as it exists, so `down`, or the
 * namespaces' removal, stops it whatever happened to `up`.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NetnsError } from './errors.ts';
import { tcpPeers, waitForAgents } from './live-check.ts';
import { ADDRESSES } from './plan.ts';
import { idOf, liveDir, writeState } from './state.ts';
import type { TopologyState } from './state.ts';

/** The hub's TCP port inside the Server's namespace (the namespace is ours: always free). */
export const LIVE_HUB_PORT = 8080;

/** What `startLive` needs. */
export interface LiveOptions {
  /** The host-side port on 127.0.0.1 (0: any free one). */
  readonly hostPort: number;
  /** More browser origins the hub accepts (e.g. a dev server on another port). */
  readonly origins?: readonly string[];
  readonly onProgress?: (line: string) => void;
  /** How long the server and both agents may take to be up (default 20 s). */
  readonly timeoutMs?: number;
}

/** The repository's bin/agujero.cjs, found upwards from this module (source or bundle). */
function launcher(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    const bin = join(dir, 'bin', 'agujero.cjs');
    if (existsSync(bin)) return bin;
  }
  throw new NetnsError('missing-binary', 'cannot find bin/agujero.cjs above the lab');
}

/** Listens on 127.0.0.1:`port` in this (the host's) namespace. */
async function hostListener(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new NetnsError(
          'command-failed',
          `cannot listen on 127.0.0.1:${port} for the host's way in (${e.code ?? e.message}); pick another with --hub-port`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

/** The last lines of a log, for an error message. */
function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').slice(-3).join(' | ');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts the server and both agents in topology `state`'s namespaces, records each process in
 * the state file as it starts, and resolves with the state (processes and `live`) once the hub
 * lists both agents. Rejects, naming the process and its last log lines, when one exits or the
 * time runs out; the caller then removes the namespaces, and everything in them.
 */
export async function startLive(state: TopologyState, o: LiveOptions): Promise<TopologyState> {
  const ns = state.namespaces;
  const dir = liveDir(state.name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const token = randomBytes(12).toString('base64url');
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  const bin = launcher();
  const deadline = Date.now() + (o.timeoutMs ?? 20_000);
  const exited = new Map<string, string>();
  let current = state;

  const start = (what: string, nsName: string | undefined, args: string[], fd?: number): string => {
    const log = join(dir, `${what.replace(' ', '-')}.log`);
    const out = openSync(log, 'a', 0o600);
    const child = spawn('ip', ['netns', 'exec', String(nsName), process.execPath, bin, ...args], {
      cwd: dirname(dirname(bin)),
      detached: true,
      stdio: ['ignore', out, out, ...(fd === undefined ? [] : [fd])],
    });
    closeSync(out);
    child.on('error', (e) => exited.set(what, e.message));
    child.on('exit', (code, signal) =>
      exited.set(what, `${what} exited (${signal ?? code}): ${tail(log)}`),
    );
    child.unref();
    if (child.pid === undefined) throw new NetnsError('command-failed', `cannot start ${what}`);
    current = { ...current, processes: [...current.processes, { ...idOf(child.pid), what }] };
    writeState(current);
    return log;
  };
  const failed = (): string | undefined => [...exited.values()][0];

  const listener = await hostListener(o.hostPort);
  const port = (listener.address() as AddressInfo).port;
  const fd = (listener as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) {
    listener.close();
    throw new NetnsError('command-failed', 'cannot hand the host listener to the server (no fd)');
  }
  const hub = `ws://${ADDRESSES.serverPrimary}:${LIVE_HUB_PORT}/hub`;
  const local = `ws://127.0.0.1:${port}/hub`;
  o.onProgress?.(
    `server in ${ns.server}: hub ${hub} (and ${local} on this machine), rendezvous udp ${ADDRESSES.serverPrimary}:9000, STUN`,
  );
  let serverLog: string;
  try {
    serverLog = start(
      'server',
      ns.server,
      [
        ...['server', '--host', ADDRESSES.serverPrimary, '--port', String(LIVE_HUB_PORT)],
        ...['--token-file', tokenFile, '--origin', `http://127.0.0.1:${port}`, '--listen-fd', '3'],
        ...(o.origins ?? []).flatMap((origin) => ['--origin', origin]),
        ...[
          '--stun-primary',
          ADDRESSES.serverPrimary,
          '--stun-alternate',
          ADDRESSES.serverAlternate,
        ],
      ],
      fd,
    );
  } finally {
    listener.close(); // the server has its own copy of the socket now
  }
  while (!tail(serverLog).includes('Ctrl-C stops.')) {
    const why = failed() ?? (Date.now() > deadline ? `no banner in ${serverLog}` : undefined);
    if (why) throw new NetnsError('command-failed', `the server did not start: ${why}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const role of ['alice', 'bob'] as const) {
    o.onProgress?.(`agent ${role} in ${ns[role]}: dialing ${hub} through its NAT`);
    start(`agent ${role}`, ns[role], [
      'agent',
      '--role',
      role,
      '--hub',
      hub,
      '--token-file',
      tokenFile,
    ]);
  }
  const agents = await waitForAgents({
    url: local,
    token,
    origin: `http://127.0.0.1:${port}`,
    roles: ['alice', 'bob'],
    timeoutMs: Math.max(1_000, deadline - Date.now()),
    failed,
  });
  const peers = await tcpPeers(String(ns.server), LIVE_HUB_PORT);
  o.onProgress?.(
    `the hub lists ${agents.map((a) => a.role).join(' and ')}, connected from ${peers.sort().join(' and ')} (the NATs' public side)`,
  );
  return { ...current, live: { hub, local, web: `http://127.0.0.1:${port}/`, dir } };
}

/** The token of topology `name`'s live lab, when there is one and it is readable. */
export function liveToken(name: string): string | undefined {
  try {
    return readFileSync(join(liveDir(name), 'token'), 'utf8').trim();
  } catch {
    return undefined;
  }
}
