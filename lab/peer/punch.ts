/**
 * One side of a real hole punch: the peer machine (src/machines/peer.ts) on a node:dgram socket
 * with real timers, its clock reading in epoch milliseconds (so two processes on one machine can
 * be compared), stopped by a signal, and the socket closed whatever happens.
 */
import { createActor } from 'xstate';
import type { Endpoint } from '../../src/model/endpoint.ts';
import { peerMachine } from '../../src/machines/peer.ts';
import type { PeerOutput, PeerPhase, PeerTiming } from '../../src/machines/peer.ts';
import type { DatagramTransport } from '../../src/machines/transport.ts';
import { openTransport } from '../stun/dgram-transport.ts';

/** What to punch with. */
export interface PunchOptions {
  readonly server: Endpoint;
  readonly name: string;
  readonly peer: string;
  readonly message: string;
  /** Local port (default 0: the kernel picks) and address (default every address). */
  readonly port?: number;
  readonly bindIp?: string;
  readonly timing?: Partial<PeerTiming>;
  readonly onPhase?: (p: PeerPhase) => void;
  /** Resolves when the punch should stop (a signal). */
  readonly stopped?: Promise<unknown>;
  /** Hears every datagram sent and received (`punch --hub` streams them as events). */
  readonly onDatagram?: (d: PunchDatagram) => void;
}

/** One datagram of the punch, as the socket saw it. */
export interface PunchDatagram {
  readonly dir: 'sent' | 'received';
  readonly bytes: Uint8Array;
  readonly src: Endpoint;
  readonly dst: Endpoint;
}

/** `transport` with every send and receive told to `tell` first. */
function observed(
  transport: DatagramTransport,
  tell: (d: PunchDatagram) => void,
): DatagramTransport {
  const local = transport.local;
  return {
    local,
    send: (bytes, to) => {
      tell({ dir: 'sent', bytes, src: local, dst: to });
      transport.send(bytes, to);
    },
    onDatagram: (fn) =>
      transport.onDatagram((bytes, from) => {
        tell({ dir: 'received', bytes, src: from, dst: local });
        fn(bytes, from);
      }),
  };
}

/** The machine's output and the socket's local endpoint. */
export interface PunchResult extends PeerOutput {
  readonly local: Endpoint;
  readonly sendErrors: readonly string[];
}

/** Epoch milliseconds with sub-millisecond resolution. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/** Runs the punch to its end; rejects only when the socket cannot be opened. */
export async function punch(o: PunchOptions): Promise<PunchResult> {
  const transport = await openTransport({
    ...(o.bindIp === undefined ? {} : { ip: o.bindIp }),
    port: o.port ?? 0,
    toward: o.server,
  });
  try {
    const actor = createActor(peerMachine(), {
      input: {
        name: o.name,
        peer: o.peer,
        server: o.server,
        transport: o.onDatagram ? observed(transport, o.onDatagram) : transport,
        message: o.message,
        now: epochNow,
        ...(o.timing ? { timing: o.timing } : {}),
        ...(o.onPhase ? { onPhase: o.onPhase } : {}),
      },
    });
    const done = new Promise<PeerOutput>((resolve, reject) => {
      actor.subscribe({
        complete: () => resolve(actor.getSnapshot().output as PeerOutput),
        error: reject,
      });
    });
    actor.start();
    void o.stopped?.then(() => {
      if (actor.getSnapshot().status === 'active') actor.send({ type: 'stop' });
    });
    const out = await done;
    return {
      ...out,
      local: transport.local,
      sendErrors: transport.sendErrors.map((e) => e.message),
    };
  } finally {
    await transport.close();
  }
}
