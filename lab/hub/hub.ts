/**
 * The lab's WebSocket hub (the `ws` package) on an HTTP server: it listens on 127.0.0.1 unless
 * told otherwise, and anything wider needs a token; it checks each browser's Origin at the
 * handshake, caps frame sizes, pings to find dead connections, serves the built web app when
 * given its directory, and hands every message to the registry. Nothing a peer sends stops it.
 *
 *   agents (alice, bob) ──ws──┐
 *                             hub ── HTTP: the web app (dist/), /hub: WebSocket
 *   browsers ─────────────ws──┘
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { LIMITS } from '../../src/protocol/errors.ts';
import type { LabEvent } from '../../src/protocol/events.ts';
import type { LabNode } from '../../src/protocol/fields.ts';
import type { Endpoint } from '../../src/model/endpoint.ts';
import type { AgentInfo, ServerInfo } from '../../src/protocol/messages.ts';
import { allowedOrigins, isLoopbackHost, originProblem } from './origin.ts';
import { HubRegistry } from './registry.ts';
import { serverIps } from './server-ips.ts';
import type { HubCounts } from './registry.ts';
import { serveStatic } from './static.ts';

/** The WebSocket path. */
export const HUB_PATH = '/hub';
/** How often dead connections are looked for (ms). */
const HEARTBEAT_MS = 15_000;

/** How to run a hub. */
export interface HubOptions {
  /** Address to listen on (default 127.0.0.1); not loopback requires `token`. */
  readonly host?: string;
  /** TCP port (default 0: the kernel picks). */
  readonly port?: number;
  /** The token every client must say hello with (optional on loopback). */
  readonly token?: string;
  /** More browser Origins to allow, e.g. http://teacher.example:8080. */
  readonly origins?: readonly string[];
  /** The built web app to serve (vite's dist/), if any. */
  readonly webRoot?: string;
  /** Per-connection message rate and burst (defaults from LIMITS). */
  readonly rate?: number;
  readonly burst?: number;
  /** Called when the connected agents change. */
  readonly onAgents?: (agents: readonly AgentInfo[]) => void;
  /**
   * An inherited listening TCP socket (its fd) to accept connections on as well, e.g. one a
   * parent bound on 127.0.0.1 in another network namespace (`netns up --live`).
   */
  readonly listenFd?: number;
  /**
   * The lab's Server: its addresses (steps may send there, and to the room's agents, nowhere
   * else) and the rendezvous's port. Default: the listening address (every interface's for
   * 0.0.0.0), no rendezvous.
   */
  readonly server?: ServerInfo;
}

/** A running hub. */
export interface Hub {
  /** ws://host:port/hub */
  readonly url: string;
  /** http://host:port/ */
  readonly httpUrl: string;
  readonly port: number;
  /** Where the `listenFd` socket listens (host:port), when there is one. */
  readonly also?: string;
  counts(): HubCounts;
  agents(): readonly AgentInfo[];
  /** Fans an event of the hub's own machine (the Server) out to every browser. */
  publish(from: LabNode, event: LabEvent): void;
  /** A datagram reached the Server's rendezvous (payload as hex): whose it was, if an agent's. */
  rendezvousArrived(from: Endpoint, payload: string): void;
  /** The Server as the hub tells clients. */
  readonly server: ServerInfo;
  /** Milliseconds since the hub started: the clock every lab event's `t` is on. */
  clock(): number;
  /** Closes every connection and the listener; safe to call twice. */
  stop(): Promise<void>;
}

/** Starts a hub; rejects when it cannot listen or a wide listener has no token. */
export async function startHub(o: HubOptions = {}): Promise<Hub> {
  const host = o.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !o.token) {
    throw new Error(`listening on ${host} (not loopback) needs a token`);
  }
  const started = performance.now();
  const clock = (): number => Math.round((performance.now() - started) * 1000) / 1000;
  const labServer = o.server ?? { ips: serverIps(host) };
  const registry = new HubRegistry({
    token: o.token,
    server: labServer,
    clock,
    rate: o.rate ?? LIMITS.ratePerSecond,
    burst: o.burst ?? LIMITS.burst,
    ...(o.onAgents ? { onChange: o.onAgents } : {}),
  });
  const server: Server = createServer((req, res) => {
    if (o.webRoot) return void serveStatic(o.webRoot, req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('the lab hub: connect to /hub\n');
  });
  server.on('clientError', (_e, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const extra =
    o.listenFd === undefined
      ? undefined
      : await listenOnFd(server, o.listenFd).catch((e: unknown) => {
          server.close();
          throw e;
        });
  const origins = allowedOrigins(host, port, o.origins ?? []);
  const wss = new WebSocketServer({
    server,
    path: HUB_PATH,
    maxPayload: LIMITS.maxFrameBytes,
    verifyClient: (info: { req: IncomingMessage }, done) => {
      const problem = originProblem(info.req.headers.origin, origins);
      if (problem) registry.count('origin');
      done(problem === undefined, 403, problem);
    },
  });
  wss.on('error', () => undefined);
  const alive = new WeakSet<WebSocket>();
  wss.on('connection', (ws, req) => {
    const peer = registry.add(ws, req.socket);
    alive.add(ws);
    const helloTimer = setTimeout(() => {
      if (peer.kind === 'new') ws.close(4408, 'no hello');
    }, LIMITS.helloTimeoutMs);
    ws.on('pong', () => alive.add(ws));
    ws.on('message', (data: Buffer, isBinary) => {
      try {
        registry.receive(peer, data, isBinary);
      } catch (e) {
        registry.refuse(peer, 'bad-message', `the hub could not handle it (${String(e)})`);
      }
    });
    ws.on('error', () => undefined); // ws closes the socket (e.g. 1009 for a frame too large)
    ws.on('close', () => {
      clearTimeout(helloTimer);
      registry.remove(peer);
    });
  });
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const shown = host.includes(':') ? `[${host}]` : host;
  let stopping: Promise<void> | undefined;
  return {
    url: `ws://${shown}:${port}${HUB_PATH}`,
    httpUrl: `http://${shown}:${port}/`,
    port,
    ...(extra ? { also: addressText(extra.address() as AddressInfo) } : {}),
    counts: () => structuredClone(registry.counts),
    agents: () => registry.agentList(),
    publish: (from, event) => registry.publish(from, event),
    rendezvousArrived: (from, payload) => registry.rendezvousArrived(from, payload),
    server: labServer,
    clock,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        for (const ws of wss.clients) ws.close(1001, 'hub stopping');
        wss.close();
        extra?.close();
        server.close(() => resolve());
        setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
          server.closeAllConnections();
        }, 500).unref();
      })),
  };
}

/** Accepts on the inherited listening socket `fd`, handing each connection to `server`. */
async function listenOnFd(server: Server, fd: number): Promise<NetServer> {
  const extra = createNetServer((socket) => server.emit('connection', socket));
  await new Promise<void>((resolve, reject) => {
    extra.once('error', reject);
    extra.listen({ fd }, () => {
      extra.off('error', reject);
      resolve();
    });
  });
  return extra;
}

/** "127.0.0.1:8080" or "[::1]:8080". */
function addressText(a: AddressInfo): string {
  return a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}
