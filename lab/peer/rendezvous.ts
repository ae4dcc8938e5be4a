/**
 * The rendezvous server on a real UDP socket (node:dgram): the walkthrough's `nc -lu 9000` that
 * tells each peer its public endpoint and its partner's (src/protocol/rendezvous-server.ts decides
 * what to answer). It survives any datagram: bad ones are counted and, when they look like a
 * mistyped register, answered with `error ...`. The hub's `server` command mounts it.
 *
 * ```ts
 * const r = await startRendezvous({ host: '0.0.0.0', port: 9000 });
 * // ... r.address, r.stats
 * await r.stop();
 * ```
 */
import type { Endpoint } from '../../src/model/endpoint.ts';
import { RendezvousTable } from '../../src/protocol/rendezvous-server.ts';
import type { Handled } from '../../src/protocol/rendezvous-server.ts';
import { bindUdp } from '../stun/dgram-transport.ts';

/** Where to listen, and who hears about each datagram. */
export interface RendezvousOptions {
  /** Address to bind (default 0.0.0.0). */
  readonly host?: string;
  /** UDP port (default 9000; 0: the kernel picks). */
  readonly port?: number;
  /** Limits of the name table. */
  readonly maxNames?: number;
  readonly ttlMs?: number;
  /** Called for every datagram handled (for logs, the hub's event stream). */
  readonly onEvent?: (e: Handled) => void;
}

/** Counters since start. */
export interface RendezvousStats {
  registered: number;
  refused: number;
  sendErrors: number;
}

/** A running rendezvous server. */
export interface LabRendezvous {
  /** The bound address and port. */
  readonly address: Endpoint;
  readonly stats: Readonly<RendezvousStats>;
  /** How many names are registered now. */
  names(): number;
  /** Closes the socket; safe to call twice. */
  stop(): Promise<void>;
}

/** Starts the rendezvous server; rejects with a clear error when it cannot bind. */
export async function startRendezvous(options: RendezvousOptions = {}): Promise<LabRendezvous> {
  const socket = await bindUdp(options.host ?? '0.0.0.0', options.port ?? 9000);
  const table = new RendezvousTable({
    ...(options.maxNames === undefined ? {} : { maxNames: options.maxNames }),
    ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
  });
  const stats: RendezvousStats = { registered: 0, refused: 0, sendErrors: 0 };
  const started = performance.now();
  // After bind, socket errors (ICMP-induced ones included) must not end the process.
  socket.on('error', () => stats.sendErrors++);
  socket.on('message', (msg, rinfo) => {
    let handled: Handled;
    try {
      const from = { ip: rinfo.address, port: rinfo.port };
      handled = table.handle(from, new Uint8Array(msg), performance.now() - started);
    } catch {
      stats.refused++;
      return;
    }
    if (handled.kind === 'registered') stats.registered++;
    else stats.refused++;
    for (const r of handled.replies) {
      socket.send(r.bytes, r.to.port, r.to.ip, (e) => {
        if (e) stats.sendErrors++;
      });
    }
    try {
      options.onEvent?.(handled);
    } catch {
      // a listener's failure is not the server's
    }
  });
  const { address, port } = socket.address();
  let stopped: Promise<void> | undefined;
  return {
    address: { ip: address, port },
    stats,
    names: () => table.size,
    stop() {
      stopped ??= new Promise((resolve) => socket.close(() => resolve()));
      return stopped;
    },
  };
}
