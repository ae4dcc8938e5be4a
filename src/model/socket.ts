/**
 * A simulated UDP socket on a host: bound to a local port, optionally connected to one remote
 * (then, as in the kernel and `nc -u`, datagrams from any other remote are discarded).
 */
import type { Endpoint } from './endpoint.ts';
import { sameEndpoint } from './endpoint.ts';
import { ModelError } from './errors.ts';

/** A datagram as an application receives it. */
export interface Datagram {
  readonly from: Endpoint;
  readonly payload: Uint8Array;
  readonly at: number;
  readonly packetId: number;
}

/** What a socket needs from its host: sending and releasing its port. */
export interface SocketHost {
  readonly id: string;
  sendFrom(socket: UdpSocket, to: Endpoint, payload: Uint8Array): number;
  release(socket: UdpSocket): void;
}

/** A UDP socket; create it with Host.bind. */
export class UdpSocket {
  private connectedTo: Endpoint | undefined;
  private closed = false;
  private readonly listeners = new Set<(d: Datagram) => void>();
  /** Every datagram received, in order. */
  readonly received: Datagram[] = [];

  constructor(
    private readonly host: SocketHost,
    /** The local (inside) endpoint; its ip is the primary address when `wildcard`. */
    readonly local: Endpoint,
    /** Bound to every address of the host (0.0.0.0). */
    readonly wildcard = false,
  ) {}

  /** The remote this socket is connected to, if any. */
  get remote(): Endpoint | undefined {
    return this.connectedTo;
  }

  /** Whether close() was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Connects to one remote: sends default there and only its datagrams are accepted. */
  connect(remote: Endpoint): void {
    this.checkOpen();
    this.connectedTo = remote;
  }

  /** Sends a datagram (to `to`, or to the connected remote); returns the packet id. */
  send(payload: Uint8Array, to?: Endpoint): number {
    this.checkOpen();
    const dst = to ?? this.connectedTo;
    if (!dst)
      throw new ModelError(
        'bad-command',
        `socket ${this.local.port} is not connected: give a destination`,
      );
    return this.host.sendFrom(this, dst, payload);
  }

  /** Calls `fn` for every datagram received from now on; returns an unsubscribe function. */
  onReceive(fn: (d: Datagram) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Whether a datagram from `from` passes the connected-socket filter. */
  accepts(from: Endpoint): boolean {
    return !this.connectedTo || sameEndpoint(this.connectedTo, from);
  }

  /** Called by the host when a datagram arrives for this socket. */
  deliver(d: Datagram): void {
    this.received.push(d);
    for (const fn of [...this.listeners]) fn(d);
  }

  /** Releases the port. Further sends throw ModelError('socket-closed'). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    this.host.release(this);
  }

  private checkOpen(): void {
    if (this.closed)
      throw new ModelError('socket-closed', `socket on port ${this.local.port} is closed`);
  }
}
