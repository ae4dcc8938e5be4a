/**
 * IPv4 addresses and transport endpoints (ip:port): parsing with clear errors, formatting,
 * keys for maps, and prefix (CIDR) membership.
 */
import { ModelError } from './errors.ts';

/** An IPv4 transport endpoint. Treat as immutable. */
export interface Endpoint {
  readonly ip: string;
  readonly port: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses dotted-quad IPv4 into a 32-bit unsigned number; throws ModelError('bad-ip'). */
export function ipToNumber(ip: string): number {
  const m = IPV4.exec(ip);
  if (!m) throw new ModelError('bad-ip', `not an IPv4 address: "${ip}" (expected a.b.c.d)`);
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i] as string;
    const octet = Number(part);
    if (octet > 255 || (part.length > 1 && part.startsWith('0'))) {
      throw new ModelError('bad-ip', `not an IPv4 address: "${ip}" (octet "${part}" out of 0-255)`);
    }
    n = n * 256 + octet;
  }
  return n;
}

/** Formats a 32-bit unsigned number as dotted-quad IPv4. */
export function numberToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** True when `ip` is a valid dotted-quad IPv4 address. */
export function isIp(ip: string): boolean {
  try {
    ipToNumber(ip);
    return true;
  } catch {
    return false;
  }
}

/** Checks a port number (0-65535; 0 only when `allowZero`); throws ModelError('bad-port'). */
export function checkPort(port: number, allowZero = false): number {
  if (!Number.isInteger(port) || port < (allowZero ? 0 : 1) || port > 65535) {
    throw new ModelError(
      'bad-port',
      `not a UDP port: ${String(port)} (expected an integer ${allowZero ? 0 : 1}-65535)`,
    );
  }
  return port;
}

/** Builds an endpoint after validating both parts. */
export function endpoint(ip: string, port: number): Endpoint {
  ipToNumber(ip);
  checkPort(port);
  return { ip, port };
}

/** Parses "a.b.c.d:port"; throws ModelError('bad-endpoint') naming what is wrong. */
export function parseEndpoint(text: string): Endpoint {
  const colon = text.lastIndexOf(':');
  if (colon < 0) {
    throw new ModelError('bad-endpoint', `not an ip:port endpoint: "${text}" (no ":port")`);
  }
  const ip = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (!/^\d{1,5}$/.test(portText)) {
    throw new ModelError(
      'bad-endpoint',
      `not an ip:port endpoint: "${text}" (bad port "${portText}")`,
    );
  }
  try {
    return endpoint(ip, Number(portText));
  } catch (e) {
    const why = e instanceof ModelError ? e.message : String(e);
    throw new ModelError('bad-endpoint', `not an ip:port endpoint: "${text}" (${why})`);
  }
}

/** Formats an endpoint as "ip:port". */
export function formatEndpoint(e: Endpoint): string {
  return `${e.ip}:${e.port}`;
}

/** A string key for maps; identical to formatEndpoint. */
export const endpointKey = formatEndpoint;

/** True when both endpoints have the same ip and port. */
export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a.ip === b.ip && a.port === b.port;
}

/** An IPv4 prefix such as 192.168.1.0/24. */
export interface Prefix {
  readonly base: number;
  readonly bits: number;
}

/** Parses "a.b.c.d/n"; throws ModelError('bad-prefix'). */
export function parsePrefix(text: string): Prefix {
  const [ip, bitsText, extra] = text.split('/');
  if (
    ip === undefined ||
    bitsText === undefined ||
    extra !== undefined ||
    !/^\d{1,2}$/.test(bitsText)
  ) {
    throw new ModelError('bad-prefix', `not an IPv4 prefix: "${text}" (expected a.b.c.d/n)`);
  }
  const bits = Number(bitsText);
  if (bits > 32) throw new ModelError('bad-prefix', `prefix length ${bits} > 32 in "${text}"`);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (ipToNumber(ip) & mask) >>> 0, bits };
}

/** True when `ip` lies inside `prefix`. */
export function inPrefix(ip: string, prefix: Prefix): boolean {
  const mask = prefix.bits === 0 ? 0 : (0xffffffff << (32 - prefix.bits)) >>> 0;
  return (ipToNumber(ip) & mask) >>> 0 === prefix.base;
}
