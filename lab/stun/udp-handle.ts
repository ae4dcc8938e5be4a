/**
 * UDP sockets bound without node:cluster, for short-lived clients (`agujero stun`). Node 20's
 * dgram Socket#bind loads node:cluster at every bind, whatever `exclusive` says (lib/dgram.js
 * calls lazyLoadCluster in bind's address lookup, only to ask whether this process is a cluster
 * worker), and cluster loads child_process, net and the stream modules: about 2.4 ms of a cold
 * process here, more than the whole classification behind a full-cone NAT. A socket handed a UDP
 * handle that is already bound (`socket.bind(handle)`, the way a cluster worker receives its
 * primary's) skips that question. So this binds a handle of Node's own UDP binding (udp_wrap,
 * reached through process.binding, which Node deprecates in its documentation only) and the
 * caller hands it to a dgram socket. Where that binding is missing or not what Node 20 has (another
 * Node, a runtime without it), every function here returns undefined and the caller binds the
 * ordinary way.
 *
 *   new UDP() ─bind(ip, port)─► bound handle ─socket.bind(handle)─► dgram socket, no cluster
 */
import { getSystemErrorName } from 'node:util';

/** The part of Node's native UDP handle (udp_wrap's UDP) used here. */
export interface UdpHandle {
  bind(ip: string, port: number, flags: number): number;
  connect(ip: string, port: number): number;
  getsockname(out: { address?: string; port?: number }): number;
  close(): void;
  recvStart(): number;
}

type UdpConstructor = new () => UdpHandle;

let udp: UdpConstructor | null | undefined;

/** Node's UDP handle constructor, or null where this runtime does not offer it. */
function udpConstructor(): UdpConstructor | null {
  if (udp !== undefined) return udp;
  try {
    const binding = (process as unknown as { binding(name: string): unknown }).binding(
      'udp_wrap',
    ) as { UDP?: unknown };
    const ctor = binding.UDP;
    const proto = (typeof ctor === 'function' ? ctor.prototype : undefined) as
      Record<string, unknown> | undefined;
    const complete =
      proto !== undefined &&
      ['bind', 'connect', 'getsockname', 'close', 'recvStart'].every(
        (m) => typeof proto[m] === 'function',
      );
    udp = complete ? (ctor as UdpConstructor) : null;
  } catch {
    udp = null;
  }
  return udp;
}

/** A failed call on a handle as Node reports it: "bind EADDRINUSE 0.0.0.0:3478", with its code. */
function handleError(syscall: string, errno: number, ip: string, port: number) {
  const code = getSystemErrorName(errno);
  return Object.assign(new Error(`${syscall} ${code} ${ip}:${port}`), { code, errno, syscall });
}

/** The outcome of binding: the handle, or the error Node's bind would have given. */
export type BoundHandle =
  | { readonly handle: UdpHandle; readonly error?: undefined }
  | { readonly handle?: undefined; readonly error: NodeJS.ErrnoException };

/**
 * A UDP handle bound to `ip:port` (IPv4), for `socket.bind(handle)`; undefined where Node's UDP
 * binding is unavailable (bind the ordinary way then).
 */
export function boundHandle(ip: string, port: number): BoundHandle | undefined {
  const Udp = udpConstructor();
  if (!Udp) return undefined;
  const handle = new Udp();
  const err = handle.bind(ip, port, 0);
  if (err === 0) return { handle };
  handle.close();
  return { error: handleError('bind', err, ip, port) };
}

/**
 * The local address the kernel's routing picks toward `ip:port`: a handle connect()ed there
 * (which sends nothing) reports it. An error when there is no route; undefined where Node's UDP
 * binding is unavailable.
 */
export function routeSourceAddress(ip: string, port: number): string | Error | undefined {
  const Udp = udpConstructor();
  if (!Udp) return undefined;
  const handle = new Udp();
  try {
    let err = handle.bind('0.0.0.0', 0, 0);
    if (err !== 0) return handleError('bind', err, '0.0.0.0', 0);
    err = handle.connect(ip, port);
    if (err !== 0) return handleError('connect', err, ip, port);
    const out: { address?: string } = {};
    err = handle.getsockname(out);
    if (err !== 0) return handleError('getsockname', err, ip, port);
    return out.address ?? new Error(`getsockname gave no address toward ${ip}:${port}`);
  } finally {
    handle.close();
  }
}
