/**
 * A simulated host: one or more IPv4 addresses, its bound UDP sockets, and ephemeral port
 * choice in Linux's default range (32768-60999).
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

/**
 * A host with sockets. A socket binds one port on one of the host's addresses, or on all of
 * them (`ip` omitted, like 0.0.0.0); it then sends from the primary address.
 */
export class Host implements SocketHost {
  /** Sockets by "ip:port", with "*:port" for sockets bound to every address. */
  readonly sockets = new Map<string, UdpSocket>();
  readonly ips: readonly string[];

  constructor(
    readonly id: string,
    readonly ip: string,
    private readonly uplink: HostUplink,
    private readonly rng: Rng,
    extraIps: readonly string[] = [],
  ) {
    this.ips = [ip, ...extraIps];
  }

  /**
   * Binds a UDP socket to `port` (a free ephemeral port when omitted or 0) on address `ip`
   * (every address when omitted). Throws ModelError('port-in-use') like EADDRINUSE.
   */
  bind(port?: number, ip?: string): UdpSocket {
    let chosen = port ?? 0;
    checkPort(chosen, true);
    if (ip !== undefined && !this.ips.includes(ip)) {
      throw new ModelError(
        'bad-ip',
        `${this.id} has no address ${ip} (it has ${this.ips.join(', ')})`,
      );
    }
    if (chosen === 0) chosen = this.ephemeralPort();
    if (!this.portFree(chosen, ip)) {
      throw new ModelError(
        'port-in-use',
        `${this.id}: port ${chosen} is already in use (Address already in use)`,
      );
    }
    const s = new UdpSocket(this, { ip: ip ?? this.ip, port: chosen }, ip === undefined);
    this.sockets.set(`${ip ?? '*'}:${chosen}`, s);
    return s;
  }

  /** The socket that receives datagrams for `ip:port`, if any. */
  socketFor(ip: string, port: number): UdpSocket | undefined {
    return this.sockets.get(`${ip}:${port}`) ?? this.sockets.get(`*:${port}`);
  }

  sendFrom(socket: UdpSocket, to: Endpoint, payload: Uint8Array): number {
    return this.uplink.send(this.id, socket.local, to, payload);
  }

  release(socket: UdpSocket): void {
    const key = `${socket.wildcard ? '*' : socket.local.ip}:${socket.local.port}`;
    if (this.sockets.get(key) === socket) this.sockets.delete(key);
  }

  private portFree(port: number, ip: string | undefined): boolean {
    if (this.sockets.has(`*:${port}`)) return false;
    if (ip !== undefined) return !this.sockets.has(`${ip}:${port}`);
    return this.ips.every((a) => !this.sockets.has(`${a}:${port}`));
  }

  private ephemeralPort(): number {
    const [lo, hi] = EPHEMERAL_RANGE;
    for (let i = 0; i < 64; i++) {
      const p = this.rng.int(lo, hi);
      if (this.portFree(p, undefined)) return p;
    }
    for (let p = lo; p <= hi; p++) if (this.portFree(p, undefined)) return p;
    throw new ModelError('port-in-use', `${this.id}: no free ephemeral port`);
  }
}
