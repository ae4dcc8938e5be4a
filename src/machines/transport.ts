/**
 * The transport a machine uses to talk to the network: a UDP socket seen as "send bytes to an
 * endpoint" and "datagrams arrive". A simulated socket and a real `dgram` socket both fit.
 */
import type { Endpoint } from '../model/endpoint.ts';

/** A bound UDP socket, simulated or real. */
export interface DatagramTransport {
  /** The local endpoint the socket is bound to (its real address, not 0.0.0.0). */
  readonly local: Endpoint;
  send(bytes: Uint8Array, to: Endpoint): void;
  /** Subscribes to incoming datagrams; returns the unsubscribe function. */
  onDatagram(fn: (bytes: Uint8Array, from: Endpoint) => void): () => void;
}

/** Timers for xstate's `clock` option: real ones, or the model's virtual clock. */
export interface MachineClock {
  setTimeout(fn: (...args: unknown[]) => void, timeout: number): unknown;
  clearTimeout(id: unknown): void;
}
