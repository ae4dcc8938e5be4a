/**
 * Validation of every namespace name, interface name, address, port, timeout and argv the test
 * bed hands to ip, iptables, nft, conntrack and the STUN peers: nothing unchecked reaches a command.
 */
import { checkPort, isIp, parsePrefix } from '../../src/model/endpoint.ts';
import { invalid } from './errors.ts';

/** Namespace names: a letter or digit first (never an option), then letters, digits, "_.-". */
const NS_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
/** Interface names: the same alphabet, at most 15 characters (IFNAMSIZ - 1). */
const IF_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;
/** The longest argv the helpers accept, in elements and in characters per element. */
const MAX_ARGS = 64;
const MAX_ARG_CHARS = 4096;

/** Returns `name` if it is a safe network-namespace name; throws NetnsError otherwise. */
export function nsName(name: string): string {
  if (typeof name !== 'string' || !NS_NAME.test(name)) {
    throw invalid('namespace name', name, 'letters, digits, "_.-", starting alphanumeric, <= 63');
  }
  return name;
}

/** Returns `name` if it is a safe interface name; throws NetnsError otherwise. */
export function ifName(name: string): string {
  if (typeof name !== 'string' || !IF_NAME.test(name)) {
    throw invalid('interface name', name, 'letters, digits, "_.-", starting alphanumeric, <= 15');
  }
  return name;
}

/** Returns `ip` if it is a dotted-quad IPv4 address; throws NetnsError otherwise. */
export function ipv4(ip: string): string {
  if (typeof ip !== 'string' || !isIp(ip)) throw invalid('IPv4 address', ip, 'a.b.c.d');
  return ip;
}

/** Returns `cidr` if it is "a.b.c.d/n" with a valid address and length; throws otherwise. */
export function cidr(text: string): string {
  const [ip, bits] = typeof text === 'string' ? text.split('/') : [];
  try {
    if (ip === undefined || bits === undefined) throw new Error('no /n');
    ipv4(ip);
    parsePrefix(text);
  } catch {
    throw invalid('IPv4 prefix', text, 'a.b.c.d/n with n in 0-32');
  }
  return text;
}

/** Returns `port` if it is an integer UDP/TCP port (1-65535, or 0 when allowed); throws otherwise. */
export function port(value: number, allowZero = false): number {
  try {
    return checkPort(value, allowZero);
  } catch {
    throw invalid('port', value, `an integer ${allowZero ? 0 : 1}-65535`);
  }
}

/** Returns `ms` if it is a positive, finite timeout of at most ten minutes; throws otherwise. */
export function timeoutMs(ms: number): number {
  if (!Number.isInteger(ms) || ms <= 0 || ms > 600_000) {
    throw invalid('timeout', ms, 'an integer number of milliseconds, 1-600000');
  }
  return ms;
}

/**
 * Returns `argv` if it is a non-empty list of plain strings without NUL bytes whose first element
 * (the program) does not look like an option; throws otherwise. Arguments are passed to execFile
 * as a list, never through a shell, so this guards against option injection and garbage only.
 */
export function argv(list: readonly string[]): readonly string[] {
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_ARGS) {
    throw invalid('argv', list, `a list of 1-${MAX_ARGS} strings`);
  }
  for (const a of list) {
    if (typeof a !== 'string' || a.includes('\0') || a.length > MAX_ARG_CHARS) {
      throw invalid('argument', a, `a string without NUL of at most ${MAX_ARG_CHARS} characters`);
    }
  }
  const program = list[0] as string;
  if (program === '' || program.startsWith('-')) {
    throw invalid('program', program, 'a program name or path, not an option');
  }
  return list;
}
