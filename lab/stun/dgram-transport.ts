/**
 * The machines' DatagramTransport over a real node:dgram UDP socket (IPv4): binding with typed
 * errors, the real local address (the route's source address when bound to 0.0.0.0), sending
 * with errors recorded rather than thrown, and closing.
 */
import { createSocket } from 'node:dgram';
import type { LookupOneOptions } from 'node:dns';
import { isIPv4 } from 'node:net';
import type { RemoteInfo, Socket } from 'node:dgram';
import type { Endpoint } from '../../src/model/endpoint.ts';
import type { DatagramTransport } from '../../src/machines/transport.ts';
import type { LabStunError } from './errors.ts';
import { checkEndpoint, checkIpv4, checkUdpPort, socketError } from './errors.ts';

/** Where to bind and whom the socket will talk to. */
export interface OpenTransportOptions {
  /** Local address to bind; default 0.0.0.0 (every address). */
  readonly ip?: string;
  /** Local port; default 0 (the kernel picks one). */
  readonly port?: number;
  /**
   * The peer the socket will talk to. When bound to 0.0.0.0, the local address reported is the
   * source address the kernel's routing picks toward it (what a NAT or a STUN server sees).
   */
  readonly toward?: Endpoint;
}

/** A DatagramTransport on a real socket. */
export interface DgramTransport extends DatagramTransport {
  readonly socket: Socket;
  /** Errors of sends so far (sends are fire-and-forget, as UDP is). */
  readonly sendErrors: readonly LabStunError[];
  /** Closes the socket; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Binds a UDP socket on `ip:port`; rejects with a LabStunError saying why it could not, as
 * "cannot <action> ip:port: ..." (a server listens on, a client binds). In a node:cluster
 * worker, `exclusive: false` shares one socket of the primary's among the workers. `lookup` is
 * the socket's address lookup for sends (the STUN server's refuses anything but literals).
 */
export function bindUdp(
  ip: string,
  port: number,
  action = 'listen on',
  exclusive = true,
  lookup: typeof literalLookup = literalLookup,
): Promise<Socket> {
  checkIpv4('bind address', ip);
  checkUdpPort('bind port', port, true);
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: 'udp4', lookup });
    const onError = (e: Error): void => {
      closeQuietly(socket);
      reject(socketError(action, `${ip}:${port}`, e));
    };
    socket.once('error', onError);
    socket.bind({ address: ip, port, exclusive }, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/**
 * The source address the kernel would use toward `to`: a UDP socket connect()ed to it (which
 * sends nothing) reports it as its own address.
 */
export function routeSource(to: Endpoint): Promise<string> {
  checkEndpoint('peer', to);
  return new Promise((resolve, reject) => {
    const probe = createSocket({ type: 'udp4', lookup: literalLookup });
    probe.once('error', (e) => {
      closeQuietly(probe);
      reject(socketError('find a route to', `${to.ip}:${to.port}`, e));
    });
    // Node passes connect()'s error (ENETUNREACH when no route matches) to this callback.
    const connected = (e?: Error): void => {
      if (e) {
        closeQuietly(probe);
        reject(socketError('find a route to', `${to.ip}:${to.port}`, e));
        return;
      }
      const { address } = probe.address();
      probe.close();
      resolve(address);
    };
    probe.connect(to.port, to.ip, connected);
  });
}

/** Opens a real transport: binds, then works out the local address it reports. */
export async function openTransport(options: OpenTransportOptions = {}): Promise<DgramTransport> {
  const ip = options.ip ?? '0.0.0.0';
  // The route's source address is looked up while the socket binds (both wait on the loop).
  const route =
    ip === '0.0.0.0' && options.toward ? routeSource(options.toward) : Promise.resolve('');
  route.catch(() => {});
  const socket = await bindUdp(ip, options.port ?? 0, 'bind');
  let local: Endpoint;
  try {
    const bound = socket.address();
    const realIp =
      bound.address !== '0.0.0.0' ? bound.address : options.toward ? await route : '127.0.0.1';
    local = { ip: realIp, port: bound.port };
  } catch (e) {
    closeQuietly(socket);
    throw e;
  }
  const sendErrors: LabStunError[] = [];
  // After bind, a socket's 'error' events (e.g. ICMP-induced ECONNREFUSED on some systems) must
  // not crash the process: record them like send errors.
  socket.on('error', (e) => sendErrors.push(socketError('use the socket on', fmt(local), e)));
  let closed: Promise<void> | undefined;
  return {
    socket,
    local,
    sendErrors,
    send(bytes, to) {
      socket.send(bytes, to.port, to.ip, (e) => {
        if (e) sendErrors.push(socketError('send to', fmt(to), e));
      });
    },
    onDatagram(fn) {
      const handler = (msg: Buffer, rinfo: RemoteInfo): void =>
        fn(new Uint8Array(msg), { ip: rinfo.address, port: rinfo.port });
      socket.on('message', handler);
      return () => void socket.off('message', handler);
    },
    close() {
      closed ??= new Promise((resolve) => socket.close(() => resolve()));
      return closed;
    },
  };
}

/**
 * The socket's address lookup: an IPv4 literal (every address the lab sends to) is its own
 * answer, given at once; Node's default goes through dns.lookup, which for a literal answers on
 * the next tick, one deferred callback per datagram sent. Anything else goes to dns.lookup,
 * node:dns loaded only then (a cold `agujero stun`, which sends only to literals, never loads it).
 */
export function literalLookup(
  address: string,
  _family: LookupOneOptions | number | undefined,
  callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  if (isIPv4(address)) callback(null, address, 4);
  else void import('node:dns').then(({ lookup }) => lookup(address, { family: 4 }, callback));
}

/** Closes a socket whatever its state (a failed bind leaves it half-open). */
export function closeQuietly(socket: Socket): void {
  try {
    socket.close();
  } catch {
    // already closed
  }
}

const fmt = (e: Endpoint): string => `${e.ip}:${e.port}`;
