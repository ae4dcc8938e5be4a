/**
 * The real STUN server of the lab: four node:dgram sockets (two addresses x two ports, from
 * `serverEndpoints`), each datagram decided by the shared `answerStun` logic and the answer sent
 * from the socket it names, so CHANGE-REQUEST really leaves from the other address or port.
 * Nothing a remote sends can stop it: every datagram and every send is guarded, and what fails
 * is counted and reported as an event.
 *
 *                  primary port (3478)   alternate port (3479)
 *  primary ip       A1:P1  socket         A1:P2  socket
 *  alternate ip     A2:P1  socket         A2:P2  socket
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import type { Endpoint } from '../../src/model/endpoint.ts';
import { ipv4Kind } from '../../src/model/stun/ip.ts';
import { softwareProblem } from '../../src/model/stun/server-limits.ts';
import { answerStun, serverEndpoints } from '../../src/model/stun/server.ts';
import type { StunIgnoreCause, StunServerConfig } from '../../src/model/stun/server.ts';
import { answerLookup } from './answer-lookup.ts';
import { bindUdp, closeQuietly } from './dgram-transport.ts';
import { fastAnswerer } from './fast-answer.ts';
import { LabStunError, checkIpv4, checkUdpPort, socketError } from './errors.ts';

/** What the server did with one datagram (or a failed send). */
export type StunServerEvent =
  | {
      readonly kind: 'answer';
      readonly local: Endpoint;
      readonly remote: Endpoint;
      readonly from: Endpoint;
      readonly summary: string;
    }
  | {
      readonly kind: 'ignore';
      readonly local: Endpoint;
      readonly remote: Endpoint;
      readonly cause: StunIgnoreCause;
      readonly reason: string;
    }
  | { readonly kind: 'send-error'; readonly error: LabStunError };

/** Options of the real server: the shared config plus a listener for what it does. */
export interface LabStunServerOptions extends StunServerConfig {
  readonly onEvent?: (event: StunServerEvent) => void;
  /**
   * Report every answer and ignored datagram to onEvent (default true); false reports only send
   * errors, and the hot path builds no event for a datagram (they are still counted).
   */
  readonly reportDatagrams?: boolean;
  /** In a node:cluster worker: share the primary's four sockets with the other workers. */
  readonly shared?: boolean;
}

/** How many datagrams the server has seen and what became of them. */
export interface StunServerCounts {
  readonly received: number;
  /** Answers the kernel took (a send that failed is counted in `sendErrors` instead). */
  readonly answered: number;
  readonly ignored: number;
  /** `ignored`, by cause (only causes that occurred). */
  readonly ignoredBy: Readonly<Partial<Record<StunIgnoreCause, number>>>;
  readonly sendErrors: number;
}

/** A running server. */
export interface LabStunServer {
  readonly config: StunServerConfig;
  /** The four endpoints it listens on: A1:P1, A1:P2, A2:P1, A2:P2. */
  readonly endpoints: readonly Endpoint[];
  counts(): StunServerCounts;
  /** Closes the four sockets; safe to call twice. */
  stop(): Promise<void>;
}

/** Checks a server config: unicast IPv4 addresses and ports, two distinct of each; SOFTWARE. */
export function checkServerConfig(c: StunServerConfig): StunServerConfig {
  for (const [what, ip] of [
    ['primary address', c.primaryIp],
    ['alternate address', c.alternateIp],
  ] as const) {
    const kind = ipv4Kind(checkIpv4(what, ip));
    if (kind !== 'unicast') {
      throw new LabStunError('invalid-argument', `${what} ${ip}: not a unicast address (${kind})`);
    }
  }
  checkUdpPort('primary port', c.primaryPort);
  checkUdpPort('alternate port', c.alternatePort);
  if (c.primaryIp === c.alternateIp) {
    throw new LabStunError(
      'invalid-argument',
      `the primary and alternate addresses must differ (both are ${c.primaryIp}): ` +
        'CHANGE-REQUEST needs a second address',
    );
  }
  if (c.primaryPort === c.alternatePort) {
    throw new LabStunError(
      'invalid-argument',
      `the primary and alternate ports must differ (both are ${c.primaryPort})`,
    );
  }
  const problem = c.software === undefined ? undefined : softwareProblem(c.software);
  if (problem) throw new LabStunError('invalid-argument', `SOFTWARE: ${problem}`);
  return c;
}

const key = (e: Endpoint): string => `${e.ip}:${e.port}`;

/**
 * Binds the four sockets and starts answering. Rejects with a LabStunError (code
 * 'address-not-available', 'address-in-use', ...) naming the endpoint that could not be bound;
 * the sockets already bound are closed again.
 */
