/**
 * Test clients for the hub on loopback: a `ws` connection that queues every message the hub
 * sends, waits for one matching a predicate (with a deadline), and says hello, subscribes or
 * registers in one call; plus a UDP listener on 127.0.0.1 to see what an agent really sent.
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import type { ClientOptions } from 'ws';
import type { HubMessage } from '../../../src/protocol/messages.ts';

/** A connected test client. */
export interface TestClient {
  readonly ws: WebSocket;
  readonly received: HubMessage[];
  send(message: unknown): void;
  sendRaw(text: string | Buffer): void;
  /** The first message (already received or coming) that matches, within `ms`. */
  next<T extends HubMessage['type']>(
    type: T,
    pred?: (m: Extract<HubMessage, { type: T }>) => boolean,
    ms?: number,
  ): Promise<Extract<HubMessage, { type: T }>>;
  /** Resolves with the close code. */
  readonly closed: Promise<number>;
  close(): void;
}

/** Opens a connection; rejects with the HTTP status when the handshake is refused. */
export function connect(url: string, options: ClientOptions = {}): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    const received: HubMessage[] = [];
    const waiters = new Set<() => void>();
    let onClose!: (code: number) => void;
    const closed = new Promise<number>((r) => (onClose = r));
    ws.on('message', (data) => {
      received.push(JSON.parse(data.toString()) as HubMessage);
      for (const w of [...waiters]) w();
    });
    ws.on('close', (code) => onClose(code));
    ws.on('error', () => undefined);
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`HTTP ${res.statusCode} ${res.statusMessage ?? ''}`)),
    );
    ws.once('open', () =>
      resolve({
        ws,
        received,
        closed,
        send: (m) => ws.send(JSON.stringify(m)),
        sendRaw: (t) => ws.send(t),
        close: () => ws.close(),
        next: (type, pred = () => true, ms = 3000) =>
          new Promise((res, rej) => {
            let seen = 0;
            const check = (): void => {
              for (; seen < received.length; seen++) {
                const m = received[seen]!;
                if (m.type === type && pred(m as never)) {
                  waiters.delete(check);
                  clearTimeout(timer);
                  received.splice(seen, 1);
                  return res(m as never);
                }
              }
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              rej(
                new Error(
                  `no ${type} message within ${ms} ms; got ${JSON.stringify(received.slice(-5))}`,
                ),
              );
            }, ms);
            waiters.add(check);
            check();
          }),
      }),
    );
  });
}

/** A browser: hello (with `token`, in `room`), subscribe, and the agents list it gets. */
export async function browser(
  url: string,
  token?: string,
  origin = 'http://127.0.0.1:5173',
  room?: string,
): Promise<TestClient> {
  const c = await connect(url, { origin });
  c.send({ type: 'hello', protocol: 1, ...(token ? { token } : {}), ...(room ? { room } : {}) });
  await c.next('welcome');
  c.send({ type: 'subscribe' });
  await c.next('agents');
  return c;
}

/** A bare agent-side connection (no steps run): hello (`token`, `room`), register as alice. */
export async function agentClient(
  url: string,
  o: { token?: string; room?: string } = {},
): Promise<TestClient> {
  const a = await connect(url);
  a.send({ type: 'hello', protocol: 1, ...o });
  await a.next('welcome');
  a.send({ type: 'register', role: 'alice', nc: { variant: 'builtin', keep: true } });
  await a.next('registered');
  return a;
}

/** A UDP socket on 127.0.0.1 that keeps what it receives. */
export async function udpSink(): Promise<{
  socket: Socket;
  port: number;
  got: { text: string; from: string }[];
}> {
  const socket = createSocket('udp4');
  const got: { text: string; from: string }[] = [];
  socket.on('message', (d, r) => got.push({ text: d.toString(), from: `${r.address}:${r.port}` }));
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  return { socket, port: socket.address().port, got };
}

/** Waits until `cond` holds (polling every 10 ms), or fails after `ms`. */
export async function until(cond: () => boolean, ms = 3000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A list of clients that are terminated after each test (push every client a test opens). */
export function terminatedAfterEach(): TestClient[] {
  const clients: TestClient[] = [];
  afterEach(() => {
    for (const c of clients.splice(0)) c.ws.terminate();
  });
  return clients;
}
