/**
 * Endpoints and prefixes: parsing and formatting round trips, and a typed ModelError with a
 * message that says what is wrong for every malformed input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPort,
  endpoint,
  formatEndpoint,
  inPrefix,
  ipToNumber,
  isIp,
  numberToIp,
  parseEndpoint,
  parsePrefix,
} from '../../src/model/endpoint.ts';
import { ModelError } from '../../src/model/errors.ts';

function error(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof ModelError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a ModelError');
}

const arbIp = fc.integer({ min: 0, max: 0xffffffff }).map(numberToIp);
const arbPort = fc.integer({ min: 1, max: 65535 });

describe('endpoints', () => {
  it('parses the walkthrough endpoints', () => {
    expect(parseEndpoint('54.93.249.162:9000')).toEqual({ ip: '54.93.249.162', port: 9000 });
    expect(formatEndpoint({ ip: '82.230.120.113', port: 53333 })).toBe('82.230.120.113:53333');
  });

  it('round-trips every ip:port through format and parse', () => {
    fc.assert(
      fc.property(arbIp, arbPort, (ip, port) => {
        expect(parseEndpoint(formatEndpoint({ ip, port }))).toEqual({ ip, port });
      }),
    );
  });

  it('round-trips every 32-bit number through numberToIp and ipToNumber', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        expect(ipToNumber(numberToIp(n))).toBe(n);
      }),
    );
  });

  it.each([
    ['1.2.3.4', 'bad-endpoint', 'not an ip:port endpoint: "1.2.3.4" (no ":port")'],
    ['1.2.3.4:', 'bad-endpoint', 'not an ip:port endpoint: "1.2.3.4:" (bad port "")'],
    ['1.2.3.4:http', 'bad-endpoint', 'not an ip:port endpoint: "1.2.3.4:http" (bad port "http")'],
    ['1.2.3.4:-1', 'bad-endpoint', 'not an ip:port endpoint: "1.2.3.4:-1" (bad port "-1")'],
    [
      '1.2.3.4:70000',
      'bad-endpoint',
      'not an ip:port endpoint: "1.2.3.4:70000" (not a UDP port: 70000 (expected an integer 1-65535))',
    ],
    [
      '1.2.3.4:0',
      'bad-endpoint',
      'not an ip:port endpoint: "1.2.3.4:0" (not a UDP port: 0 (expected an integer 1-65535))',
    ],
    [
      '256.1.1.1:80',
      'bad-endpoint',
      'not an ip:port endpoint: "256.1.1.1:80" (not an IPv4 address: "256.1.1.1" (octet "256" out of 0-255))',
    ],
    [
      'example.com:80',
      'bad-endpoint',
      'not an ip:port endpoint: "example.com:80" (not an IPv4 address: "example.com" (expected a.b.c.d))',
    ],
  ])('rejects %j with %s', (text, code, message) => {
    expect(error(() => parseEndpoint(text))).toEqual({ code, message });
  });

  it('rejects leading zeros, which some tools read as octal', () => {
    expect(error(() => ipToNumber('01.2.3.4')).code).toBe('bad-ip');
    expect(isIp('01.2.3.4')).toBe(false);
    expect(isIp('0.0.0.0')).toBe(true);
  });

  it('checks ports, allowing 0 only when asked (bind to any port)', () => {
    expect(checkPort(0, true)).toBe(0);
    expect(error(() => checkPort(1.5)).code).toBe('bad-port');
    expect(error(() => endpoint('1.2.3.4', 0)).code).toBe('bad-port');
    expect(error(() => endpoint('1.2.3', 1)).code).toBe('bad-ip');
  });
});

describe('prefixes', () => {
  it('parses a prefix and tests membership', () => {
    const lan = parsePrefix('192.168.1.77/24');
    expect(lan).toEqual({ base: ipToNumber('192.168.1.0'), bits: 24 });
    expect(inPrefix('192.168.1.254', lan)).toBe(true);
    expect(inPrefix('192.168.2.1', lan)).toBe(false);
    expect(inPrefix('100.127.255.255', parsePrefix('100.64.0.0/10'))).toBe(true);
    expect(inPrefix('8.8.8.8', parsePrefix('0.0.0.0/0'))).toBe(true);
  });

  it('puts every address in its own /32 and in no other /32', () => {
    fc.assert(
      fc.property(arbIp, arbIp, (a, b) => {
        expect(inPrefix(b, parsePrefix(`${a}/32`))).toBe(a === b);
      }),
    );
  });

  it.each([
    ['10.0.0.0', 'not an IPv4 prefix: "10.0.0.0" (expected a.b.c.d/n)'],
    ['10.0.0.0/8/8', 'not an IPv4 prefix: "10.0.0.0/8/8" (expected a.b.c.d/n)'],
    ['10.0.0.0/x', 'not an IPv4 prefix: "10.0.0.0/x" (expected a.b.c.d/n)'],
    ['10.0.0.0/33', 'prefix length 33 > 32 in "10.0.0.0/33"'],
  ])('rejects %j', (text, message) => {
    expect(error(() => parsePrefix(text))).toEqual({ code: 'bad-prefix', message });
  });

  it('reports a bad address inside a prefix as bad-ip', () => {
    expect(error(() => parsePrefix('10.0.0.300/8')).code).toBe('bad-ip');
  });
});
