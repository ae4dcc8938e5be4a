/**
 * Warms a cold client process before it times anything: runs the probe machine once with the
 * real plan against the real server logic in memory (no socket, no packet leaves the process),
 * so the codec, the machine and the plan are compiled before the first real round trip, from
 * which every later retransmission timeout is derived, is measured.
 */
import { createActor } from 'xstate';
import type { Endpoint } from '../../src/model/endpoint.ts';
import type { ProbePlan } from '../../src/model/stun/probe.ts';
import { answerStun } from '../../src/model/stun/server.ts';
import { stunProbeMachine } from '../../src/machines/stun-probe.ts';
import type { DatagramTransport } from '../../src/machines/transport.ts';

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
      now: () => performance.now(),
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
