/**
 * The lab Server's own IPv4 addresses, as steps may aim at them: the ones the caller names first
 * (a public address the machine does not have on an interface, the STUN server's two), then the
 * address the hub listens on, or, for 0.0.0.0, every interface's, loopback last (agents on the
 * same machine). Browsers take the first as the Server when the hub URL names none of them.
 * Bounded by the protocol's address list.
 */
import { networkInterfaces } from 'node:os';
import { ipv4Kind } from '../../src/model/stun/ip.ts';
import { MAX_ADDRESSES } from '../../src/protocol/messages.ts';

/** The Server's addresses for a hub listening on `host`, plus `more`. */
export function serverIps(host: string, more: readonly (string | undefined)[] = []): string[] {
  const own =
    host === '0.0.0.0'
      ? Object.values(networkInterfaces())
          .flat()
          .flatMap((a) => (a?.family === 'IPv4' ? [a] : []))
          .sort((a, b) => Number(a.internal) - Number(b.internal))
          .map((a) => a.address)
      : [host === 'localhost' ? '127.0.0.1' : host];
  const all = [...more, ...own].filter(
    (ip): ip is string => ip !== undefined && ipv4Kind(ip) === 'unicast',
  );
  return [...new Set(all)].slice(0, MAX_ADDRESSES);
}
