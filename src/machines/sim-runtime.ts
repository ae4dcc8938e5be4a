/**
 * Runs machines on the simulated network: an xstate clock driven by the model's scheduler
 * (virtual time), a transport over a model UdpSocket, and random bytes from the seeded rng.
 */
import type { Rng } from '../model/rng.ts';
import type { Scheduler } from '../model/scheduler.ts';
import type { UdpSocket } from '../model/socket.ts';
import type { DatagramTransport, MachineClock } from './transport.ts';

/** An xstate clock whose timers are scheduler events (cancellable). */
export function schedulerClock(scheduler: Scheduler): MachineClock {
  let next = 1;
  const live = new Set<number>();
  return {
    setTimeout(fn, timeout) {
      const id = next++;
      live.add(id);
      scheduler.after(timeout, () => {
        if (live.delete(id)) fn();
      });
      return id;
    },
    clearTimeout(id) {
      live.delete(id as number);
    },
  };
}

/** A transport over a simulated socket. */
export function socketTransport(socket: UdpSocket): DatagramTransport {
  return {
    local: socket.local,
    send: (bytes, to) => void socket.send(bytes, to),
    onDatagram: (fn) => socket.onReceive((d) => fn(d.payload, d.from)),
  };
}

/** Random bytes from the seeded generator. */
export function rngBytes(rng: Rng): (n: number) => Uint8Array {
  return (n) => Uint8Array.from({ length: n }, () => rng.int(0, 255));
}