export async function startStunServer(options: LabStunServerOptions): Promise<LabStunServer> {
  const config: StunServerConfig = checkServerConfig({
    primaryIp: options.primaryIp,
    alternateIp: options.alternateIp,
    primaryPort: options.primaryPort,
    alternatePort: options.alternatePort,
    ...(options.software === undefined ? {} : { software: options.software }),
  });
  const endpoints = serverEndpoints(config);
  const sockets = new Map<string, Socket>();
  try {
    const exclusive = options.shared !== true;
    for (const e of endpoints) {
      sockets.set(key(e), await bindUdp(e.ip, e.port, 'listen on', exclusive, answerLookup));
    }
  } catch (e) {
    sockets.forEach(closeQuietly);
    throw e;
  }
  const bound = endpoints.map((local) => ({ local, socket: sockets.get(key(local)) as Socket }));
  const counts = { received: 0, answered: 0, ignored: 0, sendErrors: 0 };
  const ignoredBy: Partial<Record<StunIgnoreCause, number>> = {};
  const emit = (event: StunServerEvent): void => options.onEvent?.(event);
  const report = options.onEvent !== undefined && options.reportDatagrams !== false;
  const sendError = (e: LabStunError): void => {
    counts.sendErrors++;
    emit({ kind: 'send-error', error: e });
  };
  // One callback for every answer (no closure per datagram): Node's send error names the
  // destination itself (a refused lookup's names it in its message). Every send that did not
  // throw was counted as answered, before this callback (node:dgram calls it on a later tick):
  // one that failed is a send error instead.
  const afterSend = (e: Error | null): void => {
    if (!e) return;
    counts.answered--;
    const { address, port } = e as Error & { address?: string; port?: number };
    sendError(socketError('answer', address === undefined ? 'to' : `${address}:${port}`, e));
  };
  // Plain Binding requests answered from a template (lab/stun/fast-answer.ts), unless every
  // answer is reported (its summary comes from answerStun).
  const fast = report ? undefined : fastAnswerer(config);
  const answer = (socket: Socket, bytes: Uint8Array, ip: string, port: number): boolean => {
    try {
      // Throws synchronously on a bad port or a closed socket; fails later through the callback.
      socket.send(bytes, port, ip, afterSend);
      return true;
    } catch (e) {
      sendError(socketError('answer', `${ip}:${port}`, e));
      return false;
    }
  };
  const handle = (local: Endpoint, socket: Socket, msg: Buffer, rinfo: RemoteInfo): void => {
    counts.received++;
    // The fast path reads the source from rinfo: no object of ours per answered datagram.
    if (fast !== undefined) {
      const quick = fast(local, rinfo.address, rinfo.port, msg);
      if (quick !== undefined) {
        if (answer(socket, quick, rinfo.address, rinfo.port)) counts.answered++;
        return;
      }
    }
    const remote = { ip: rinfo.address, port: rinfo.port };
    const action = answerStun(config, local, remote, msg);
    if (action.kind === 'ignore') {
      counts.ignored++;
      ignoredBy[action.cause] = (ignoredBy[action.cause] ?? 0) + 1;
      if (report) {
        emit({ kind: 'ignore', local, remote, cause: action.cause, reason: action.reason });
      }
      return;
    }
    const { from, to } = action;
    // Four sockets: a scan beats building a string key per datagram.
    const out = bound.find((b) => b.local.ip === from.ip && b.local.port === from.port)!.socket;
    if (!answer(out, action.bytes, to.ip, to.port)) return;
    counts.answered++;
    if (report) emit({ kind: 'answer', local, remote, from: action.from, summary: action.summary });
  };
  for (const local of endpoints) {
    const socket = sockets.get(key(local)) as Socket;
    socket.on('error', (e) => sendError(socketError('use the socket on', key(local), e)));
    socket.on('message', (msg: Buffer, rinfo: RemoteInfo) => {
      try {
        handle(local, socket, msg, rinfo);
      } catch (e) {
        // answerStun never throws and sends are guarded: this is a bug, reported, not fatal.
        sendError(
          socketError(`handle a datagram from ${rinfo.address}:${rinfo.port} on`, key(local), e),
        );
      }
    });
  }
  let stopped: Promise<void> | undefined;
  return {
    config,
    endpoints,
    counts: () => ({ ...counts, ignoredBy: { ...ignoredBy } }),
    stop() {
      stopped ??= Promise.all(
        [...sockets.values()].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
      ).then(() => undefined);
      return stopped;
    },
  };
}
