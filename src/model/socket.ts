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

/** How many of the latest datagrams a socket keeps for inspection. */
export const RECEIVED_WINDOW = 64;

/** A UDP socket; create it with Host.bind. */
export class UdpSocket {
  private connectedTo: Endpoint | undefined;
  private closed = false;
  private readonly listeners = new Set<(d: Datagram) => void>();
  /** The most recent datagrams, oldest first (a window, so a long run's memory stays bounded). */
  private recent: Datagram[] = [];
  private count = 0;

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

  /** The last datagrams received (up to RECEIVED_WINDOW), oldest first. */
  get received(): readonly Datagram[] {
    return this.recent.length > RECEIVED_WINDOW ? this.recent.slice(-RECEIVED_WINDOW) : this.recent;
  }

  /** How many datagrams this socket has received in all. */
  get receivedCount(): number {
    return this.count;
  }

  /** Forgets the datagrams kept so far (the count stays). */
  clearReceived(): void {
    this.recent = [];
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
    this.count++;
    this.recent.push(d);
    if (this.recent.length > 2 * RECEIVED_WINDOW) this.recent = this.recent.slice(-RECEIVED_WINDOW);
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
