/**
 * The STUN server's address lookup (node:dgram's `lookup` option of its four sockets). The
 * server only ever sends to the address a datagram came from, an IPv4 literal the kernel wrote,
 * so the lookup's answer is that literal itself, given at once: Node's default goes through
 * dns.lookup, which answers a literal on the next tick, one deferred callback per answer sent.
 * Anything that is not a dotted-quad IPv4 literal is refused (EINVAL), never resolved: a server
 * does not look names up. The last address accepted is remembered, so a run of answers to the
 * same client is checked once (a string comparison).
 *
 *   socket.send(answer, port, '192.0.2.7', cb) ─► answerLookup('192.0.2.7') ─► cb(null, '192.0.2.7', 4)
 *   socket.send(answer, port, 'example.org', cb) ─► cb(Error EINVAL) ─► cb of send: counted as a send error
 */
import { isIPv4 } from 'node:net';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/** Starts as a literal itself, so no input matches it without being one. */
let lastAccepted = '127.0.0.1';

/** The error a non-literal gets: it names the address and says why. */
function notLiteral(address: unknown): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(
    `the STUN server sends only to IPv4 literals (a.b.c.d), not to ${JSON.stringify(address)}`,
  );
  e.code = 'EINVAL';
  return e;
}

/**
 * node:dgram's lookup for the server's sockets: `address` if it is an IPv4 literal (family 4),
 * at once; otherwise an EINVAL error, at once.
 */
export function answerLookup(address: string, _family: unknown, callback: LookupCallback): void {
  if (address === lastAccepted) {
    callback(null, address, 4);
  } else if (typeof address === 'string' && isIPv4(address)) {
    lastAccepted = address;
    callback(null, address, 4);
  } else {
    callback(notLiteral(address), '', 4);
  }
}
