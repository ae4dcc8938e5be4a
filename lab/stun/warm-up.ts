/**
 * Warms a cold client process before it times anything: runs the probe machine once with the
 * real plan against the real server logic in memory (no socket, no packet leaves the process),
 * then sends one datagram from the client's socket to its own endpoint (delivered inside this
 * machine, never on a wire), so the codec, the machine, the plan and Node's send and receive
 * paths are compiled before the first real round trip, from which every later retransmission
 * timeout is derived, is measured. An answer is timed when JavaScript gets to it: cold code
 * still compiling after a send delays that, and measured 10 to 30 ms instead of 0.1 to 0.3 ms
 * between the namespaces on a busy machine. With `agujero`'s code cache
 * (scripts/lab-code-cache.mjs) there is little left to compile and the warm-up costs about a
 * millisecond.
 */
import { createActor } from 'xstate';
import type { Endpoint } from '../../src/model/endpoint.ts';
import type { ProbePlan } from '../../src/model/stun/probe.ts';
import { answerStun } from '../../src/model/stun/server.ts';
import { stunProbeMachine } from '../../src/machines/stun-probe.ts';
import type { DatagramTransport } from '../../src/machines/transport.ts';
import { decodeMessage } from '../../src/model/stun/decode.ts';
import { encodeMessage } from '../../src/model/stun/encode.ts';
import { METHOD } from '../../src/model/stun/message.ts';
import type { DgramTransport } from './dgram-transport.ts';
import { monotonicMs } from './monotonic.ts';

/** Documentation addresses: nothing is sent anywhere, they only label the in-memory exchange. */
const CONFIG = {
  primaryIp: '192.0.2.1',
  alternateIp: '192.0.2.2',
  primaryPort: 3478,
  alternatePort: 3479,
};
const LOCAL: Endpoint = { ip: '192.0.2.10', port: 50_000 };
/** Bounds the warm-up if something goes wrong: it never delays a run by more than this. */
const LIMIT_MS = 200;

/** A transport whose every request is answered by the server logic, on the next microtask. */
function inMemory(): DatagramTransport {
  let deliver: (bytes: Uint8Array, from: Endpoint) => void = () => {};
  return {
    local: LOCAL,
    send(bytes, to) {
      const action = answerStun(CONFIG, to, LOCAL, bytes);
      if (action.kind === 'answer') queueMicrotask(() => deliver(action.bytes, action.from));
    },
    onDatagram(fn) {
      deliver = fn;
      return () => {
        deliver = () => {};
      };
    },
  };
}

/** Runs `plan` once in memory; resolves when it is done (or after LIMIT_MS). */
export function warmUp<V>(plan: ProbePlan<V>): Promise<void> {
  const server = { ip: CONFIG.primaryIp, port: CONFIG.primaryPort };
  const actor = createActor(stunProbeMachine<V>(), {
    input: {
      plan,
      server,
      transport: inMemory(),
      randomBytes: (n) => new Uint8Array(n).fill(1),
      now: monotonicMs,
    },
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      actor.stop();
      resolve();
    }, LIMIT_MS);
    actor.subscribe({
      complete: () => {
        clearTimeout(timer);
        resolve();
      },
      error: () => {
        clearTimeout(timer);
        resolve();
      },
    });
    actor.start();
  });
}

/** Bounds the warm-up: a datagram to oneself comes back in well under a millisecond. */
export const WARM_UP_LIMIT_MS = 20;

/**
 * Sends a Binding success response (which no STUN client acts on without its transaction) from
 * the transport's socket to the transport's own endpoint and waits for it, at most
 * WARM_UP_LIMIT_MS; resolves either way (true when it came back), before the machine listens.
 */
export function warmSocket(transport: DgramTransport): Promise<boolean> {
  const { socket, local } = transport;
  const bytes = encodeMessage({
    class: 'success',
    method: METHOD.BINDING,
    transactionId: new Uint8Array(12),
    attributes: [{ kind: 'xor-mapped-address', address: { family: 'ipv4', ...local } }],
  });
  if (!bytes.ok) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (back: boolean): void => {
      clearTimeout(timer);
      socket.off('message', arrived);
      resolve(back);
    };
    const arrived = (msg: Buffer): void => {
      done(decodeMessage(new Uint8Array(msg)).ok);
    };
    const timer = setTimeout(() => done(false), WARM_UP_LIMIT_MS);
    socket.on('message', arrived);
    try {
      socket.send(bytes.value, local.port, local.ip, (e) => e && done(false));
    } catch {
      done(false);
    }
  });
}
