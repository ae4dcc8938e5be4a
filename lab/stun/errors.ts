/**
 * Typed errors of the real-socket STUN lab (transport, server, client): every failure is a
 * LabStunError with a machine-readable code and one sentence a person can act on.
 */
import { checkPort, isIp } from '../../src/model/endpoint.ts';
import type { Endpoint } from '../../src/model/endpoint.ts';

/** Every code a LabStunError can carry. */
export type LabStunErrorCode =
  | 'invalid-argument'
  | 'address-not-available'
  | 'address-in-use'
  | 'permission-denied'
  | 'network-unreachable'
  | 'socket-error'
  | 'timeout';

/** An error of the real-socket STUN lab. */
export class LabStunError extends Error {
  readonly code: LabStunErrorCode;
  /** The errno code of the system error behind it (EADDRINUSE, ...), when there was one. */
  readonly errno: string | undefined;
  constructor(code: LabStunErrorCode, message: string, errno?: string) {
    super(message);
    this.name = 'LabStunError';
    this.code = code;
    this.errno = errno;
  }
}

/** Returns `ip` if it is a dotted-quad IPv4 address; throws LabStunError('invalid-argument'). */
export function checkIpv4(what: string, ip: string): string {
  if (typeof ip !== 'string' || !isIp(ip)) {
    throw new LabStunError(
      'invalid-argument',
      `${what}: ${JSON.stringify(ip)} is not an IPv4 address (expected a.b.c.d)`,
    );
  }
  return ip;
}

/** Returns `port` if it is an integer in range; throws LabStunError('invalid-argument'). */
export function checkUdpPort(what: string, port: number, allowZero = false): number {
  try {
    return checkPort(port, allowZero);
  } catch {
    throw new LabStunError(
      'invalid-argument',
      `${what}: ${String(port)} is not a UDP port (expected an integer ${allowZero ? 0 : 1}-65535)`,
    );
  }
}

/** Checks both parts of an endpoint. */
export function checkEndpoint(what: string, e: Endpoint): Endpoint {
  return { ip: checkIpv4(`${what} address`, e.ip), port: checkUdpPort(`${what} port`, e.port) };
}

/**
 * Translates a socket error (bind or send) into a LabStunError whose message says what was
 * attempted, what went wrong and what to do about it.
 */
export function socketError(action: string, where: string, e: unknown): LabStunError {
  const errno = (e as NodeJS.ErrnoException | undefined)?.code;
  const detail = e instanceof Error ? e.message : String(e);
  switch (errno) {
    case 'EADDRNOTAVAIL':
      return new LabStunError(
        'address-not-available',
        `cannot ${action} ${where}: the address is not on any interface of this machine ` +
          `(EADDRNOTAVAIL); pick an address that \`ip -4 addr\` lists`,
        errno,
      );
    case 'EADDRINUSE':
      return new LabStunError(
        'address-in-use',
        `cannot ${action} ${where}: another socket already uses it (EADDRINUSE); ` +
          'stop that program or choose another port',
        errno,
      );
    case 'EACCES':
    case 'EPERM':
      return new LabStunError(
        'permission-denied',
        `cannot ${action} ${where}: permission denied (${errno})`,
        errno,
      );
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return new LabStunError(
        'network-unreachable',
        `cannot ${action} ${where}: no route to it (${errno})`,
        errno,
      );
    default:
      return new LabStunError('socket-error', `cannot ${action} ${where}: ${detail}`, errno);
  }
}
