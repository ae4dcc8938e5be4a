/**
 * A simulated host: one IPv4 address, its bound UDP sockets, and ephemeral port choice in
 * Linux's default range (32768-60999).
 */
import type { Endpoint } from './endpoint.ts';
import { checkPort } from './endpoint.ts';
import { ModelError } from './errors.ts';
import type { Rng } from './rng.ts';
import type { SocketHost } from './socket.ts';
import { UdpSocket } from './socket.ts';

/** Linux's default net.ipv4.ip_local_port_range. */
export const EPHEMERAL_RANGE: readonly [number, number] = [32768, 60999];

/** The network side a host sends through. */
export interface HostUplink {
  send(hostId: string, src: Endpoint, dst: Endpoint, payload: Uint8Array): number;
}

/** A host with sockets. */
export class Host implements SocketHost {
  readonly sockets = new Map<number, UdpSocket>();

  constructor(
    readonly id: string,
    readonly ip: string,
    private readonly uplink: HostUplink,
    private readonly rng: Rng,
  ) {}

  /** Binds a UDP socket to `port`, or to a free ephemeral port when omitted or 0. */
  bind(port?: number): UdpSocket {
    let chosen = port ?? 0;
    checkPort(chosen, true);
    if (chosen === 0) chosen = this.ephemeralPort();
    if (this.sockets.has(chosen)) {
      throw new ModelError(
        'port-in-use',
        `${this.id}: port ${chosen} is already in use (Address already in use)`,
      );
    }
    const s = new UdpSocket(this, { ip: this.ip, port: chosen });
    this.sockets.set(chosen, s);
    return s;
  }

  /** The socket bound to `port`, if any. */
  socketAt(port: number): UdpSocket | undefined {
    return this.sockets.get(port);
  }

  sendFrom(socket: UdpSocket, to: Endpoint, payload: Uint8Array): number {
    return this.uplink.send(this.id, socket.local, to, payload);
  }

  release(socket: UdpSocket): void {
    if (this.sockets.get(socket.local.port) === socket) this.sockets.delete(socket.local.port);
  }

  private ephemeralPort(): number {
    const [lo, hi] = EPHEMERAL_RANGE;
    for (let i = 0; i < 64; i++) {
      const p = this.rng.int(lo, hi);
      if (!this.sockets.has(p)) return p;
    }
    for (let p = lo; p <= hi; p++) if (!this.sockets.has(p)) return p;
    throw new ModelError('port-in-use', `${this.id}: no free ephemeral port`);
  }
}
