/**
 * The UDP socket table of a namespace, from `ss -H -4 -u -a -n -p`: who listens where, and which
 * peer a connected socket talks to (the walkthrough's "ss -unp shows who connected").
 *
 * Lines read (iproute2 6.1):
 *
 *   UNCONN 0      0      203.0.113.162:3478 0.0.0.0:*    users:(("stund",pid=4263,fd=3))
 *   ESTAB  0      0      203.0.113.162:9000 198.51.100.24:58888 users:(("nc",pid=6095,fd=3))
 *
 * OpenBSD `nc -lu` connect()s its socket to the first sender, hence ESTAB with the peer.
 */
import { NetnsError } from './errors.ts';
import { execIn } from './exec.ts';
import * as v from './validate.ts';
import type { Endpoint } from '../../src/model/endpoint.ts';

/** One UDP socket. */
export interface UdpSocket {
  /** `UNCONN` (bound only) or `ESTAB` (connected to `peer`). */
  readonly state: string;
  readonly local: Endpoint;
  /** The connected peer, or undefined for an unconnected socket (peer "0.0.0.0:*"). */
  readonly peer: Endpoint | undefined;
  /** The owning process's name and pid, when ss could tell. */
  readonly process: string | undefined;
  readonly pid: number | undefined;
  readonly raw: string;
}

function endpointOf(text: string, line: string): Endpoint | undefined {
  const colon = text.lastIndexOf(':');
  const ip = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (colon < 0)
    throw new NetnsError('parse-error', `ss line with a bad address "${text}": ${line}`);
  if (portText === '*') return undefined;
  return { ip: ip === '*' ? '0.0.0.0' : ip, port: Number(portText) };
}

/** Parses the output of `ss -H -4 -u -a -n -p`. */
export function parseUdpSockets(text: string): UdpSocket[] {
  const sockets: UdpSocket[] = [];
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words.length < 5) continue;
    const [state, , , localText, peerText] = words as [string, string, string, string, string];
    const local = endpointOf(localText, line);
    if (!local) continue;
    const users = /users:\(\("([^"]*)",pid=(\d+)/.exec(line);
    sockets.push({
      state,
      local,
      peer: endpointOf(peerText, line),
      process: users?.[1],
      pid: users ? Number(users[2]) : undefined,
      raw: line.trim(),
    });
  }
  return sockets;
}

/** Lists the IPv4 UDP sockets of namespace `ns`. */
export async function udpSockets(ns: string): Promise<UdpSocket[]> {
  const r = await execIn(ns, ['ss', '-H', '-4', '-u', '-a', '-n', '-p'], { timeoutMs: 3_000 });
  if (!r.ok) throw new NetnsError('command-failed', `ss failed in ${ns}: ${r.stderr.trim()}`, r);
  return parseUdpSockets(r.stdout);
}

/**
 * Polls `ss` until a UDP socket is bound to `ip:port` in `ns` (any address when `ip` is
 * 0.0.0.0 on the socket's side); rejects with NetnsError 'timeout' after `timeoutMs`.
 */
export async function waitForUdpSocket(
  ns: string,
  where: Endpoint,
  timeoutMs: number,
): Promise<UdpSocket> {
  v.ipv4(where.ip);
  v.port(where.port);
  const deadline = Date.now() + v.timeoutMs(timeoutMs);
  for (;;) {
    const found = (await udpSockets(ns)).find(
      (s) => s.local.port === where.port && (s.local.ip === where.ip || s.local.ip === '0.0.0.0'),
    );
    if (found) return found;
    if (Date.now() >= deadline) {
      throw new NetnsError(
        'timeout',
        `no UDP socket on ${where.ip}:${where.port} in ${ns} within ${timeoutMs} ms`,
      );
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
